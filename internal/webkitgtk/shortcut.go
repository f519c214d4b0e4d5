package webkitgtk

/*
#include "webkitgtk.h"
*/
import "C"

import (
	"fmt"

	"github.com/gotonium/gotonium/internal/engine"
)

// Owned by the GTK thread: what each connected accelerator stands for.
var (
	shortcutTokens = map[int]shortcutToken{}
	nextShortcut   int
)

type shortcutToken struct {
	w *window
	s engine.Shortcut
}

// gtkAccelerator writes s as GTK writes accelerators: "<Control><Shift>s".
func gtkAccelerator(s engine.Shortcut) string {
	var a string
	for _, m := range []struct {
		bit  engine.Modifiers
		name string
	}{{engine.ModCtrl, "<Control>"}, {engine.ModAlt, "<Alt>"}, {engine.ModShift, "<Shift>"}, {engine.ModSuper, "<Super>"}} {
		if s.Mods&m.bit != 0 {
			a += m.name
		}
	}
	return a + s.Key
}

func (w *window) SetShortcuts(list []engine.Shortcut) error {
	return callErr(func() error { return w.setShortcuts(list) })
}

// setShortcuts replaces the window's shortcuts; GTK thread.
func (w *window) setShortcuts(list []engine.Shortcut) error {
	if w.closed {
		return engine.ErrClosed
	}
	if w.offscreen {
		return nil // no keyboard reaches it but SendKey's
	}
	for _, s := range list {
		p, free := cstr(gtkAccelerator(s))
		ok := C.gtn_shortcut_valid(p) != 0
		free()
		if !ok {
			return fmt.Errorf("%q is not a key name", s.Key)
		}
	}
	C.gtn_shortcuts_clear(w.win)
	for t, st := range shortcutTokens {
		if st.w == w {
			delete(shortcutTokens, t)
		}
	}
	for _, s := range list {
		nextShortcut++
		shortcutTokens[nextShortcut] = shortcutToken{w, s}
		p, free := cstr(gtkAccelerator(s))
		C.gtn_shortcut_add(w.win, p, C.int(nextShortcut))
		free()
	}
	return nil
}

//export goShortcut
func goShortcut(token C.int) {
	st, ok := shortcutTokens[int(token)]
	if !ok || st.w.closed || st.w.stage != stageOpen {
		return
	}
	safely(func() { st.w.ev.Shortcut(st.s.Key, st.s.Mods) })
}
