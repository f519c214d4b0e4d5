package gotonium

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gotonium/gotonium/internal/engine"
)

// TestScriptsWaitForTheLoad: scripts sent before the window exists, while
// its page loads and after it committed run once LoadFinished comes, in the
// order they were sent; afterwards they run at once.
func TestScriptsWaitForTheLoad(t *testing.T) {
	e := useFake(t)
	p, opened, release := initializeHeld(t, e)
	if err := p.ExecuteJavascript("before-open"); err != nil {
		t.Fatalf("ExecuteJavascript while the window opens: %v", err)
	}
	release()
	if err := recv(t, opened, "Initialize"); err != nil {
		t.Fatal(err)
	}
	w := e.WaitWindow(1)
	must(t, p.ExecuteJavascript("opened"))
	w.Load(engine.LoadStarted)
	must(t, p.ExecuteJavascript("started"))
	w.URI(appURL)
	w.Load(engine.LoadCommitted)
	must(t, p.ExecuteJavascript("committed"))
	e.Sync()
	if got := userScripts(w); len(got) != 0 {
		t.Fatalf("scripts ran before the load finished: %v", got)
	}
	w.Load(engine.LoadFinished)
	must(t, p.ExecuteJavascript("finished"))
	e.Sync()
	if got, want := join(userScripts(w)), "before-open,opened,started,committed,finished"; got != want {
		t.Fatalf("scripts ran as %q, want %q", got, want)
	}
}

// TestLoadURLHoldsScripts: after LoadURL, scripts wait for the new page;
// the end of the load LoadURL replaced (a LoadFinished before the new
// LoadStarted) does not let them run in the old page.
func TestLoadURLHoldsScripts(t *testing.T) {
	e := useFake(t)
	p, w := openFake(t, e, appURL)
	w.Load(engine.LoadStarted)
	must(t, p.ExecuteJavascript("a"))
	must(t, p.LoadURL("https://app.test/two.html"))
	must(t, p.ExecuteJavascript("b"))
	w.Load(engine.LoadFinished) // the first load's end, replaced
	e.Sync()
	if got := userScripts(w); len(got) != 0 {
		t.Fatalf("scripts ran in the replaced page: %v", got)
	}
	w.PageLoad("https://app.test/two.html")
	e.Sync()
	if got := join(userScripts(w)); got != "a,b" {
		t.Fatalf("scripts ran as %q, want a,b", got)
	}
	if got := w.Loads(); len(got) != 2 || got[1] != "https://app.test/two.html" {
		t.Fatalf("loads: %v", got)
	}
	w.AnswerAll("null")

	// After a finished load: LoadURL holds scripts again until the next one.
	must(t, p.LoadURL("https://app.test/three.html"))
	must(t, p.ExecuteJavascript("c"))
	w.Load(engine.LoadFinished) // a late end of the old page
	e.Sync()
	if len(w.Pending()) != 0 {
		t.Fatal("a script ran before the new page started loading")
	}
	w.PageLoad("https://app.test/three.html")
	if got := w.WaitPending(1); len(got) != 1 || got[0].Code != "c" {
		t.Fatalf("after the new page loaded: %v", userScripts(w))
	}
}

// TestLoadWaitRunsScriptsAnyway: a page whose load never finishes holds
// scripts back for loadWait, then they run in it.
func TestLoadWaitRunsScriptsAnyway(t *testing.T) {
	defer SetLoadWaitForTest(50 * time.Millisecond)()
	e := useFake(t)
	p, w := openFake(t, e, appURL)
	w.Load(engine.LoadStarted)
	must(t, p.ExecuteJavascript("stuck"))
	if got := w.WaitPending(1); len(got) != 1 || got[0].Code != "stuck" {
		t.Fatalf("the script did not run after loadWait: %v", userScripts(w))
	}
}

// TestLoadWaitBeforeTheWindowOpened: scripts sent while NewWindow was in
// flight are bounded by loadWait too.
func TestLoadWaitBeforeTheWindowOpened(t *testing.T) {
	defer SetLoadWaitForTest(50 * time.Millisecond)()
	e := useFake(t)
	p, opened, release := initializeHeld(t, e)
	must(t, p.ExecuteJavascript("early"))
	release()
	must(t, recv(t, opened, "Initialize"))
	w := e.WaitWindow(1)
	w.Load(engine.LoadStarted) // and it never finishes
	if got := w.WaitPending(1); len(got) != 1 || got[0].Code != "early" {
		t.Fatalf("a script queued before the window opened waits past loadWait: %v", userScripts(w))
	}
}

// TestLoadWaitOfTheNextLoad: the timer of a load that finished does not
// keep the next load's scripts from getting their own.
func TestLoadWaitOfTheNextLoad(t *testing.T) {
	defer SetLoadWaitForTest(300 * time.Millisecond)()
	e := useFake(t)
	p, w := openFake(t, e, appURL)
	w.Load(engine.LoadStarted)
	must(t, p.ExecuteJavascript("first")) // arms the timer of the first load
	w.URI(appURL)
	w.Load(engine.LoadCommitted)
	w.Load(engine.LoadFinished)
	w.WaitPending(1)[0].Return("null")
	must(t, p.LoadURL("https://app.test/stuck.html"))
	w.Load(engine.LoadStarted) // never finishes
	must(t, p.ExecuteJavascript("second"))
	if got := w.WaitPending(1); len(got) != 1 || got[0].Code != "second" {
		t.Fatalf("a script of a load that never finishes waits past loadWait: %v", userScripts(w))
	}
}

// TestEvaluateJavascriptOutcomes: results, exceptions, and the engine's
// errors mapped to the package's.
func TestEvaluateJavascriptOutcomes(t *testing.T) {
	e := useFake(t)
	p, w := loadedFake(t, e)
	ctx := context.Background()
	for _, c := range []struct {
		answer func(*scriptAnswer)
		check  func(evalOutcome) bool
		want   string
	}{
		{func(a *scriptAnswer) { a.ret(`{"a":1}`) }, func(o evalOutcome) bool { return o.err == nil && o.value == `{"a":1}` }, "the result"},
		{func(a *scriptAnswer) { a.throw(errors.New("ReferenceError: x")) }, func(o evalOutcome) bool {
			return o.err != nil && contains(o.err.Error(), "ReferenceError: x") && !errors.Is(o.err, ErrNoBrowser)
		}, "the exception"},
		{func(a *scriptAnswer) { a.throw(engine.ErrClosed) }, func(o evalOutcome) bool { return errors.Is(o.err, ErrNoBrowser) }, "ErrNoBrowser"},
		{func(a *scriptAnswer) { a.throw(engine.ErrStopped) }, func(o evalOutcome) bool { return errors.Is(o.err, ErrNoBrowser) }, "ErrNoBrowser"},
		{func(a *scriptAnswer) { a.throw(engine.ErrPageChanged) }, func(o evalOutcome) bool { return errors.Is(o.err, ErrPageChanged) }, "ErrPageChanged"},
	} {
		ch := evalAsync(p, ctx, "code")
		s := w.WaitPending(1)
		if len(s) != 1 {
			t.Fatal("EvaluateJavascript sent no script")
		}
		c.answer(&scriptAnswer{s[0].Return, s[0].Throw})
		if o := recv(t, ch, "EvaluateJavascript"); !c.check(o) {
			t.Errorf("EvaluateJavascript = %q, %v; want %s", o.value, o.err, c.want)
		}
	}

	// A context that ends first.
	cctx, cancel := context.WithCancel(ctx)
	ch := evalAsync(p, cctx, "slow")
	w.WaitPending(1)
	cancel()
	if o := recv(t, ch, "EvaluateJavascript"); !errors.Is(o.err, context.Canceled) {
		t.Errorf("with a cancelled context: %v", o.err)
	}
	w.AnswerAll("null")

	// A window that closes while the script waits for a load.
	must(t, p.LoadURL(appURL))
	ch = evalAsync(p, ctx, "never")
	waitCond(t, "the script to be queued", func() bool {
		b := p.current()
		b.mu.Lock()
		defer b.mu.Unlock()
		return len(b.pending) == 1
	})
	w.CloseByUser()
	if o := recv(t, ch, "EvaluateJavascript"); !errors.Is(o.err, ErrNoBrowser) {
		t.Errorf("window closed before the script ran: %v", o.err)
	}
	if _, err := p.EvaluateJavascript("x"); !errors.Is(err, ErrNoBrowser) {
		t.Errorf("EvaluateJavascript on a closed window: %v", err)
	}
}

type scriptAnswer struct {
	ret   func(string)
	throw func(error)
}

// TestCloseBrowserRunsQueuedScripts: CloseBrowser waits for the load under
// way, runs the queued scripts in order and waits for them, then closes.
func TestCloseBrowserRunsQueuedScripts(t *testing.T) {
	e := useFake(t)
	p, w := openFake(t, e, appURL)
	w.Load(engine.LoadStarted)
	must(t, p.ExecuteJavascript("a"))
	must(t, p.ExecuteJavascript("b"))
	closed := make(chan error, 1)
	go func() { closed <- p.CloseBrowser() }()
	e.Sync()
	if len(w.Pending()) != 0 || w.Closed() {
		t.Fatal("CloseBrowser did not wait for the load")
	}
	w.URI(appURL)
	w.Load(engine.LoadCommitted)
	w.Load(engine.LoadFinished)
	got := w.WaitPending(2)
	if join(userScripts(w)) != "a,b" {
		t.Fatalf("queued scripts ran as %v", userScripts(w))
	}
	if w.Closed() {
		t.Fatal("closed before the queued scripts finished")
	}
	got[0].Return("null")
	got[1].Return("null")
	if err := recv(t, closed, "CloseBrowser"); err != nil {
		t.Fatal(err)
	}
	if !w.Closed() || p.IsRunning() {
		t.Fatal("the window is still open after CloseBrowser")
	}
}

// TestCloseBrowserGraceForAStuckLoad: a page that never finishes loading
// gets the queued scripts after closeGrace, then the window closes.
func TestCloseBrowserGraceForAStuckLoad(t *testing.T) {
	e := useFake(t)
	p, w := openFake(t, e, appURL)
	w.Load(engine.LoadStarted)
	must(t, p.ExecuteJavascript("late"))
	closed := make(chan error, 1)
	start := time.Now()
	go func() { closed <- p.CloseBrowser() }()
	s := w.WaitPending(1)
	if len(s) != 1 || s[0].Code != "late" {
		t.Fatalf("the queued script did not run: %v", userScripts(w))
	}
	if d := time.Since(start); d < closeGrace/2 {
		t.Errorf("the script ran after %v, before the load had its grace", d)
	}
	s[0].Return("null")
	if err := recv(t, closed, "CloseBrowser"); err != nil {
		t.Fatal(err)
	}
	if !w.Closed() {
		t.Fatal("window still open")
	}
}

// TestCloseBrowserWhileOpening: CloseBrowser called while NewWindow is in
// flight closes the window once it exists, and returns.
func TestCloseBrowserWhileOpening(t *testing.T) {
	e := useFake(t)
	p, opened, release := initializeHeld(t, e)
	if !p.IsRunning() {
		t.Fatal("IsRunning false while the window opens")
	}
	closed := make(chan error, 1)
	go func() { closed <- p.CloseBrowser() }()
	release()
	must(t, recv(t, opened, "Initialize"))
	if err := recv(t, closed, "CloseBrowser"); err != nil {
		t.Fatal(err)
	}
	if w := e.WaitWindow(1); !w.Closed() || p.IsRunning() {
		t.Fatal("the window stayed open")
	}
}

// TestCrashReloads: a crash reloads the page and holds scripts for the
// reload; crashes past the limit do not reload.
func TestCrashReloads(t *testing.T) {
	e := useFake(t)
	p, w := loadedFake(t, e)
	crashes := make(chan string, 8)
	p.OnCrash(func(r string) { crashes <- r })
	pumpFake(t)
	w.Crash("crashed")
	if recv(t, crashes, "OnCrash") != "crashed" || w.Reloads() != 1 {
		t.Fatalf("reloads: %d", w.Reloads())
	}
	must(t, p.ExecuteJavascript("after-crash"))
	e.Sync()
	if len(w.Pending()) != 0 {
		t.Fatal("a script ran before the reload")
	}
	w.PageLoad(appURL)
	if s := w.WaitPending(1); len(s) != 1 {
		t.Fatal("the script did not run after the reload")
	}
	w.AnswerAll("null")
	for i := 0; i < crashLimit; i++ {
		w.Crash("memory")
		recv(t, crashes, "OnCrash")
	}
	if w.Reloads() != crashLimit {
		t.Errorf("reloads after %d crashes: %d, want %d", crashLimit+1, w.Reloads(), crashLimit)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
