//go:build !fakeengine

package gotonium_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
	"github.com/gotonium/gotonium/internal/xvfb"
)

func TestTwoWindowsPaintWithDistinctIDs(t *testing.T) {
	p1 := open(t, colourPage("one", "rgb(250,20,130)"), 700, 500)
	p2 := gotonium.New()
	id2, err := p2.CreateBrowser(colourPage("two", "rgb(20,200,90)"), 500, 300)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p2.CloseBrowser() })
	id1 := p1.BrowserID()
	if id1 < 0 || id2 < 0 || id1 == id2 || p2.BrowserID() != id2 {
		t.Fatalf("browser ids %d and %d (BrowserID %d): want distinct, non-negative", id1, id2, p2.BrowserID())
	}
	waitPainted(t, p1)
	waitPainted(t, p2)
	// Openbox may overlap the windows a little; most of each must show.
	var n1, n2 int
	deadline := time.Now().Add(5 * time.Second)
	for n1 < 700*500/2 || n2 < 500*300*9/10 {
		if time.Now().After(deadline) {
			t.Fatalf("painted pixels: window 1 %d of %d, window 2 %d of %d", n1, 700*500, n2, 500*300)
		}
		img, err := xvfb.Screenshot()
		if err != nil {
			t.Fatal(err)
		}
		n1, n2 = xvfb.Count(img, 250, 20, 130), xvfb.Count(img, 20, 200, 90)
	}
}

func TestCloseBrowserStopsOnlyThatWindow(t *testing.T) {
	p1 := open(t, colourPage("a", "#123"), 300, 200)
	p2 := open(t, colourPage("b", "#456"), 300, 200)
	if !p1.IsRunning() || !p2.IsRunning() {
		t.Fatal("both windows should run")
	}
	if err := p2.CloseBrowser(); err != nil {
		t.Fatal(err)
	}
	if p2.IsRunning() || p2.BrowserID() != -1 {
		t.Fatalf("after CloseBrowser: IsRunning %v, BrowserID %d", p2.IsRunning(), p2.BrowserID())
	}
	if !p1.IsRunning() || !gotonium.IsInitialized() {
		t.Fatal("the other window and the engine must keep running")
	}
	if err := p2.CloseBrowser(); !errors.Is(err, gotonium.ErrNoBrowser) {
		t.Fatalf("second CloseBrowser: %v, want ErrNoBrowser", err)
	}
	if err := p2.ExecuteJavascript("1"); !errors.Is(err, gotonium.ErrNoBrowser) {
		t.Fatalf("ExecuteJavascript on a closed window: %v, want ErrNoBrowser", err)
	}
	// The instance can open a new window.
	if _, err := p2.CreateBrowser(colourPage("b2", "#789"), 300, 200); err != nil {
		t.Fatal(err)
	}
	if got := eval(t, p2, "document.title"); got != "b2" {
		t.Fatalf("reopened window title %v", got)
	}
}

func TestPageWindowCloseStopsOnlyThatWindow(t *testing.T) {
	p1 := open(t, colourPage("stay", "#111"), 300, 200)
	p2 := open(t, colourPage("leave", "#222"), 300, 200)
	if err := p2.ExecuteJavascript("window.close()"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 5*time.Second, "window.close() to close the window", func() bool { return !p2.IsRunning() })
	if !p1.IsRunning() {
		t.Fatal("the other window stopped too")
	}
	if got := eval(t, p1, "document.title"); got != "stay" {
		t.Fatalf("other window title %v", got)
	}
}

func TestInitializeErrors(t *testing.T) {
	p := open(t, colourPage("x", "#000"), 200, 100)
	if err := p.Initialize(colourPage("y", "#000"), 200, 100); !errors.Is(err, gotonium.ErrBrowserOpen) {
		t.Fatalf("Initialize twice: %v, want ErrBrowserOpen", err)
	}
	q := gotonium.New()
	for _, c := range []struct {
		url  string
		w, h int
	}{
		{"", 100, 100}, {"example.com", 100, 100}, {"https://", 100, 100}, {" https://a.b", 100, 100},
		{"https://a.b", 0, 100}, {"https://a.b", 100, -1}, {"https://a.b", 40000, 100},
	} {
		if err := q.Initialize(c.url, c.w, c.h); !errors.Is(err, gotonium.ErrInvalidArgument) {
			t.Errorf("Initialize(%q, %d, %d): %v, want ErrInvalidArgument", c.url, c.w, c.h, err)
		}
		if _, err := q.CreateBrowser(c.url, c.w, c.h); !errors.Is(err, gotonium.ErrInvalidArgument) {
			t.Errorf("CreateBrowser(%q, %d, %d): %v, want ErrInvalidArgument", c.url, c.w, c.h, err)
		}
	}
	if q.IsRunning() || q.BrowserID() != -1 {
		t.Fatal("a failed Initialize must leave the instance closed")
	}
	for name, err := range map[string]error{
		"LoadURL":           q.LoadURL("https://a.b"),
		"ExecuteJavascript": q.ExecuteJavascript("1"),
		"CloseBrowser":      q.CloseBrowser(),
	} {
		if !errors.Is(err, gotonium.ErrNoBrowser) {
			t.Errorf("%s on an instance with no window: %v, want ErrNoBrowser", name, err)
		}
	}
	if _, err := q.EvaluateJavascript("1"); !errors.Is(err, gotonium.ErrNoBrowser) {
		t.Errorf("EvaluateJavascript with no window: %v", err)
	}
}

func TestShutdownWithWindowsOpenThenRestart(t *testing.T) {
	p1 := open(t, colourPage("s1", "#a00"), 300, 200)
	p2 := open(t, colourPage("s2", "#0a0"), 300, 200)
	if err := p1.ExecuteJavascript("document.title = 'queued'"); err != nil {
		t.Fatal(err)
	}
	if err := p1.Shutdown(); err != nil {
		t.Fatal(err)
	}
	if p1.IsRunning() || p2.IsRunning() || gotonium.IsInitialized() {
		t.Fatalf("after Shutdown: running %v %v, initialized %v", p1.IsRunning(), p2.IsRunning(), gotonium.IsInitialized())
	}
	if err := gotonium.Shutdown(); !errors.Is(err, gotonium.ErrNotInitialized) {
		t.Fatalf("second Shutdown: %v, want ErrNotInitialized", err)
	}
	if _, err := gotonium.New().CreateBrowser(colourPage("c", "#000"), 100, 100); !errors.Is(err, gotonium.ErrNotInitialized) {
		t.Fatalf("CreateBrowser after Shutdown: %v, want ErrNotInitialized", err)
	}
	// Unlike Pytonium, the engine starts again.
	p3 := open(t, colourPage("again", "#00a"), 300, 200)
	if got := eval(t, p3, "document.title"); got != "again" {
		t.Fatalf("title after restart: %v", got)
	}
}

func TestExecuteJavascriptRightAfterInitialize(t *testing.T) {
	p := open(t, page(`<title>t</title><script>window.pageRan = true</script><body>`), 300, 200)
	// Sent while the page is still loading: it must wait for the page, not be dropped.
	if err := p.ExecuteJavascript(`document.body.dataset.seen = window.pageRan ? "after-page" : "before-page"`); err != nil {
		t.Fatal(err)
	}
	if got := eval(t, p, "document.body.dataset.seen"); got != "after-page" {
		t.Fatalf("dataset.seen = %v, want after-page", got)
	}
	// The same after LoadURL.
	if err := p.LoadURL(page(`<title>second</title><body>`)); err != nil {
		t.Fatal(err)
	}
	if err := p.ExecuteJavascript(`document.body.dataset.seen = document.title`); err != nil {
		t.Fatal(err)
	}
	if got := eval(t, p, "document.body.dataset.seen"); got != "second" {
		t.Fatalf("after LoadURL dataset.seen = %v, want second", got)
	}
}

func TestEvaluateJavascriptErrors(t *testing.T) {
	p := open(t, colourPage("e", "#000"), 200, 100)
	if _, err := p.EvaluateJavascript("throw new TypeError('boom')"); err == nil || !contains(err.Error(), "boom") {
		t.Fatalf("thrown error: %v", err)
	}
	if got := eval(t, p, "({a: [1, null, true], s: 'q\"</script>\u2028'})"); got == nil {
		t.Fatal("nil result")
	}
	if got := eval(t, p, "undefined"); got != nil {
		t.Fatalf("undefined → %v, want null", got)
	}
}

func TestRunMultiReturnsWhenWindowsClose(t *testing.T) {
	for _, interval := range []time.Duration{0, 16 * time.Millisecond} {
		p1 := open(t, colourPage("r1", "#000"), 200, 100)
		p2 := open(t, colourPage("r2", "#000"), 200, 100)
		go func() {
			time.Sleep(200 * time.Millisecond)
			p1.CloseBrowser()
			time.Sleep(100 * time.Millisecond)
			p2.ExecuteJavascript("window.close()")
		}()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		start := time.Now()
		err := gotonium.RunMulti(ctx, []*gotonium.Instance{p1, p2}, interval)
		cancel()
		if err != nil {
			t.Fatalf("interval %v: RunMulti: %v", interval, err)
		}
		if p1.IsRunning() || p2.IsRunning() {
			t.Fatalf("interval %v: RunMulti returned with windows running", interval)
		}
		t.Logf("interval %v: returned after %v", interval, time.Since(start).Round(time.Millisecond))
	}
	if err := gotonium.RunMulti(context.Background(), nil, 0); err != nil {
		t.Fatalf("empty list: %v", err)
	}
}

func TestRunMultiCancelled(t *testing.T) {
	p := open(t, colourPage("c", "#000"), 200, 100)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if err := gotonium.Run(ctx, p, 0); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Run: %v, want DeadlineExceeded", err)
	}
	if !p.IsRunning() {
		t.Fatal("cancelling Run must not close the window")
	}
	if err := gotonium.RunMulti(context.Background(), []*gotonium.Instance{p, nil}, 0); !errors.Is(err, gotonium.ErrInvalidArgument) {
		t.Fatalf("nil instance: %v", err)
	}
	//lint:ignore SA1012 a nil context is the bad input under test
	if err := gotonium.RunMulti(nil, []*gotonium.Instance{p}, 0); !errors.Is(err, gotonium.ErrInvalidArgument) {
		t.Fatalf("nil context: %v", err)
	}
	if err := gotonium.RunMulti(context.Background(), []*gotonium.Instance{p}, -time.Second); !errors.Is(err, gotonium.ErrInvalidArgument) {
		t.Fatalf("negative interval: %v", err)
	}
}
