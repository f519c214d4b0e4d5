//go:build !fakeengine

package gotonium_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// These tests drive real native menus with xdotool: right-click the window,
// wait for the menu to map, then pick an item with the keyboard. With no item
// selected, Down selects the first item and Up the last.

// menuXdo runs xdotool and returns its output.
func menuXdo(t *testing.T, args ...string) (string, error) {
	t.Helper()
	out, err := exec.Command("xdotool", args...).CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

// menuWindowID returns the X id of the visible window titled title.
func menuWindowID(t *testing.T, title string) string {
	t.Helper()
	var id string
	waitFor(t, 5*time.Second, "window "+title, func() bool {
		out, err := menuXdo(t, "search", "--onlyvisible", "--name", "^"+regexp.QuoteMeta(title)+"$")
		if f := strings.Fields(out); err == nil && len(f) > 0 {
			id = f[0]
		}
		return id != ""
	})
	return id
}

// menuVisibleWindows returns the ids of this process's visible X windows
// (a popup menu is one of them while it shows).
func menuVisibleWindows(t *testing.T) map[string]bool {
	t.Helper()
	out, _ := menuXdo(t, "search", "--onlyvisible", "--classname", "^"+regexp.QuoteMeta(filepath.Base(os.Args[0]))+"$")
	ids := map[string]bool{}
	for _, id := range strings.Fields(out) {
		ids[id] = true
	}
	return ids
}

// menuRightClick right-clicks window xid at x, y and reports whether a menu
// mapped within wait.
func menuRightClick(t *testing.T, xid string, x, y int, wait time.Duration) bool {
	t.Helper()
	if out, err := menuXdo(t, "windowactivate", "--sync", xid, "windowraise", xid); err != nil {
		t.Logf("xdotool windowactivate: %v: %s", err, out)
	}
	before := menuVisibleWindows(t)
	if out, err := menuXdo(t, "mousemove", "--window", xid, strconv.Itoa(x), strconv.Itoa(y), "click", "3"); err != nil {
		t.Fatalf("xdotool click: %v: %s", err, out)
	}
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) {
		for id := range menuVisibleWindows(t) {
			if !before[id] {
				return true
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}

// menuOpen right-clicks window xid at x, y until a menu maps (three tries).
func menuOpen(t *testing.T, xid string, x, y int) {
	t.Helper()
	for try := 0; try < 3; try++ {
		if menuRightClick(t, xid, x, y, 2*time.Second) {
			return
		}
		menuXdo(t, "key", "Escape")
	}
	t.Fatal("no context menu opened")
}

// menuPick opens the menu of window xid at x, y and presses keys in it.
func menuPick(t *testing.T, xid string, x, y int, keys ...string) {
	t.Helper()
	menuOpen(t, xid, x, y)
	if out, err := menuXdo(t, append([]string{"key", "--delay", "40"}, keys...)...); err != nil {
		t.Fatalf("xdotool key: %v: %s", err, out)
	}
}

// menuWant waits for a value on ch and checks it.
func menuWant[T comparable](t *testing.T, ch <-chan T, want T) {
	t.Helper()
	select {
	case got := <-ch:
		if got != want {
			t.Fatalf("menu entry %v ran, want %v", got, want)
		}
	case <-time.After(3 * time.Second):
		t.Fatalf("menu entry %v did not run", want)
	}
}

// menuPage opens a window for a menu test on a blank page titled title.
func menuPage(t *testing.T, p *gotonium.Instance, title string) string {
	t.Helper()
	if err := p.Initialize(page(`<!doctype html><title>`+title+`</title><style>html,body{margin:0;height:100%}</style><body></body>`), 400, 300); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.CloseBrowser() })
	waitPainted(t, p)
	return menuWindowID(t, title)
}

// menuFuncs makes n entries that send their number (from 1) to ch.
func menuFuncs(ch chan<- int, n int) []func() {
	fns := make([]func(), n)
	for i := range fns {
		fns[i] = func() { ch <- i + 1 }
	}
	return fns
}

func namedMenuEntry() {}

func menuMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

type menuActions struct{ ch chan string }

func (a *menuActions) Save()        { a.ch <- "Save" }
func (a *menuActions) Open()        { a.ch <- "Open" }
func (a *menuActions) Close()       { a.ch <- "Close" }
func (a *menuActions) Rename(s int) {} // not func(): left out

type noMenuMethods struct{}

func (noMenuMethods) Sum(a, b int) int { return a + b }

func TestMenuBadInput(t *testing.T) {
	p := gotonium.New()
	bad := map[string]error{
		"nil func":             p.AddContextMenuEntry(nil, "x", ""),
		"closure without name": p.AddContextMenuEntry(func() {}, "", ""),
		"nil in list":          p.AddContextMenuEntries([]func(){namedMenuEntry, nil}, nil, "ns"),
		"more names":           p.AddContextMenuEntries([]func(){namedMenuEntry}, []string{"a", "b"}, "ns"),
		"bad utf-8 label":      p.AddContextMenuEntry(namedMenuEntry, "\xff", ""),
		"bad utf-8 namespace":  p.AddContextMenuEntry(namedMenuEntry, "x", "\xff"),
		"nil object":           p.AddContextMenuEntriesFromObject(nil, nil, ""),
		"nil pointer object":   p.AddContextMenuEntriesFromObject((*menuActions)(nil), nil, ""),
		"no func() methods":    p.AddContextMenuEntriesFromObject(noMenuMethods{}, nil, ""),
		"pointer methods only": p.AddContextMenuEntriesFromObject(menuActions{}, nil, ""),
		"more method names":    p.AddContextMenuEntriesFromObject(&menuActions{}, []string{"a", "b", "c", "d"}, ""),
		"set bad namespace":    p.SetContextMenuNamespace("\xff"),
	}
	for what, err := range bad {
		if !errors.Is(err, gotonium.ErrInvalidArgument) {
			t.Errorf("%s: got %v, want ErrInvalidArgument", what, err)
		}
	}
	// Names derive from named funcs and method values.
	a := &menuActions{}
	for what, err := range map[string]error{
		"named func":   p.AddContextMenuEntry(namedMenuEntry, "", ""),
		"method value": p.AddContextMenuEntries([]func(){a.Save, a.Open}, []string{"", "Open…"}, "ns"),
		"object":       p.AddContextMenuEntriesFromObject(a, []string{"", "Open…"}, "ns"),
	} {
		if err != nil {
			t.Errorf("%s: %v", what, err)
		}
	}
}

func TestMenuEntriesInOrder(t *testing.T) {
	pump(t)
	p := gotonium.New()
	got := make(chan int, 10)
	if err := p.AddContextMenuEntries(menuFuncs(got, 3), []string{"One", "Two", "Three"}, ""); err != nil {
		t.Fatal(err)
	}
	xid := menuPage(t, p, "menu-order")
	menuPick(t, xid, 50, 150, "Down", "Down", "Return")
	menuWant(t, got, 2)
	// Added after the window opened: shown at the next right click, last.
	if err := p.AddContextMenuEntry(func() { got <- 4 }, "Four", "app"); err != nil {
		t.Fatal(err)
	}
	menuPick(t, xid, 50, 150, "Up", "Return")
	menuWant(t, got, 4)
}

func TestMenuEntriesFromObject(t *testing.T) {
	pump(t)
	p := gotonium.New()
	a := &menuActions{ch: make(chan string, 10)}
	// Sorted by name: Close, Open, Save.
	if err := p.AddContextMenuEntriesFromObject(a, []string{"Close it"}, ""); err != nil {
		t.Fatal(err)
	}
	xid := menuPage(t, p, "menu-object")
	menuPick(t, xid, 50, 150, "Down", "Down", "Return")
	menuWant(t, a.ch, "Open")
}

func TestMenuNamespaceBeforeOpen(t *testing.T) {
	pump(t)
	p := gotonium.New()
	app, edit := make(chan int, 10), make(chan int, 10)
	menuMust(t, p.AddContextMenuEntries(menuFuncs(app, 2), []string{"App 1", "App 2"}, ""))
	menuMust(t, p.AddContextMenuEntries(menuFuncs(edit, 2), []string{"Edit 1", "Edit 2"}, "edit"))
	menuMust(t, p.SetContextMenuNamespace("edit"))
	xid := menuPage(t, p, "menu-ns-before")
	menuPick(t, xid, 50, 150, "Down", "Return")
	menuWant(t, edit, 1)
	menuMust(t, p.SetContextMenuNamespace("")) // back to "app"
	menuPick(t, xid, 50, 150, "Down", "Down", "Return")
	menuWant(t, app, 2)
	if len(edit) > 0 {
		t.Fatal("an edit entry ran too")
	}
}

func TestMenuNamespaceAfterOpen(t *testing.T) {
	pump(t)
	p := gotonium.New()
	app, other := make(chan int, 10), make(chan int, 10)
	menuMust(t, p.AddContextMenuEntries(menuFuncs(app, 2), []string{"App 1", "App 2"}, ""))
	xid := menuPage(t, p, "menu-ns-after")
	menuPick(t, xid, 50, 150, "Down", "Return")
	menuWant(t, app, 1)
	menuMust(t, p.AddContextMenuEntries(menuFuncs(other, 3), []string{"Other 1", "Other 2", "Other 3"}, "other"))
	menuMust(t, p.SetContextMenuNamespace("other"))
	menuPick(t, xid, 50, 150, "Down", "Down", "Down", "Return")
	menuWant(t, other, 3)
}

func TestMenuNamespaceFromCallback(t *testing.T) {
	pump(t)
	p := gotonium.New()
	ran := make(chan string, 10)
	menuMust(t, p.AddContextMenuEntry(func() {
		menuMust(t, p.SetContextMenuNamespace("second"))
		ran <- "switch"
	}, "Switch", ""))
	menuMust(t, p.AddContextMenuEntries([]func(){
		func() { ran <- "second 1" },
		func() { ran <- "second 2" },
	}, []string{"Second 1", "Second 2"}, "second"))
	xid := menuPage(t, p, "menu-ns-callback")
	menuPick(t, xid, 50, 150, "Down", "Return")
	menuWant(t, ran, "switch")
	menuPick(t, xid, 50, 150, "Down", "Down", "Return")
	menuWant(t, ran, "second 2")
}

func TestMenuCallbackPanic(t *testing.T) {
	pump(t)
	p := gotonium.New()
	got := make(chan int, 10)
	menuMust(t, p.AddContextMenuEntries([]func(){
		func() { got <- 1; panic("menu entry panics") },
		func() { got <- 2 },
	}, []string{"Panic", "Fine"}, ""))
	xid := menuPage(t, p, "menu-panic")
	menuPick(t, xid, 50, 150, "Down", "Return")
	menuWant(t, got, 1)
	menuPick(t, xid, 50, 150, "Down", "Down", "Return")
	menuWant(t, got, 2)
	if !p.IsRunning() {
		t.Fatal("the window closed")
	}
}

// Without entries and debug, a right click where WebKit offers only
// navigation (Back, Forward, Stop, Reload) opens no menu; with one entry the
// menu holds just that entry.
func TestMenuNoNavigationItems(t *testing.T) {
	pump(t)
	p := gotonium.New()
	xid := menuPage(t, p, "menu-no-nav")
	menuMust(t, p.ExecuteJavascript(`window.menus = 0; addEventListener('contextmenu', () => window.menus++)`))
	for try := 0; ; try++ {
		if menuRightClick(t, xid, 50, 150, 700*time.Millisecond) {
			t.Fatal("a context menu opened without entries")
		}
		if eval(t, p, "window.menus") != 0.0 {
			break // the right click reached the page, and no menu opened
		}
		if try == 2 {
			t.Fatal("the right click did not reach the page")
		}
	}
	got := make(chan int, 10)
	menuMust(t, p.AddContextMenuEntry(func() { got <- 1 }, "Only", ""))
	menuPick(t, xid, 50, 150, "Down", "Return") // Reload, if present, would come first
	menuWant(t, got, 1)
	if n, _ := eval(t, p, "window.menus").(float64); n < 1 {
		t.Fatal("the page reloaded")
	}
}

// Without entries and debug, selected text gets a menu with Copy.
func TestMenuCopy(t *testing.T) {
	pump(t)
	p := gotonium.New()
	const text = "copy me please"
	menuMust(t, p.Initialize(page(`<!doctype html><title>menu-copy</title><style>html,body{margin:0;height:100%}</style>
<p id=t style="margin:0;font:40px sans-serif">`+text+`</p>`), 400, 300))
	t.Cleanup(func() { p.CloseBrowser() })
	waitPainted(t, p)
	xid := menuWindowID(t, "menu-copy")
	menuMust(t, p.ExecuteJavascript(`window.copied = '';
addEventListener('copy', () => window.copied = getSelection().toString());
getSelection().selectAllChildren(document.getElementById('t'))`))
	menuPick(t, xid, 60, 20, "Down", "Return")
	waitFor(t, 3*time.Second, "the copy event", func() bool { return eval(t, p, "window.copied") == text })
	if _, err := exec.LookPath("xclip"); err != nil {
		t.Skip("xclip not installed: clipboard not read back")
	}
	var clip string
	waitFor(t, 3*time.Second, "the clipboard", func() bool {
		out, _ := exec.Command("xclip", "-o", "-selection", "clipboard").Output()
		clip = string(out)
		return clip == text
	})
}

// The debug menu has Inspect Element, which opens the Web Inspector, and then
// Close Developer Tools, which closes it.
func TestMenuDebugInspectElement(t *testing.T) {
	pump(t)
	p := gotonium.New()
	p.SetShowDebugContextMenu(true)
	xid := menuPage(t, p, "menu-debug")
	inspectors := func() []string {
		out, _ := menuXdo(t, "search", "--onlyvisible", "--name", "^Web Inspector")
		return strings.Fields(out)
	}
	if n := len(inspectors()); n != 0 {
		t.Fatalf("%d inspector windows before the test", n)
	}
	// The menu ends: Inspect Element, Developer Tools.
	menuPick(t, xid, 50, 150, "Up", "Up", "Return")
	waitFor(t, 5*time.Second, "the Web Inspector window", func() bool { return len(inspectors()) == 1 })
	// The inspector stays above its page's window: move it off the page.
	x, y, w, h := menuGeometry(t, xid)
	if out, err := menuXdo(t, "windowsize", inspectors()[0], "300", "200", "windowmove", inspectors()[0], strconv.Itoa(x+w+20), strconv.Itoa(y+h+20)); err != nil {
		t.Fatalf("xdotool: %v: %s", err, out)
	}
	menuPick(t, xid, 50, 150, "Up", "Return") // now Close Developer Tools
	waitFor(t, 3*time.Second, "the Web Inspector to close", func() bool { return len(inspectors()) == 0 })
}

// menuGeometry returns the position and size of window xid on the screen.
func menuGeometry(t *testing.T, xid string) (x, y, w, h int) {
	t.Helper()
	out, err := menuXdo(t, "getwindowgeometry", "--shell", xid)
	if err != nil {
		t.Fatalf("xdotool getwindowgeometry: %v: %s", err, out)
	}
	v := map[string]int{}
	for _, line := range strings.Fields(out) {
		if k, val, ok := strings.Cut(line, "="); ok {
			v[k], _ = strconv.Atoi(val)
		}
	}
	return v["X"], v["Y"], v["WIDTH"], v["HEIGHT"]
}
