package webkitgtk

/*
#include "webkitgtk.h"
*/
import "C"

import (
	"image"

	"github.com/gotonium/gotonium/internal/engine"
)

func (w *window) SetTitle(title string) error {
	return w.control(func() {
		p, free := cstr(title)
		C.gtn_set_title(w.win, w.view, p)
		free()
	})
}

func (w *window) Title() (string, error) {
	var t string
	err := w.control(func() {
		if c := C.gtk_window_get_title(w.gtkWindow()); c != nil {
			t = C.GoString(c)
		}
	})
	return t, err
}

func (w *window) Center() error {
	if C.gtn_is_x11() == 0 {
		return engine.ErrUnsupported
	}
	return w.control(func() { C.gtn_center(w.win) })
}

func (w *window) Focus() error { return w.control(func() { C.gtn_focus(w.win) }) }

func (w *window) SetVisible(visible bool) error {
	return w.control(func() {
		switch shown := C.gtk_widget_get_visible(w.win) != 0; {
		case visible && !shown:
			if w.hiddenAt != nil && C.gtn_is_x11() != 0 {
				// Put it back where it was: a window manager places a
				// window shown anew as it likes.
				C.gtk_window_move(w.gtkWindow(), C.gint(w.hiddenAt.X), C.gint(w.hiddenAt.Y))
			}
			w.hiddenAt = nil
			C.gtk_widget_show(w.win)
		case !visible && shown:
			var x, y C.gint
			C.gtk_window_get_position(w.gtkWindow(), &x, &y)
			w.hiddenAt = &image.Point{int(x), int(y)}
			C.gtk_widget_hide(w.win)
		}
	})
}

func (w *window) IsVisible() (bool, error) {
	var v bool
	err := w.control(func() { v = C.gtk_widget_get_visible(w.win) != 0 })
	return v, err
}

func (w *window) SetSizeLimits(minW, minH, maxW, maxH int) error {
	return w.control(func() { C.gtn_size_limits(w.win, C.int(minW), C.int(minH), C.int(maxW), C.int(maxH)) })
}

func (w *window) SetResizable(resizable bool) error {
	return w.control(func() { C.gtk_window_set_resizable(w.gtkWindow(), cbool(resizable)) })
}

func (w *window) SetAlwaysOnTop(on bool) error {
	return w.control(func() { C.gtk_window_set_keep_above(w.gtkWindow(), cbool(on)) })
}

func (w *window) SetSkipTaskbar(skip bool) error {
	return w.control(func() {
		C.gtk_window_set_skip_taskbar_hint(w.gtkWindow(), cbool(skip))
		C.gtk_window_set_skip_pager_hint(w.gtkWindow(), cbool(skip))
	})
}

func (w *window) SetFullscreen(on bool) error {
	return w.control(func() {
		if on {
			C.gtk_window_fullscreen(w.gtkWindow())
		} else {
			C.gtk_window_unfullscreen(w.gtkWindow())
		}
	})
}

func (w *window) IsFullscreen() (bool, error) {
	var f bool
	err := w.control(func() { f = w.fullscreen || C.gtn_is_fullscreen(w.win) != 0 })
	return f, err
}

func (w *window) Screen() (int, error) {
	var i int
	err := w.control(func() { i = int(C.gtn_monitor_of(w.win)) })
	return i, err
}

// Screens lists the display's monitors; GTK thread work.
func (Engine) Screens() ([]engine.Screen, error) {
	var out []engine.Screen
	err := call(func() {
		n := int(C.gtn_n_monitors())
		for i := 0; i < n; i++ {
			var g, wa C.GdkRectangle
			var scale, primary C.int
			var name *C.char
			C.gtn_monitor(C.int(i), &g, &wa, &scale, &primary, &name)
			s := engine.Screen{
				Bounds:   image.Rect(int(g.x), int(g.y), int(g.x+g.width), int(g.y+g.height)),
				WorkArea: image.Rect(int(wa.x), int(wa.y), int(wa.x+wa.width), int(wa.y+wa.height)),
				Scale:    float64(scale),
				Primary:  primary != 0,
			}
			if name != nil {
				s.Name = C.GoString(name)
			}
			out = append(out, s)
		}
	})
	return out, err
}

// applyProps gives a new window the properties the core keeps for it,
// before it is shown; GTK thread.
func (w *window) applyProps(p engine.WindowProps) {
	if p.Position != nil && C.gtn_is_x11() != 0 {
		C.gtk_window_move(w.gtkWindow(), C.gint(p.Position.X), C.gint(p.Position.Y))
	}
	if p.Title != "" {
		w.SetTitle(p.Title)
	}
	if p.MinWidth|p.MinHeight|p.MaxWidth|p.MaxHeight != 0 {
		w.SetSizeLimits(p.MinWidth, p.MinHeight, p.MaxWidth, p.MaxHeight)
	}
	if p.NotResizable {
		w.SetResizable(false)
	}
	if p.AlwaysOnTop {
		w.SetAlwaysOnTop(true)
	}
	if p.SkipTaskbar {
		w.SetSkipTaskbar(true)
	}
	if p.Fullscreen {
		w.SetFullscreen(true)
	}
	if p.Maximized {
		C.gtk_window_maximize(w.gtkWindow())
	}
	if p.Kind != engine.KindNormal {
		w.SetKind(p.Kind)
	}
	if p.Reserve.Size > 0 {
		w.SetReserve(p.Reserve)
	}
	if p.ClickThrough {
		w.SetClickThrough(true)
	}
}
