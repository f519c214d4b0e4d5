//go:build !fakeengine

package gotonium_test

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/gotonium/gotonium"
	"github.com/gotonium/gotonium/internal/sni"
	"github.com/gotonium/gotonium/internal/sni/snitest"
)

// trayBus starts a private dbus-daemon session bus for the test (stopped at
// its end) and a StatusNotifierWatcher on it, as a desktop's tray has.
func trayBus(t *testing.T) *snitest.Watcher {
	t.Helper()
	snitest.StartBus(t)
	return snitest.StartWatcher(t)
}

// trayPNG is a w×h PNG of one colour.
func trayPNG(t *testing.T, w, h int, c color.NRGBA) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, c.A
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

type trayLayout struct {
	ID       int32
	Props    map[string]dbus.Variant
	Children []dbus.Variant
}

func (l trayLayout) child(t *testing.T, i int) trayLayout {
	t.Helper()
	if i >= len(l.Children) {
		t.Fatalf("menu item %d has %d children, want more than %d", l.ID, len(l.Children), i)
	}
	var c trayLayout
	if err := dbus.Store([]any{l.Children[i].Value()}, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func (l trayLayout) prop(name string) any {
	if v, ok := l.Props[name]; ok {
		return v.Value()
	}
	return nil
}

func getLayout(t *testing.T, menu dbus.BusObject) (uint32, trayLayout) {
	t.Helper()
	var rev uint32
	var l trayLayout
	if err := menu.Call(sni.MenuInterface+".GetLayout", 0, int32(0), int32(-1), []string{}).Store(&rev, &l); err != nil {
		t.Fatal(err)
	}
	return rev, l
}

// pumpedOnce runs the callbacks queued so far on this goroutine, as an
// app's loop does, and reports while it does so through pumping.
func pumpedOnce(loop *gotonium.Instance, pumping *atomic.Bool) {
	pumping.Store(true)
	loop.UpdateMessageLoop()
	pumping.Store(false)
}

// TestTray drives a tray icon the way a desktop's tray does, over a real
// D-Bus session bus: the watcher gets the registration, the item's
// properties hold the icon, tooltip and menu, Activate / SecondaryActivate /
// Scroll and menu clicks reach the app's callbacks on the pump (and not
// before), check and radio items keep their state and announce it, updates
// announce themselves, and Remove takes the item off the bus.
func TestTray(t *testing.T) {
	w := trayBus(t)
	loop := gotonium.New()
	var pumping atomic.Bool
	var events []string
	record := func(what string) {
		if !pumping.Load() {
			t.Errorf("%s ran outside the pump", what)
		}
		events = append(events, what)
	}
	var menuCtx []gotonium.MenuContext
	menuClick := func(ctx gotonium.MenuContext) {
		record("menu " + ctx.Label)
		menuCtx = append(menuCtx, ctx)
	}
	tray, err := gotonium.NewTray(gotonium.TrayOptions{
		Icon:    trayPNG(t, 64, 64, color.NRGBA{R: 0x20, G: 0x80, B: 0xff, A: 0xff}),
		Tooltip: "Gotonium test",
		Title:   "Tray test",
		Menu: []gotonium.MenuItem{
			{Label: "&Open", OnClick: menuClick},
			{Separator: true},
			{Label: "Mute", Check: true, OnClick: menuClick},
			{Label: "Small", Radio: true, OnClick: menuClick},
			{Label: "Large", Radio: true, OnClick: menuClick},
			{Label: "More", Submenu: []gotonium.MenuItem{{Label: "Deep", OnClick: menuClick}}},
			{Label: "Off", Disabled: true, OnClick: menuClick},
		},
		OnClick:       func() { record("click") },
		OnDoubleClick: func() { record("double") },
		OnMiddleClick: func() { record("middle") },
		OnScroll: func(delta int, horizontal bool) {
			if delta != -120 || !horizontal {
				t.Errorf("OnScroll(%d, %v), want -120, true", delta, horizontal)
			}
			record("scroll")
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer tray.Remove()
	name := w.Next(t)
	c := snitest.Connect(t)
	item := c.Object(name, sni.ItemPath)
	menu := c.Object(name, sni.MenuPath)
	signals := snitest.Signals(t, c, sni.MenuInterface)
	itemSignals := snitest.Signals(t, c, sni.ItemInterface)

	// Properties.
	var pixmaps []sni.Pixmap
	if err := item.StoreProperty(sni.ItemInterface+".IconPixmap", &pixmaps); err != nil {
		t.Fatal(err)
	}
	sizes := map[int32]bool{}
	for _, p := range pixmaps {
		sizes[p.Width] = true
		if p.Width != p.Height || len(p.Data) != int(p.Width*p.Height*4) {
			t.Errorf("pixmap %dx%d has %d bytes", p.Width, p.Height, len(p.Data))
		}
		if !bytes.Equal(p.Data[:4], []byte{0xff, 0x20, 0x80, 0xff}) {
			t.Errorf("pixmap %d starts with % x, want ARGB ff 20 80 ff", p.Width, p.Data[:4])
		}
	}
	for _, s := range []int32{16, 22, 32, 48, 64} {
		if !sizes[s] {
			t.Errorf("no %dx%d pixmap among %v", s, s, sizes)
		}
	}
	var tip struct {
		IconName    string
		Icon        []sni.Pixmap
		Title, Text string
	}
	if err := item.StoreProperty(sni.ItemInterface+".ToolTip", &tip); err != nil || tip.Title != "Gotonium test" {
		t.Errorf("ToolTip = %+v, %v", tip, err)
	}
	var menuPath dbus.ObjectPath
	if err := item.StoreProperty(sni.ItemInterface+".Menu", &menuPath); err != nil || menuPath != sni.MenuPath {
		t.Errorf("Menu = %q, %v", menuPath, err)
	}
	var title string
	if err := item.StoreProperty(sni.ItemInterface+".Title", &title); err != nil || title != "Tray test" {
		t.Errorf("Title = %q, %v", title, err)
	}

	// Clicks on the icon run on the pump, not before.
	for _, call := range []struct {
		method string
		args   []any
	}{{"Activate", []any{int32(5), int32(5)}}, {"SecondaryActivate", []any{int32(5), int32(5)}}, {"Scroll", []any{int32(-120), "horizontal"}}} {
		if err := item.Call(sni.ItemInterface+"."+call.method, 0, call.args...).Err; err != nil {
			t.Fatalf("%s: %v", call.method, err)
		}
	}
	if len(events) != 0 {
		t.Fatalf("callbacks ran before the pump: %v", events)
	}
	pumpedOnce(loop, &pumping)
	if got := strings.Join(events, " "); got != "click middle scroll" {
		t.Errorf("events = %q, want click middle scroll", got)
	}
	events = nil
	time.Sleep(450 * time.Millisecond) // the Activate above is no longer the first of a double click
	for i := 0; i < 2; i++ {
		if err := item.Call(sni.ItemInterface+".Activate", 0, int32(1), int32(1)).Err; err != nil {
			t.Fatal(err)
		}
	}
	pumpedOnce(loop, &pumping)
	if got := strings.Join(events, " "); got != "click click double" {
		t.Errorf("two quick activations: %q, want click click double", got)
	}
	events = nil

	// The menu as the tray reads it.
	rev, l := getLayout(t, menu)
	if len(l.Children) != 7 || l.prop("children-display") != "submenu" {
		t.Fatalf("root: %d children, props %v", len(l.Children), l.Props)
	}
	open, sep, mute, small, large, more, off := l.child(t, 0), l.child(t, 1), l.child(t, 2), l.child(t, 3), l.child(t, 4), l.child(t, 5), l.child(t, 6)
	if open.prop("label") != "_Open" || open.prop("enabled") != true {
		t.Errorf("Open: %v", open.Props)
	}
	if sep.prop("type") != "separator" {
		t.Errorf("separator: %v", sep.Props)
	}
	if mute.prop("toggle-type") != "checkmark" || mute.prop("toggle-state") != int32(0) {
		t.Errorf("Mute: %v", mute.Props)
	}
	if small.prop("toggle-type") != "radio" || small.prop("toggle-state") != int32(1) || large.prop("toggle-state") != int32(0) {
		t.Errorf("radios: %v %v", small.Props, large.Props)
	}
	if more.prop("children-display") != "submenu" || more.child(t, 0).prop("label") != "Deep" {
		t.Errorf("More: %v", more.Props)
	}
	if off.prop("enabled") != false {
		t.Errorf("Off: %v", off.Props)
	}

	// Menu clicks: OnClick on the pump, with the new check state; the
	// tray hears of the new state.
	event := func(id int32) {
		t.Helper()
		if err := menu.Call(sni.MenuInterface+".Event", 0, id, "clicked", dbus.MakeVariant(int32(0)), uint32(0)).Err; err != nil {
			t.Fatal(err)
		}
	}
	event(open.ID)
	event(more.child(t, 0).ID)
	event(off.ID) // disabled: nothing
	if len(events) != 0 {
		t.Fatalf("menu callbacks ran before the pump: %v", events)
	}
	pumpedOnce(loop, &pumping)
	if got := strings.Join(events, " "); got != "menu &Open menu Deep" {
		t.Errorf("menu events = %q", got)
	}
	if menuCtx[0].Source != gotonium.FromTray {
		t.Errorf("MenuContext.Source = %v, want FromTray", menuCtx[0].Source)
	}
	updatedState := func() map[int32]int32 {
		s := snitest.WaitSignal(t, signals, sni.MenuInterface+".ItemsPropertiesUpdated")
		var updated []struct {
			ID    int32
			Props map[string]dbus.Variant
		}
		if err := dbus.Store(s.Body[:1], &updated); err != nil {
			t.Fatal(err)
		}
		out := map[int32]int32{}
		for _, u := range updated {
			out[u.ID] = u.Props["toggle-state"].Value().(int32)
		}
		return out
	}
	menuCtx = nil
	event(mute.ID)
	if got := updatedState(); got[mute.ID] != 1 {
		t.Errorf("after checking Mute the tray was told %v", got)
	}
	event(large.ID)
	if got := updatedState(); got[large.ID] != 1 || got[small.ID] != 0 || len(got) != 2 {
		t.Errorf("after choosing Large the tray was told %v", got)
	}
	pumpedOnce(loop, &pumping)
	if len(menuCtx) != 2 || !menuCtx[0].Checked || !menuCtx[1].Checked || menuCtx[1].Label != "Large" {
		t.Errorf("check and radio contexts: %+v", menuCtx)
	}
	_, l = getLayout(t, menu)
	if l.child(t, 2).prop("toggle-state") != int32(1) || l.child(t, 3).prop("toggle-state") != int32(0) || l.child(t, 4).prop("toggle-state") != int32(1) {
		t.Error("GetLayout does not show the new check states")
	}
	events = nil

	// Updates at run time.
	if err := tray.SetMenu([]gotonium.MenuItem{{Label: "Quit", OnClick: menuClick}}); err != nil {
		t.Fatal(err)
	}
	s := snitest.WaitSignal(t, signals, sni.MenuInterface+".LayoutUpdated")
	newRev, l := getLayout(t, menu)
	if s.Body[0].(uint32) != newRev || newRev <= rev {
		t.Errorf("LayoutUpdated revision %v, GetLayout %d, before %d", s.Body[0], newRev, rev)
	}
	if len(l.Children) != 1 || l.child(t, 0).prop("label") != "Quit" {
		t.Fatalf("after SetMenu the layout is %+v", l)
	}
	if err := menu.Call(sni.MenuInterface+".Event", 0, open.ID, "clicked", dbus.MakeVariant(""), uint32(0)).Err; err == nil {
		t.Error("a click on an item of the old menu: no error")
	}
	if err := menu.Call(sni.MenuInterface+".Event", 0, l.child(t, 0).ID, "clicked", dbus.MakeVariant(""), uint32(0)).Err; err != nil {
		t.Fatal(err)
	}
	pumpedOnce(loop, &pumping)
	if got := strings.Join(events, " "); got != "menu Quit" {
		t.Errorf("after SetMenu, events = %q", got)
	}
	if err := tray.SetTooltip("Changed"); err != nil {
		t.Fatal(err)
	}
	snitest.WaitSignal(t, itemSignals, sni.ItemInterface+".NewToolTip")
	if err := item.StoreProperty(sni.ItemInterface+".ToolTip", &tip); err != nil || tip.Title != "Changed" {
		t.Errorf("ToolTip after SetTooltip = %+v, %v", tip, err)
	}
	if err := tray.SetIcon([]byte("not a png")); !errors.Is(err, gotonium.ErrInvalidArgument) {
		t.Errorf("SetIcon(not a PNG) = %v, want ErrInvalidArgument", err)
	}
	if err := tray.SetIcon(trayPNG(t, 16, 16, color.NRGBA{R: 0xff, A: 0xff})); err != nil {
		t.Fatal(err)
	}
	snitest.WaitSignal(t, itemSignals, sni.ItemInterface+".NewIcon")
	if err := item.StoreProperty(sni.ItemInterface+".IconPixmap", &pixmaps); err != nil || len(pixmaps) != 1 || !bytes.Equal(pixmaps[0].Data[:4], []byte{0xff, 0xff, 0, 0}) {
		t.Errorf("IconPixmap after SetIcon: %d pixmaps, %v", len(pixmaps), err)
	}

	// Removal.
	if err := tray.Remove(); err != nil {
		t.Fatal(err)
	}
	snitest.WaitNameGone(t, c, name)
	if err := tray.SetTooltip("x"); !errors.Is(err, gotonium.ErrInvalidArgument) {
		t.Errorf("SetTooltip after Remove = %v, want ErrInvalidArgument", err)
	}
	if err := tray.Remove(); err != nil {
		t.Errorf("second Remove: %v", err)
	}
}

// TestTrayNoWatcher: on a session bus without a tray, NewTray fails at once
// with ErrUnsupported; without a session bus too.
func TestTrayNoWatcher(t *testing.T) {
	snitest.StartBus(t)
	icon := trayPNG(t, 8, 8, color.NRGBA{A: 0xff})
	start := time.Now()
	if _, err := gotonium.NewTray(gotonium.TrayOptions{Icon: icon}); !errors.Is(err, gotonium.ErrUnsupported) {
		t.Errorf("NewTray without a watcher = %v, want ErrUnsupported", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("NewTray without a watcher took %v", d)
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	if _, err := gotonium.NewTray(gotonium.TrayOptions{Icon: icon}); !errors.Is(err, gotonium.ErrUnsupported) {
		t.Errorf("NewTray without a session bus = %v, want ErrUnsupported", err)
	}
}

// TestTrayInvalid: bad icons and menus are ErrInvalidArgument.
func TestTrayInvalid(t *testing.T) {
	icon := trayPNG(t, 8, 8, color.NRGBA{A: 0xff})
	for name, opts := range map[string]gotonium.TrayOptions{
		"no icon":       {},
		"not a PNG":     {Icon: []byte("GIF89a")},
		"two icons":     {Icon: icon, IconImage: image.NewRGBA(image.Rect(0, 0, 4, 4))},
		"missing file":  {IconFile: "/nonexistent.png"},
		"empty image":   {IconImage: image.NewRGBA(image.Rect(0, 0, 0, 0))},
		"bad menu":      {Icon: icon, Menu: []gotonium.MenuItem{{Label: ""}}},
		"bad separator": {Icon: icon, Menu: []gotonium.MenuItem{{Separator: true, Label: "x"}}},
		"bad tooltip":   {Icon: icon, Tooltip: "a\x00b"},
	} {
		if _, err := gotonium.NewTray(opts); !errors.Is(err, gotonium.ErrInvalidArgument) {
			t.Errorf("%s: NewTray = %v, want ErrInvalidArgument", name, err)
		}
	}
}
