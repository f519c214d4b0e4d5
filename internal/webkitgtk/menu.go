package webkitgtk

/*
#include "webkitgtk.h"

void gtn_menu_strip(WebKitContextMenu *menu);
void gtn_menu_append_separator(WebKitContextMenu *menu);
void gtn_menu_append(WebKitContextMenu *menu, int id, int index, const char *label, int kind, int checked);
WebKitContextMenu *gtn_menu_append_submenu(WebKitContextMenu *menu, const char *label);
void gtn_menu_append_line(WebKitContextMenu *menu);
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
func goContextMenu(id C.int, view *C.WebKitWebView, menu *C.WebKitContextMenu, x, y C.int, link, image, media *C.char, editable C.int) C.int {
	for wid := range menuEntries { // forget the menus of closed windows
		if windows[wid] == nil {
			delete(menuEntries, wid)
		}
	}
	w := windows[int(id)]
	if w == nil || w.offscreen {
		return 0
	}
	hit := engine.HitTest{X: int(x), Y: int(y), LinkURL: goStringOrEmpty(link), ImageURL: goStringOrEmpty(image),
		MediaURL: goStringOrEmpty(media), Editable: editable != 0}
	var m engine.Menu
	safely(func() { m = w.ev.ContextMenu(hit) })
	if m.Debug {
		C.gtn_menu_devtools(view, menu)
	} else {
		C.gtn_menu_strip(menu)
	}
	var acts []func()
	if len(m.Items) > 0 {
		C.gtn_menu_append_separator(menu)
	}
	appendMenu(menu, id, m.Items, false, &acts)
	menuEntries[w.id] = acts
	if C.webkit_context_menu_get_n_items(menu) == 0 {
		return 0
	}
	return 1
}

// appendMenu adds items to a context menu (and their submenus), numbering
// the ones that can be chosen in acts.
func appendMenu(menu *C.WebKitContextMenu, id C.int, items []engine.MenuItem, disabled bool, acts *[]func()) {
	for _, it := range items {
		if it.Separator {
			C.gtn_menu_append_line(menu)
			continue
		}
		p, free := cstr(menuLabel(it.Label))
		if it.Submenu != nil {
			sub := C.gtn_menu_append_submenu(menu, p)
			free()
			appendMenu(sub, id, it.Submenu, disabled || it.Disabled, acts)
			continue
		}
		index := -1
		if !disabled && !it.Disabled && it.Activate != nil {
			index = len(*acts)
			*acts = append(*acts, it.Activate)
		}
		kind, checked := 0, 0
		if it.Checked {
			checked = 1
		}
		if it.Check {
			kind = 1
		} else if it.Radio {
			kind = 2
		}
		C.gtn_menu_append(menu, id, C.int(index), p, C.int(kind), C.int(checked))
		free()
	}
}

func goStringOrEmpty(s *C.char) string {
	if s == nil {
		return ""
	}
	return C.GoString(s)
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
