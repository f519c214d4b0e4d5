package webkitgtk

/*
#include "webkitgtk.h"

void gtn_menu_strip(WebKitContextMenu *menu);
void gtn_menu_append_separator(WebKitContextMenu *menu);
void gtn_menu_append(WebKitContextMenu *menu, int id, int index, const char *label);
void gtn_menu_devtools(WebKitWebView *view, WebKitContextMenu *menu);
*/
import "C"

import (
	"strings"

	"github.com/gotonium/gotonium/internal/engine"
)

// menuEntries holds, per window id, the Activate funcs of the app entries
// of the window's last context menu; owned by the GTK thread.
var menuEntries = map[int][]func(){}

// goContextMenu fills the context menu WebKit is about to show for window id
// (see menu.c) and reports whether to show it (0: show nothing).
//
// Without debug, WebKit's items that do not edit or copy go (gtn_menu_strip),
// then a separator and the app's entries follow. With debug, all of WebKit's
// items stay and Inspect Element and Developer Tools come before the app's
// entries. Offscreen windows get no menu: a popup would show on the screen,
// away from where the app draws the page.
//
//export goContextMenu
func goContextMenu(id C.int, view *C.WebKitWebView, menu *C.WebKitContextMenu) C.int {
	for wid := range menuEntries { // forget the menus of closed windows
		if windows[wid] == nil {
			delete(menuEntries, wid)
		}
	}
	w := windows[int(id)]
	if w == nil || w.offscreen {
		return 0
	}
	var m engine.Menu
	safely(func() { m = w.ev.ContextMenu() })
	if m.Debug {
		C.gtn_menu_devtools(view, menu)
	} else {
		C.gtn_menu_strip(menu)
	}
	acts := make([]func(), 0, len(m.Items))
	for i, it := range m.Items {
		if i == 0 {
			C.gtn_menu_append_separator(menu)
		}
		p, free := cstr(menuLabel(it.Label))
		C.gtn_menu_append(menu, id, C.int(i), p)
		free()
		acts = append(acts, it.Activate)
	}
	menuEntries[w.id] = acts
	if C.webkit_context_menu_get_n_items(menu) == 0 {
		return 0
	}
	return 1
}

// goMenuActivate runs the Activate func of entry index of window id's menu.
//
//export goMenuActivate
func goMenuActivate(id, index C.int) {
	acts := menuEntries[int(id)]
	if int(index) >= len(acts) || acts[index] == nil || windows[int(id)] == nil {
		return
	}
	safely(acts[index])
}

// menuLabel escapes a label for GTK, which reads "_" as a mnemonic marker.
func menuLabel(s string) string { return strings.ReplaceAll(s, "_", "__") }
