package gotonium

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/gotonium/gotonium/internal/engine"
)

// Keyboard shortcuts of a window, without a menu.

// accelerator is a parsed shortcut: the key's X keysym name and modifiers.
type accelerator struct {
	key  string
	mods engine.Modifiers
}

// String is the canonical form, such as "Ctrl+Shift+S".
func (a accelerator) String() string {
	var parts []string
	for _, m := range []struct {
		bit  engine.Modifiers
		name string
	}{{engine.ModCtrl, "Ctrl"}, {engine.ModAlt, "Alt"}, {engine.ModShift, "Shift"}, {engine.ModSuper, "Super"}} {
		if a.mods&m.bit != 0 {
			parts = append(parts, m.name)
		}
	}
	k := a.key
	if utf8.RuneCountInString(k) == 1 {
		k = strings.ToUpper(k)
	}
	return strings.Join(append(parts, k), "+")
}

// keyNames maps the names apps write to X keysym names.
var keyNames = map[string]string{
	"enter": "Return", "return": "Return", "esc": "Escape", "escape": "Escape", "space": "space", "tab": "Tab",
	"backspace": "BackSpace", "delete": "Delete", "del": "Delete", "insert": "Insert", "home": "Home", "end": "End",
	"pageup": "Page_Up", "pagedown": "Page_Down", "up": "Up", "down": "Down", "left": "Left", "right": "Right",
	"plus": "plus", "minus": "minus", "comma": "comma", "period": "period", "slash": "slash",
	"=": "equal", "-": "minus", ",": "comma", ".": "period", "/": "slash", ";": "semicolon", "'": "apostrophe",
	"[": "bracketleft", "]": "bracketright", "\\": "backslash", "`": "grave",
}

// parseAccelerator reads "Ctrl+S", "Ctrl+Shift+P", "Alt+F4", "F5",
// "CmdOrCtrl+Q" (Ctrl on Linux), "Super+Space". Names are case-insensitive.
// A shortcut needs Ctrl, Alt or Super, or is a function key (F1–F24), so
// that typing in the page keeps working.
func parseAccelerator(s string) (accelerator, error) {
	bad := func(why string) (accelerator, error) {
		return accelerator{}, fmt.Errorf("%w: shortcut %q: %s", ErrInvalidArgument, s, why)
	}
	parts := strings.Split(s, "+")
	if strings.HasSuffix(s, "++") || s == "+" { // "Ctrl++": the plus key
		parts = append(parts[:len(parts)-2], "plus")
	}
	var a accelerator
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			return bad("an empty part")
		}
		if i < len(parts)-1 {
			var m engine.Modifiers
			switch strings.ToLower(p) {
			case "ctrl", "control", "cmdorctrl", "commandorcontrol", "primary":
				m = engine.ModCtrl
			case "alt", "option":
				m = engine.ModAlt
			case "shift":
				m = engine.ModShift
			case "super", "meta", "cmd", "command", "win":
				m = engine.ModSuper
			default:
				return bad(fmt.Sprintf("%q is not a modifier (Ctrl, Alt, Shift, Super)", p))
			}
			if a.mods&m != 0 {
				return bad("a modifier twice")
			}
			a.mods |= m
			continue
		}
		switch lower := strings.ToLower(p); {
		case keyNames[lower] != "":
			a.key = keyNames[lower]
		case keyNames[p] != "":
			a.key = keyNames[p]
		case utf8.RuneCountInString(p) == 1:
			a.key = strings.ToLower(p)
		case len(lower) >= 2 && lower[0] == 'f' && isNumber(lower[1:]):
			n := 0
			fmt.Sscan(lower[1:], &n)
			if n < 1 || n > 24 {
				return bad("function keys are F1 to F24")
			}
			a.key = "F" + lower[1:]
		default:
			a.key = p // an X keysym name, such as "XF86AudioPlay"; the engine checks it
		}
	}
	if a.mods&(engine.ModCtrl|engine.ModAlt|engine.ModSuper) == 0 && !(len(a.key) >= 2 && a.key[0] == 'F' && isNumber(a.key[1:])) {
		return bad("needs Ctrl, Alt or Super (or is F1–F24), so that typing in the page keeps working")
	}
	return a, nil
}

func isNumber(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// shortcut is one registered shortcut of an instance.
type shortcut struct {
	accel accelerator
	fn    func()
}

// AddShortcut calls fn (on the pumping goroutine, like every app callback)
// when the user presses accelerator while the window has the focus, also
// while the page's inputs have it: "Ctrl+S", "Ctrl+Shift+P", "Alt+Enter",
// "F5". The shortcut takes the key press: the page does not see it. It
// needs Ctrl, Alt or Super, or is a function key, so that typing keeps
// working; a malformed or unknown key is ErrInvalidArgument, and so is a
// shortcut the instance has already (RemoveShortcut first) or an
// accelerator of its menu bar (SetMenuBar). Shortcuts added
// before the window opens apply when it opens, and to later windows.
func (p *Instance) AddShortcut(accelerator string, fn func()) error {
	if fn == nil {
		return fmt.Errorf("%w: AddShortcut(%q): nil func", ErrInvalidArgument, accelerator)
	}
	a, err := parseAccelerator(accelerator)
	if err != nil {
		return err
	}
	p.mu.Lock()
	for _, s := range p.shortcuts {
		if s.accel == a {
			p.mu.Unlock()
			return fmt.Errorf("%w: AddShortcut: %s is there already", ErrInvalidArgument, a)
		}
	}
	if label, ok := p.menuBarAccel(a); ok {
		p.mu.Unlock()
		return fmt.Errorf("%w: AddShortcut: %s is the accelerator of the menu bar's %q", ErrInvalidArgument, a, label)
	}
	p.shortcuts = append(p.shortcuts, shortcut{a, fn})
	p.shortcutsVersion++
	p.mu.Unlock()
	if err := p.syncShortcuts(); err != nil {
		p.mu.Lock()
		p.removeShortcutLocked(a)
		p.mu.Unlock()
		p.syncShortcuts()
		return fmt.Errorf("%w: shortcut %q: %v", ErrInvalidArgument, accelerator, err)
	}
	return nil
}

// syncShortcuts gives the open window the instance's shortcuts.
func (p *Instance) syncShortcuts() error {
	p.mu.Lock()
	list := p.shortcutKeysLocked()
	p.mu.Unlock()
	err := p.control("shortcuts", func(w engine.Window) error { return w.SetShortcuts(list) })
	if errors.Is(err, ErrNoBrowser) {
		return nil
	}
	return err
}

// RemoveShortcut removes a shortcut AddShortcut added; it returns
// ErrInvalidArgument when there is none.
func (p *Instance) RemoveShortcut(accelerator string) error {
	a, err := parseAccelerator(accelerator)
	if err != nil {
		return err
	}
	p.mu.Lock()
	found := p.removeShortcutLocked(a)
	p.shortcutsVersion++
	p.mu.Unlock()
	if !found {
		return fmt.Errorf("%w: RemoveShortcut: no shortcut %s", ErrInvalidArgument, a)
	}
	return p.syncShortcuts()
}

func (p *Instance) removeShortcutLocked(a accelerator) bool {
	for i, s := range p.shortcuts {
		if s.accel == a {
			p.shortcuts = append(p.shortcuts[:i:i], p.shortcuts[i+1:]...)
			return true
		}
	}
	return false
}

// Shortcut is an engine event: the user pressed a shortcut of the window.
func (b *browser) Shortcut(key string, mods engine.Modifiers) {
	p := b.inst
	a := accelerator{key, mods}
	p.mu.Lock()
	var fn func()
	for _, s := range p.shortcuts {
		if s.accel == a {
			fn = s.fn
		}
	}
	p.mu.Unlock()
	if fn != nil {
		callbacks.push(fn)
	}
}

// shortcutKeys lists the instance's shortcuts for a window's configuration;
// guarded by p.mu.
func (p *Instance) shortcutKeysLocked() []engine.Shortcut {
	out := make([]engine.Shortcut, len(p.shortcuts))
	for i, s := range p.shortcuts {
		out[i] = engine.Shortcut{Key: s.accel.key, Mods: s.accel.mods}
	}
	return out
}
