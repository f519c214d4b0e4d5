package gotonium_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
	"github.com/gotonium/gotonium/internal/xvfb"
)

// display is the X display the end-to-end tests run on: $DISPLAY, or a
// private Xvfb, with openbox as window manager.
var display *xvfb.Display

func TestMain(m *testing.M) {
	if os.Getenv("GOTONIUM_TEST_CHILD") != "" { // a subprocess of a test: no setup
		os.Exit(m.Run())
	}
	os.Exit(run(m))
}

func run(m *testing.M) int {
	tmp, err := os.MkdirTemp("", "gotonium-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(tmp)
	// Keep WebKit's caches out of $HOME and GTK from starting accessibility
	// daemons that would outlive the run.
	os.Setenv("XDG_CACHE_HOME", tmp+"/cache")
	os.Setenv("XDG_DATA_HOME", tmp+"/data")
	os.Setenv("NO_AT_BRIDGE", "1")
	display, err = xvfb.Ensure()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gotonium tests need an X display:", err)
		return 1
	}
	defer display.Close()
	if err := display.StartWindowManager(); err != nil {
		fmt.Fprintln(os.Stderr, "gotonium tests need a window manager:", err)
		return 1
	}
	code := m.Run()
	if gotonium.IsInitialized() {
		gotonium.Shutdown()
	}
	return code
}

// page returns a data: URL for an HTML document.
func page(html string) string {
	return "data:text/html;charset=utf-8," + url.PathEscape(html)
}

// colourPage is a page filled with one colour.
func colourPage(title, css string) string {
	return page(`<!doctype html><title>` + title + `</title><style>html,body{margin:0;height:100%;background:` + css + `}</style><body></body>`)
}

// open starts the engine if needed and opens a window for a new instance.
func open(t *testing.T, url string, w, h int) *gotonium.Instance {
	t.Helper()
	p := gotonium.New()
	if err := p.Initialize(url, w, h); err != nil {
		t.Fatalf("Initialize: %v", err)
	}
	t.Cleanup(func() {
		if p.IsRunning() {
			p.CloseBrowser()
		}
	})
	return p
}

// eval reads a value from the page, failing the test on error.
func eval(t *testing.T, p *gotonium.Instance, code string) any {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	raw, err := p.EvaluateJavascriptContext(ctx, code)
	if err != nil {
		t.Fatalf("EvaluateJavascript(%q): %v", code, err)
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("EvaluateJavascript(%q) returned %q: %v", code, raw, err)
	}
	return v
}

// waitFor polls cond every 20 ms until it holds or timeout passes.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitPainted waits until the page has loaded and painted a frame.
func waitPainted(t *testing.T, p *gotonium.Instance) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := p.EvaluateJavascriptContext(ctx, `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))), 1`)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(150 * time.Millisecond) // let the compositor put it on screen
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
