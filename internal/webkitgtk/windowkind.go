package webkitgtk

/*
#include <stdlib.h>
#include "webkitgtk.h"
#include "extras.h"
*/
import "C"

import (
	"errors"

	"github.com/gotonium/gotonium/internal/engine"
)

func (w *window) SetKind(kind engine.WindowKind) error {
	return w.control(func() {
		if C.gtk_widget_get_mapped(w.win) == 0 {
			C.gtn_set_kind(w.win, C.int(kind))
			return
		}
		// Window managers read the type when a window maps: map it again
		// where it was.
		var x, y C.gint
		C.gtk_window_get_position(w.gtkWindow(), &x, &y)
		C.gtk_widget_hide(w.win)
		C.gtn_set_kind(w.win, C.int(kind))
		C.gtk_window_move(w.gtkWindow(), x, y)
		C.gtk_widget_show(w.win)
	})
}

func (w *window) SetReserve(r engine.Reserve) error {
	if C.gtn_is_x11() == 0 {
		return engine.ErrUnsupported
	}
	return w.control(func() { C.gtn_set_reserve(w.win, C.int(r.Side), C.int(r.Size)) })
}

func (w *window) SetClickThrough(on bool) error {
	return w.control(func() { C.gtn_set_click_through(w.win, cbool(on)) })
}

func (w *window) SetParent(parent engine.Window, modal bool) error {
	pw, _ := parent.(*window)
	if parent != nil && pw == nil {
		return errors.New("the parent is not a window of this engine")
	}
	return w.control(func() {
		var p *C.GtkWindow
		if pw != nil && !pw.closed && !pw.offscreen {
			p = pw.gtkWindow()
		}
		C.gtk_window_set_transient_for(w.gtkWindow(), p)
		C.gtk_window_set_modal(w.gtkWindow(), cbool(modal && p != nil))
	})
}

// viewControl runs f for an open window, offscreen ones included.
func (w *window) viewControl(f func()) error {
	return callErr(func() error {
		if w.closed {
			return engine.ErrClosed
		}
		f()
		return nil
	})
}

func (w *window) SetZoom(level float64) error {
	return w.viewControl(func() { C.webkit_web_view_set_zoom_level(w.view, C.gdouble(level)) })
}

func (w *window) Zoom() (float64, error) {
	var z float64
	err := w.viewControl(func() { z = float64(C.webkit_web_view_get_zoom_level(w.view)) })
	return z, err
}

func (w *window) SetIcon(data []byte) error {
	return callErr(func() error {
		if w.closed {
			return engine.ErrClosed
		}
		return w.setIcon(data)
	})
}

func (w *window) setIcon(data []byte) error {
	if len(data) == 0 {
		return errors.New("icon: no image data")
	}
	p := C.CBytes(data)
	defer C.free(p)
	var msg *C.char
	if C.gtn_set_icon_data(w.win, p, C.size_t(len(data)), &msg) == 0 {
		defer C.g_free(C.gpointer(msg))
		return errors.New("icon: " + C.GoString(msg))
	}
	return nil
}

// printJob is a print under way; owned by the GTK thread.
type printJob struct {
	w      *window
	done   func(printed bool, err error)
	dialog *C.GtkWidget // while the print dialog shows
}

// Owned by the GTK thread.
var (
	prints    = map[int]*printJob{}
	nextPrint int
)

func (w *window) Print(job engine.PrintJob, done func(bool, error)) error {
	return callErr(func() error {
		if w.closed || w.stage != stageOpen {
			return engine.ErrClosed
		}
		w.print(C.webkit_print_operation_new(w.view), job, done)
		return nil
	})
}

// print starts op (taking its reference) as job says; GTK thread.
func (w *window) print(op *C.WebKitPrintOperation, job engine.PrintJob, done func(bool, error)) {
	nextPrint++
	j := &printJob{w: w, done: done}
	prints[nextPrint] = j
	if job.PDF != "" {
		p, free := cstr(job.PDF)
		C.gtn_print_pdf(op, p, C.int(nextPrint))
		free()
		return
	}
	j.dialog = C.gtn_print_dialog(op, w.parent(), C.int(nextPrint))
}

//export goPrintDone
func goPrintDone(token C.int, printed C.int, msg *C.char) {
	j := prints[int(token)]
	if j == nil {
		return
	}
	delete(prints, int(token))
	var err error
	if msg != nil {
		err = errors.New(C.GoString(msg))
	}
	safely(func() { j.done(printed != 0, err) })
}

//export goPrintDialogGone
func goPrintDialogGone(token C.int) {
	if j := prints[int(token)]; j != nil {
		j.dialog = nil
	}
}

//export goPagePrint
func goPagePrint(id C.int, op *C.WebKitPrintOperation) C.gboolean {
	w := windows[int(id)]
	if w == nil || w.closed || w.offscreen {
		return 1 // nobody to show a dialog to
	}
	C.g_object_ref(C.gpointer(op))
	w.print(op, engine.PrintJob{}, func(printed bool, err error) {
		if err != nil {
			logger.Warn("gotonium: window.print()", "error", err)
		}
	})
	return 1
}

// endPrints closes the print dialogs of a window that is going and tells
// the callers of its prints; GTK thread.
func (w *window) endPrints() {
	for token, j := range prints {
		if j.w != w {
			continue
		}
		delete(prints, token)
		if j.dialog != nil {
			C.gtn_print_dialog_end(j.dialog)
		}
		safely(func() { j.done(false, engine.ErrClosed) })
	}
}
