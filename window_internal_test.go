package gotonium

import (
	"errors"
	"strings"
	"sync"
	"testing"
)

// TestWindowBookkeeping: IsRunning and BrowserID follow the window; one
// window per instance; a close by the window manager runs OnClose and makes
// every window method report ErrNoBrowser.
func TestWindowBookkeeping(t *testing.T) {
	e := useFake(t)
	p := New()
	if p.IsRunning() || p.BrowserID() != -1 {
		t.Fatalf("before opening: running %v, id %d", p.IsRunning(), p.BrowserID())
	}
	closed := make(chan struct{}, 4)
	p.OnClose(func() { closed <- struct{}{} })
	must(t, p.Initialize(appURL, 300, 200))
	w := e.WaitWindow(1)
	id := p.BrowserID()
	if !p.IsRunning() || id <= 0 {
		t.Fatalf("after Initialize: running %v, id %d", p.IsRunning(), id)
	}
	if cfg := w.Config(); cfg.URL != appURL || cfg.Width != 300 || cfg.Height != 200 || len(cfg.StartScripts) != 2 {
		t.Errorf("window config: %+v", cfg)
	}
	if err := p.Initialize(appURL, 300, 200); !errors.Is(err, ErrBrowserOpen) {
		t.Errorf("second Initialize: %v", err)
	}
	if _, err := p.CreateBrowser(appURL, 300, 200); !errors.Is(err, ErrBrowserOpen) {
		t.Errorf("CreateBrowser on an open instance: %v", err)
	}
	q := New()
	qid, err := q.CreateBrowser(appURL, 300, 200)
	if err != nil || qid == id || qid != q.BrowserID() {
		t.Fatalf("a second instance: id %d (first %d), %v", qid, id, err)
	}
	if len(e.Open()) != 2 {
		t.Fatalf("%d windows open", len(e.Open()))
	}

	w.CloseByUser()
	if p.IsRunning() || p.BrowserID() != -1 || !q.IsRunning() {
		t.Fatalf("after the user closed it: running %v, id %d; the other running %v", p.IsRunning(), p.BrowserID(), q.IsRunning())
	}
	select {
	case <-closed:
		t.Fatal("OnClose ran with nobody pumping")
	default:
	}
	callbacks.run()
	recv(t, closed, "OnClose")
	for name, err := range map[string]error{
		"ExecuteJavascript": p.ExecuteJavascript("x"),
		"LoadURL":           p.LoadURL(appURL),
		"CloseBrowser":      p.CloseBrowser(),
		"MinimizeWindow":    p.MinimizeWindow(),
		"SetWindowSize":     p.SetWindowSize(10, 10),
	} {
		if !errors.Is(err, ErrNoBrowser) {
			t.Errorf("%s on a closed window: %v", name, err)
		}
	}
	if _, err := p.EvaluateJavascript("x"); !errors.Is(err, ErrNoBrowser) {
		t.Errorf("EvaluateJavascript on a closed window: %v", err)
	}
	if p.NativeWindowHandle() != 0 {
		t.Error("a closed window has a native handle")
	}

	// Reopening gives a new id.
	id2, err := p.CreateBrowser(appURL, 300, 200)
	if err != nil || id2 <= qid {
		t.Fatalf("reopen: id %d, %v", id2, err)
	}
	w3 := e.WaitWindow(3)
	if p.NativeWindowHandle() != w3.NativeHandle() {
		t.Error("NativeWindowHandle is not the engine's")
	}

	// A failing NewWindow: an error, and the instance is not running.
	e.NewWindowError = errors.New("no more windows")
	r := New()
	if _, err := r.CreateBrowser(appURL, 300, 200); err == nil || !strings.Contains(err.Error(), "no more windows") || r.IsRunning() {
		t.Errorf("CreateBrowser when NewWindow fails: %v, running %v", err, r.IsRunning())
	}
	e.NewWindowError = nil
}

// TestControlsReachTheEngine: the control methods reach the engine and map its
// errors.
func TestControlsReachTheEngine(t *testing.T) {
	e := useFake(t)
	p, w := loadedFake(t, e)
	must(t, p.SetWindowPosition(100, 50))
	must(t, p.SetWindowSize(640, 480))
	must(t, p.ResizeWindow(600, 400, AnchorBottomRight)) // grows up and left: keeps the corner
	must(t, p.MaximizeWindow())
	if m, err := p.IsMaximized(); err != nil || !m {
		t.Errorf("IsMaximized = %v, %v", m, err)
	}
	must(t, p.RestoreWindow())
	must(t, p.SetFramelessWindow(true))
	if x, y, err := p.WindowPosition(); err != nil || x != 140 || y != 130 {
		t.Errorf("position after the anchored resize: %d,%d %v", x, y, err)
	}
	want := "SetPosition 100 50,SetSize 640 480,SetSize 600 400,SetPosition 140 130,Maximize,Restore,SetFrameless true"
	if got := join(w.Controls()); got != want {
		t.Errorf("controls:\n got %s\nwant %s", got, want)
	}
	if err := p.ResizeWindow(10, 10, Anchor(9)); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("bad anchor: %v", err)
	}
}

// TestShutdown: Shutdown closes every window (running their queued scripts
// first), runs the callbacks they queued on the calling goroutine, stops the
// engine, and refuses windows that callbacks try to open meanwhile.
func TestShutdown(t *testing.T) {
	e := useFake(t)
	var mu sync.Mutex
	var events []string
	var opens []error
	note := func(s string) { mu.Lock(); events = append(events, s); mu.Unlock() }
	var ps []*Instance
	for i := 0; i < 3; i++ {
		p, _ := loadedFake(t, e)
		name := string(rune('a' + i))
		p.OnClose(func() {
			note(name)
			_, err := New().CreateBrowser(appURL, 300, 200)
			mu.Lock()
			opens = append(opens, err)
			mu.Unlock()
		})
		ps = append(ps, p)
	}
	// One window has a page still loading and a script queued for it.
	w := e.Windows()[0]
	must(t, ps[0].LoadURL(appURL))
	must(t, ps[0].ExecuteJavascript("last words"))
	done := make(chan error, 1)
	go func() { done <- Shutdown() }()
	w.PageLoad(appURL)
	s := w.WaitPending(1)
	if len(s) != 1 || s[0].Code != "last words" {
		t.Fatalf("the queued script did not run before the close: %v", userScripts(w))
	}
	s[0].Return("null")
	if err := recv(t, done, "Shutdown"); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	got := strings.Join(events, "")
	mu.Unlock()
	if len(got) != 3 {
		t.Errorf("OnClose handlers run by Shutdown: %q", got)
	}
	for _, err := range opens {
		if !errors.Is(err, ErrNotInitialized) {
			t.Errorf("a window opened from OnClose during Shutdown: %v", err)
		}
	}
	for _, p := range ps {
		if p.IsRunning() {
			t.Error("a window still runs after Shutdown")
		}
	}
	if len(e.Open()) != 0 || e.Running() || IsInitialized() || e.Stops() != 1 {
		t.Fatalf("after Shutdown: %d open, engine running %v, initialized %v, stops %d", len(e.Open()), e.Running(), IsInitialized(), e.Stops())
	}
	if err := Shutdown(); !errors.Is(err, ErrNotInitialized) {
		t.Errorf("a second Shutdown: %v", err)
	}
	if _, err := New().CreateBrowser(appURL, 300, 200); !errors.Is(err, ErrNotInitialized) {
		t.Errorf("CreateBrowser after Shutdown: %v", err)
	}
	// Initialize starts the engine again.
	p := New()
	must(t, p.Initialize(appURL, 300, 200))
	if e.Starts() != 2 || !p.IsRunning() {
		t.Fatalf("restart: starts %d, running %v", e.Starts(), p.IsRunning())
	}
}

// TestShutdownRefusesWindowsWhileItRuns: a window opened while Shutdown
// closes the others (from a pumped OnClose) is refused; Shutdown returns.
func TestShutdownRefusesWindowsWhileItRuns(t *testing.T) {
	e := useFake(t)
	pumpFake(t)
	p, w := loadedFake(t, e)
	refused := make(chan error, 1)
	p.OnClose(func() {
		_, err := New().CreateBrowser(appURL, 300, 200)
		refused <- err
	})
	// Closing waits for the window's script: the pump runs OnClose of
	// another window meanwhile, while proc.stopping holds.
	q, _ := loadedFake(t, e)
	must(t, q.ExecuteJavascript("slow"))
	qw := e.Windows()[1]
	slow := qw.WaitPending(1)
	done := make(chan error, 1)
	go func() { done <- Shutdown() }()
	waitCond(t, "Shutdown to close the first window", w.Closed)
	if err := recv(t, refused, "OnClose"); !errors.Is(err, ErrNotInitialized) {
		t.Errorf("a window opened while Shutdown runs: %v", err)
	}
	slow[0].Return("null")
	if err := recv(t, done, "Shutdown"); err != nil {
		t.Fatal(err)
	}
	if len(e.Windows()) != 2 {
		t.Errorf("%d windows were opened", len(e.Windows()))
	}
}

// TestShutdownWhileOpening: Shutdown while NewWindow is in flight waits for
// the window and closes it.
func TestShutdownWhileOpening(t *testing.T) {
	e := useFake(t)
	p, opened, release := initializeHeld(t, e)
	done := make(chan error, 1)
	go func() { done <- Shutdown() }()
	release()
	recv(t, opened, "Initialize")
	if err := recv(t, done, "Shutdown"); err != nil {
		t.Fatal(err)
	}
	if p.IsRunning() || len(e.Open()) != 0 || IsInitialized() {
		t.Fatal("a window survived Shutdown")
	}
}

// TestStartScriptsPull: the engine gets new start scripts only after the
// state, the bindings or the trust changed, once for many changes, and
// they carry the change.
func TestStartScriptsPull(t *testing.T) {
	e := useFake(t)
	p, w := loadedFake(t, e)
	if _, changed := w.AskStartScripts(); changed {
		t.Fatal("start scripts changed with nothing changed")
	}
	for _, c := range []struct {
		what   string
		change func() error
		token  string
	}{
		{"SetState", func() error { return p.SetState("ns", "key", "tokenA") }, "tokenA"},
		{"BindFunction", func() error { return p.BindFunction(func() {}, "tokenB", "") }, "tokenB"},
		{"AllowOrigins", func() error { return p.AllowOrigins("https://tokenc.test") }, "tokenc.test"},
		{"SetFramelessWindow", func() error { return p.SetFramelessWindow(true) }, ""},
		{"two SetStates", func() error {
			must(t, p.SetState("ns", "k1", "tokenD"))
			return p.SetState("ns", "k2", "tokenE")
		}, "tokenE"},
	} {
		must(t, c.change())
		scripts, changed := w.AskStartScripts()
		if !changed {
			t.Errorf("%s: start scripts not updated", c.what)
			continue
		}
		if c.token != "" && !strings.Contains(strings.Join(scripts, "\n"), c.token) {
			t.Errorf("%s: the new start scripts lack %q", c.what, c.token)
		}
		if _, changed := w.AskStartScripts(); changed {
			t.Errorf("%s: updated twice", c.what)
		}
	}
	// Pages load with them.
	must(t, p.SetState("ns", "key", "tokenF"))
	must(t, p.LoadURL(appURL))
	w.PageLoad(appURL)
	if !strings.Contains(strings.Join(w.StartScripts(), "\n"), "tokenF") {
		t.Error("the next page did not start with the state")
	}
}

// TestShutdownDrainOpensNothing: OnClose handlers that Shutdown runs itself
// (nobody else pumps) cannot start the engine again with Initialize.
func TestShutdownDrainOpensNothing(t *testing.T) {
	e := useFake(t)
	p, _ := loadedFake(t, e)
	q := New()
	got := make(chan error, 1)
	p.OnClose(func() { got <- q.Initialize(appURL, 300, 200) })
	must(t, Shutdown())
	if err := recv(t, got, "OnClose"); !errors.Is(err, ErrNotInitialized) {
		t.Errorf("Initialize from an OnClose handler that Shutdown ran: %v, want ErrNotInitialized", err)
	}
	if IsInitialized() || q.IsRunning() || len(e.Open()) != 0 {
		t.Errorf("after Shutdown: initialized %v, a window open %v", IsInitialized(), q.IsRunning())
	}
}
