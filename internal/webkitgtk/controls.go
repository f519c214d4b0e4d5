package webkitgtk

/*
#include "webkitgtk.h"
*/
import "C"

import (
	"unsafe"

	"github.com/gotonium/gotonium/internal/engine"
)

func (w *window) gtkWindow() *C.GtkWindow { return (*C.GtkWindow)(unsafe.Pointer(w.win)) }

// control runs f on the GTK thread for an open, on-screen window.
func (w *window) control(f func()) error {
	var err error
	if e := call(func() {
		switch {
		case w.closed:
			err = engine.ErrClosed
		case w.offscreen:
			err = engine.ErrUnsupported
		default:
			f()
		}
	}); e != nil {
		return e
	}
	return err
}

func (w *window) Reload() error {
	var err error
	if e := call(func() {
		if w.closed {
			err = engine.ErrClosed
			return
		}
		C.webkit_web_view_reload(w.view)
	}); e != nil {
		return e
	}
	return err
}

func (w *window) TryClose() error {
	var err error
	if e := call(func() {
		if w.closed {
			err = engine.ErrClosed
			return
		}
		C.webkit_web_view_try_close(w.view)
	}); e != nil {
		return e
	}
	return err
}

func (w *window) Minimize() error { return w.control(func() { C.gtk_window_iconify(w.gtkWindow()) }) }
func (w *window) Maximize() error { return w.control(func() { C.gtk_window_maximize(w.gtkWindow()) }) }
func (w *window) Restore() error  { return w.control(func() { C.gtn_restore(w.win) }) }

func (w *window) IsMaximized() (bool, error) {
	var m bool
	err := w.control(func() { m = C.gtk_window_is_maximized(w.gtkWindow()) != 0 })
	return m, err
}

func (w *window) Position() (int, int, error) {
	var x, y C.gint
	err := w.control(func() { C.gtk_window_get_position(w.gtkWindow(), &x, &y) })
	return int(x), int(y), err
}

func (w *window) SetPosition(x, y int) error {
	if C.gtn_is_x11() == 0 {
		return engine.ErrUnsupported // Wayland does not let clients place windows
	}
	return w.control(func() { C.gtk_window_move(w.gtkWindow(), C.gint(x), C.gint(y)) })
}

func (w *window) Size() (int, int, error) {
	var width, height C.gint
	err := w.control(func() { C.gtk_window_get_size(w.gtkWindow(), &width, &height) })
	return int(width), int(height), err
}

func (w *window) SetSize(width, height int) error {
	return w.control(func() { C.gtk_window_resize(w.gtkWindow(), C.gint(width), C.gint(height)) })
}

func (w *window) BeginMove(button, x, y int, ts uint32) error {
	return w.control(func() {
		C.gtk_window_begin_move_drag(w.gtkWindow(), C.gint(button), C.gint(x), C.gint(y), C.guint32(ts))
	})
}

func (w *window) BeginResize(edge engine.Edge, button, x, y int, ts uint32) error {
	return w.control(func() { C.gtn_begin_resize(w.win, C.int(edge), C.int(button), C.int(x), C.int(y), C.guint32(ts)) })
}

func (w *window) NativeHandle() uint64 {
	var id uint64
	call(func() {
		if !w.closed && !w.offscreen {
			id = uint64(C.gtn_xid(w.win))
		}
	})
	return id
}
