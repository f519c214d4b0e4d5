package gotonium

import (
	"errors"
	"fmt"
	"sync"

	"github.com/gotonium/gotonium/internal/engine"
)

// Global shortcuts: keys that work whichever application has the focus.

// ErrShortcutTaken is returned by RegisterGlobalShortcut for a key
// combination that another application holds.
var ErrShortcutTaken = errors.New("gotonium: another application has this shortcut")

// ErrShortcutRefused is returned by RegisterGlobalShortcut on Wayland when
// the desktop's GlobalShortcuts portal did not grant the shortcut: the
// user cancelled its dialog, did not answer in time, or left the shortcut
// without a key.
var ErrShortcutRefused = errors.New("gotonium: the desktop did not grant the global shortcut")

var globalShortcuts struct {
	mu   sync.Mutex
	keys map[accelerator]func() // the release of each grab
}

// RegisterGlobalShortcut calls fn (on the pumping goroutine, like every app
// callback) when the user presses keys, whichever window of
// whichever application has the focus; the key press goes to fn only. The
// grammar is AddShortcut's: modifiers Ctrl (or CmdOrCtrl), Alt, Shift and
// Super joined by "+" to one key ("Ctrl+Alt+D", "Super+Space", "F9"),
// case-insensitive; a shortcut needs Ctrl, Alt or Super, or is a function
// key. Caps Lock and Num Lock do not matter.
//
// On X11 it grabs the keys. On Wayland, where applications cannot grab
// keys, it asks the desktop's GlobalShortcuts portal
// (org.freedesktop.portal.GlobalShortcuts) to bind the shortcut, with keys
// as the preferred trigger ("CTRL+ALT+d" in the XDG shortcuts syntax): the
// desktop may show the user a dialog to confirm or pick other keys, and
// RegisterGlobalShortcut waits for the answer up to two minutes (other
// registrations wait meanwhile; Shutdown ends the wait). Which keys fire
// fn is then the desktop's choice.
//
// It starts the engine if it is not running. Errors: a malformed or unknown
// key, or one registered already by this process, is ErrInvalidArgument; a
// combination another application holds is ErrShortcutTaken (X11); a
// portal that does not grant it (the user cancelled or did not answer) is
// ErrShortcutRefused; a display that cannot grab keys with no
// GlobalShortcuts portal on the session bus is ErrUnsupported. Shutdown
// releases every global shortcut.
func RegisterGlobalShortcut(keys string, fn func()) error {
	if fn == nil {
		return fmt.Errorf("%w: RegisterGlobalShortcut: fn is nil", ErrInvalidArgument)
	}
	a, err := parseAccelerator(keys)
	if err != nil {
		return err
	}
	globalShortcuts.mu.Lock()
	defer globalShortcuts.mu.Unlock()
	if _, dup := globalShortcuts.keys[a]; dup {
		return fmt.Errorf("%w: global shortcut %s is registered already", ErrInvalidArgument, a)
	}
	var release func()
	err = withEngine("global shortcut "+a.String(), func(e engine.Engine) (err error) {
		release, err = e.GrabGlobalKey(engine.Shortcut{Key: a.key, Mods: a.mods}, func() { callbacks.push(fn) })
		return err
	})
	switch {
	case errors.Is(err, engine.ErrTaken):
		return fmt.Errorf("gotonium: global shortcut %s: %w", a, ErrShortcutTaken)
	case errors.Is(err, engine.ErrUnsupported): // not X11: the portal
		release, err = bindPortalShortcut(a, func() { callbacks.push(fn) })
		if err != nil {
			return err
		}
	case errors.Is(err, engine.ErrUnknownKey):
		return fmt.Errorf("%w: global shortcut %s: %v", ErrInvalidArgument, a, err)
	case err != nil:
		return err
	}
	if globalShortcuts.keys == nil {
		globalShortcuts.keys = map[accelerator]func(){}
	}
	globalShortcuts.keys[a] = release
	return nil
}

// UnregisterGlobalShortcut releases a shortcut RegisterGlobalShortcut
// registered; one that is not registered is ErrInvalidArgument. On Wayland
// it binds the remaining shortcuts through the portal again, or closes the
// portal session when none is left.
func UnregisterGlobalShortcut(keys string) error {
	a, err := parseAccelerator(keys)
	if err != nil {
		return err
	}
	globalShortcuts.mu.Lock()
	release, ok := globalShortcuts.keys[a]
	delete(globalShortcuts.keys, a)
	globalShortcuts.mu.Unlock()
	if !ok {
		return fmt.Errorf("%w: global shortcut %s is not registered", ErrInvalidArgument, a)
	}
	release()
	return nil
}

// forgetGlobalShortcuts drops the registrations when the engine stops
// (the engine releases the grabs itself) and closes the portal session.
func forgetGlobalShortcuts() {
	closePortalShortcuts() // first: ends a registration waiting for the user
	globalShortcuts.mu.Lock()
	globalShortcuts.keys = nil
	globalShortcuts.mu.Unlock()
}
