package main

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/gotonium/gotonium"
	"github.com/gotonium/gotonium/gotoniumtest"
	"github.com/gotonium/gotonium/internal/sni"
	"github.com/gotonium/gotonium/internal/sni/snitest"
)

func TestMain(m *testing.M) {
	if err := gotonium.SetAppID("io.gotonium.examples.Tray"); err != nil { // as main does
		panic(err)
	}
	gotoniumtest.Main(m)
}

// TestTray clicks the tray icon and its menu the way a desktop's tray does,
// over D-Bus: the test starts a session bus of its own with a
// StatusNotifierWatcher on it (gotonium's own test helpers; a real desktop
// has one). A click on the icon hides the window and another shows it, the
// menu's items hide and show it, Count counts in its label and the
// tooltip, the global shortcut toggles the window, and Quit closes it,
// which ends the loop.
func TestTray(t *testing.T) {
	snitest.StartBus(t)
	watcher := snitest.StartWatcher(t)
	p, tray := start(t)
	if tray == nil {
		t.Fatal("no tray icon, with a StatusNotifierWatcher on the session bus")
	}
	t.Cleanup(func() { tray.Remove() })
	ended := run(t, p)
	w := gotoniumtest.NewWindow(t, p)
	if err := w.WaitFor(`document.querySelector("h1").textContent === "Tray example"`, 0); err != nil {
		t.Fatal(err)
	}

	name := watcher.Next(t) // the icon registered with the tray
	c := snitest.Connect(t)
	item, menu := c.Object(name, sni.ItemPath), c.Object(name, sni.MenuPath)
	var title string
	if err := item.StoreProperty(sni.ItemInterface+".Title", &title); err != nil || title != "gotonium tray example" {
		t.Fatalf("the icon's title: %q, %v", title, err)
	}
	if tip := tooltip(t, item); tip != "Tray example" {
		t.Fatalf("tooltip %q", tip)
	}

	// A click on the icon hides the window, another shows it.
	activate := func() {
		t.Helper()
		if err := item.Call(sni.ItemInterface+".Activate", 0, int32(0), int32(0)).Err; err != nil {
			t.Fatal(err)
		}
	}
	activate()
	waitShown(t, p, false)
	time.Sleep(450 * time.Millisecond) // the next activation is no double click
	activate()
	waitShown(t, p, true)

	// The menu's items.
	click(t, menu, "_Hide window")
	waitShown(t, p, false)
	click(t, menu, "_Show window")
	waitShown(t, p, true)
	click(t, menu, "_Count (0)")
	waitUntil(t, "the menu to say Count (1)", func() bool { return itemID(t, menu, "_Count (1)") != 0 })
	if tip := tooltip(t, item); tip != "Tray example: 1 clicks" {
		t.Fatalf("tooltip %q after a count", tip)
	}

	// The global shortcut, from any window.
	xdotool(t, "key", "ctrl+alt+t")
	waitShown(t, p, false)
	xdotool(t, "key", "ctrl+alt+t")
	waitShown(t, p, true)

	click(t, menu, "_Quit")
	select {
	case err := <-ended:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return within 10s of Quit")
	}
}

// TestNoTray: on a desktop without a tray (a session bus with no
// StatusNotifierWatcher) the app says so and runs with its window and its
// global shortcut.
func TestNoTray(t *testing.T) {
	snitest.StartBus(t)
	p, tray := start(t)
	if tray != nil {
		t.Fatal("a tray icon, with no StatusNotifierWatcher on the session bus")
	}
	ended := run(t, p)
	w := gotoniumtest.NewWindow(t, p)
	if err := w.WaitFor(`document.querySelector("h1").textContent === "Tray example"`, 0); err != nil {
		t.Fatal(err)
	}
	xdotool(t, "key", "ctrl+alt+t")
	waitShown(t, p, false)
	xdotool(t, "key", "ctrl+alt+t")
	waitShown(t, p, true)
	if err := p.CloseBrowser(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ended:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return within 10s of the window closing")
	}
}

// start calls open, and unregisters the global shortcut when the test
// ends, for the next test to register it.
func start(t *testing.T) (*gotonium.Instance, *gotonium.Tray) {
	t.Helper()
	p, tray, err := open()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		p.CloseBrowser()
		if err := gotonium.UnregisterGlobalShortcut(shortcut); err != nil {
			t.Errorf("the global shortcut: %v", err)
		}
	})
	return p, tray
}

// run runs gotonium.Run, as main does, on a goroutine until the test ends;
// the channel gets its result.
func run(t *testing.T, p *gotonium.Instance) <-chan error {
	ctx, cancel := context.WithCancel(context.Background())
	ended := make(chan error, 1)
	done := make(chan struct{})
	go func() { defer close(done); ended <- gotonium.Run(ctx, p, 0) }()
	t.Cleanup(func() { cancel(); <-done })
	return ended
}

// waitShown waits until the window is shown (mapped on the X server) or
// hidden.
func waitShown(t *testing.T, p *gotonium.Instance, shown bool) {
	t.Helper()
	xid := fmt.Sprint(p.NativeWindowHandle())
	waitUntil(t, fmt.Sprintf("the window to be shown: %v", shown), func() bool {
		v, err := p.IsVisible()
		out, _ := exec.Command("xwininfo", "-id", xid).Output()
		return err == nil && v == shown && strings.Contains(string(out), "IsViewable") == shown
	})
}

// tooltip returns the title of the icon's tooltip.
func tooltip(t *testing.T, item dbus.BusObject) string {
	t.Helper()
	var tip struct {
		IconName    string
		Icon        []sni.Pixmap
		Title, Text string
	}
	if err := item.StoreProperty(sni.ItemInterface+".ToolTip", &tip); err != nil {
		t.Fatal(err)
	}
	return tip.Title
}

// layout is a menu item as com.canonical.dbusmenu's GetLayout returns it.
type layout struct {
	ID       int32
	Props    map[string]dbus.Variant
	Children []dbus.Variant
}

// itemID returns the id of the top-level menu item labelled label, 0 for
// none.
func itemID(t *testing.T, menu dbus.BusObject, label string) int32 {
	t.Helper()
	var rev uint32
	var root layout
	if err := menu.Call(sni.MenuInterface+".GetLayout", 0, int32(0), int32(-1), []string{}).Store(&rev, &root); err != nil {
		t.Fatal(err)
	}
	for _, v := range root.Children {
		var c layout
		if err := dbus.Store([]any{v.Value()}, &c); err != nil {
			t.Fatal(err)
		}
		if l, ok := c.Props["label"]; ok && l.Value() == label {
			return c.ID
		}
	}
	return 0
}

// click clicks the menu item labelled label, as the tray does.
func click(t *testing.T, menu dbus.BusObject, label string) {
	t.Helper()
	id := itemID(t, menu, label)
	if id == 0 {
		t.Fatalf("no menu item %q", label)
	}
	if err := menu.Call(sni.MenuInterface+".Event", 0, id, "clicked", dbus.MakeVariant(int32(0)), uint32(0)).Err; err != nil {
		t.Fatal(err)
	}
}

func xdotool(t *testing.T, args ...string) {
	t.Helper()
	if out, err := exec.Command("xdotool", args...).CombinedOutput(); err != nil {
		t.Fatalf("xdotool %s: %v: %s", strings.Join(args, " "), err, out)
	}
}

// waitUntil polls cond for up to 10 seconds and fails the test if it never
// holds.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}
