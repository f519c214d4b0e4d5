//go:build fakeengine

package gotonium

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/gotonium/gotonium/internal/portal"
	"github.com/gotonium/gotonium/internal/portal/portaltest"
)

// waylandFake is a fake engine that cannot grab keys, as on Wayland.
func waylandFake(t *testing.T) {
	t.Helper()
	e := useFake(t)
	e.GlobalKeysUnsupported = true
	t.Cleanup(func() { Shutdown() }) // closes the portal session before the bus goes
}

// TestGlobalShortcutPortal: where the engine cannot grab keys,
// RegisterGlobalShortcut binds the shortcut through the GlobalShortcuts
// portal (a test portal on a private dbus-daemon) with the spec's trigger;
// the portal's Activated runs fn on the pump; unregistering rebinds the
// rest, and the last one closes the session; Shutdown closes it too.
func TestGlobalShortcutPortal(t *testing.T) {
	portaltest.StartBus(t)
	p := portaltest.Start(t, portaltest.Options{})
	waylandFake(t)
	pumpFake(t)
	ran := make(chan string, 4)
	must(t, RegisterGlobalShortcut("Ctrl+Alt+D", func() { ran <- "D" }))
	b := p.NextBind(t)
	want := []portal.Shortcut{{ID: "Ctrl+Alt+D", Description: "Global shortcut Ctrl+Alt+D", Trigger: "CTRL+ALT+d"}}
	if !reflect.DeepEqual(b.Shortcuts, want) {
		t.Fatalf("the portal got %+v; want %+v", b.Shortcuts, want)
	}
	p.Activate(t, "Ctrl+Alt+D")
	if got := recv(t, ran, "Ctrl+Alt+D's callback"); got != "D" {
		t.Fatal(got)
	}

	must(t, RegisterGlobalShortcut("super+shift+space", func() { ran <- "space" }))
	if b2 := p.NextBind(t); b2.Session != b.Session || len(b2.Shortcuts) != 2 || b2.Shortcuts[1].Trigger != "SHIFT+LOGO+space" {
		t.Fatalf("second registration: %+v", b2)
	}
	if err := RegisterGlobalShortcut("Ctrl+Alt+D", func() {}); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("a second registration of Ctrl+Alt+D: %v", err)
	}
	must(t, UnregisterGlobalShortcut("Ctrl+Alt+D"))
	if b3 := p.NextBind(t); b3.Session != b.Session || len(b3.Shortcuts) != 1 || b3.Shortcuts[0].ID != "Shift+Super+space" {
		t.Fatalf("after unregistering: %+v", b3)
	}
	p.Activate(t, "Ctrl+Alt+D") // unregistered: nothing
	p.Activate(t, "Shift+Super+space")
	if got := recv(t, ran, "Super+Shift+Space's callback"); got != "space" {
		t.Fatalf("ran %q; want only space", got)
	}
	must(t, UnregisterGlobalShortcut("Super+Shift+Space"))
	if s := p.NextClose(t); s != b.Session {
		t.Fatalf("closed %s; want %s", s, b.Session)
	}

	must(t, RegisterGlobalShortcut("F9", func() {}))
	b4 := p.NextBind(t)
	Shutdown()
	if s := p.NextClose(t); s != b4.Session {
		t.Fatalf("Shutdown closed %s; want %s", s, b4.Session)
	}
}

// TestGlobalShortcutPortalRefused: a user who cancels the portal's dialog
// gets ErrShortcutRefused and nothing is registered.
func TestGlobalShortcutPortalRefused(t *testing.T) {
	portaltest.StartBus(t)
	p := portaltest.Start(t, portaltest.Options{})
	waylandFake(t)
	p.Answer(1)
	if err := RegisterGlobalShortcut("Ctrl+Alt+R", func() {}); !errors.Is(err, ErrShortcutRefused) {
		t.Fatalf("refused: %v; want ErrShortcutRefused", err)
	}
	if err := UnregisterGlobalShortcut("Ctrl+Alt+R"); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("unregistering a refused one: %v", err)
	}
	p.Answer(0)
	must(t, RegisterGlobalShortcut("Ctrl+Alt+R", func() {}))
}

// TestGlobalShortcutPortalShutdown: Shutdown ends a registration waiting
// for the user at once.
func TestGlobalShortcutPortalShutdown(t *testing.T) {
	portaltest.StartBus(t)
	p := portaltest.Start(t, portaltest.Options{})
	waylandFake(t)
	p.Silent()
	done := make(chan error, 1)
	go func() { done <- RegisterGlobalShortcut("Ctrl+Alt+W", func() {}) }()
	p.NextBind(t)
	start := time.Now()
	Shutdown()
	if err := recv(t, done, "the registration to end"); err == nil {
		t.Error("a registration ended by Shutdown succeeded")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Shutdown took %v", d)
	}
}

// TestGlobalShortcutNoPortal: no X11 grabs and no portal (or one without
// GlobalShortcuts) is ErrUnsupported.
func TestGlobalShortcutNoPortal(t *testing.T) {
	portaltest.StartBus(t)
	waylandFake(t)
	if err := RegisterGlobalShortcut("Ctrl+Alt+U", func() {}); !errors.Is(err, ErrUnsupported) {
		t.Fatalf("no portal: %v; want ErrUnsupported", err)
	}
	portaltest.Start(t, portaltest.Options{NoGlobalShortcuts: true})
	if err := RegisterGlobalShortcut("Ctrl+Alt+U", func() {}); !errors.Is(err, ErrUnsupported) {
		t.Fatalf("a portal without GlobalShortcuts: %v; want ErrUnsupported", err)
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
	if err := RegisterGlobalShortcut("Ctrl+Alt+U", func() {}); !errors.Is(err, ErrUnsupported) {
		t.Fatalf("no session bus: %v; want ErrUnsupported", err)
	}
}
