//go:build !fakeengine

package gotonium_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// menuCtxWant waits for a MenuContext on ch.
func menuCtxWant(t *testing.T, ch <-chan gotonium.MenuContext) gotonium.MenuContext {
	t.Helper()
	select {
	case c := <-ch:
		return c
	case <-time.After(5 * time.Second):
		t.Fatal("no menu item ran")
		return gotonium.MenuContext{}
	}
}

// menuChoose opens the context menu of window xid at x, y, presses keys in
// it and returns the MenuContext the chosen item got.
func menuChoose(t *testing.T, xid string, x, y int, got <-chan gotonium.MenuContext, keys ...string) gotonium.MenuContext {
	t.Helper()
	menuPick(t, xid, x, y, keys...)
	return menuCtxWant(t, got)
}

// TestContextMenuItemContext right-clicks real elements and checks what the
// chosen item's OnClick is told: the data-* chain, the position, links,
// selected text, editables; and that iframes and stale clicks tell nothing.
func TestContextMenuItemContext(t *testing.T) {
	pump(t)
	p := gotonium.New()
	got := make(chan gotonium.MenuContext, 10)
	record := func(c gotonium.MenuContext) { got <- c }
	must(t, p.AddContextMenuItem(gotonium.MenuItem{Label: "Open note", OnClick: record}, ""))
	must(t, p.AddContextMenuItem(gotonium.MenuItem{Label: "Last", OnClick: record}, "last"))
	html := `<!doctype html><title>menu-ctx</title><style>html,body{margin:0;height:100%}</style>
<div data-note-id="7" data-kind="outer" data-__proto__="p" style="position:absolute;left:0;top:0;width:200px;height:150px">
  <p data-kind="inner" style="margin:0;padding:40px;font:20px sans-serif">Note text</p></div>
<a id=l href="https://example.com/x" style="position:absolute;left:220px;top:20px;font:20px sans-serif">a link</a>
<input id=i value="hello world" style="position:absolute;left:220px;top:80px;width:150px">
<iframe srcdoc="<body data-frame=1 style='margin:0;height:100%;background:#eee'>frame</body>" style="position:absolute;left:0;top:170px;width:200px;height:120px;border:0"></iframe>`
	must(t, p.Initialize(page(html), 400, 300))
	t.Cleanup(func() { p.CloseBrowser() })
	waitPainted(t, p)
	xid := menuWindowID(t, "menu-ctx")

	// The data-* chain, nearest first, and where.
	c := menuChoose(t, xid, 50, 50, got, "Down", "Return")
	want := map[string]string{"kind": "inner", "note-id": "7", "__proto__": "p"}
	if c.Label != "Open note" || c.Source != gotonium.FromContextMenu || !reflect.DeepEqual(c.Data, want) {
		t.Fatalf("context: %+v; want data %v", c, want)
	}
	if c.X < 48 || c.X > 52 || c.Y < 48 || c.Y > 52 || c.LinkURL != "" || c.Editable {
		t.Fatalf("context: %+v; want x, y ≈ 50, 50 and no link", c)
	}

	// A link; WebKit's Copy Link comes first, the app's item last (Up).
	if c := menuChoose(t, xid, 240, 30, got, "Up", "Return"); c.LinkURL != "https://example.com/x" || len(c.Data) != 0 {
		t.Fatalf("link context: %+v", c)
	}

	// An input is editable.
	if c := menuChoose(t, xid, 250, 90, got, "Up", "Return"); !c.Editable {
		t.Fatalf("input context: %+v", c)
	}

	// Selected text of the page.
	eval(t, p, `document.activeElement.blur(); getSelection().selectAllChildren(document.querySelector("p")); 1`)
	if c := menuChoose(t, xid, 60, 55, got, "Up", "Return"); c.SelectedText != "Note text" || c.Data["kind"] != "inner" {
		t.Fatalf("selection context: %+v", c)
	}
	eval(t, p, `getSelection().removeAllRanges(), 1`)

	// An iframe: the page tells nothing (its runtime is the top frame's).
	if c := menuChoose(t, xid, 50, 220, got, "Up", "Return"); c.Data != nil || c.SelectedText != "" {
		t.Fatalf("iframe context: %+v; want no page data", c)
	}

	// Another namespace, and the page's own handler that prevents the
	// menu: its click tells nothing to the next menu.
	must(t, p.SetContextMenuNamespace("last"))
	eval(t, p, `document.querySelector("div").addEventListener("contextmenu", e => e.preventDefault()); 1`)
	menuXdo(t, "mousemove", "--window", xid, "60", "60", "click", "3")
	if c := menuChoose(t, xid, 50, 220, got, "Up", "Return"); c.Label != "Last" || c.Data != nil {
		t.Fatalf("after a prevented menu: %+v", c)
	}
}

// TestContextMenuItemKinds drives check, radio, submenu and disabled items
// of a real context menu with the keyboard.
func TestContextMenuItemKinds(t *testing.T) {
	pump(t)
	p := gotonium.New()
	got := make(chan gotonium.MenuContext, 10)
	record := func(c gotonium.MenuContext) { got <- c }
	for _, it := range []gotonium.MenuItem{
		{Label: "Open", OnClick: record},
		{Separator: true},
		{Label: "Pinned", Check: true, OnClick: record},
		{Label: "More", Submenu: []gotonium.MenuItem{{Label: "Archive", OnClick: record}, {Label: "Delete", OnClick: record}}},
		{Label: "Gone", Disabled: true, OnClick: record},
		{Label: "Small", Radio: true, OnClick: record},
		{Label: "Large", Radio: true, Checked: true, OnClick: record},
	} {
		must(t, p.AddContextMenuItem(it, ""))
	}
	xid := menuPage(t, p, "menu-kinds")
	pick := func(keys ...string) gotonium.MenuContext {
		t.Helper()
		return menuChoose(t, xid, 50, 150, got, keys...)
	}
	// The separator and the disabled item are skipped by the keyboard.
	if c := pick("Down", "Down", "Return"); c.Label != "Pinned" || !c.Checked {
		t.Fatalf("check item: %+v", c)
	}
	if c := pick("Down", "Down", "Return"); c.Label != "Pinned" || c.Checked {
		t.Fatalf("check item, second time: %+v", c)
	}
	if c := pick("Down", "Down", "Down", "Right", "Down", "Return"); c.Label != "Delete" {
		t.Fatalf("submenu: %+v", c)
	}
	if c := pick("Down", "Down", "Down", "Down", "Return"); c.Label != "Small" || !c.Checked {
		t.Fatalf("radio item (Gone is disabled and skipped): %+v", c)
	}
	if c := pick("Up", "Return"); c.Label != "Large" || !c.Checked {
		t.Fatalf("last radio item: %+v", c)
	}
}

// TestMenuBar gives a window a real menu bar and chooses its items with the
// keyboard (mnemonics) and with accelerators while an input has the focus,
// whose typing keeps working.
func TestMenuBar(t *testing.T) {
	pump(t)
	p := gotonium.New()
	got := make(chan gotonium.MenuContext, 10)
	record := func(c gotonium.MenuContext) { got <- c }
	bar := []gotonium.MenuItem{
		{Label: "&File", Submenu: []gotonium.MenuItem{
			{Label: "&New", Accelerator: "Ctrl+N", OnClick: record},
			{Separator: true},
			{Label: "&Word wrap", Check: true, OnClick: record},
			{Label: "&Quit", Accelerator: "Ctrl+Q", Disabled: true, OnClick: record},
		}},
		{Label: "&View", Submenu: []gotonium.MenuItem{
			{Label: "&Small", Radio: true, OnClick: record},
			{Label: "&Large", Radio: true, Checked: true, OnClick: record},
			{Label: "Zoom", Submenu: []gotonium.MenuItem{{Label: "&In", Accelerator: "Ctrl+Shift+I", OnClick: record}}},
		}},
	}
	must(t, p.SetMenuBar(bar)) // before the window opens
	must(t, p.Initialize(page(`<title>menubar</title><style>html,body{margin:0;height:100%}</style><input id=i autofocus>`), 400, 300))
	t.Cleanup(func() { p.CloseBrowser() })
	waitPainted(t, p)
	xid := p.NativeWindowHandle()
	// The bar takes the top of the window: the page is shorter.
	if h := eval(t, p, "innerHeight").(float64); h >= 300 || h < 250 {
		t.Fatalf("innerHeight %v with a menu bar in a 300 px window", h)
	}
	xdt(t, "windowactivate", "--sync", fmt.Sprint(xid))
	eval(t, p, `document.getElementById("i").focus(), 1`)
	xdt(t, "type", "--delay", "30", "abc")
	waitFor(t, 5*time.Second, "typing", func() bool { return eval(t, p, `document.getElementById("i").value`) == "abc" })

	// A disabled item's accelerator does nothing: Ctrl+Q's would come first.
	xdt(t, "key", "ctrl+q", "ctrl+n")
	if c := menuCtxWant(t, got); c.Label != "&New" || c.Source != gotonium.FromMenuBar {
		t.Fatalf("accelerator: %+v", c)
	}
	xdt(t, "key", "ctrl+shift+i")
	if c := menuCtxWant(t, got); c.Label != "&In" {
		t.Fatalf("accelerator in a submenu: %+v", c)
	}
	// Mnemonics: Alt+F opens File, W chooses Word wrap.
	xdt(t, "key", "--delay", "100", "alt+f", "w")
	if c := menuCtxWant(t, got); c.Label != "&Word wrap" || !c.Checked {
		t.Fatalf("mnemonic: %+v", c)
	}
	xdt(t, "key", "--delay", "100", "alt+f", "w")
	if c := menuCtxWant(t, got); c.Checked {
		t.Fatalf("check item, second time: %+v", c)
	}
	xdt(t, "key", "--delay", "100", "alt+v", "s")
	if c := menuCtxWant(t, got); c.Label != "&Small" || !c.Checked {
		t.Fatalf("radio: %+v", c)
	}
	if v := eval(t, p, `document.getElementById("i").value`); v != "abc" {
		t.Fatalf("the menu keys reached the input: %q", v)
	}

	// Fullscreen hides the bar (the page gets the whole screen); its
	// accelerators still work, a disabled one still does not; leaving
	// fullscreen brings the bar back.
	must(t, p.SetFullscreen(true))
	waitFor(t, 5*time.Second, "the page to fill the screen", func() bool {
		return eval(t, p, "innerHeight === screen.height && innerWidth === screen.width") == true
	})
	xdt(t, "key", "ctrl+q", "ctrl+shift+i")
	if c := menuCtxWant(t, got); c.Label != "&In" {
		t.Fatalf("accelerator in fullscreen: %+v", c)
	}
	must(t, p.SetFullscreen(false))
	waitFor(t, 5*time.Second, "the bar back", func() bool {
		h, _ := eval(t, p, "innerHeight").(float64)
		return h < 300 && h >= 250
	})

	// Conflicts with shortcuts, both ways, and bad bars.
	if err := p.AddShortcut("Ctrl+N", func() {}); !errors.Is(err, gotonium.ErrInvalidArgument) {
		t.Errorf("AddShortcut of a menu accelerator: %v", err)
	}
	must(t, p.AddShortcut("Ctrl+K", func() {}))
	for what, items := range map[string][]gotonium.MenuItem{
		"shortcut's key":  {{Label: "K", Accelerator: "Ctrl+K", OnClick: record}},
		"twice":           {{Label: "A", Accelerator: "Ctrl+J", OnClick: record}, {Label: "B", Accelerator: "ctrl+j", OnClick: record}},
		"no label":        {{OnClick: record}},
		"bad separator":   {{Separator: true, Label: "x"}},
		"check and radio": {{Label: "x", Check: true, Radio: true}},
		"submenu onclick": {{Label: "x", OnClick: record, Submenu: []gotonium.MenuItem{{Label: "y"}}}},
		"bad accelerator": {{Label: "x", Accelerator: "Ctrl+Nope"}},
		"plain key":       {{Label: "x", Accelerator: "a"}},
		"nul":             {{Label: "a\x00b"}},
	} {
		if err := p.SetMenuBar(items); !errors.Is(err, gotonium.ErrInvalidArgument) {
			t.Errorf("SetMenuBar %s: %v", what, err)
		}
	}
	// The bar is unchanged by the failures; removing it gives the page the
	// whole window.
	xdt(t, "key", "ctrl+n")
	if c := menuCtxWant(t, got); c.Label != "&New" {
		t.Fatalf("after failed SetMenuBar: %+v", c)
	}
	must(t, p.SetMenuBar(nil))
	waitFor(t, 5*time.Second, "the page to take the bar's place", func() bool { return eval(t, p, "innerHeight") == 300.0 })
}

// TestContextMenuHostilePage: an origin the app did not choose gets the
// app's items but tells nothing of the click, and its forged menu messages
// are refused.
func TestContextMenuHostilePage(t *testing.T) {
	pump(t)
	s := newOrigin(t)
	forged := []string{
		"menu\n" + `{"x":50,"y":50,"text":"forged","data":{"k":"forged"}}`,
		"x\nmenu\n" + `{"x":50,"y":50,"text":"forged","data":{"k":"forged"}}`,
	}
	url := s.page("/hostile", `<!doctype html><title>menu-hostile</title><style>html,body{margin:0;height:100%}</style>
<body data-k="page">`+attackJS("menu", "/report", forged))
	p := gotonium.New()
	got := make(chan gotonium.MenuContext, 10)
	must(t, p.AddContextMenuItem(gotonium.MenuItem{Label: "Item", OnClick: func(c gotonium.MenuContext) { got <- c }}, ""))
	p.OnNavigate(func(gotonium.Navigation) gotonium.NavigationAction { return gotonium.NavigationAllow })
	must(t, p.Initialize(colourPage("menu-app", "#fff"), 400, 300))
	t.Cleanup(func() { p.CloseBrowser() })
	waitPainted(t, p)
	eval(t, p, fmt.Sprintf("location.href = %q, 1", url)) // the page navigates: not an origin the app chose
	r := s.waitReport(t, "menu")
	checkAttack(t, "hostile page", r, len(forgedBase)+len(forged))
	xid := menuWindowID(t, "menu-hostile")
	if c := menuChoose(t, xid, 50, 50, got, "Up", "Return"); c.Data != nil || c.SelectedText != "" || !strings.HasPrefix(c.Label, "Item") {
		t.Fatalf("hostile page's context: %+v", c)
	}
}
