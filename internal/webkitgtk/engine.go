// Package webkitgtk is gotonium's engine for Linux: WebKitGTK 4.1 and GTK 3
// through cgo. It is the only package with cgo.
//
// GTK runs on one locked OS thread started by the first Start and kept for the
// life of the process (GTK cannot be initialised twice). Other goroutines hand
// work to it through a queue drained by one idle callback at a time; never
// g_main_context_invoke, which may run the work on the calling thread.
package webkitgtk

/*
#cgo pkg-config: webkit2gtk-4.1 gtk+-3.0 gtk+-unix-print-3.0 gio-unix-2.0 x11
#include <stdlib.h>
#include "webkitgtk.h"
#include "extras.h"
*/
import "C"

import (
	"errors"
	"io"
	"log/slog"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"unsafe"

	"github.com/gotonium/gotonium/internal/engine"
)

// Engine is the WebKitGTK engine. All Engine values share the process's one
// GTK thread.
type Engine struct{}

// New returns the WebKitGTK engine.
func New() engine.Engine { return Engine{} }

var (
	gtkTID  atomic.Int64 // thread id of the GTK thread, 0 before it runs
	running atomic.Bool  // between Start and Stop

	startMu sync.Mutex
	logger  = slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.Level(100)}))

	qmu       sync.Mutex
	queue     []func()
	scheduled bool

	// Owned by the GTK thread.
	windows  = map[int]*window{}
	nextID   int
	contexts = map[string]*C.WebKitWebContext{}
	shared   = map[string]*window{} // per data dir, the window new shared views relate to
	evals    = map[C.long]pendingEval{}
	nextEval C.long
)

// Start starts the GTK thread (once per process) and marks the engine running.
func (Engine) Start(cfg engine.Config) error {
	startMu.Lock()
	defer startMu.Unlock()
	if cfg.Logger != nil {
		logger = cfg.Logger
	}
	if running.Load() {
		return nil
	}
	if gtkTID.Load() == 0 {
		// Views are made controlled by automation or not for good: the
		// setting of the first start holds for the process.
		automation = cfg.Automation
		ok := make(chan bool)
		go gtkThread(ok, cfg.AppID)
		if !<-ok {
			return engine.ErrNoDisplay
		}
	}
	running.Store(true)
	return nil
}

func gtkThread(ok chan<- bool, appID string) {
	runtime.LockOSThread() // never unlocked: the thread belongs to GTK for good
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		ok <- false
		return
	}
	// The DMA-BUF renderer costs ~30 MB per web process and shows blank windows
	// on some GPUs; an explicit setting by the app wins. Automation keeps it:
	// without it WebKit (2.50) never answers a WebDriver screenshot, in its
	// own MiniBrowser too.
	if v, set := os.LookupEnv("WEBKIT_DISABLE_DMABUF_RENDERER"); set && v != "0" && automation != nil {
		logger.Warn("gotonium: WEBKIT_DISABLE_DMABUF_RENDERER is set: WebDriver screenshots will not answer")
	}
	if _, set := os.LookupEnv("WEBKIT_DISABLE_DMABUF_RENDERER"); !set && automation == nil {
		os.Setenv("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
	}
	C.gtn_gc_signal()
	if appID != "" {
		// WM_CLASS is prgname and the program class; WebKit's default data
		// and cache folders are named after prgname.
		p, free := cstr(appID)
		defer free()
		C.g_set_prgname(p)
	}
	if C.gtn_init() == 0 {
		ok <- false
		return
	}
	if appID != "" { // after gtk_init, which sets the class from prgname, capitalised
		p, free := cstr(appID)
		C.gdk_set_program_class(p)
		free()
	}
	gtkTID.Store(int64(syscall.Gettid()))
	ok <- true
	C.gtn_main()
}

// Stop closes any window still open and frees the web contexts.
func (Engine) Stop() {
	if !running.Load() {
		return
	}
	call(func() {
		releaseGlobalKeys()
		releaseAutomation()
		for _, w := range windows {
			w.destroy()
		}
		for dir, ctx := range contexts {
			C.g_object_unref(C.gpointer(ctx))
			delete(contexts, dir)
			delete(registered, ctx)
		}
	})
	running.Store(false)
}

func onGTKThread() bool { return int64(syscall.Gettid()) == gtkTID.Load() }

// post queues f to run on the GTK thread, after everything posted before it.
func post(f func()) {
	qmu.Lock()
	queue = append(queue, f)
	schedule := !scheduled
	scheduled = true
	qmu.Unlock()
	if schedule {
		C.gtn_schedule()
	}
}

// call runs f on the GTK thread and waits for it; inline when already there.
func call(f func()) error {
	if !running.Load() {
		return engine.ErrStopped
	}
	if onGTKThread() {
		f()
		return nil
	}
	done := make(chan struct{})
	post(func() {
		defer close(done)
		f()
	})
	<-done
	return nil
}

// callErr runs f on the GTK thread as call does and returns f's error.
func callErr(f func() error) error {
	var err error
	if e := call(func() { err = f() }); e != nil {
		return e
	}
	return err
}

//export goDrain
func goDrain() {
	qmu.Lock()
	q := queue
	queue = nil
	scheduled = false
	qmu.Unlock()
	for _, f := range q {
		safely(f)
	}
}

// safely runs f and logs a panic instead of unwinding into C.
func safely(f func()) {
	defer func() {
		if r := recover(); r != nil {
			logger.Error("gotonium: panic on the GTK thread", "panic", r)
		}
	}()
	f()
}

func cstr(s string) (*C.char, func()) {
	p := C.CString(s)
	return p, func() { C.free(unsafe.Pointer(p)) }
}

// webContext returns the web context for a data directory ("" for WebKit's
// default locations), creating it once. WebKit's own default context is never
// used: an exit handler destroys it off the GTK thread, which aborts a process
// that exits through C's exit() (as binaries built with -race do).
func webContext(dir string) *C.WebKitWebContext {
	if ctx, ok := contexts[dir]; ok {
		return ctx
	}
	var ctx *C.WebKitWebContext
	if dir == "" {
		ctx = C.webkit_web_context_new()
	} else {
		p, free := cstr(dir)
		ctx = C.gtn_context_new(p)
		free()
	}
	C.gtn_download_connect(ctx)
	automateContext(ctx)
	contexts[dir] = ctx
	return ctx
}

// NewWindow opens a window on the GTK thread.
func (Engine) NewWindow(cfg engine.WindowConfig, ev engine.Events) (engine.Window, error) {
	var w *window
	var err error
	if e := call(func() { w, err = open(cfg, ev) }); e != nil {
		return nil, e
	}
	return w, err
}

func open(cfg engine.WindowConfig, ev engine.Events) (*window, error) {
	nextID++
	w := &window{id: nextID, ev: ev, dataDir: cfg.DataDir, sharedMode: cfg.SharedProcess, navInfo: map[string]navInfo{}}
	var related *C.WebKitWebView
	if cfg.SharedProcess {
		if s := shared[cfg.DataDir]; s != nil {
			related = s.view
		}
	}
	w.ctx = webContext(cfg.DataDir)
	registerScheme(w.ctx, engine.BlobScheme) // no media bridge: not the app's
	for _, s := range cfg.Schemes {
		registerScheme(w.ctx, s)
	}
	if len(cfg.Schemes) > 0 {
		w.enableMedia()
	}
	w.view = C.gtn_view_new(C.int(w.id), w.ctx, related, C.int(cbool(automated(w.ctx))))
	C.gtn_print_connect(w.view, C.int(w.id))
	C.gtn_filedrop_connect(w.view, C.int(w.id))
	C.gtn_page_notify_connect(w.view, C.int(w.id))
	C.gtn_view_set_id(w.view, C.int(w.id))
	w.setStartScripts(cfg.StartScripts)
	if cfg.SharedProcess && related == nil {
		shared[cfg.DataDir] = w
		w.shared = true
	}
	frameless := C.int(0)
	if cfg.Frameless {
		frameless = 1
	}
	windows[w.id] = w
	if cfg.Offscreen {
		w.offscreen = true
		w.win = C.gtn_offscreen_window_new(C.int(w.id), w.view, C.int(cfg.Width), C.int(cfg.Height), cbool(cfg.Transparent))
	} else {
		w.win = C.gtn_window_new(C.int(w.id), w.view, C.int(cfg.Width), C.int(cfg.Height), frameless)
	}
	if cfg.Icon != nil {
		if err := w.setIcon(cfg.Icon); err != nil {
			w.destroy()
			return nil, err
		}
	}
	if z := cfg.Props.Zoom; z != 0 && z != 1 {
		C.webkit_web_view_set_zoom_level(w.view, C.gdouble(z))
	}
	if !cfg.Offscreen {
		w.applyProps(cfg.Props)
		if err := w.setShortcuts(cfg.Shortcuts); err != nil {
			logger.Warn("gotonium: shortcuts left out", "error", err)
		}
		if len(cfg.MenuBar) > 0 {
			if err := w.setMenuBar(cfg.MenuBar); err != nil {
				logger.Warn("gotonium: menu bar left out", "error", err)
			}
		}
		C.gtn_window_show(w.win, cbool(!cfg.Props.Hidden))
	}
	u, free := cstr(cfg.URL)
	w.preapprove(cfg.URL)
	C.gtn_load_uri(w.view, u)
	free()
	return w, nil
}

//export goLoad
func goLoad(id C.int, ev C.int) {
	w := windows[int(id)]
	if w != nil && engine.LoadEvent(ev) == engine.LoadStarted {
		w.loadRequested = false
	}
	switch {
	case w == nil:
	case w.stage != stageOpen: // closing
		if engine.LoadEvent(ev) == engine.LoadFinished {
			w.blankLoaded()
		}
	default:
		if engine.LoadEvent(ev) == engine.LoadStarted {
			w.pullStartScripts() // again at the response, for what changes meanwhile
		}
		if engine.LoadEvent(ev) == engine.LoadCommitted {
			w.failEvals(engine.ErrPageChanged)
			// The core takes the address reported before a commit as the
			// committed page's.
			if u := C.webkit_web_view_get_uri(w.view); u != nil {
				w.reportURI(C.GoString(u))
			}
		}
		safely(func() { w.ev.Load(engine.LoadEvent(ev)) })
	}
}

// reportURI tells the core the main frame's address when it changed; GTK thread.
func (w *window) reportURI(u string) {
	if u == w.lastURI {
		return
	}
	w.lastURI = u
	safely(func() { w.ev.URI(u) })
}

//export goClosed
func goClosed(id C.int) {
	w := windows[int(id)]
	if w == nil {
		return
	}
	delete(windows, w.id)
	media.events.Delete(w.id)
	for t, st := range shortcutTokens {
		if st.w == w {
			delete(shortcutTokens, t)
		}
	}
	w.closed = true
	w.endDialogs()
	w.endPrints()
	w.failEvals(engine.ErrClosed)
	defer func() {
		for _, ch := range closeWaiters[w.id] {
			close(ch)
		}
		delete(closeWaiters, w.id)
	}()
	if w.shared {
		delete(shared, w.dataDir)
		for _, o := range windows { // hand the role on to a live shared view
			if o.dataDir == w.dataDir && o.sharedMode {
				shared[w.dataDir] = o
				o.shared = true
				break
			}
		}
	}
	safely(w.ev.Closed)
}

//export goTitle
func goTitle(id C.int, title *C.char) {
	if w := windows[int(id)]; w != nil && w.stage == stageOpen {
		t := C.GoString(title)
		safely(func() { w.ev.Title(t) })
	}
}

//export goIsLoading
func goIsLoading(id C.int, loading C.int) {
	w := windows[int(id)]
	if w == nil || loading != 0 || !w.loadRequested || w.stage != stageOpen {
		return
	}
	// LoadURL asked for a load, and WebKit stopped loading without one: the
	// URL differed only in its fragment. Report it as a (finished) load so
	// that whoever waits for the load goes on.
	w.loadRequested = false
	safely(func() {
		w.ev.Load(engine.LoadStarted)
		w.ev.Load(engine.LoadFinished)
	})
}

//export goURI
func goURI(id C.int, uri *C.char) {
	if w := windows[int(id)]; w != nil && w.stage == stageOpen {
		w.reportURI(C.GoString(uri))
	}
}

//export goFullscreen
func goFullscreen(id C.int, on C.int) {
	if w := windows[int(id)]; w != nil {
		w.fullscreen = on != 0
		w.wasFullscreen = w.wasFullscreen || w.fullscreen
		if w.stage != stageOpen {
			if !w.fullscreen && w.stage == stageLeavingFullscreen {
				post(func() { // the close that waited for fullscreen to end
					if w.stage == stageLeavingFullscreen {
						w.advance()
					}
				})
			}
			return
		}
		safely(func() { w.ev.Fullscreen(on != 0) })
	}
}

//export goCrashed
func goCrashed(id C.int, reason C.int) {
	if w := windows[int(id)]; w != nil && w.stage == stageSettling {
		post(w.finish) // the web process ended for a staged close
		return
	}
	if w := windows[int(id)]; w != nil && w.stage == stageOpen {
		r := [...]string{"crashed", "memory", "terminated"}[reason]
		safely(func() { w.ev.Crashed(r) })
	}
}

//export goMessage
func goMessage(id C.int, body *C.char, r *C.gtn_reply) {
	w := windows[int(id)]
	rep := &reply{r: r}
	if w == nil {
		rep.Fail("window closed")
		return
	}
	msg := C.GoString(body)
	safely(func() { w.ev.Message(msg, rep) })
}

//export goEvalDone
func goEvalDone(token C.long, result *C.char, errText *C.char) {
	e, ok := evals[token]
	delete(evals, token)
	if !ok {
		return // failed already: its page or window went
	}
	done := e.done
	if errText != nil {
		err := evalError(C.GoString(errText))
		safely(func() { done("", err) })
		return
	}
	res := C.GoString(result)
	safely(func() { done(res, nil) })
}

// evalError turns the text of WebKit's error for a script into an error:
// the ones WebKit gives when the script's page went away before its result
// came back are engine.ErrPageChanged (the script itself always returns a
// string, so "Unsupported result type" only comes from a torn-down page).
func evalError(msg string) error {
	switch msg {
	case "Unsupported result type", "Completion handler for function call is no longer reachable":
		return engine.ErrPageChanged
	}
	return errors.New(msg)
}

// reply settles one page message; only the first settlement counts.
type reply struct {
	r    *C.gtn_reply
	done atomic.Bool
}

// Return and Fail settle the page's promise: at once on the GTK thread,
// otherwise through the queue.
func (r *reply) Return(value string) {
	if r.done.Swap(true) {
		return
	}
	onUI(func() {
		// No C copy: JSC copies the Go bytes during the call.
		C.gtn_reply_return(r.r, (*C.char)(unsafe.Pointer(unsafe.StringData(value))), C.size_t(len(value)))
	})
}

func (r *reply) Fail(message string) {
	if r.done.Swap(true) {
		return
	}
	message = strings.ReplaceAll(message, "\x00", "\uFFFD") // a C string would end there
	onUI(func() {
		p, free := cstr(message)
		C.gtn_reply_fail(r.r, p)
		free()
	})
}

// Busy reports whether the GTK main loop has events waiting; GTK thread.
func (r *reply) Busy() bool { return C.g_main_context_pending(nil) != 0 }

// onUI runs f now when on the GTK thread, else queues it there.
func onUI(f func()) {
	if onGTKThread() {
		f()
		return
	}
	post(f)
}
