// Package snitest is a test helper for the tray: a private dbus-daemon
// session bus and a StatusNotifierWatcher on it that records what
// registers.
package snitest

import (
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/gotonium/gotonium/internal/sessionbus/bustest"
)

// StartBus starts a private session bus for t (bustest.Start).
func StartBus(t testing.TB) string { return bustest.Start(t) }

// Connect opens a connection to the bus at DBUS_SESSION_BUS_ADDRESS, closed
// when t ends.
func Connect(t testing.TB) *dbus.Conn {
	t.Helper()
	c, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// Watcher owns org.kde.StatusNotifierWatcher on its own connection and
// sends the service of each RegisterStatusNotifierItem to Registered.
type Watcher struct {
	Conn       *dbus.Conn
	Registered chan string
	mu         sync.Mutex
	items      []string
}

// StartWatcher starts a watcher on the session bus; it goes away when t
// ends or Close is called.
func StartWatcher(t testing.TB) *Watcher {
	t.Helper()
	w := &Watcher{Conn: Connect(t), Registered: make(chan string, 16)}
	if err := w.Conn.Export(watcherMethods{w}, "/StatusNotifierWatcher", "org.kde.StatusNotifierWatcher"); err != nil {
		t.Fatal(err)
	}
	reply, err := w.Conn.RequestName("org.kde.StatusNotifierWatcher", dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("owning org.kde.StatusNotifierWatcher: %v %v", reply, err)
	}
	return w
}

// Close drops the watcher's connection and so its name.
func (w *Watcher) Close() { w.Conn.Close() }

// Items lists the services registered so far.
func (w *Watcher) Items() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.items...)
}

// Next waits for the next registration.
func (w *Watcher) Next(t testing.TB) string {
	t.Helper()
	select {
	case s := <-w.Registered:
		return s
	case <-time.After(10 * time.Second):
		t.Fatal("no RegisterStatusNotifierItem within 10s")
	}
	return ""
}

type watcherMethods struct{ w *Watcher }

func (m watcherMethods) RegisterStatusNotifierItem(service string) *dbus.Error {
	m.w.mu.Lock()
	m.w.items = append(m.w.items, service)
	m.w.mu.Unlock()
	m.w.Registered <- service
	return nil
}

func (m watcherMethods) RegisterStatusNotifierHost(service string) *dbus.Error { return nil }

// WaitNameGone waits until name has no owner on the bus.
func WaitNameGone(t testing.TB, c *dbus.Conn, name string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var has bool
		if err := c.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, name).Store(&has); err != nil {
			t.Fatal(err)
		}
		if !has {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s still has an owner after 10s", name)
}

// Signals subscribes c to the signals of iface and returns their channel.
func Signals(t testing.TB, c *dbus.Conn, iface string) chan *dbus.Signal {
	t.Helper()
	if err := c.AddMatchSignal(dbus.WithMatchInterface(iface)); err != nil {
		t.Fatal(err)
	}
	ch := make(chan *dbus.Signal, 64)
	c.Signal(ch)
	return ch
}

// WaitSignal waits for a signal named name (interface.member) on ch.
func WaitSignal(t testing.TB, ch chan *dbus.Signal, name string) *dbus.Signal {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case s := <-ch:
			if s.Name == name {
				return s
			}
		case <-timeout:
			t.Fatalf("no %s signal within 10s", name)
			return nil
		}
	}
}
