package gotoniumtest_test

import (
	"fmt"
	"image/png"
	"net/url"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
	"github.com/gotonium/gotonium/gotoniumtest"
	"github.com/gotonium/gotonium/internal/xvfb"
)

func TestMain(m *testing.M) { gotoniumtest.Main(m, gotoniumtest.WindowManager()) }

// page returns a data: URL for an HTML document.
func page(html string) string {
	return "data:text/html;charset=utf-8," + url.PathEscape(html)
}

// form is a page with two inputs that records whether its key events are
// trusted.
const form = `<!doctype html><title>%s</title><style>body{margin:0;background:#fff} input{display:block;margin:20px;width:200px;font-size:16px}</style>
<input id="a"><input id="b"><button id="send" onclick="Gotonium.app.save(document.querySelector('#a').value)">send</button>
<script>window.keys = []; addEventListener("keydown", e => keys.push(e.isTrusted), true);</script>`

// open opens a window for a new instance, closed when the test ends.
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

func formWindow(t *testing.T, title string) *gotoniumtest.Win {
	t.Helper()
	return gotoniumtest.Window(t, open(t, page(fmt.Sprintf(form, title)), 400, 300))
}

func TestClickMovesFocus(t *testing.T) {
	w := formWindow(t, "click")
	for _, id := range []string{"b", "a", "b"} {
		w.Click("#" + id)
		w.WaitFor(`document.activeElement.id === "` + id + `"`)
	}
}

func TestTypeAndPress(t *testing.T) {
	w := formWindow(t, "type")
	w.Type("#a", "Hello gopher 42!")
	if got := w.Value("#a"); got != "Hello gopher 42!" {
		t.Fatalf("value %q", got)
	}
	if got := w.Eval(`keys.length >= 16 && keys.every(k => k === true)`); got != true {
		t.Fatalf("key events not all trusted: %v", w.Eval(`keys`))
	}
	w.Press("ctrl+a", "BackSpace")
	w.WaitFor(`document.querySelector("#a").value === ""`)
	w.Press("Tab")
	w.WaitFor(`document.activeElement.id === "b"`)
	w.Type("#b", "second")
	if got := w.Value("#b"); got != "second" {
		t.Fatalf("value of #b %q", got)
	}
	if got := w.Text("#send"); got != "send" {
		t.Fatalf("Text %q", got)
	}
}

func TestPressFiresShortcut(t *testing.T) {
	p := gotonium.New()
	fired := make(chan struct{}, 1)
	if err := p.AddShortcut("Ctrl+S", func() { fired <- struct{}{} }); err != nil {
		t.Fatal(err)
	}
	if err := p.Initialize(page(fmt.Sprintf(form, "shortcut")), 400, 300); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.CloseBrowser() })
	gotoniumtest.Pump(t)
	w := gotoniumtest.Window(t, p)
	w.Click("#a") // the shortcut also works while an input has the focus
	w.Press("ctrl+s")
	select {
	case <-fired:
	case <-time.After(5 * time.Second):
		t.Fatal("Ctrl+S did not fire the shortcut")
	}
	if got := w.Value("#a"); got != "" {
		t.Fatalf("the shortcut's key reached the input: %q", got)
	}
}

func TestWaitForCall(t *testing.T) {
	p := gotonium.New()
	r := gotoniumtest.NewRecorder(t)
	save := func(s string) string { return "saved " + s }
	if err := p.BindFunction(r.Func("save", save), "save", "app"); err != nil {
		t.Fatal(err)
	}
	if err := p.Initialize(page(fmt.Sprintf(form, "call")), 400, 300); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.CloseBrowser() })
	gotoniumtest.Pump(t)
	w := gotoniumtest.Window(t, p)
	w.Type("#a", "notes")
	w.Click("#send")
	c := r.WaitForCall("save")
	if len(c.Args) != 1 || c.Args[0] != "notes" || len(c.Results) != 1 || c.Results[0] != "saved notes" {
		t.Fatalf("call %+v", c)
	}
	w.Click("#send")
	r.WaitForCall("save")
	if n := len(r.Calls("save")); n != 2 {
		t.Fatalf("%d calls", n)
	}
}

func TestClickWithZoom(t *testing.T) {
	p := open(t, page(`<title>zoom</title><style>body{margin:0;height:2000px} #far{position:absolute;left:300px;top:1500px}</style><input id="near"><input id="far">`), 600, 400)
	if err := p.SetZoom(1.5); err != nil {
		t.Fatal(err)
	}
	w := gotoniumtest.Window(t, p)
	w.WaitFor(`innerWidth < 500`) // the zoom has applied
	w.Click("#far")               // scrolled into view first
	w.WaitFor(`document.activeElement.id === "far"`)
	w.Click("#near")
	w.WaitFor(`document.activeElement.id === "near"`)
}

func TestTwoWindows(t *testing.T) {
	w1, w2 := formWindow(t, "one"), formWindow(t, "two")
	w1.Type("#a", "first")
	w2.Type("#a", "second")
	w1.Type("#b", "third")
	w2.Press("ctrl+a", "BackSpace")
	w2.WaitFor(`document.querySelector("#a").value === ""`)
	if a, b := w1.Value("#a"), w1.Value("#b"); a != "first" || b != "third" {
		t.Fatalf("window 1: %q %q", a, b)
	}
}

// colourPage is a page filled with rgb(12, 200, 90).
var colourPage = page(`<!doctype html><title>colour</title><style>html,body{margin:0;height:100%;background:rgb(12,200,90)}</style>`)

func TestScreenshotHasFrame(t *testing.T) {
	w := gotoniumtest.Window(t, open(t, colourPage, 400, 300))
	img := w.Screenshot()
	b := img.Bounds()
	if b.Dx() < 400 || b.Dy() <= 300 {
		t.Fatalf("screenshot is %v; want the 400x300 content and openbox's title bar", b)
	}
	if n := xvfb.Count(img, 12, 200, 90); n < 400*300*9/10 || n >= b.Dx()*b.Dy() {
		t.Fatalf("%d page pixels in a %v screenshot", n, b)
	}
}

// fakeTB records what a helper reports, for tests of failing tests.
type fakeTB struct {
	name     string
	mu       sync.Mutex
	failed   bool
	logs     []string
	cleanups []func()
}

func (f *fakeTB) Helper()      {}
func (f *fakeTB) Name() string { return f.name }
func (f *fakeTB) Failed() bool { f.mu.Lock(); defer f.mu.Unlock(); return f.failed }
func (f *fakeTB) Cleanup(fn func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cleanups = append(f.cleanups, fn)
}
func (f *fakeTB) Logf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.logs = append(f.logs, fmt.Sprintf(format, args...))
}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.Logf(format, args...)
	f.mu.Lock()
	f.failed = true
	f.mu.Unlock()
	runtime.Goexit()
}

func (f *fakeTB) log() string { f.mu.Lock(); defer f.mu.Unlock(); return strings.Join(f.logs, "\n") }

// runFake runs body as a test on a goroutine of its own, then its cleanups.
func runFake(name string, body func(tb *fakeTB)) *fakeTB {
	tb := &fakeTB{name: name}
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			for i := len(tb.cleanups) - 1; i >= 0; i-- {
				tb.cleanups[i]()
			}
		}()
		body(tb)
	}()
	<-done
	return tb
}

func TestFailureWritesScreenshot(t *testing.T) {
	p := open(t, colourPage, 300, 200)
	start := time.Now()
	tb := runFake("TestFails/sub", func(tb *fakeTB) {
		w := gotoniumtest.Window(tb, p)
		w.Timeout = 300 * time.Millisecond
		w.WaitFor(`document.querySelectorAll("div").length > 2`)
		t.Error("WaitFor returned")
	})
	if !tb.Failed() || time.Since(start) > 5*time.Second {
		t.Fatalf("failed %v after %v", tb.Failed(), time.Since(start))
	}
	log := tb.log()
	if !strings.Contains(log, `waiting for document.querySelectorAll("div").length > 2; last seen: false`) {
		t.Errorf("message: %s", log)
	}
	_, path, ok := strings.Cut(log, "screenshot of the failed test's window 0x")
	if !ok {
		t.Fatalf("no screenshot logged: %s", log)
	}
	_, path, _ = strings.Cut(path, ": ")
	path = strings.TrimSpace(path)
	if !strings.Contains(path, "gotoniumtest-TestFails_sub-") {
		t.Errorf("file name %s", path)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(path)
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dy() <= 200 || xvfb.Count(img, 12, 200, 90) < 300*200*9/10 {
		t.Fatalf("failure screenshot %v without the page or the frame", b)
	}
	// A passing test writes nothing.
	tb = runFake("TestPasses", func(tb *fakeTB) { gotoniumtest.Window(tb, p).WaitFor(`true`) })
	if tb.Failed() || strings.Contains(tb.log(), "screenshot") {
		t.Fatalf("passing test: %s", tb.log())
	}
}

func TestFailureMessages(t *testing.T) {
	p := open(t, page(`<title>msgs</title><input id="a">`), 300, 200)
	for _, c := range []struct {
		name, want string
		body       func(w *gotoniumtest.Win)
	}{
		{"selector", "an element matching #nope to be rendered; last seen: false", func(w *gotoniumtest.Win) { w.Click("#nope") }},
		{"bad selector", "invalid selector a[", func(w *gotoniumtest.Win) { w.WaitForSelector("a[") }},
		{"throws", "last seen: it threw ReferenceError", func(w *gotoniumtest.Win) { w.WaitFor(`nosuchvariable`) }},
		{"no value", `Value("title"): the element has no value`, func(w *gotoniumtest.Win) { w.Value("title") }},
	} {
		start := time.Now()
		tb := runFake(c.name, func(tb *fakeTB) {
			w := gotoniumtest.Window(tb, p)
			w.Timeout = 300 * time.Millisecond
			c.body(w)
		})
		if !tb.Failed() || !strings.Contains(tb.log(), c.want) || time.Since(start) > 5*time.Second {
			t.Errorf("%s: failed %v after %v: %s", c.name, tb.Failed(), time.Since(start), tb.log())
		}
		for _, l := range tb.logs {
			if path, ok := strings.CutPrefix(l[strings.LastIndex(l, " ")+1:], os.TempDir()); ok {
				os.Remove(os.TempDir() + path)
			}
		}
	}
	r := gotoniumtest.NewRecorder(t)
	tb := runFake("recorder", func(tb *fakeTB) {
		r := gotoniumtest.NewRecorder(tb)
		r.Timeout = 100 * time.Millisecond
		r.Func("f", func() {}).(func())()
		r.WaitForCall("f")
		r.WaitForCall("f")
	})
	if !strings.Contains(tb.log(), "waiting for call 2 of f (1 call so far)") {
		t.Errorf("recorder: %s", tb.log())
	}
	_ = r
}

func TestClickBelowMenuBar(t *testing.T) {
	p := gotonium.New()
	if err := p.SetMenuBar([]gotonium.MenuItem{{Label: "&File", Submenu: []gotonium.MenuItem{{Label: "Quit", OnClick: func(gotonium.MenuContext) {}}}}}); err != nil {
		t.Fatal(err)
	}
	if err := p.Initialize(page(`<title>menubar</title><style>body{margin:0} input{display:block;height:24px;margin:0}</style><input id="a"><input id="b">`), 400, 300); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.CloseBrowser() })
	w := gotoniumtest.Window(t, p)
	w.WaitFor(`innerHeight < 295`) // the bar is above the page
	for _, id := range []string{"b", "a", "b"} {
		w.Click("#" + id)
		w.WaitFor(`document.activeElement.id === "` + id + `"`)
	}
}
