// Package sessionbus connects to the user's D-Bus session bus without ever
// starting one: gotonium's desktop services (notifications, single
// instance) share one connection from here.
package sessionbus

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"
)

// ErrNoBus: there is no session bus to talk to (no address, nothing
// listening, or a bus that does not answer).
var ErrNoBus = errors.New("no D-Bus session bus")

// ConnectTimeout bounds connecting and authenticating, so that a bus that
// accepts but never answers is an error, not a hang.
var ConnectTimeout = 5 * time.Second

// Address is the session bus address: $DBUS_SESSION_BUS_ADDRESS, or
// $XDG_RUNTIME_DIR/bus when that socket exists. Unlike godbus it never runs
// dbus-launch and never changes the environment.
func Address() (string, error) {
	if a := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); a != "" && a != "autolaunch:" {
		return a, nil
	}
	if dir := os.Getenv("XDG_RUNTIME_DIR"); dir != "" {
		p := filepath.Join(dir, "bus")
		if fi, err := os.Stat(p); err == nil && fi.Mode()&os.ModeSocket != 0 {
			return "unix:path=" + p, nil
		}
	}
	return "", fmt.Errorf("%w: DBUS_SESSION_BUS_ADDRESS is not set and $XDG_RUNTIME_DIR/bus does not exist", ErrNoBus)
}

var shared struct {
	mu   sync.Mutex
	conn *dbus.Conn
	addr string
}

// Shared returns the process's connection to the session bus, connecting
// on first use, and again when the connection was lost or the address in
// the environment changed. A new connection has a new unique name: callers
// that keep state on the bus compare the *dbus.Conn they got before.
func Shared() (*dbus.Conn, error) {
	addr, err := Address()
	if err != nil {
		return nil, err
	}
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.conn != nil && shared.conn.Connected() && shared.addr == addr {
		return shared.conn, nil
	}
	if shared.conn != nil && shared.addr != addr {
		shared.conn.Close()
	}
	shared.conn = nil
	c, err := connect(addr)
	if err != nil {
		return nil, err
	}
	shared.conn, shared.addr = c, addr
	return c, nil
}

// connect dials, authenticates and says Hello within ConnectTimeout.
func connect(addr string) (*dbus.Conn, error) {
	type result struct {
		c   *dbus.Conn
		err error
	}
	done := make(chan result, 1)
	var mu sync.Mutex
	var dialled *dbus.Conn
	abandoned := false
	go func() {
		c, err := dbus.Dial(addr)
		if err == nil {
			mu.Lock()
			dialled = c
			gone := abandoned
			mu.Unlock()
			if gone {
				c.Close()
				return
			}
			if err = c.Auth(nil); err == nil {
				err = c.Hello()
			}
			if err != nil {
				c.Close()
			}
		}
		done <- result{c, err}
	}()
	select {
	case r := <-done:
		if r.err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrNoBus, addr, r.err)
		}
		return r.c, nil
	case <-time.After(ConnectTimeout):
		mu.Lock()
		abandoned = true
		if dialled != nil {
			dialled.Close() // unblocks Auth or Hello
		}
		mu.Unlock()
		return nil, fmt.Errorf("%w: %s did not answer within %v", ErrNoBus, addr, ConnectTimeout)
	}
}
