package webkitgtk

/*
#include "webkitgtk.h"
*/
import "C"

import (
	"image"
	"time"
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

func (w *window) Reload(bypassCache bool) error {
	var err error
	if e := call(func() {
		switch {
		case w.closed:
			err = engine.ErrClosed
		case bypassCache:
			C.webkit_web_view_reload_bypass_cache(w.view)
		default:
			C.webkit_web_view_reload(w.view)
		}
	}); e != nil {
		return e
	}
	return err
}

// TryClose asks the page to close (its beforeunload handlers run). WebKit
// closes the page without them when the web process does not answer within
// 50 ms (WebPageProxy's tryCloseTimeoutDelay), which a busy machine exceeds;
// so the web process is woken first by a script round trip, and the close
// is asked for the moment it answers.
func (w *window) TryClose() error {
	return callErr(func() error {
		if w.closed {
			return engine.ErrClosed
		}
		w.eval("0", func(string, error) {
			if !w.closed {
				C.webkit_web_view_try_close(w.view)
			}
		})
		return nil
	})
}

func (w *window) Minimize() error { return w.control(func() { C.gtk_window_iconify(w.gtkWindow()) }) }
func (w *window) Maximize() error { return w.control(func() { C.gtk_window_maximize(w.gtkWindow()) }) }
func (w *window) Restore() error  { return w.control(func() { C.gtn_restore(w.win) }) }

func (w *window) IsMaximized() (bool, error) {
	var m bool
	err := w.control(func() { m = C.gtk_window_is_maximized(w.gtkWindow()) != 0 })
	return m, err
}

// Position and Size report the geometry last asked for until the window
// manager confirms it (a configure event shows it) or a second has passed;
// after that, the window's own. A window manager confirms a move and a
// resize separately and later: reading back what it confirmed so far made
// a position computed from a size (ResizeWindow's anchors) drift while
// calls came faster than confirmations.
func (w *window) Position() (int, int, error) {
	var x, y C.gint
	err := w.control(func() {
		if w.reqPos != nil && time.Since(w.reqPosAt) < requestTrust {
			x, y = C.gint(w.reqPos.X), C.gint(w.reqPos.Y)
			return
		}
		w.reqPos = nil
		C.gtk_window_get_position(w.gtkWindow(), &x, &y)
	})
	return int(x), int(y), err
}

func (w *window) SetPosition(x, y int) error {
	if C.gtn_is_x11() == 0 {
		return engine.ErrUnsupported // Wayland does not let clients place windows
	}
	return w.control(func() {
		C.gtk_window_move(w.gtkWindow(), C.gint(x), C.gint(y))
		w.reqPos, w.reqPosAt = &image.Point{x, y}, time.Now()
	})
}

func (w *window) Size() (int, int, error) {
	var width, height C.gint
	err := w.control(func() {
		if w.reqSize != nil && time.Since(w.reqSizeAt) < requestTrust {
			width, height = C.gint(w.reqSize.X), C.gint(w.reqSize.Y)
			return
		}
		w.reqSize = nil
		C.gtk_window_get_size(w.gtkWindow(), &width, &height)
	})
	return int(width), int(height), err
}

func (w *window) SetSize(width, height int) error {
	return w.control(func() {
		C.gtk_window_resize(w.gtkWindow(), C.gint(width), C.gint(height))
		if C.gtk_window_is_maximized(w.gtkWindow()) == 0 && C.gtn_is_fullscreen(w.win) == 0 {
			w.reqSize, w.reqSizeAt = &image.Point{width, height}, time.Now()
		}
	})
}

// requestTrust is how long Position and Size report a request the window
// manager has not confirmed.
const requestTrust = time.Second

//export goConfigure
func goConfigure(id C.int) {
	w := windows[int(id)]
	if w == nil || w.closed {
		return
	}
	defer w.reportGeometry()
	if w.reqPos != nil {
		var x, y C.gint
		C.gtk_window_get_position(w.gtkWindow(), &x, &y)
		if int(x) == w.reqPos.X && int(y) == w.reqPos.Y {
			w.reqPos = nil
		}
	}
	if w.reqSize != nil {
		var width, height C.gint
		C.gtk_window_get_size(w.gtkWindow(), &width, &height)
		if int(width) == w.reqSize.X && int(height) == w.reqSize.Y {
			w.reqSize = nil
		}
	}
}

// reportGeometry tells the core the window's geometry and state when they
// changed; GTK thread.
func (w *window) reportGeometry() {
	if w.offscreen || w.stage != stageOpen || C.gtk_widget_get_mapped(w.win) == 0 {
		return
	}
	var x, y, width, height C.gint
	C.gtk_window_get_position(w.gtkWindow(), &x, &y)
	C.gtk_window_get_size(w.gtkWindow(), &width, &height)
	g := engine.Geometry{X: int(x), Y: int(y), Width: int(width), Height: int(height),
		Maximized: C.gtk_window_is_maximized(w.gtkWindow()) != 0, Fullscreen: w.fullscreen || C.gtn_is_fullscreen(w.win) != 0}
	if g == w.lastGeometry {
		return
	}
	w.lastGeometry = g
	safely(func() { w.ev.Geometry(g) })
}

// BeginMove and BeginResize do nothing once the button is up again: a quick
// click on a drag region reaches here after its release, and a move begun
// then would leave the window manager (openbox) holding the pointer, the
// window following it, until the next click.
func (w *window) BeginMove(button, x, y int, ts uint32) error {
	return w.control(func() {
		if C.gtn_button_down(w.win, C.int(button)) != 0 {
			C.gtk_window_begin_move_drag(w.gtkWindow(), C.gint(button), C.gint(x), C.gint(y), C.guint32(ts))
		}
	})
}

func (w *window) BeginResize(edge engine.Edge, button, x, y int, ts uint32) error {
	return w.control(func() {
		if C.gtn_button_down(w.win, C.int(button)) != 0 {
			C.gtn_begin_resize(w.win, C.int(edge), C.int(button), C.int(x), C.int(y), C.guint32(ts))
		}
	})
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
