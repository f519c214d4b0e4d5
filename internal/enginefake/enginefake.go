// Package enginefake is a fake engine.Engine for unit tests of gotonium's
// core: no display, no WebKit. Its windows record what the core asks (loaded
// URLs, scripts, start scripts, window controls, closes) and let a test play
// the engine's side: load steps, address changes, page messages, crashes,
// navigations, closes by the window manager.
//
// It keeps the engine contract's threading. The fake owns one UI goroutine
// (a queue drained by one goroutine): every Events method runs there, one at
// a time, in the order the work was queued. Window methods may be called
// from any goroutine; those that return an error wait for the UI goroutine
// (inline when called on it, from inside an Events method). Eval's done
// callback runs on the UI goroutine. A script the test has not answered stays
// pending until the test answers it.
//
// The test-side methods (Window.Load, Window.Message, Window.CloseByUser, …)
// queue their event on the UI goroutine and wait until the core's Events
// method has returned, so a test sees the core's reaction when they return.
package enginefake

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/gotonium/gotonium/internal/engine"
)

// SlowEvent is how long an Events method may run before the fake records it
// as a violation of "must not block" (see Engine.Problems).
var SlowEvent = 2 * time.Second

// Wait bounds the test-side waits (a reply, a decision, a condition).
var Wait = 10 * time.Second

// Engine is a fake engine.Engine. The zero value is not usable: call New.
type Engine struct {
	ui *loop

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced at every recorded change
	started  bool
	starts   int
	stops    int
	config   engine.Config
	windows  []*Window
	external []string
	problems []string
	// the clipboard (windowprops.go)
	clipText   string
	clipImage  *image.NRGBA
	dialogs    []*Dialog                  // dialog.go
	globalKeys map[engine.Shortcut]func() // windowprops.go

	// StartError, when set, is returned by the next Starts.
	StartError error
	// NewWindowError, when set, is returned by NewWindow (no window opens).
	NewWindowError error
	// ExternalError, when set, is returned by OpenExternal.
	ExternalError error
	// GlobalKeysUnsupported makes GrabGlobalKey return ErrUnsupported, as
	// on Wayland. Set it before the engine is used.
	GlobalKeysUnsupported bool
	hold                  chan struct{} // NewWindow waits until it is closed
	holding               int           // NewWindow calls waiting at hold
}

var _ engine.Engine = (*Engine)(nil)

// New returns a fake engine with its UI goroutine running.
func New() *Engine {
	e := &Engine{changed: make(chan struct{})}
	e.ui = newLoop(e)
	return e
}

// notify wakes the test-side waits; e.mu is held.
func (e *Engine) notifyLocked() {
	close(e.changed)
	e.changed = make(chan struct{})
}

func (e *Engine) notify() {
	e.mu.Lock()
	e.notifyLocked()
	e.mu.Unlock()
}

// WaitFor waits until cond holds (checked at every change the fake records
// and every 10 ms) and reports whether it did within Wait.
func (e *Engine) WaitFor(cond func() bool) bool {
	deadline := time.NewTimer(Wait)
	defer deadline.Stop()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		e.mu.Lock()
		ch := e.changed
		e.mu.Unlock()
		if cond() {
			return true
		}
		select {
		case <-ch:
		case <-tick.C:
		case <-deadline.C:
			return cond()
		}
	}
}

// Start implements engine.Engine.
func (e *Engine) Start(cfg engine.Config) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.started {
		return nil
	}
	if e.StartError != nil {
		return e.StartError
	}
	e.started, e.config = true, cfg
	e.starts++
	e.notifyLocked()
	return nil
}

// Stop implements engine.Engine: windows still open close (their Closed
// event runs), then Window methods return engine.ErrStopped.
func (e *Engine) Stop() {
	e.mu.Lock()
	if !e.started {
		e.mu.Unlock()
		return
	}
	open := e.openLocked()
	e.mu.Unlock()
	for _, w := range open {
		if w.open() {
			e.problem("Stop with window %d still open", w.id)
		}
		w.Close()
	}
	e.mu.Lock()
	e.started = false
	e.stops++
	e.notifyLocked()
	e.mu.Unlock()
}

// Running reports whether the engine is started; Starts and Stops count
// the calls that took effect.
func (e *Engine) Running() bool { e.mu.Lock(); defer e.mu.Unlock(); return e.started }

// Starts counts the Starts that brought the engine up.
func (e *Engine) Starts() int { e.mu.Lock(); defer e.mu.Unlock(); return e.starts }

// Stops counts the Stops that brought the engine down.
func (e *Engine) Stops() int { e.mu.Lock(); defer e.mu.Unlock(); return e.stops }

// Config returns the configuration of the last Start.
func (e *Engine) Config() engine.Config { e.mu.Lock(); defer e.mu.Unlock(); return e.config }

// HoldNewWindow makes NewWindow calls wait (after the core asked, before the
// window exists) until release is called: for tests of work that races an
// open in flight.
func (e *Engine) HoldNewWindow() (release func()) {
	e.mu.Lock()
	ch := make(chan struct{})
	e.hold = ch
	e.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			e.mu.Lock()
			if e.hold == ch {
				e.hold = nil
			}
			e.mu.Unlock()
			close(ch)
		})
	}
}

// Holding reports how many NewWindow calls wait at HoldNewWindow.
func (e *Engine) Holding() int { e.mu.Lock(); defer e.mu.Unlock(); return e.holding }

// NewWindow implements engine.Engine.
func (e *Engine) NewWindow(cfg engine.WindowConfig, ev engine.Events) (engine.Window, error) {
	e.mu.Lock()
	hold := e.hold
	if hold != nil {
		e.holding++
		e.notifyLocked()
	}
	e.mu.Unlock()
	if hold != nil {
		<-hold
		e.mu.Lock()
		e.holding--
		e.mu.Unlock()
	}
	var w *Window
	var err error
	if e2 := e.ui.call(func() {
		e.mu.Lock()
		defer e.mu.Unlock()
		if !e.started {
			err = engine.ErrStopped
			return
		}
		if e.NewWindowError != nil {
			err = e.NewWindowError
			return
		}
		w = &Window{e: e, ev: ev, id: len(e.windows) + 1, cfg: cfg,
			loads: []string{cfg.URL}, starts: append([]string(nil), cfg.StartScripts...),
			w: cfg.Width, h: cfg.Height, frameless: cfg.Frameless, icon: cfg.Icon, zoom: cfg.Props.Zoom}
		w.schemes = append(w.schemes, cfg.Schemes...)
		e.windows = append(e.windows, w)
		e.notifyLocked()
	}); e2 != nil {
		return nil, e2
	}
	if err != nil {
		return nil, err
	}
	return w, nil
}

// OpenExternal implements engine.Engine: it records uri.
func (e *Engine) OpenExternal(uri string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ExternalError != nil {
		return e.ExternalError
	}
	e.external = append(e.external, uri)
	e.notifyLocked()
	return nil
}

// External returns the URIs handed to OpenExternal.
func (e *Engine) External() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.external...)
}

// Windows returns every window opened, in order (closed ones too).
func (e *Engine) Windows() []*Window {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]*Window(nil), e.windows...)
}

// Open returns the windows that are open.
func (e *Engine) Open() []*Window {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.openLocked()
}

func (e *Engine) openLocked() []*Window {
	var open []*Window
	for _, w := range e.windows {
		if !w.closed {
			open = append(open, w)
		}
	}
	return open
}

// WaitWindow waits until at least n windows have been opened and returns the
// n-th (1-based), or nil after Wait.
func (e *Engine) WaitWindow(n int) *Window {
	var w *Window
	e.WaitFor(func() bool {
		ws := e.Windows()
		if len(ws) >= n {
			w = ws[n-1]
			return true
		}
		return false
	})
	return w
}

// Problems returns the violations of the engine contract the fake saw: an
// Events method that blocked longer than SlowEvent, a panic in one, a
// Reply or decision settled twice, Stop with windows open.
func (e *Engine) Problems() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.problems...)
}

func (e *Engine) problem(format string, args ...any) {
	e.mu.Lock()
	e.problems = append(e.problems, fmt.Sprintf(format, args...))
	e.notifyLocked()
	e.mu.Unlock()
}

// Sync waits until everything queued on the UI goroutine so far has run.
func (e *Engine) Sync() { e.ui.call(func() {}) }

// OnUI reports whether the caller runs on the fake's UI goroutine.
func (e *Engine) OnUI() bool { return e.ui.on() }

// loop is the UI goroutine: a queue of funcs drained by one goroutine.
type loop struct {
	e    *Engine
	mu   sync.Mutex
	cond *sync.Cond
	q    []func()
	gid  uint64
	busy bool
}

func newLoop(e *Engine) *loop {
	l := &loop{e: e}
	l.cond = sync.NewCond(&l.mu)
	started := make(chan struct{})
	go l.drain(started)
	<-started
	return l
}

func (l *loop) drain(started chan struct{}) {
	l.gid = goid()
	close(started)
	for {
		l.mu.Lock()
		for len(l.q) == 0 {
			l.busy = false
			l.cond.Wait()
		}
		f := l.q[0]
		l.q[0] = nil
		l.q = l.q[1:]
		l.busy = true
		l.mu.Unlock()
		f()
	}
}

// post queues f on the UI goroutine.
func (l *loop) post(f func()) {
	l.mu.Lock()
	l.q = append(l.q, f)
	l.cond.Signal()
	l.mu.Unlock()
}

// call runs f on the UI goroutine and waits; inline when already there.
func (l *loop) call(f func()) error {
	if l.on() {
		f()
		return nil
	}
	done := make(chan struct{})
	l.post(func() { defer close(done); f() })
	<-done
	return nil
}

func (l *loop) on() bool { return goid() == l.gid }

// queued reports whether work waits on the UI goroutine (Reply.Busy).
func (l *loop) queued() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.q) > 0
}

// event runs an Events method on the UI goroutine and waits until it has
// returned, recording it if it blocks or panics.
func (l *loop) event(what string, f func()) {
	l.call(func() {
		t := time.AfterFunc(SlowEvent, func() { l.e.problem("Events.%s blocked the UI goroutine for more than %v", what, SlowEvent) })
		defer t.Stop()
		defer func() {
			if r := recover(); r != nil {
				l.e.problem("Events.%s panicked: %v", what, r)
			}
		}()
		f()
	})
	l.e.notify()
}

// goid returns the id of the calling goroutine.
func goid() uint64 {
	var buf [64]byte
	n := runtime.Stack(buf[:], false)
	b := bytes.TrimPrefix(buf[:n], []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	id, _ := strconv.ParseUint(string(b), 10, 64)
	return id
}

// Window is a fake engine.Window; its methods starting with the engine
// events' names play the engine's side.
type Window struct {
	e   *Engine
	ev  engine.Events
	id  int
	cfg engine.WindowConfig

	// guarded by e.mu
	closed       bool
	closedEvents int
	loads        []string // cfg.URL, then every LoadURL
	reloads      int
	tryCloses    int
	scripts      []*Script
	starts       []string // the start scripts the engine holds
	startUpdates int
	controls     []string
	x, y, w, h   int
	maximized    bool
	frameless    bool
	icon         []byte
	zoom         float64
	title        string // set by SetTitle
	hidden       bool
	fullscreen   bool // by SetFullscreen
	shortcuts    []engine.Shortcut
	menubar      []engine.MenuItem
	menubarSet   bool
	schemes      []string
	mouse        []engine.MouseEvent
	keys         []engine.KeyEvent
}

var _ engine.Window = (*Window)(nil)

// ID numbers the engine's windows from 1 in opening order.
func (w *Window) ID() int { return w.id }

// Config is the configuration the window was opened with.
func (w *Window) Config() engine.WindowConfig { return w.cfg }

// Events returns the core's side of the window.
func (w *Window) Events() engine.Events { return w.ev }

func (w *Window) open() bool {
	w.e.mu.Lock()
	defer w.e.mu.Unlock()
	return !w.closed
}

// check is the common prologue of the methods that return an error; it
// runs on the UI goroutine.
func (w *Window) check() error {
	w.e.mu.Lock()
	defer w.e.mu.Unlock()
	if !w.e.started {
		return engine.ErrStopped
	}
	if w.closed {
		return engine.ErrClosed
	}
	return nil
}

// do runs f on the UI goroutine for a method that returns an error.
func (w *Window) do(name string, f func() error) error {
	var err error
	w.e.ui.call(func() {
		if err = w.check(); err != nil {
			return
		}
		w.e.mu.Lock()
		if name != "" {
			w.controls = append(w.controls, name)
		}
		w.e.mu.Unlock()
		if f != nil {
			err = f()
		}
		w.e.notify()
	})
	return err
}

// LoadURL implements engine.Window: it records url. The test plays the load
// (Load, URI, PageLoad).
func (w *Window) LoadURL(url string) error {
	return w.do("", func() error {
		w.e.mu.Lock()
		w.loads = append(w.loads, url)
		w.e.mu.Unlock()
		return nil
	})
}

// Loads returns the URLs the window was asked to load: the one it opened
// with, then every LoadURL.
func (w *Window) Loads() []string {
	w.e.mu.Lock()
	defer w.e.mu.Unlock()
	return append([]string(nil), w.loads...)
}

// Script is one Eval the core asked for.
type Script struct {
	Code   string
	w      *Window
	done   func(string, error)
	seq    int
	answer *answer // nil while pending
}

type answer struct {
	value string
	err   error
}

// Eval implements engine.Window: the script is recorded; one with a done
// callback stays pending until the test answers it (Return, Throw), the
// window closes (engine.ErrClosed) or the engine stops (engine.ErrStopped).
func (w *Window) Eval(script string, done func(string, error)) {
	w.e.mu.Lock()
	stopped := !w.e.started
	w.e.mu.Unlock()
	if stopped { // as the real engine: at once, on the caller's goroutine
		if done != nil {
			done("", engine.ErrStopped)
		}
		return
	}
	w.e.ui.post(func() {
		w.e.mu.Lock()
		s := &Script{Code: script, w: w, done: done, seq: len(w.scripts)}
		w.scripts = append(w.scripts, s)
		var fail error
		switch {
		case !w.e.started:
			fail = engine.ErrStopped
		case w.closed:
			fail = engine.ErrClosed
		}
		if done == nil {
			s.answer = &answer{}
		} else if fail != nil {
			s.answer = &answer{err: fail}
		}
		w.e.notifyLocked()
		w.e.mu.Unlock()
		if done != nil && fail != nil {
			done("", fail)
		}
	})
}

// Return answers the script with a result (JSON text), on the UI goroutine,
// and waits until the core's callback has run. It panics if the script was
// answered already.
func (s *Script) Return(result string) { s.settle(answer{value: result}) }

// Throw answers the script with an error (the exception's text, or one of
// engine.ErrPageChanged, engine.ErrClosed, engine.ErrStopped).
func (s *Script) Throw(err error) { s.settle(answer{err: err}) }

func (s *Script) settle(a answer) {
	e := s.w.e
	e.ui.call(func() {
		e.mu.Lock()
		if s.answer != nil {
			e.mu.Unlock()
			panic(fmt.Sprintf("enginefake: script %q answered twice", s.Code))
		}
		s.answer = &a
		e.notifyLocked()
		e.mu.Unlock()
		s.done(a.value, a.err)
	})
}

// Pending reports whether the script waits for an answer.
func (s *Script) Pending() bool {
	s.w.e.mu.Lock()
	defer s.w.e.mu.Unlock()
	return s.answer == nil
}

// HasCallback reports whether the core wants the result (Eval with done).
func (s *Script) HasCallback() bool { return s.done != nil }

// Scripts returns every script the window was asked to evaluate, in order.
func (w *Window) Scripts() []*Script {
	w.e.mu.Lock()
	defer w.e.mu.Unlock()
	return append([]*Script(nil), w.scripts...)
}

// Pending returns the scripts that wait for an answer, in order.
func (w *Window) Pending() []*Script {
	w.e.mu.Lock()
	defer w.e.mu.Unlock()
	var p []*Script
	for _, s := range w.scripts {
		if s.answer == nil {
			p = append(p, s)
		}
	}
	return p
}

// WaitPending waits until at least n scripts are pending and returns them
// (fewer after Wait).
func (w *Window) WaitPending(n int) []*Script {
	var p []*Script
	w.e.WaitFor(func() bool { p = w.Pending(); return len(p) >= n })
	return p
}

// AnswerAll answers every pending script with result, in order, and returns
// their codes.
func (w *Window) AnswerAll(result string) []string {
	var codes []string
	for _, s := range w.Pending() {
		s.Return(result)
		codes = append(codes, s.Code)
	}
	return codes
}

// Reload implements engine.Window: it counts; the test plays the load.
func (w *Window) Reload(bypassCache bool) error {
	return w.do("", func() error {
		w.e.mu.Lock()
		w.reloads++
		w.e.mu.Unlock()
		return nil
	})
}

// Reloads counts Reload calls.
func (w *Window) Reloads() int { w.e.mu.Lock(); defer w.e.mu.Unlock(); return w.reloads }

// TryClose implements engine.Window: the page "keeps it open" (the test
// closes it with CloseByUser); it counts.
func (w *Window) TryClose() error {
	return w.do("TryClose", func() error {
		w.e.mu.Lock()
		w.tryCloses++
		w.e.mu.Unlock()
		return nil
	})
}

func (w *Window) Minimize() error { return w.do("Minimize", nil) }
func (w *Window) Maximize() error {
	return w.do("Maximize", func() error { w.e.mu.Lock(); w.maximized = true; w.e.mu.Unlock(); return nil })
}
func (w *Window) Restore() error {
	return w.do("Restore", func() error { w.e.mu.Lock(); w.maximized = false; w.e.mu.Unlock(); return nil })
}

func (w *Window) IsMaximized() (m bool, err error) {
	err = w.do("", func() error { w.e.mu.Lock(); m = w.maximized; w.e.mu.Unlock(); return nil })
	return m, err
}

func (w *Window) Position() (x, y int, err error) {
	err = w.do("", func() error { w.e.mu.Lock(); x, y = w.x, w.y; w.e.mu.Unlock(); return nil })
	return x, y, err
}

func (w *Window) SetPosition(x, y int) error {
	return w.do(fmt.Sprintf("SetPosition %d %d", x, y), func() error {
		w.e.mu.Lock()
		w.x, w.y = x, y
		w.e.mu.Unlock()
		return nil
	})
}

func (w *Window) Size() (width, height int, err error) {
	err = w.do("", func() error { w.e.mu.Lock(); width, height = w.w, w.h; w.e.mu.Unlock(); return nil })
	return width, height, err
}

func (w *Window) SetSize(width, height int) error {
	return w.do(fmt.Sprintf("SetSize %d %d", width, height), func() error {
		w.e.mu.Lock()
		w.w, w.h = width, height
		w.e.mu.Unlock()
		return nil
	})
}

func (w *Window) BeginMove(button, rootX, rootY int, timestamp uint32) error {
	return w.do(fmt.Sprintf("BeginMove %d %d %d", button, rootX, rootY), nil)
}

func (w *Window) BeginResize(edge engine.Edge, button, rootX, rootY int, timestamp uint32) error {
	return w.do(fmt.Sprintf("BeginResize %d %d %d %d", edge, button, rootX, rootY), nil)
}

// NativeHandle implements engine.Window: 0 for an offscreen window, else a
// made-up id.
func (w *Window) NativeHandle() uint64 {
	if w.cfg.Offscreen {
		return 0
	}
	return 0x1000000 + uint64(w.id)
}

// Snapshot implements engine.Window: a blank image of the window's size.
func (w *Window) Snapshot() (*image.RGBA, error) {
	var img *image.RGBA
	err := w.do("", func() error {
		w.e.mu.Lock()
		img = image.NewRGBA(image.Rect(0, 0, max(w.w, 1), max(w.h, 1)))
		w.e.mu.Unlock()
		return nil
	})
	return img, err
}

func (w *Window) SendMouse(m engine.MouseEvent) error {
	return w.do("", func() error {
		if !w.cfg.Offscreen {
			return engine.ErrUnsupported
		}
		w.e.mu.Lock()
		w.mouse = append(w.mouse, m)
		w.e.mu.Unlock()
		return nil
	})
}

func (w *Window) SendKey(k engine.KeyEvent) error {
	return w.do("", func() error {
		if !w.cfg.Offscreen {
			return engine.ErrUnsupported
		}
		w.e.mu.Lock()
		w.keys = append(w.keys, k)
		w.e.mu.Unlock()
		return nil
	})
}

// Input returns the mouse and key input sent to an offscreen window.
func (w *Window) Input() ([]engine.MouseEvent, []engine.KeyEvent) {
	w.e.mu.Lock()
	defer w.e.mu.Unlock()
	return append([]engine.MouseEvent(nil), w.mouse...), append([]engine.KeyEvent(nil), w.keys...)
}

func (w *Window) RegisterScheme(name string) error {
	return w.do("", func() error {
		w.e.mu.Lock()
		w.schemes = append(w.schemes, name)
		w.e.mu.Unlock()
		return nil
	})
}

// Schemes returns the custom schemes the window's pages may use.
func (w *Window) Schemes() []string {
	w.e.mu.Lock()
	defer w.e.mu.Unlock()
	return append([]string(nil), w.schemes...)
}

func (w *Window) SetFrameless(frameless bool) error {
	return w.do(fmt.Sprintf("SetFrameless %v", frameless), func() error {
		w.e.mu.Lock()
		w.frameless = frameless
		w.e.mu.Unlock()
		return nil
	})
}

func (w *Window) SetIcon(data []byte) error {
	return w.do(fmt.Sprintf("SetIcon %d bytes", len(data)), func() error {
		w.e.mu.Lock()
		w.icon = data
		w.e.mu.Unlock()
		return nil
	})
}

// Controls returns the window-control calls, in order ("Minimize",
// "SetPosition 1 2", "SetFrameless true", …).
func (w *Window) Controls() []string {
	w.e.mu.Lock()
	defer w.e.mu.Unlock()
	return append([]string(nil), w.controls...)
}

// Close implements engine.Window: the window closes (its pending scripts
// fail with engine.ErrClosed) and Events.Closed runs before Close returns.
func (w *Window) Close() { w.closeNow("Close") }

// CloseByUser closes the window as the window manager would (the user's
// close button, the page's window.close()).
func (w *Window) CloseByUser() { w.closeNow("CloseByUser") }

func (w *Window) closeNow(what string) {
	w.e.ui.event("Closed", func() {
		w.e.mu.Lock()
		if w.closed {
			w.e.mu.Unlock()
			return
		}
		w.closed = true
		w.closedEvents++
		var lost []*Script
		for _, s := range w.scripts {
			if s.answer == nil {
				s.answer = &answer{err: engine.ErrClosed}
				lost = append(lost, s)
			}
		}
		w.e.notifyLocked()
		w.e.mu.Unlock()
		for _, s := range lost {
			s.done("", engine.ErrClosed)
		}
		w.endDialogs()
		w.ev.Closed()
	})
}

// Closed reports whether the window has closed.
func (w *Window) Closed() bool { return !w.open() }

// StartScripts returns the start scripts the engine holds now: those the
// window opened with, or the last ones the core gave when asked.
func (w *Window) StartScripts() []string {
	w.e.mu.Lock()
	defer w.e.mu.Unlock()
	return append([]string(nil), w.starts...)
}

// StartScriptUpdates counts the times the core reported changed start
// scripts.
func (w *Window) StartScriptUpdates() int {
	w.e.mu.Lock()
	defer w.e.mu.Unlock()
	return w.startUpdates
}

// AskStartScripts asks the core for start scripts as the engine does before
// a new document, keeps them if changed, and returns the answer.
func (w *Window) AskStartScripts() (scripts []string, changed bool) {
	w.e.ui.event("StartScripts", func() {
		scripts, changed = w.ev.StartScripts()
		if changed {
			w.e.mu.Lock()
			w.starts = append([]string(nil), scripts...)
			w.startUpdates++
			w.e.mu.Unlock()
		}
	})
	return scripts, changed
}

// Load delivers one step of a main-frame load. LoadCommitted first asks for
// the start scripts, as the engine does before a new document.
func (w *Window) Load(ev engine.LoadEvent) {
	if ev == engine.LoadCommitted {
		w.AskStartScripts()
	}
	w.e.ui.event("Load", func() { w.ev.Load(ev) })
}

// PageLoad plays a whole load of url: LoadStarted, the address, start
// scripts, LoadCommitted, LoadFinished.
func (w *Window) PageLoad(url string) {
	w.Load(engine.LoadStarted)
	w.URI(url)
	w.Load(engine.LoadCommitted)
	w.Load(engine.LoadFinished)
}

// URI reports a change of the main frame's address.
func (w *Window) URI(uri string) { w.e.ui.event("URI", func() { w.ev.URI(uri) }) }

// PageTitle reports a change of the page's title.
func (w *Window) PageTitle(title string) { w.e.ui.event("Title", func() { w.ev.Title(title) }) }

// Fullscreen reports HTML fullscreen.
func (w *Window) Fullscreen(on bool) { w.e.ui.event("Fullscreen", func() { w.ev.Fullscreen(on) }) }

// Crash reports that the web process died.
func (w *Window) Crash(reason string) { w.e.ui.event("Crashed", func() { w.ev.Crashed(reason) }) }

// Frame delivers an offscreen frame.
func (w *Window) Frame(img *image.RGBA, dirty image.Rectangle) {
	w.e.ui.event("Frame", func() { w.ev.Frame(img, dirty) })
}

// ContextMenu asks what the context menu should hold, for a right click on
// what hit describes.
func (w *Window) ContextMenu(hit engine.HitTest) (m engine.Menu) {
	w.e.ui.event("ContextMenu", func() { m = w.ev.ContextMenu(hit) })
	return m
}

// Activate runs a menu item's Activate on the UI goroutine.
func (w *Window) Activate(item engine.MenuItem) { w.e.ui.event("MenuItem.Activate", item.Activate) }

// Serve sends a request of a custom scheme to the core, on a goroutine of
// its own as the engine does, and returns the response once the handler
// returned.
func (w *Window) Serve(r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	done := make(chan struct{})
	go func() { defer close(done); w.ev.ServeScheme(rec, r) }()
	<-done
	return rec
}

// Reply is the fake engine.Reply of one page message.
type Reply struct {
	e       *Engine
	mu      sync.Mutex
	settled chan struct{}
	value   string
	err     error
	count   int
}

var _ engine.Reply = (*Reply)(nil)

// ReplyError is how a Reply that was failed reports its message.
type ReplyError struct{ Message string }

func (r *ReplyError) Error() string { return r.Message }

// Return implements engine.Reply.
func (r *Reply) Return(value string) { r.settle(value, nil) }

// Fail implements engine.Reply.
func (r *Reply) Fail(message string) { r.settle("", &ReplyError{message}) }

// Busy implements engine.Reply: whether more work waits on the UI goroutine.
func (r *Reply) Busy() bool { return r.e.ui.queued() }

func (r *Reply) settle(v string, err error) {
	r.mu.Lock()
	r.count++
	first := r.count == 1
	if first {
		r.value, r.err = v, err
		close(r.settled)
	}
	r.mu.Unlock()
	if !first {
		r.e.problem("a Reply was settled twice (second: %q, %v)", v, err)
	}
	r.e.notify()
}

// Done is closed when the reply is settled.
func (r *Reply) Done() <-chan struct{} { return r.settled }

// Settled reports whether the reply is settled.
func (r *Reply) Settled() bool {
	select {
	case <-r.settled:
		return true
	default:
		return false
	}
}

// ErrNoReply is returned by Reply.Wait when no reply came within Wait.
var ErrNoReply = errors.New("enginefake: the page message was not answered in time")

// Wait waits for the reply (at most Wait) and returns the value, or a
// *ReplyError for a failed one, or ErrNoReply.
func (r *Reply) Wait() (string, error) {
	t := time.NewTimer(Wait)
	defer t.Stop()
	select {
	case <-r.settled:
	case <-t.C:
		return "", ErrNoReply
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.value, r.err
}

// Post delivers a page message and returns its reply without waiting for it
// to settle (a bound function's reply needs a goroutine that pumps).
func (w *Window) Post(body string) *Reply {
	r := &Reply{e: w.e, settled: make(chan struct{})}
	w.e.ui.event("Message", func() { w.ev.Message(body, r) })
	return r
}

// Message delivers a page message and waits for its reply (see Reply.Wait).
func (w *Window) Message(body string) (string, error) { return w.Post(body).Wait() }

// decision waits for a decide callback of the core.
func decision[T any](e *Engine, what string, ch chan T) (T, bool) {
	t := time.NewTimer(Wait)
	defer t.Stop()
	select {
	case v := <-ch:
		return v, true
	case <-t.C:
		var zero T
		return zero, false
	}
}

// Navigate asks the core about a navigation and waits for the decision
// (ok false when none came within Wait).
func (w *Window) Navigate(nav engine.Navigation) (act engine.NavigationAction, ok bool) {
	ch := make(chan engine.NavigationAction, 2)
	var once sync.Once
	w.e.ui.event("Navigate", func() {
		w.ev.Navigate(nav, func(a engine.NavigationAction) {
			called := false
			once.Do(func() { called = true; ch <- a })
			if !called {
				w.e.problem("Navigate decided twice")
			}
		})
	})
	return decision(w.e, "Navigate", ch)
}

// Permission asks the core whether the page may use a capability and waits
// for the decision.
func (w *Window) Permission(kind engine.Permission, pageURI string) (allow, ok bool) {
	ch := make(chan bool, 2)
	var once sync.Once
	w.e.ui.event("Permission", func() {
		w.ev.Permission(kind, pageURI, func(a bool) {
			called := false
			once.Do(func() { called = true; ch <- a })
			if !called {
				w.e.problem("Permission decided twice")
			}
		})
	})
	return decision(w.e, "Permission", ch)
}

// DownloadDecision is the core's answer to a download.
type DownloadDecision struct {
	Path     string
	Progress func(received, total int64)
	Done     func(err error)
}

// Download asks the core whether a download may go ahead and waits for the
// decision. Call the decision's Progress and Done through Window.OnUI.
func (w *Window) Download(d engine.Download) (DownloadDecision, bool) {
	ch := make(chan DownloadDecision, 2)
	var once sync.Once
	w.e.ui.event("Download", func() {
		w.ev.Download(d, func(path string, progress func(int64, int64), done func(error)) {
			called := false
			once.Do(func() { called = true; ch <- DownloadDecision{path, progress, done} })
			if !called {
				w.e.problem("Download decided twice")
			}
		})
	})
	return decision(w.e, "Download", ch)
}

// OnUI runs f on the UI goroutine as an engine callback and waits.
func (w *Window) OnUI(what string, f func()) { w.e.ui.event(what, f) }

// Sync waits until everything queued on the UI goroutine so far has run.
func (w *Window) Sync() { w.e.Sync() }
