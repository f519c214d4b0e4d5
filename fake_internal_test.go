package gotonium

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/gotonium/gotonium/internal/enginefake"
)

// The unit tests of the core run against internal/enginefake: no display,
// no WebKit. They run in the full suite too, between end-to-end tests, so
// useFake puts the real engine back (proc.eng = nil: the next start makes
// it again) when the test ends. Tests do not run in parallel.

// useFake stops the engine if it runs, swaps in a started fake for the rest
// of the test and returns it.
func useFake(t *testing.T) *enginefake.Engine {
	t.Helper()
	if IsInitialized() {
		Shutdown()
	}
	callbacks.run() // what earlier tests left queued
	e := enginefake.New()
	proc.mu.Lock()
	proc.eng = e
	proc.mu.Unlock()
	if err := start(); err != nil {
		t.Fatalf("start the fake engine: %v", err)
	}
	t.Cleanup(func() {
		for _, w := range e.Open() {
			w.CloseByUser() // do not wait closeGrace for scripts nobody answers
		}
		if IsInitialized() {
			Shutdown()
		}
		callbacks.run()
		proc.mu.Lock()
		proc.eng = nil
		proc.mu.Unlock()
		for _, p := range e.Problems() {
			t.Errorf("engine contract: %s", p)
		}
	})
	return e
}

const appURL = "https://app.test/index.html"

// openFake opens a window for a new instance at url and returns both.
func openFake(t *testing.T, e *enginefake.Engine, url string) (*Instance, *enginefake.Window) {
	t.Helper()
	p := New()
	n := len(e.Windows())
	if err := p.Initialize(url, 300, 200); err != nil {
		t.Fatalf("Initialize: %v", err)
	}
	return p, e.WaitWindow(n + 1)
}

// loadedFake opens a window and plays the load of its page.
func loadedFake(t *testing.T, e *enginefake.Engine) (*Instance, *enginefake.Window) {
	t.Helper()
	p, w := openFake(t, e, appURL)
	w.PageLoad(appURL)
	return p, w
}

// secretOf is the secret that signs the page messages of p's window.
func secretOf(p *Instance) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.b.secret
}

// send posts a message signed as the page runtime does and waits for the
// reply.
func send(p *Instance, w *enginefake.Window, body string) (string, error) {
	return w.Message(secretOf(p) + "\n" + body)
}

// callMsg is the body of a call of a bound function.
func callMsg(object, name, args string) string {
	return "call\n" + object + "\n" + name + "\n" + args
}

// pumpFake runs the callback queue on a goroutine of its own, event-driven,
// until the test ends.
func pumpFake(t *testing.T) {
	t.Helper()
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			ch := callbacks.changed()
			callbacks.run()
			select {
			case <-ch:
			case <-stop:
				return
			}
		}
	}()
	t.Cleanup(func() { close(stop); <-done })
}

// userScripts returns the codes of the scripts the core asked the window
// to evaluate with a result callback: those of ExecuteJavascript and
// EvaluateJavascript (the runtime's own scripts have none).
func userScripts(w *enginefake.Window) []string {
	var codes []string
	for _, s := range w.Scripts() {
		if s.HasCallback() {
			codes = append(codes, s.Code)
		}
	}
	return codes
}

// waitCond polls cond until it holds or fails the test after 5 s.
func waitCond(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// within runs f on a goroutine and fails the test if it does not return
// within d.
func within(t *testing.T, d time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s did not return within %v", what, d)
	}
}

// evalAsync starts EvaluateJavascript on a goroutine; the channel gets its
// outcome.
type evalOutcome struct {
	value string
	err   error
}

func evalAsync(p *Instance, ctx context.Context, code string) <-chan evalOutcome {
	ch := make(chan evalOutcome, 1)
	go func() {
		v, err := p.EvaluateJavascriptContext(ctx, code)
		ch <- evalOutcome{string(v), err}
	}()
	return ch
}

func recv[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(5 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
		var zero T
		return zero
	}
}

func join(xs []string) string { return strings.Join(xs, ",") }

// initializeHeld starts Initialize(appURL) on a goroutine with the fake's
// NewWindow held, and returns once the engine is asked for the window: the
// instance, where Initialize's error arrives, and what lets NewWindow return.
func initializeHeld(t *testing.T, e *enginefake.Engine) (p *Instance, opened chan error, release func()) {
	t.Helper()
	release = e.HoldNewWindow()
	p = New()
	opened = make(chan error, 1)
	go func() { opened <- p.Initialize(appURL, 300, 200) }()
	waitCond(t, "NewWindow to be called", func() bool { return e.Holding() == 1 })
	return p, opened, release
}
