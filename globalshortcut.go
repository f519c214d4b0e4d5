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
// It starts the engine if it is not running. Errors: a malformed or unknown
// key, or one registered already by this process, is ErrInvalidArgument; a
// combination another application holds is ErrShortcutTaken; on Wayland,
// where applications cannot grab keys, ErrUnsupported (the GlobalShortcuts
// portal is not supported yet). Shutdown releases every global shortcut.
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
	case errors.Is(err, engine.ErrUnsupported):
		return fmt.Errorf("%w (global shortcut %s)", err, a)
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
// registered; one that is not registered is ErrInvalidArgument.
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
// (the engine releases the grabs itself).
func forgetGlobalShortcuts() {
	globalShortcuts.mu.Lock()
	globalShortcuts.keys = nil
	globalShortcuts.mu.Unlock()
}
