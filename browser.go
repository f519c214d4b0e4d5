package gotonium

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gotonium/gotonium/internal/engine"
	"github.com/gotonium/gotonium/internal/jsruntime"
)

// closeGrace bounds how long closing a window waits for queued scripts: first
// for the page to finish loading, then for the scripts to finish.
const closeGrace = 2 * time.Second

// browser is one window of an instance, from open to closed. It receives the
// engine's events on the engine's UI thread.
type browser struct {
	inst *Instance
	id   int

	mu         sync.Mutex
	win        engine.Window // nil until NewWindow returns
	open       bool
	loading    bool                          // a load is under way; scripts wait for it
	awaitStart bool                          // a load was asked for but has not started yet
	loaded     chan struct{}                 // closed when the current load finishes
	pending    []job                         // scripts waiting for the load to finish
	events     []jsruntime.Event             // emitted, waiting for the script in flight (emit.go)
	emitting   bool                          // a script of events is in flight
	blobs      map[string][]byte             // binary results waiting for the page's fetch (blob.go)
	uploads    map[string][]byte             // bytes the page sent for a call's arguments (blob.go)
	streams    map[string]context.CancelFunc // streams being forwarded (stream.go)
	nextStream uint64
	loadTimer  *time.Timer // runs them anyway after loadWait
	inflight   []chan struct{}
	done       chan struct{} // closed when the window is gone
	ready      chan struct{} // closed once NewWindow has returned (win set, or failed)
	// pageCtx is given to bound functions; cancelled when the page goes.
	pageCtx    context.Context
	pageCancel context.CancelCauseFunc
	uri        string     // the main frame's address
	pageURI    string     // the address of the page last committed
	secret     string     // signs the messages of the window's own pages
	trusted    trustCache // whether pageURI is the app's (bridge.go)
	// stale: the state changed since the start scripts were last given to
	// the engine, which asks for them before the next page (StartScripts).
	stale atomic.Bool
	// commitSeq: the store's change number when the current page committed;
	// the page made the changes of this window numbered after it.
	commitSeq uint64
	frameless bool             // as opened or set since
	crashes   []time.Time      // recent web process deaths
	menuCtx   *pageMenuContext // the page's account of the last right click (menu.go)
}

// job is a script to run, the channel closed when it has run, and, for
// EvaluateJavascript, where its result goes.
type job struct {
	code   string
	done   chan struct{}
	result func(value string, err error)
}

// Initialize opens this instance's window and loads url. The first Initialize
// in the process starts the engine; on later instances it just opens their
// window, like CreateBrowser. It returns ErrNoDisplay (wrapped) when there is
// no display, ErrInvalidArgument for a bad URL or size, and ErrBrowserOpen when
// the instance's window is already open. Settings made with SetFramelessWindow,
// SetCustomIconPath and SetCachePath apply.
func (p *Instance) Initialize(url string, width, height int) error {
	if err := checkURL(url); err != nil {
		return err
	}
	if err := checkSize(width, height); err != nil {
		return err
	}
	if err := start(); err != nil {
		return err
	}
	p.trustOpened(url)
	_, err := p.open(p.normalizeURL(url), width, height, browserOptions{})
	return err
}

// CreateBrowser opens this instance's window once the engine runs and returns
// its browser id. It returns ErrNotInitialized when no Initialize has started
// the engine. Options add to the instance's settings: Frameless() or
// Icon(path) apply to this window only.
func (p *Instance) CreateBrowser(url string, width, height int, opts ...BrowserOption) (int, error) {
	if err := checkURL(url); err != nil {
		return -1, err
	}
	if err := checkSize(width, height); err != nil {
		return -1, err
	}
	if !IsInitialized() {
		return -1, ErrNotInitialized
	}
	var o browserOptions
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	p.trustOpened(url)
	return p.open(p.normalizeURL(url), width, height, o)
}

func (p *Instance) open(url string, width, height int, o browserOptions) (int, error) {
	saved := p.savedState() // windowstate.go
	p.mu.Lock()
	if p.b != nil && p.b.isOpen() {
		p.mu.Unlock()
		return -1, ErrBrowserOpen
	}
	cfg := engine.WindowConfig{
		URL: url, Width: width, Height: height,
		Frameless: p.frameless || o.frameless,
		DataDir:   p.cachePath,
		Props:     p.props.WindowProps,
		Shortcuts: p.shortcutKeysLocked(),
	}
	p.props.Position = nil // for this window only
	saved.apply(&cfg)
	propsVersion, shortcutsVersion := p.props.version, p.shortcutsVersion
	p.menubar.mu.Lock()
	barVersion := p.menubar.version
	p.menubar.mu.Unlock()
	p.osrConfig(&cfg)
	p.mu.Unlock()
	cfg.Schemes = p.schemeNames()
	cfg.MenuBar = p.menuBarItems()
	p.mu.Lock()
	icon := p.icon
	p.mu.Unlock()
	if o.icon.path != "" || o.icon.set {
		icon = o.icon
	}
	var err error
	if cfg.Icon, err = icon.bytes(); err != nil {
		return -1, err
	}
	secret := newSecret()
	cfg.StartScripts = p.startScripts(cfg.Frameless, secret)
	p.mu.Lock()
	if p.b != nil && p.b.isOpen() {
		p.mu.Unlock()
		return -1, ErrBrowserOpen
	}
	proc.mu.Lock()
	if !proc.started || proc.stopping {
		proc.mu.Unlock()
		p.mu.Unlock()
		return -1, ErrNotInitialized
	}
	proc.nextID++
	b := &browser{inst: p, id: proc.nextID, open: true, loading: true, awaitStart: true,
		loaded: make(chan struct{}), done: make(chan struct{}), ready: make(chan struct{}), secret: secret}
	b.pageCtx, b.pageCancel = context.WithCancelCause(context.Background())
	b.frameless = cfg.Frameless
	proc.open[b] = struct{}{}
	cfg.SharedProcess = proc.lightweight
	eng := proc.eng
	proc.mu.Unlock()
	p.b = b
	p.mu.Unlock()

	win, err := eng.NewWindow(cfg, b)
	if err != nil {
		b.Closed()
		close(b.ready)
		return -1, fmt.Errorf("gotonium: open window: %w", err)
	}
	b.mu.Lock()
	b.win = win
	close(b.ready)
	if !b.loading {
		b.flushLocked()
	} else {
		b.armLoadTimerLocked() // for scripts sent while NewWindow ran
	}
	b.mu.Unlock()
	b.refreshScripts() // bindings or state may have changed meanwhile
	p.mu.Lock()
	props, changed := p.props.WindowProps, p.props.version != propsVersion
	keysChanged := p.shortcutsVersion != shortcutsVersion
	p.mu.Unlock()
	if changed && !cfg.Offscreen { // set while NewWindow ran
		applyProps(win, props)
	}
	if keysChanged {
		p.syncShortcuts()
	}
	p.menubar.mu.Lock()
	barChanged := p.menubar.version != barVersion
	p.menubar.mu.Unlock()
	if barChanged {
		p.syncMenuBar()
	}
	if !cfg.Offscreen {
		p.linkFamily()
	}
	return b.id, nil
}

// BrowserID returns the id of the instance's window: unique among all windows
// the process opens, -1 before the window opens and after it closes.
func (p *Instance) BrowserID() int {
	if b := p.current(); b != nil {
		return b.id
	}
	return -1
}

// IsRunning reports whether this instance's window is open. It turns false as
// soon as the window closes, however that happens (the user, the page's
// window.close(), CloseBrowser, Shutdown), whatever other windows stay open.
func (p *Instance) IsRunning() bool { return p.current() != nil }

// CloseBrowser closes this instance's window; the engine and other windows
// keep running. Scripts queued with ExecuteJavascript run first (waiting up to
// two seconds for a page that is still loading). When CloseBrowser returns,
// IsRunning is false. It returns ErrNoBrowser when no window is open.
func (p *Instance) CloseBrowser() error {
	b := p.current()
	if b == nil {
		return ErrNoBrowser
	}
	b.close()
	return nil
}

func (b *browser) isOpen() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.open
}

// window returns the engine window while it is open; b may be nil.
func (b *browser) window() engine.Window {
	if b == nil {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.open {
		return nil
	}
	return b.win
}

// close runs queued scripts, then closes the window and waits until it is gone.
func (b *browser) close() {
	select { // a window still opening (CreateBrowser in flight) closes once it is open
	case <-b.ready:
	case <-b.done:
		return
	}
	b.mu.Lock()
	if !b.open {
		b.mu.Unlock()
		return
	}
	loaded, waiting := b.loaded, len(b.pending) > 0
	b.mu.Unlock()
	deadline := time.NewTimer(closeGrace)
	defer deadline.Stop()
	if waiting {
		select {
		case <-loaded:
		case <-b.done:
		case <-deadline.C:
		}
		b.mu.Lock()
		b.flushLocked() // run them in whatever page is there
		b.mu.Unlock()
		deadline.Reset(closeGrace)
	}
	b.mu.Lock()
	inflight := b.inflight
	b.inflight = nil
	b.mu.Unlock()
wait:
	for _, ch := range inflight {
		select {
		case <-ch:
		case <-b.done:
			break wait
		case <-deadline.C:
			log().Warn("gotonium: closing window with scripts still running", "browser", b.id)
			break wait
		}
	}
	if w := b.window(); w != nil {
		w.Close()
	}
	<-b.done
}

// Load is an engine event: a step of a main-frame load.
func (b *browser) Load(ev engine.LoadEvent) {
	var seq uint64
	if ev == engine.LoadCommitted {
		seq = b.inst.stateSeq() // not under b.mu: the store's locks come first
	}
	b.mu.Lock()
	finished := false
	switch ev {
	case engine.LoadStarted:
		b.awaitStart = false
		if !b.loading {
			b.loading = true
			b.loaded = make(chan struct{})
		}
	case engine.LoadCommitted: // a new document: calls from the old one are moot
		b.pageURI = b.uri
		b.commitSeq = seq
		b.pageCancel(errNavigated)
		b.pageCtx, b.pageCancel = context.WithCancelCause(context.Background())
	case engine.LoadFinished:
		if b.awaitStart { // the end of a load that was replaced
			break
		}
		if b.loading {
			b.loading = false
			close(b.loaded)
		}
		b.flushLocked()
		finished = true
	}
	b.mu.Unlock()
	if finished {
		b.loadedEvent()
	}
}

// Message is an engine event: the page posted a message.
func (b *browser) Message(body string, r engine.Reply) {
	b.inst.message(b, body, r)
}

// Closed is an engine event: the window is gone.
func (b *browser) Closed() {
	b.mu.Lock()
	if !b.open {
		b.mu.Unlock()
		return
	}
	defer flushWindowStates() // windowstate.go
	b.open = false
	lost := len(b.pending)
	for _, j := range b.pending {
		close(j.done)
	}
	b.pending = nil
	close(b.done)
	b.pageCancel(errWindowClosed)
	b.mu.Unlock()
	if lost > 0 {
		log().Warn("gotonium: window closed before its page loaded; queued scripts not run", "browser", b.id, "scripts", lost)
	}
	proc.mu.Lock()
	delete(proc.open, b)
	proc.mu.Unlock()
	b.closedEvent()
	callbacks.push(func() {}) // wake RunMulti: a window stopped running
}

var (
	errWindowClosed = errors.New("the window closed before the call finished")
	errCrashed      = errors.New("the page's web process died before the call finished")
)

// pageContext returns the context for calls from the current page.
func (b *browser) pageContext() context.Context {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.pageCtx
}

// startScripts returns the document-start scripts for the instance's pages:
// the runtime with the bindings, then the state snapshot.
func (p *Instance) startScripts(frameless bool, secret string) []string {
	gate := p.gate()
	data, seq := p.stateStore().snapshotSeq()
	return []string{p.runtimeScript(frameless, gate, secret), jsruntime.StateScript(data, seq, gate)}
}

// StartScripts is an engine event: a new page is about to start.
func (b *browser) StartScripts() ([]string, bool) {
	if !b.stale.Swap(false) {
		return nil, false
	}
	b.mu.Lock()
	frameless := b.frameless
	b.mu.Unlock()
	return b.inst.startScripts(frameless, b.secret), true
}

// refreshScripts gives pages loaded from now on the current bindings, state
// and trust: the engine asks for them (StartScripts) before the next page
// starts, so many changes between two pages cost one update.
func (b *browser) refreshScripts() {
	if b != nil {
		b.stale.Store(true)
	}
}

// run evaluates script in the current page, if any, at once: for runtime
// messages, which must not wait for a load (the next page gets the same
// through its start scripts).
func (b *browser) run(script string) {
	if w := b.window(); w != nil {
		w.Eval(jsruntime.Gated(b.inst.gate(), script), nil)
	}
}
