//go:build !fakeengine

package gotonium_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// within fails the test when f does not return within d, with every
// goroutine's stack.
func within(t *testing.T, d time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(d):
		buf := make([]byte, 1<<20)
		t.Fatalf("%s did not return within %v\n%s", what, d, buf[:runtime.Stack(buf, true)])
	}
}

// TestCloseBrowserDuringCreate: CloseBrowser called the moment IsRunning
// turns true, while CreateBrowser is still opening the window, closes it.
func TestCloseBrowserDuringCreate(t *testing.T) {
	open(t, page("<title>anchor</title>"), 200, 150) // the engine runs
	for i := 0; i < 10; i++ {
		p := gotonium.New()
		closed := make(chan error, 1)
		go func() {
			for !p.IsRunning() {
				runtime.Gosched()
			}
			closed <- p.CloseBrowser()
		}()
		if _, err := p.CreateBrowser(page("<title>racing</title>"), 200, 150); err != nil {
			t.Fatal(err)
		}
		within(t, 5*time.Second, "CloseBrowser racing CreateBrowser", func() {
			if err := <-closed; err != nil && !errors.Is(err, gotonium.ErrNoBrowser) {
				t.Errorf("CloseBrowser: %v", err)
			}
		})
		if p.IsRunning() {
			t.Fatal("still running after CloseBrowser")
		}
	}
}

// TestShutdownWithOpenFromOnClose: an OnClose handler that opens a window
// while Shutdown runs gets an error; Shutdown does not deadlock, and the
// engine starts again afterwards.
func TestShutdownWithOpenFromOnClose(t *testing.T) {
	p := open(t, page("<title>first</title>"), 200, 150)
	var reopenErr error
	reopened := make(chan struct{})
	p.OnClose(func() {
		q := gotonium.New()
		_, reopenErr = q.CreateBrowser(page("<title>late</title>"), 200, 150)
		close(reopened)
	})
	within(t, 10*time.Second, "Shutdown", func() { must(t, gotonium.Shutdown()) })
	select {
	case <-reopened:
		if !errors.Is(reopenErr, gotonium.ErrNotInitialized) {
			t.Errorf("CreateBrowser during Shutdown: %v; want ErrNotInitialized", reopenErr)
		}
	default:
		t.Error("OnClose did not run during Shutdown")
	}
	p2 := open(t, page("<title>again</title>"), 200, 150)
	if !p2.IsRunning() {
		t.Fatal("no window after Shutdown and a new Initialize")
	}
}

// TestConcurrentShutdown: two Shutdowns and a CloseBrowser at once all return.
func TestConcurrentShutdown(t *testing.T) {
	p := open(t, page("<title>a</title>"), 200, 150)
	open(t, page("<title>b</title>"), 200, 150)
	within(t, 10*time.Second, "racing Shutdown and CloseBrowser", func() {
		var wg sync.WaitGroup
		for i := 0; i < 2; i++ {
			wg.Add(1)
			go func() { defer wg.Done(); gotonium.Shutdown() }()
		}
		wg.Add(1)
		go func() { defer wg.Done(); p.CloseBrowser() }()
		wg.Wait()
	})
	if gotonium.IsInitialized() {
		t.Fatal("still initialized")
	}
}

// TestTwoPumpsLoseNoWakeUp: RunMulti and UpdateMessageLoop pumping at the
// same time: every callback still runs promptly.
func TestTwoPumpsLoseNoWakeUp(t *testing.T) {
	p := open(t, page("<title>pumps</title>"), 200, 150)
	must(t, p.BindFunction(func(i int) int { return i }, "echo", "t"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go gotonium.Run(ctx, p, 0)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for {
			select {
			case <-stop:
				return
			default:
				p.UpdateMessageLoop()
			}
		}
	}()
	within(t, 20*time.Second, "500 sequential calls with two pumps", func() {
		got := await(t, p, `(async () => { let s = 0; for (let i = 0; i < 500; i++) s += await Gotonium.t.echo(1); return s; })()`)
		if got != float64(500) {
			t.Errorf("sum %v", got)
		}
	})
}

// TestSetLoggerAfterInitialize: the engine's warnings go to the logger set
// after the engine started.
func TestSetLoggerAfterInitialize(t *testing.T) {
	p := open(t, page("<title>log</title>"), 200, 150)
	var buf strings.Builder
	var mu sync.Mutex
	gotonium.SetLogger(slog.New(slog.NewTextHandler(&lockedWriter{&mu, &buf}, nil)))
	defer gotonium.SetLogger(nil)
	// A page that forges a message: the refusal is logged by the core; an
	// engine warning (a bad icon is the engine's) is logged by the engine.
	if err := p.SetCustomIconPath("/nonexistent.png"); err == nil {
		t.Fatal("a missing icon was accepted")
	}
	p.ExecuteJavascript(`window.webkit.messageHandlers.gotonium.postMessage("forged").catch(() => {})`)
	waitFor(t, 5*time.Second, "the refusal in the log", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return strings.Contains(buf.String(), "refused")
	})
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *strings.Builder
}

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

// TestBoundGoexit: a bound function that calls runtime.Goexit rejects its
// promise instead of leaving it pending.
func TestBoundGoexit(t *testing.T) {
	p := open(t, page("<title>goexit</title>"), 200, 150)
	must(t, p.BindFunction(func() { runtime.Goexit() }, "quit", "t"))
	must(t, p.BindFunction(func() string { return "alive" }, "ok", "t"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pumpUntil := func() {
		for ctx.Err() == nil { // a pump that survives its goroutine's end
			done := make(chan struct{})
			go func() { defer close(done); gotonium.Run(ctx, p, 0) }()
			<-done
		}
	}
	go pumpUntil()
	if got := await(t, p, `Gotonium.t.quit()`); got != "rejected: Error: t.quit: the Go function called runtime.Goexit" {
		t.Fatalf("got %v", got)
	}
	if got := await(t, p, `Gotonium.t.ok()`); got != "alive" {
		t.Fatalf("after Goexit: %v", got)
	}
}

// TestEvaluateJavascriptAwaitsPromises: a returned promise is awaited; a
// rejection is an error; values JSON cannot hold name their type.
func TestEvaluateJavascriptAwaitsPromises(t *testing.T) {
	p := open(t, page("<title>eval</title>"), 200, 150)
	if got := eval(t, p, `new Promise(r => setTimeout(() => r({a: [1, "x"]}), 50))`); mustJSON(got) != `{"a":[1,"x"]}` {
		t.Fatalf("awaited value %v", got)
	}
	if got := eval(t, p, `var g = 2; g * 21`); got != float64(42) {
		t.Fatalf("statements: %v", got)
	}
	if got := eval(t, p, `undefined`); got != nil {
		t.Fatalf("undefined: %v", got)
	}
	for code, want := range map[string]string{
		`Promise.reject(new Error("nope"))`: "nope",
		`(() => 1)`:                         "function",
		`Symbol("s")`:                       "symbol",
		`10n`:                               "bigint",
		`throw new RangeError("thrown")`:    "thrown",
	} {
		if _, err := p.EvaluateJavascript(code); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("EvaluateJavascript(%s) = %v; want an error naming %q", code, err, want)
		}
	}
}

// TestCloseRaceErrors: LoadURL and EvaluateJavascript racing CloseBrowser
// fail with ErrNoBrowser, never another error; a NUL in a Go error's text
// does not cut the page's message short.
func TestCloseRaceErrors(t *testing.T) {
	for i := 0; i < 5; i++ {
		p := open(t, page("<title>race</title>"), 200, 150)
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for j := 0; j < 10; j++ {
			wg.Add(2)
			go func() { defer wg.Done(); errs <- p.LoadURL(page("<title>next</title>")) }()
			go func() { defer wg.Done(); _, err := p.EvaluateJavascript("1"); errs <- err }()
		}
		p.CloseBrowser()
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil && !errors.Is(err, gotonium.ErrNoBrowser) {
				t.Errorf("racing CloseBrowser: %v (want nil or ErrNoBrowser)", err)
			}
		}
	}
	p := open(t, page("<title>nul</title>"), 200, 150)
	must(t, p.BindFunction(func() error { return errors.New("before\x00after") }, "nul", "t"))
	pump(t)
	if got := await(t, p, `Gotonium.t.nul()`); got != "rejected: Error: before\uFFFDafter" {
		t.Fatalf("got %q", got)
	}
}

// TestStateCostPerChange: SetState costs O(change), not O(store): 3,000
// values of 4 KB under distinct keys (a 12 MB store) go in quickly, pages
// see each, and a reload still starts with the whole store.
func TestStateCostPerChange(t *testing.T) {
	p := open(t, filePage(t, `<title>store</title>`), 300, 200)
	value := strings.Repeat("x", 4096)
	start := time.Now()
	for i := 0; i < 3000; i++ {
		must(t, p.SetState("big", fmt.Sprintf("k%04d", i), value))
	}
	took := time.Since(start)
	t.Logf("3000 SetState calls of 4 KB into a growing store: %v", took)
	if took > 20*time.Second { // O(store) per change took minutes
		t.Fatalf("3000 SetState calls took %v", took)
	}
	waitFor(t, 20*time.Second, "the page to have every value", func() bool {
		return eval(t, p, `Gotonium.appState.getState("big", "k2999") !== null`) == true
	})
	must(t, p.Reload())
	waitFor(t, 20*time.Second, "the reloaded page's store", func() bool {
		v, _ := eval(t, p, `(() => { let n = 0; for (let i = 0; i < 3000; i++) if (Gotonium.appState.getState("big", "k" + String(i).padStart(4, "0")) !== null) n++; return performance.navigation.type === 1 ? n : -1; })()`).(float64)
		return v == 3000
	})
}

// TestStateKeysLikeObjectMembers: keys named like Object.prototype members
// survive a reload.
func TestStateKeysLikeObjectMembers(t *testing.T) {
	p := open(t, filePage(t, `<title>keys</title>`), 300, 200)
	keys := []string{"__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"}
	for _, k := range keys {
		must(t, p.SetState(k, k, "v-"+k))
	}
	must(t, p.ExecuteJavascript("location.reload()"))
	waitFor(t, 10*time.Second, "the reload", func() bool { return eval(t, p, "performance.navigation.type") == float64(1) })
	for _, k := range keys {
		if got := eval(t, p, `Gotonium.appState.getState(`+mustJSON(k)+`, `+mustJSON(k)+`)`); got != "v-"+k {
			t.Errorf("after a reload, %s/%s = %v", k, k, got)
		}
	}
}

// TestStateCatchUp: changes made while a page starts, and while it sits in
// the back/forward cache, reach it; a flood of page setState calls arrives
// in Go in order, and another window keeps answering meanwhile.
func TestStateCatchUp(t *testing.T) {
	pump(t)
	a := open(t, filePage(t, `<title>a</title>`), 300, 200)
	other := open(t, page(`<title>other</title>`), 200, 150)
	must(t, other.BindFunction(func() string { return "pong" }, "ping", "t"))
	got := make(chan string, 100000)
	must(t, a.AddStateHandler(gotonium.StateHandlerFunc(func(ns, key string, v any) {
		if key == "last" {
			got <- fmt.Sprint(v)
		}
	}), []string{"flood"}))
	// Changes while the page reloads: each reaches the new page.
	must(t, a.ExecuteJavascript("location.reload()"))
	for i := 0; i < 200; i++ {
		must(t, a.SetState("race", "n", i))
	}
	waitFor(t, 10*time.Second, "the last change in the reloaded page", func() bool {
		return eval(t, a, `Gotonium.appState.getState("race", "n")`) == float64(199)
	})
	// A flood from the page: 20,000 setState calls in a loop.
	start := time.Now()
	must(t, a.ExecuteJavascript(`for (let i = 0; i < 20000; i++) Gotonium.appState.setState("flood", "n", i); Gotonium.appState.setState("flood", "last", "done")`))
	for {
		if got := await(t, other, `Gotonium.t.ping()`); got != "pong" {
			t.Fatalf("the other window: %v", got)
		}
		if len(got) > 0 {
			break
		}
		if time.Since(start) > 20*time.Second {
			t.Fatal("the flood's last change did not reach Go")
		}
	}
	t.Logf("20,000 page setState calls reached Go in %v", time.Since(start))
	if v, _ := a.GetState("flood", "n"); v != float64(19999) {
		t.Fatalf("flood/n = %v", v)
	}
}

// TestStateAfterBackForward: a page restored from the back/forward cache
// catches up on changes made while it was away.
func TestStateAfterBackForward(t *testing.T) {
	first := filePage(t, `<title>first</title><script>window.addEventListener("pageshow", e => { window.restored = e.persisted; })</script>`)
	p := open(t, first, 300, 200)
	eval(t, p, "1") // loaded: the next page gets a history entry of its own
	must(t, p.SetState("bf", "v", "before"))
	must(t, p.LoadURL(filePage(t, `<title>second</title>`)))
	eval(t, p, "1")
	must(t, p.SetState("bf", "v", "while away"))
	must(t, p.ExecuteJavascript("history.back()"))
	waitFor(t, 10*time.Second, "the first page back", func() bool { return eval(t, p, "document.title") == "first" })
	waitFor(t, 5*time.Second, "the change made while away", func() bool {
		return eval(t, p, `Gotonium.appState.getState("bf", "v")`) == "while away"
	})
	t.Logf("restored from the back/forward cache: %v", eval(t, p, "window.restored"))
}

// TestScriptsDoNotWaitForeverForALoad: a page whose load never finishes, and
// a scheme handler that evaluates a script while serving the page itself,
// hold scripts back at most loadWait.
func TestScriptsDoNotWaitForeverForALoad(t *testing.T) {
	defer gotonium.SetLoadWaitForTest(time.Second)()
	hang := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<title>endless</title><p>loading forever")
		w.(http.Flusher).Flush()
		<-hang // the body never ends: no load event
	}))
	defer srv.Close()
	defer close(hang) // before Close, which waits for the handler
	p := open(t, page("<title>start</title>"), 300, 200)
	must(t, p.LoadURL(srv.URL))
	within(t, 5*time.Second, "EvaluateJavascript in a page that never finishes loading", func() {
		if _, err := p.EvaluateJavascript("document.title"); err != nil {
			t.Error(err)
		}
	})
	// A scheme handler that asks the page for something while serving it.
	q := gotonium.New()
	must(t, q.AddSchemeHandler("selfish", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q.EvaluateJavascript("1") // waits for the page being served
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<title>served</title>")
	})))
	must(t, q.Initialize("selfish://localhost/index.html", 300, 200))
	t.Cleanup(func() { q.CloseBrowser() })
	within(t, 5*time.Second, "a scheme handler evaluating script while serving its page", func() {
		waitFor(t, 4*time.Second, "the served page", func() bool { return eval(t, q, "document.title") == "served" })
	})
}

// TestRapidLoadURLs: many LoadURLs in a row (the app's own navigations, each
// replacing the last) end on the last page; none is refused as a page's own
// navigation to a data: URL.
func TestRapidLoadURLs(t *testing.T) {
	p := open(t, page("<title>start</title>"), 300, 200)
	for round := 0; round < 5; round++ {
		for i := 0; i < 20; i++ {
			must(t, p.LoadURL(page(fmt.Sprintf("<title>r%d-%d</title>", round, i))))
		}
		want := fmt.Sprintf("r%d-19", round)
		waitFor(t, 10*time.Second, "the last page "+want, func() bool {
			// A script the next commit overtakes ends with ErrPageChanged: try again.
			raw, err := p.EvaluateJavascript("document.title")
			if errors.Is(err, gotonium.ErrPageChanged) {
				return false
			}
			must(t, err)
			return string(raw) == `"`+want+`"`
		})
	}
}
