package gotonium

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gotonium/gotonium/internal/engine"
	"github.com/gotonium/gotonium/internal/portal"
	"github.com/gotonium/gotonium/internal/sessionbus"
)

// Global shortcuts through the XDG desktop portal's GlobalShortcuts
// interface: the way on Wayland, where applications cannot grab keys.

var portalShortcuts struct {
	current atomic.Pointer[portal.Client] // nil until the first registration

	mu  sync.Mutex        // taken by binds, which may wait for the user
	set []portal.Shortcut // what the portal session holds, in order

	fnMu sync.Mutex
	fns  map[string]func() // by shortcut ID: what Activated runs (it queues the callback)
}

// portalTrigger is a in the XDG shortcuts spec's syntax, the portal's
// preferred_trigger: CTRL, ALT, SHIFT, LOGO and the xkb keysym name
// (X keysym names are xkb's), such as "CTRL+ALT+d".
func (a accelerator) portalTrigger() string {
	var parts []string
	for _, m := range []struct {
		bit  engine.Modifiers
		name string
	}{{engine.ModCtrl, "CTRL"}, {engine.ModAlt, "ALT"}, {engine.ModShift, "SHIFT"}, {engine.ModSuper, "LOGO"}} {
		if a.mods&m.bit != 0 {
			parts = append(parts, m.name)
		}
	}
	return strings.Join(append(parts, a.key), "+")
}

// portalClientLocked returns the portal client on the current session
// bus, making one when there is none or the bus connection changed (the
// old connection's session is gone, and with it its shortcuts). No bus or
// no GlobalShortcuts portal is ErrUnsupported. Under portalShortcuts.mu.
func portalClientLocked() (*portal.Client, error) {
	conn, err := sessionbus.Shared()
	if err != nil {
		return nil, err
	}
	ps := &portalShortcuts
	if c := ps.current.Load(); c != nil && c.Conn() == conn {
		return c, nil
	}
	if old := ps.current.Swap(nil); old != nil {
		old.Close()
	}
	ps.set = nil
	ps.fnMu.Lock()
	ps.fns = map[string]func(){}
	ps.fnMu.Unlock()
	c, err := portal.New(conn, portalActivated)
	if err != nil {
		return nil, err
	}
	ps.current.Store(c)
	return c, nil
}

// portalActivated runs the fired func (which queues the app's callback)
// of the shortcut the portal says the user pressed.
func portalActivated(id string) {
	ps := &portalShortcuts
	ps.fnMu.Lock()
	fired := ps.fns[id]
	ps.fnMu.Unlock()
	if fired != nil {
		fired()
	}
}

// bindPortalShortcut adds a to the portal session's shortcuts; the portal
// may ask the user. fired runs (on the pump) when the user presses it.
func bindPortalShortcut(a accelerator, fired func()) (release func(), err error) {
	ps := &portalShortcuts
	ps.mu.Lock()
	defer ps.mu.Unlock()
	c, err := portalClientLocked()
	if err != nil {
		return nil, fmt.Errorf("%w (global shortcut %s: no X11 key grabs, and %v)", ErrUnsupported, a, err)
	}
	s := portal.Shortcut{ID: a.String(), Description: "Global shortcut " + a.String(), Trigger: a.portalTrigger()}
	set := append(slices.Clone(ps.set), s)
	bound, err := c.Bind(set)
	switch {
	case errors.Is(err, portal.ErrRefused), errors.Is(err, portal.ErrTimeout):
		return nil, fmt.Errorf("%w: global shortcut %s: %v", ErrShortcutRefused, a, err)
	case err != nil:
		return nil, fmt.Errorf("gotonium: global shortcut %s: %w", a, err)
	}
	if bound != nil && !slices.Contains(bound, s.ID) {
		if _, err := c.Bind(ps.set); err != nil {
			log().Warn("gotonium: rebinding the global shortcuts", "err", err)
		}
		return nil, fmt.Errorf("%w: global shortcut %s: the desktop bound it to no key", ErrShortcutRefused, a)
	}
	ps.fnMu.Lock()
	defer ps.fnMu.Unlock()
	if ps.current.Load() != c { // Shutdown closed the session meanwhile
		return nil, fmt.Errorf("%w: global shortcut %s: Shutdown came first", ErrNotInitialized, a)
	}
	ps.set = set
	ps.fns[s.ID] = fired
	return func() { unbindPortalShortcut(c, s.ID) }, nil
}

// unbindPortalShortcut rebinds the session's shortcuts without id, or
// closes the session when none is left.
func unbindPortalShortcut(c *portal.Client, id string) {
	ps := &portalShortcuts
	ps.fnMu.Lock()
	if ps.current.Load() == c {
		delete(ps.fns, id) // it never fires again, whatever the portal says
	}
	ps.fnMu.Unlock()
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.current.Load() != c {
		return // that session is gone already
	}
	set := slices.DeleteFunc(slices.Clone(ps.set), func(s portal.Shortcut) bool { return s.ID == id })
	if _, err := c.Bind(set); err != nil {
		log().Warn("gotonium: rebinding the global shortcuts without one", "shortcut", id, "err", err)
	}
	ps.set = set
}

// closePortalShortcuts closes the portal session (Shutdown); a
// registration waiting for the user ends at once.
func closePortalShortcuts() {
	ps := &portalShortcuts
	if c := ps.current.Swap(nil); c != nil {
		c.Close()
	}
	ps.mu.Lock()
	ps.set = nil
	ps.mu.Unlock()
	ps.fnMu.Lock()
	ps.fns = nil
	ps.fnMu.Unlock()
}
