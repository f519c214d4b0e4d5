//go:build !fakeengine

package gotonium_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
	"github.com/gotonium/gotonium/internal/xvfb"
)

// TestNoDisplayIsAnError runs Initialize without a display in a child
// process: it must return ErrNoDisplay, not exit the process.
func TestNoDisplayIsAnError(t *testing.T) {
	if os.Getenv("GOTONIUM_TEST_CHILD") == "nodisplay" {
		err := gotonium.New().Initialize("about:blank", 100, 100)
		fmt.Printf("RESULT is-no-display=%v initialized=%v err=%v\n", errors.Is(err, gotonium.ErrNoDisplay), gotonium.IsInitialized(), err)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestNoDisplayIsAnError$", "-test.v")
	cmd.Env = append(os.Environ(), "GOTONIUM_TEST_CHILD=nodisplay", "DISPLAY=", "WAYLAND_DISPLAY=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child process failed: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "RESULT is-no-display=true initialized=false") {
		t.Fatalf("child output:\n%s", out)
	}
}

// TestConcurrentCalls calls the API from 50 goroutines at once; run it with
// -race.
func TestConcurrentCalls(t *testing.T) {
	p := open(t, page(`<title>c</title><body>`), 300, 200)
	if err := p.ExecuteJavascript("window.count = 0"); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 1000)
	for g := 0; g < 50; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				if err := p.ExecuteJavascript("window.count++"); err != nil {
					errs <- err
				}
				if p.BrowserID() < 0 || !p.IsRunning() || !gotonium.IsInitialized() {
					errs <- errors.New("window reported closed")
				}
				p.UpdateMessageLoop()
			}
			if g%10 == 0 { // some goroutines open and close windows of their own
				q := gotonium.New()
				if _, err := q.CreateBrowser(page("<title>q</title>"), 100, 100); err != nil {
					errs <- err
					return
				}
				if _, err := q.EvaluateJavascript("document.title"); err != nil {
					errs <- err
				}
				if err := q.CloseBrowser(); err != nil {
					errs <- err
				}
			}
			if g%7 == 0 {
				if err := p.SetFramelessWindow(g%2 == 0); err != nil {
					errs <- err
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := eval(t, p, "window.count"); got != float64(500) {
		t.Fatalf("count = %v, want 500: every ExecuteJavascript must run once", got)
	}
}

// TestRepaintsWhileAppSleeps checks that a window keeps painting while the
// app does not pump: an animation advances between screenshots, with no
// UpdateMessageLoop call in between.
func TestRepaintsWhileAppSleeps(t *testing.T) {
	p := open(t, page(`<title>anim</title><style>html,body{margin:0;height:100%}</style><body><script>
		let f = 0;
		(function tick() { f++; document.body.style.background = "rgb(" + (f*7%256) + "," + (f*13%256) + ",200)"; requestAnimationFrame(tick); })();
	</script>`), 400, 300)
	waitPainted(t, p)
	a, err := xvfb.Screenshot()
	if err != nil {
		t.Fatal(err)
	}
	// The app "sleeps": nobody pumps while the test takes screenshots until
	// most of the window changed.
	changed, deadline := 0, time.Now().Add(5*time.Second)
	for changed < 400*300/2 {
		if time.Now().After(deadline) {
			t.Fatalf("only %d pixels changed in 5 s without pumping; the window did not repaint", changed)
		}
		b, err := xvfb.Screenshot()
		if err != nil {
			t.Fatal(err)
		}
		changed = 0
		for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
			for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
				if a.At(x, y) != b.At(x, y) {
					changed++
				}
			}
		}
	}
}

// TestCachePathAndNothingLost: scripts queued just before CloseBrowser run,
// and their local storage lands in the cache path, where a later window with
// the same cache path finds it.
func TestCachePathAndNothingLost(t *testing.T) {
	dir := engineTempDir(t, "gotonium-cache-")
	// localStorage needs a real origin; a file:// page has one.
	html := filepath.Join(t.TempDir(), "store.html")
	if err := os.WriteFile(html, []byte("<title>store</title><body>"), 0o644); err != nil {
		t.Fatal(err)
	}
	p := gotonium.New()
	if err := p.SetCachePath(dir); err != nil {
		t.Fatal(err)
	}
	if err := p.Initialize("file://"+html, 300, 200); err != nil {
		t.Fatal(err)
	}
	if err := p.SetCachePath(t.TempDir()); !errors.Is(err, gotonium.ErrBrowserOpen) {
		t.Fatalf("SetCachePath on an open window: %v, want ErrBrowserOpen", err)
	}
	// Queued while the page loads, then the window closes at once.
	if err := p.ExecuteJavascript(`localStorage.setItem("k", "kept")`); err != nil {
		t.Fatal(err)
	}
	if err := p.CloseBrowser(); err != nil {
		t.Fatal(err)
	}
	q := gotonium.New()
	if err := q.SetCachePath(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := q.CreateBrowser("file://"+html, 300, 200); err != nil {
		t.Fatal(err)
	}
	defer q.CloseBrowser()
	if got := eval(t, q, `localStorage.getItem("k")`); got != "kept" {
		t.Fatalf("localStorage in the second window: %v, want kept", got)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "data"))
	if len(entries) == 0 {
		t.Fatalf("nothing stored under %s/data", dir)
	}
}

// TestNoSignalWarnings: JavaScriptCore takes SIGUSR1 for its garbage
// collector without printing a warning, and garbage collection works.
func TestNoSignalWarnings(t *testing.T) {
	if os.Getenv("GOTONIUM_TEST_CHILD") == "signals" {
		p := gotonium.New()
		if err := p.BindFunction(func() {}, "ping", ""); err != nil {
			panic(err)
		}
		if err := p.Initialize("data:text/html,<title>s</title>", 200, 100); err != nil {
			panic(err)
		}
		go gotonium.Run(context.Background(), p, 0)
		// A script message initialises JavaScriptCore in this process.
		p.EvaluateJavascript("Gotonium.ping()")
		// Allocate enough in the page for its garbage collector to run.
		raw, err := p.EvaluateJavascript(`(() => { let keep = 0; for (let i = 0; i < 200; i++) { const a = new Array(100000).fill(i); keep += a.length; } return keep; })()`)
		fmt.Printf("RESULT gc %s %v\n", raw, err)
		p.CloseBrowser()
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestNoSignalWarnings$", "-test.v")
	cmd.Env = append(os.Environ(), "GOTONIUM_TEST_CHILD=signals")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	s := string(out)
	if !strings.Contains(s, "RESULT gc 20000000 <nil>") {
		t.Fatalf("child output:\n%s", s)
	}
	if strings.Contains(s, "Overriding existing handler") || strings.Contains(s, "invalid option") {
		t.Fatalf("JavaScriptCore complains about signals:\n%s", s)
	}
}
