package webkitgtk

/*
#include <stdlib.h>
#include "webkitgtk.h"
*/
import "C"

import (
	"image"
	"time"
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
	// WebKit crashes when a view is destroyed in HTML fullscreen: closing
	// leaves fullscreen first and destroys on leave-fullscreen.
	fullscreen, wasFullscreen bool
	stage                     int      // of a staged close; past stageOpen, events stop
	scripts                   []string // the start scripts the core gave
	loadRequested             bool     // LoadURL ran and no load has started since
	hasSchemes                bool     // media of custom schemes goes through the bridge
	// Navigation policy (navigation.go): what actions told about URLs whose
	// responses are pending, the gesture of the last navigation, the URL the
	// app itself asked for, and the last address reported to the core.
	navInfo     map[string]navInfo
	lastGesture bool
	preapproved []string
	lastURI     string
	hiddenAt    *image.Point // where SetVisible(false) found the window
	// The geometry last asked for, until the window manager confirms it
	// (controls.go).
	reqPos, reqSize     *image.Point
	reqPosAt, reqSizeAt time.Time
	lastGeometry        engine.Geometry // last told to the core
}

// destroy closes the window; GTK thread. WebKit crashes when a view is
// destroyed in HTML fullscreen, and later too once it has been fullscreen
// (an IPC message reaches the freed view). Such a window closes in stages:
// leave fullscreen, load about:blank, let it settle, destroy; each stage has
// a time limit, so the window is gone within about two seconds.
//
// destroy may be called any number of times (CloseBrowser, the window
// manager, Stop): a close under way goes on through its stages; only advance
// moves it to the next one, and each stage's time limit fires only while
// that stage lasts.
func (w *window) destroy() {
	if w.closed || w.stage != stageOpen {
		return
	}
	w.reportGeometry() // the last state, for a window state the core saves
	w.advance()
}

// advance moves a close to its next stage; GTK thread.
func (w *window) advance() {
	if w.closed {
		return
	}
	switch {
	case w.fullscreen && w.stage < stageLeavingFullscreen:
		w.stage = stageLeavingFullscreen
		p, free := cstr("document.fullscreenElement && document.exitFullscreen()")
		C.gtn_eval(w.view, p, 0)
		free()
		C.gtk_window_unfullscreen((*C.GtkWindow)(unsafe.Pointer(w.win)))
		w.after(1000, w.advance) // goFullscreen advances sooner
	case w.wasFullscreen && w.stage < stageBlanking:
		w.stage = stageBlanking
		p, free := cstr("about:blank")
		C.gtn_load_uri(w.view, p)
		free()
		w.after(1000, w.finish) // goLoad calls blankLoaded sooner
	default:
		w.finish()
	}
}

// blankLoaded continues a staged close once about:blank has loaded: the
// view's web process is ended and the window destroyed once it is gone, so
// no late message from it reaches the destroyed view. A view whose process
// other windows share is hidden and kept instead (finish).
func (w *window) blankLoaded() {
	if w.stage != stageBlanking {
		return
	}
	w.stage = stageSettling
	if !w.sharedMode {
		C.webkit_web_view_terminate_web_process(w.view)
		w.after(1000, w.finish) // goCrashed calls finish sooner
		return
	}
	w.after(250, w.finish)
}

func (w *window) finish() {
	if w.closed {
		return
	}
	w.stage = stageDone
	if w.wasFullscreen && w.sharedMode {
		// Its web process is shared and cannot be ended, and destroying the
		// view still crashed 1 run in 8: hide it, blank, for good instead.
		C.gtk_widget_hide(w.win)
		parked = append(parked, w)
		goClosed(C.int(w.id))
		return
	}
	C.gtk_widget_destroy(w.win)
}

// parked are hidden windows that can never be destroyed safely (see finish);
// owned by the GTK thread.
var parked []*window

// The stages of closing a window that has been fullscreen.
const (
	stageOpen = iota
	stageLeavingFullscreen
	stageBlanking
	stageSettling
	stageDone
)

// after runs f on the GTK thread in ms milliseconds, if the window is still
// in the stage it is in now: a time limit of a stage that ended early does
// not cut the next stage short.
func (w *window) after(ms int, f func()) {
	stage := w.stage
	nextTimer++
	timers[nextTimer] = func() {
		if w.stage == stage && !w.closed {
			f()
		}
	}
	C.gtn_timeout(C.guint(ms), C.int(nextTimer))
}

// Owned by the GTK thread.
var (
	timers    = map[int]func(){}
	nextTimer int
)

//export goTimer
func goTimer(id C.int) {
	f := timers[int(id)]
	delete(timers, int(id))
	if f != nil {
		safely(f)
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
		w.loadRequested = true
		w.preapprove(url)
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
	post(func() { w.eval(script, done) })
}

// eval runs script in the page and calls done (if not nil) with the result,
// on the GTK thread.
func (w *window) eval(script string, done func(string, error)) {
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
		evals[token] = pendingEval{w, done}
	}
	p, free := cstr(script)
	C.gtn_eval(w.view, p, token)
	free()
}

// pendingEval is a script sent to a page whose result has not come back.
type pendingEval struct {
	w    *window
	done func(string, error)
}

// failEvals ends the scripts of w whose results have not come back with err:
// at a commit, when their page has gone (WebKit does not always answer for
// a page it swapped out: a result lost then would leave the caller waiting
// for good), and when the window is gone; GTK thread.
func (w *window) failEvals(err error) {
	for token, e := range evals {
		if e.w == w {
			delete(evals, token)
			safely(func() { e.done("", err) })
		}
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

// Close destroys the window and returns once it is gone (for a window in
// fullscreen, after it left fullscreen: at most about a second).
func (w *window) Close() {
	done := make(chan struct{})
	call(func() {
		if w.closed {
			close(done)
			return
		}
		closeWaiters[w.id] = append(closeWaiters[w.id], done)
		w.destroy()
	})
	<-done
}

// closeWaiters are the callers of Close waiting for a window to be gone;
// owned by the GTK thread.
var closeWaiters = map[int][]chan struct{}{}

//export goRequestClose
func goRequestClose(id C.int) C.gboolean {
	if w := windows[int(id)]; w != nil {
		w.destroy()
	}
	return 1 // handled: the window closes through destroy
}

func cbool(b bool) C.gboolean {
	if b {
		return 1
	}
	return 0
}
