package webkitgtk

/*
#include "webkitgtk.h"

GtkAccelGroup *gtn_menubar_begin(GtkWidget *window);
void gtn_menubar_end(GtkWidget *window, GtkWidget *bar);
GtkWidget *gtn_menubar_new(void);
GtkWidget *gtn_menubar_menu(GtkWidget *item, GtkAccelGroup *g);
void gtn_menubar_separator(GtkWidget *shell);
int gtn_shortcut_valid(const char *accel);
GtkWidget *gtn_menubar_item(GtkWidget *shell, int id, int index, const char *label, int kind, int checked,
                            int disabled, GtkWidget *radio_prev, GtkAccelGroup *g, const char *accel);
*/
import "C"

import (
	"fmt"

	"github.com/gotonium/gotonium/internal/engine"
)

// barEntries holds, per window id, the Activate funcs of the items of the
// window's menu bar; owned by the GTK thread.
var barEntries = map[int][]func(){}

func (w *window) SetMenuBar(items []engine.MenuItem) error {
	return callErr(func() error { return w.setMenuBar(items) })
}

// setMenuBar replaces the window's menu bar; GTK thread.
func (w *window) setMenuBar(items []engine.MenuItem) error {
	if w.closed {
		return engine.ErrClosed
	}
	if w.offscreen {
		return nil
	}
	if err := checkAccels(items); err != nil {
		return err
	}
	g := C.gtn_menubar_begin(w.win)
	var bar *C.GtkWidget
	var acts []func()
	if len(items) > 0 {
		bar = C.gtn_menubar_new()
		appendBar(bar, g, C.int(w.id), items, &acts)
	}
	C.gtn_menubar_end(w.win, bar)
	if len(acts) == 0 {
		delete(barEntries, w.id)
	} else {
		barEntries[w.id] = acts
	}
	return nil
}

func checkAccels(items []engine.MenuItem) error {
	for _, it := range items {
		if it.Accel.Key != "" {
			p, free := cstr(gtkAccelerator(it.Accel))
			ok := C.gtn_shortcut_valid(p) != 0
			free()
			if !ok {
				return fmt.Errorf("%q is not a key name", it.Accel.Key)
			}
		}
		if err := checkAccels(it.Submenu); err != nil {
			return err
		}
	}
	return nil
}

// appendBar adds items to shell (the bar or one of its menus), numbering
// the ones that call back in acts.
func appendBar(shell *C.GtkWidget, g *C.GtkAccelGroup, id C.int, items []engine.MenuItem, acts *[]func()) {
	var radioPrev *C.GtkWidget
	for _, it := range items {
		if it.Separator {
			C.gtn_menubar_separator(shell)
			radioPrev = nil
			continue
		}
		index := -1
		if it.Submenu == nil && it.Activate != nil {
			index = len(*acts)
			*acts = append(*acts, it.Activate)
		}
		kind, checked, disabled := 0, 0, 0
		if it.Check {
			kind = 1
		} else if it.Radio && it.Submenu == nil {
			kind = 2
		}
		if it.Checked {
			checked = 1
		}
		if it.Disabled {
			disabled = 1
		}
		accel := ""
		if it.Accel.Key != "" {
			accel = gtkAccelerator(it.Accel)
		}
		label, freeLabel := cstr(engine.UnderscoreMnemonics(it.Label))
		a, freeAccel := cstr(accel)
		prev := radioPrev
		if kind != 2 {
			prev = nil
		}
		item := C.gtn_menubar_item(shell, id, C.int(index), label, C.int(kind), C.int(checked), C.int(disabled), prev, g, a)
		freeLabel()
		freeAccel()
		if kind == 2 {
			radioPrev = item
		} else {
			radioPrev = nil
		}
		if it.Submenu != nil {
			appendBar(C.gtn_menubar_menu(item, g), g, id, it.Submenu, acts)
		}
	}
}

// goMenuBarActivate runs the Activate func of item index of window id's
// menu bar.
//
//export goMenuBarActivate
func goMenuBarActivate(id, index C.int) {
	acts := barEntries[int(id)]
	w := windows[int(id)]
	if int(index) >= len(acts) || acts[index] == nil || w == nil || w.closed {
		return
	}
	safely(acts[index])
}
