package webkitgtk

/*
#include <stdlib.h>
#include "webkitgtk.h"
*/
import "C"

import (
	"fmt"
	"os"
	"unsafe"

	"github.com/gotonium/gotonium/internal/engine"
)

// window is one GTK window holding one WebKitWebView. Its fields belong to the
// GTK thread.
type window struct {
	id      int
	ev      engine.Events
	win     *C.GtkWidget
	view    *C.WebKitWebView
	dataDir string
	ctx     *C.WebKitWebContext
	// sharedMode: opened with SharedProcess; shared: the view that later
	// shared views are related to.
	sharedMode, shared bool
	closed             bool
	offscreen          bool
	scripts            []string // the start scripts the core gave
	hasSchemes         bool     // media of custom schemes goes through the bridge
}

func (w *window) destroy() {
	if !w.closed {
		C.gtk_widget_destroy(w.win)
	}
}

func (w *window) LoadURL(url string) error {
	var err error
	if e := call(func() {
		if w.closed {
			err = engine.ErrClosed
			return
		}
		p, free := cstr(url)
		C.gtn_load_uri(w.view, p)
		free()
	}); e != nil {
		return e
	}
	return err
}

func (w *window) Eval(script string, done func(string, error)) {
	if !running.Load() {
		if done != nil {
			done("", engine.ErrStopped)
		}
		return
	}
	post(func() {
		if w.closed {
			if done != nil {
				done("", engine.ErrClosed)
			}
			return
		}
		var token C.long
		if done != nil {
			nextEval++
			token = nextEval
			evals[token] = done
		}
		p, free := cstr(script)
		C.gtn_eval(w.view, p, token)
		free()
	})
}

func (w *window) SetStartScripts(scripts []string) {
	run := func() {
		if !w.closed {
			w.setStartScripts(scripts)
		}
	}
	if onGTKThread() {
		run()
	} else if running.Load() {
		post(run)
	}
}

func (w *window) setStartScripts(scripts []string) {
	w.scripts = scripts
	C.gtn_clear_scripts(w.view)
	if w.hasSchemes {
		p, free := cstr(mediaScript(w.id))
		C.gtn_add_script(w.view, p)
		free()
	}
	for _, s := range scripts {
		p, free := cstr(s)
		C.gtn_add_script(w.view, p)
		free()
	}
}

func (w *window) SetFrameless(frameless bool) error {
	return call(func() {
		if !w.closed {
			C.gtk_window_set_decorated((*C.GtkWindow)(unsafe.Pointer(w.win)), cbool(!frameless))
		}
	})
}

func (w *window) SetIcon(path string) error {
	var err error
	if e := call(func() { err = w.setIcon(path) }); e != nil {
		return e
	}
	return err
}

func (w *window) setIcon(path string) error {
	if w.closed {
		return engine.ErrClosed
	}
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("icon: %w", err)
	}
	p, free := cstr(path)
	defer free()
	var msg *C.char
	if C.gtn_set_icon(w.win, p, &msg) == 0 {
		defer C.g_free(C.gpointer(msg))
		return fmt.Errorf("icon %s: %s", path, C.GoString(msg))
	}
	return nil
}

func (w *window) Close() {
	call(func() { w.destroy() })
}

func cbool(b bool) C.gboolean {
	if b {
		return 1
	}
	return 0
}
