//go:build !fakeengine

package gotonium_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
	"github.com/gotonium/gotonium/gotoniumtest"
	"github.com/gotonium/gotonium/internal/tsc"
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
	// daemons that would outlive the run. Go's build cache stays where it
	// is (it follows XDG_CACHE_HOME otherwise), so example builds are quick.
	if os.Getenv("GOCACHE") == "" {
		if out, err := exec.Command("go", "env", "GOCACHE").Output(); err == nil {
			os.Setenv("GOCACHE", strings.TrimSpace(string(out)))
		}
	}
	// Find (or install, once, into the user's cache) TypeScript before the
	// cache moves into tmp: no test should install anything while it runs.
	if _, err := tsc.Path(); err != nil {
		fmt.Fprintln(os.Stderr, "gotonium tests: TypeScript:", err)
	}
	os.Setenv("XDG_CACHE_HOME", tmp+"/cache")
	os.Setenv("XDG_DATA_HOME", tmp+"/data")
	os.Setenv("NO_AT_BRIDGE", "1")
	// GTK's file chooser saves its settings through GSettings; without a
	// session bus dconf would warn on every change.
	os.Setenv("GSETTINGS_BACKEND", "memory")
	if err := setupExternalOpener(tmp); err != nil {
		fmt.Fprintln(os.Stderr, "gotonium tests: cannot set up the URL handler:", err)
		return 1
	}
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

// pageChanged is what eval returns for a script that a page load overtook
// (ErrPageChanged): equal to no value a test expects, so that a poll after
// a navigation tries again and any other use fails with this text.
type pageChanged string

const evalPageChanged pageChanged = "(the page changed before the script finished)"

// eval reads a value from the page, failing the test on error; a script
// that a navigation overtook returns evalPageChanged. Its deadline is longer
// than the 10 s a script waits for a loading page, so that a loaded
// machine, where a page takes that long, still gets an answer.
func eval(t *testing.T, p *gotonium.Instance, code string) any {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	raw, err := p.EvaluateJavascriptContext(ctx, code)
	if errors.Is(err, gotonium.ErrPageChanged) {
		t.Logf("EvaluateJavascript(%.60q): %v", code, err)
		return evalPageChanged
	}
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
	if xid := p.NativeWindowHandle(); xid != 0 {
		waitViewable(t, xid)
	}
}

// waitViewable waits until the X window xid and its window manager frame
// are mapped, so that input sent to the screen reaches it.
func waitViewable(t *testing.T, xid uint64) {
	t.Helper()
	waitFor(t, 10*time.Second, "the window to be viewable", func() bool {
		out, _ := exec.Command("xwininfo", "-id", fmt.Sprint(xid)).Output()
		return strings.Contains(string(out), "Map State: IsViewable")
	})
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// pump runs the message loop on a goroutine of its own until the test ends,
// as an app's loop would: the public harness's Pump.
func pump(t *testing.T) { gotoniumtest.Pump(t) }

// exampleURL returns the file:// URL of a file under examples.
func exampleURL(t *testing.T, rel string) string {
	t.Helper()
	abs, err := filepath.Abs(filepath.Join("examples", rel))
	if err != nil {
		t.Fatal(err)
	}
	return "file://" + abs
}

// evalString evaluates code and returns its result, which must be a string.
func evalString(t *testing.T, p *gotonium.Instance, code string) string {
	t.Helper()
	s, ok := eval(t, p, code).(string)
	if !ok {
		t.Fatalf("%s: not a string", code)
	}
	return s
}

// await evaluates an async expression: the result of the promise, or the
// text "rejected: <message>".
func await(t *testing.T, p *gotonium.Instance, expr string) any {
	t.Helper()
	return awaitLater(t, p, expr)()
}

// awaitLater starts an async expression and returns a func that waits (up to
// 20 s) for what await would return, so that a test can act in between.
func awaitLater(t *testing.T, p *gotonium.Instance, expr string) func() any {
	t.Helper()
	id := fmt.Sprintf("__await%d", time.Now().UnixNano())
	if err := p.ExecuteJavascript(fmt.Sprintf(`(async () => { try { window.%s = {v: await (%s)}; } catch (e) { window.%s = {e: (e instanceof Error ? e.constructor.name + ": " : "non-Error: ") + (e && e.message)}; } })()`, id, expr, id)); err != nil {
		t.Fatal(err)
	}
	return func() any {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		for {
			raw, err := p.EvaluateJavascriptContext(ctx, "window."+id+" === undefined ? 'pending' : JSON.stringify(window."+id+")")
			if errors.Is(err, gotonium.ErrPageChanged) { // the page that ran expr is gone
				t.Logf("await %.60q: %v", expr, err)
				return evalPageChanged
			}
			if err != nil {
				t.Fatalf("await %s: %v", expr, err)
			}
			var s string
			json.Unmarshal(raw, &s)
			if s != "pending" {
				var r struct {
					V any     `json:"v"`
					E *string `json:"e"`
				}
				if err := json.Unmarshal([]byte(s), &r); err != nil {
					t.Fatal(err)
				}
				if r.E != nil {
					return "rejected: " + *r.E
				}
				return r.V
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
}

// filePage writes html to a temporary file and returns its file:// URL. Use it
// where the page reloads or navigates by script: WebKit refuses script
// navigation to data: URLs.
func filePage(t *testing.T, html string) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "page.html")
	if err := os.WriteFile(f, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	return "file://" + f
}
