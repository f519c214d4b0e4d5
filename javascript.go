package gotonium

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/gotonium/gotonium/internal/engine"
)

// ExecuteJavascript runs code in the page of this instance's window and does
// not wait for it. Code sent while a page is loading (right after Initialize,
// LoadURL or a reload) waits until that page has finished loading and then
// runs in it; calls run in the order they were made. Nothing is dropped:
// CloseBrowser and Shutdown run queued code before closing. It returns
// ErrNoBrowser when no window is open. Errors the code throws are logged (see
// SetLogger).
func (p *Instance) ExecuteJavascript(code string) error {
	b := p.current()
	if b == nil {
		return ErrNoBrowser
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.open {
		return ErrNoBrowser
	}
	b.queueLocked(job{code: code, done: make(chan struct{})})
	return nil
}

// EvaluateJavascript runs code in the page of this instance's window like
// ExecuteJavascript (waiting for a page that is loading) and returns the value
// of its last expression as JSON ("null" for undefined). An exception the code
// throws becomes an error with its message. It waits as long as the page
// takes; see EvaluateJavascriptContext for a limit.
//
// A script still running, or sent in the same instant, when the page starts
// showing another document (a navigation, a reload, the page's own
// location change) ends with an error wrapping ErrPageChanged: it may or
// may not have run in the old page, and it does not run in the new one. A
// caller that polls the page across a navigation should try again on it.
func (p *Instance) EvaluateJavascript(code string) (json.RawMessage, error) {
	return p.EvaluateJavascriptContext(context.Background(), code)
}

// EvaluateJavascriptContext is EvaluateJavascript with a context that limits
// the wait; when ctx ends first, the code may still run later.
func (p *Instance) EvaluateJavascriptContext(ctx context.Context, code string) (json.RawMessage, error) {
	b := p.current()
	if b == nil {
		return nil, ErrNoBrowser
	}
	type outcome struct {
		value string
		err   error
	}
	res := make(chan outcome, 1)
	j := job{code: code, done: make(chan struct{}), result: func(v string, err error) { res <- outcome{v, err} }}
	b.mu.Lock()
	if !b.open {
		b.mu.Unlock()
		return nil, ErrNoBrowser
	}
	b.queueLocked(j)
	b.mu.Unlock()
	select {
	case o := <-res:
		if o.err != nil {
			return nil, scriptError(o.err)
		}
		return json.RawMessage(o.value), nil
	case <-j.done: // closed without a result: the window went away
		select {
		case o := <-res:
			if o.err != nil {
				return nil, scriptError(o.err)
			}
			return json.RawMessage(o.value), nil
		default:
			return nil, fmt.Errorf("%w: window closed before the script ran", ErrNoBrowser)
		}
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// scriptError wraps an error of a script: the window's end is ErrNoBrowser.
func scriptError(err error) error {
	if errors.Is(err, engine.ErrClosed) || errors.Is(err, engine.ErrStopped) {
		return fmt.Errorf("%w: window closed before the script ran", ErrNoBrowser)
	}
	return fmt.Errorf("gotonium: javascript: %w", err)
}

// engineError maps the engine's "window gone" errors to ErrNoBrowser.
func engineError(err error) error {
	if errors.Is(err, engine.ErrClosed) || errors.Is(err, engine.ErrStopped) {
		return fmt.Errorf("%w: %v", ErrNoBrowser, err)
	}
	return err
}

// queueLocked runs j now, or after the load under way; b.mu is held. A load
// that does not finish within loadWait (a page whose load event never comes,
// or a scheme handler that waits for a script while serving the page itself)
// no longer holds scripts back: they run in whatever page is there then.
func (b *browser) queueLocked(j job) {
	if b.loading || b.win == nil {
		b.pending = append(b.pending, j)
		b.armLoadTimerLocked()
		return
	}
	b.evalLocked(j)
}

// armLoadTimerLocked starts the loadWait timer for the pending scripts of
// the load under way, unless one runs; b.mu is held. Without a window yet
// it does nothing: open arms it once NewWindow has returned.
func (b *browser) armLoadTimerLocked() {
	if b.win == nil || !b.loading || len(b.pending) == 0 || b.loadTimer != nil {
		return
	}
	loaded := b.loaded
	var t *time.Timer
	t = time.AfterFunc(loadWait, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		if b.loadTimer == t {
			b.loadTimer = nil
		}
		if b.loaded == loaded && b.loading && len(b.pending) > 0 {
			log().Warn("gotonium: the page did not finish loading; running queued scripts in it anyway", "browser", b.id, "waited", loadWait, "scripts", len(b.pending))
			b.flushLocked()
		}
	})
	b.loadTimer = t
}

// loadWait bounds how long scripts wait for a page to finish loading.
var loadWait = 10 * time.Second

// LoadURL navigates this instance's window to url. Scripts sent with
// ExecuteJavascript afterwards run in the new page once it has loaded.
func (p *Instance) LoadURL(url string) error {
	if err := checkURL(url); err != nil {
		return err
	}
	b, win := p.expectLoad()
	if win == nil {
		return ErrNoBrowser
	}
	p.trustOpened(url)
	b.refreshScripts() // the new page's origin is trusted now
	if err := win.LoadURL(p.normalizeURL(url)); err != nil {
		return engineError(err)
	}
	return nil
}

// Reload reloads the page of this instance's window, as the user's F5 would:
// the page's scripts start afresh, the state store keeps its values (the
// reloaded page sees them at once), and scripts sent with ExecuteJavascript
// afterwards run in the reloaded page. Resources may come from WebKit's
// cache after revalidation; see ReloadBypassingCache.
func (p *Instance) Reload() error { return p.reload(false) }

// ReloadBypassingCache is Reload fetching every resource anew, as Ctrl+F5
// does, without revalidating cached copies.
func (p *Instance) ReloadBypassingCache() error { return p.reload(true) }

func (p *Instance) reload(bypassCache bool) error {
	_, win := p.expectLoad()
	if win == nil {
		return ErrNoBrowser
	}
	if err := win.Reload(bypassCache); err != nil {
		return engineError(err)
	}
	return nil
}

// expectLoad marks the window's page as loading, so that scripts wait for
// the page that a load about to be asked for brings, and returns the window
// (nil when there is none).
func (p *Instance) expectLoad() (*browser, engine.Window) {
	b := p.current()
	if b == nil {
		return nil, nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.win == nil {
		return b, nil
	}
	if !b.loading {
		b.loading = true
		b.loaded = make(chan struct{})
	}
	b.awaitStart = true
	return b, b.win
}

// flushLocked sends every pending script to the engine; b.mu is held.
func (b *browser) flushLocked() {
	if b.win == nil {
		return
	}
	if b.loadTimer != nil { // nothing waits any more; the next load arms its own
		b.loadTimer.Stop()
		b.loadTimer = nil
	}
	for _, j := range b.pending {
		b.evalLocked(j)
	}
	b.pending = nil
}

// evalLocked sends one script to the engine; b.mu is held.
func (b *browser) evalLocked(j job) {
	if len(b.inflight) >= 64 { // forget the ones that have finished
		live := b.inflight[:0]
		for _, ch := range b.inflight {
			select {
			case <-ch:
			default:
				live = append(live, ch)
			}
		}
		b.inflight = live
	}
	b.inflight = append(b.inflight, j.done)
	id := b.id
	b.win.Eval(j.code, func(v string, err error) {
		if j.result != nil {
			j.result(v, err)
		} else if err != nil && !errors.Is(err, errClosed) {
			log().Warn("gotonium: script failed", "browser", id, "error", err)
		}
		close(j.done)
	})
}
