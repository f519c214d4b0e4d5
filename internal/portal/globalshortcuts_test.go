package portal_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/gotonium/gotonium/internal/portal"
	"github.com/gotonium/gotonium/internal/portal/portaltest"
)

// client connects to the test bus and makes a Client whose activations
// go to the returned channel.
func client(t *testing.T) (*portal.Client, chan string) {
	t.Helper()
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	fired := make(chan string, 8)
	c, err := portal.New(conn, func(id string) { fired <- id })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c, fired
}

func wantFired(t *testing.T, fired chan string, id string) {
	t.Helper()
	select {
	case got := <-fired:
		if got != id {
			t.Fatalf("activated %q; want %q", got, id)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("%s: no activation within 5s", id)
	}
}

// TestBindActivateUnbind: the portal gets the shortcuts with their
// description and trigger on a session of the client's; its Activated
// reaches the client for bound IDs only; rebinding a smaller set keeps the
// session, an empty set closes it.
func TestBindActivateUnbind(t *testing.T) {
	portaltest.StartBus(t)
	p := portaltest.Start(t, portaltest.Options{})
	c, fired := client(t)
	if c.Version() != 2 {
		t.Errorf("version %d", c.Version())
	}
	a := portal.Shortcut{ID: "Ctrl+Alt+D", Description: "Ctrl+Alt+D of test", Trigger: "CTRL+ALT+d"}
	bound, err := c.Bind([]portal.Shortcut{a})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(bound, []string{"Ctrl+Alt+D"}) {
		t.Errorf("bound %q", bound)
	}
	b1 := p.NextBind(t)
	if !reflect.DeepEqual(b1.Shortcuts, []portal.Shortcut{a}) || b1.Session == "" {
		t.Fatalf("the portal got %+v", b1)
	}
	p.Activate(t, "Ctrl+Alt+D")
	wantFired(t, fired, "Ctrl+Alt+D")

	b := portal.Shortcut{ID: "Super+Space", Description: "launcher", Trigger: "LOGO+space"}
	if _, err := c.Bind([]portal.Shortcut{a, b}); err != nil {
		t.Fatal(err)
	}
	if b2 := p.NextBind(t); b2.Session != b1.Session || len(b2.Shortcuts) != 2 {
		t.Fatalf("second bind %+v; want both on session %s", b2, b1.Session)
	}
	p.Activate(t, "Super+Space")
	wantFired(t, fired, "Super+Space")

	if _, err := c.Bind([]portal.Shortcut{b}); err != nil {
		t.Fatal(err)
	}
	if b3 := p.NextBind(t); b3.Session != b1.Session || !reflect.DeepEqual(b3.Shortcuts, []portal.Shortcut{b}) {
		t.Fatalf("rebind %+v", b3)
	}
	p.Activate(t, "Ctrl+Alt+D") // no longer bound: ignored
	p.Activate(t, "Super+Space")
	wantFired(t, fired, "Super+Space")

	if _, err := c.Bind(nil); err != nil {
		t.Fatal(err)
	}
	if s := p.NextClose(t); s != b1.Session {
		t.Fatalf("closed %s; want %s", s, b1.Session)
	}
	// A new bind after that opens a new session.
	if _, err := c.Bind([]portal.Shortcut{a}); err != nil {
		t.Fatal(err)
	}
	if b4 := p.NextBind(t); b4.Session == b1.Session {
		t.Error("a bind after closing reused the closed session")
	}
	c.Close()
	p.NextClose(t)
	if _, err := c.Bind([]portal.Shortcut{a}); err == nil {
		t.Error("Bind after Close worked")
	}
}

// TestRefused: a cancelled or failed request is ErrRefused.
func TestRefused(t *testing.T) {
	portaltest.StartBus(t)
	p := portaltest.Start(t, portaltest.Options{})
	c, _ := client(t)
	for _, code := range []uint32{1, 2} {
		p.Answer(code)
		_, err := c.Bind([]portal.Shortcut{{ID: "F9", Description: "x", Trigger: "F9"}})
		if !errors.Is(err, portal.ErrRefused) {
			t.Errorf("response %d: %v; want ErrRefused", code, err)
		}
	}
}

// TestConfirmTimeout: a portal that never answers is ErrTimeout after
// ConfirmTimeout, and the request is closed (its dialog dismissed).
func TestConfirmTimeout(t *testing.T) {
	old := portal.ConfirmTimeout
	portal.ConfirmTimeout = 300 * time.Millisecond
	defer func() { portal.ConfirmTimeout = old }()
	portaltest.StartBus(t)
	p := portaltest.Start(t, portaltest.Options{})
	c, _ := client(t)
	p.Silent()
	start := time.Now()
	_, err := c.Bind([]portal.Shortcut{{ID: "F9", Description: "x"}})
	if !errors.Is(err, portal.ErrTimeout) {
		t.Fatalf("%v; want ErrTimeout", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
	select {
	case <-p.RequestClosed:
	case <-time.After(5 * time.Second):
		t.Error("the unanswered request was not closed")
	}
}

// TestUnavailable: no portal, or a portal without GlobalShortcuts, is
// ErrUnavailable.
func TestUnavailable(t *testing.T) {
	portaltest.StartBus(t)
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := portal.New(conn, nil); !errors.Is(err, portal.ErrUnavailable) {
		t.Errorf("no portal: %v", err)
	}
	portaltest.Start(t, portaltest.Options{NoGlobalShortcuts: true})
	if _, err := portal.New(conn, nil); !errors.Is(err, portal.ErrUnavailable) {
		t.Errorf("a portal without GlobalShortcuts: %v", err)
	}
}
