//go:build !fakeengine

package gotonium_test

import (
	"context"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/gotonium/gotonium/internal/sessionbus/bustest"
)

// privateSessionBus starts a D-Bus session bus of the test's own and points
// DBUS_SESSION_BUS_ADDRESS of the test process, and so of its children, at
// it; the bus stops when the test ends.
func privateSessionBus(t *testing.T) string { return bustest.Start(t) }

// busConn is a connection of the test's own to the bus at addr.
func busConn(t *testing.T, addr string) *dbus.Conn {
	t.Helper()
	c, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// waitForName waits until a name has an owner on the bus.
func waitForName(t *testing.T, c *dbus.Conn, name string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		var has bool
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := c.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, name).Store(&has)
		cancel()
		if err == nil && has {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("nobody owns %s on the test bus", name)
}
