package gotoniumtest_test

import (
	"errors"
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

func TestMain(m *testing.M) { gotoniumtest.MainWith(m, gotoniumtest.WindowManager()) }

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

func formWindow(t *testing.T, title string) *gotoniumtest.Window {
	t.Helper()
	return gotoniumtest.NewWindow(t, open(t, page(fmt.Sprintf(form, title)), 400, 300))
}

// must fails the test on an error.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// str returns a string result, failing the test on an error.
func str(t *testing.T) func(string, error) string {
	return func(s string, err error) string {
		t.Helper()
		must(t, err)
		return s
	}
}

// val returns an Eval result, failing the test on an error.
func val(t *testing.T) func(any, error) any {
	return func(v any, err error) any {
		t.Helper()
		must(t, err)
		return v
	}
}

func TestClickMovesFocus(t *testing.T) {
	w := formWindow(t, "click")
	for _, id := range []string{"b", "a", "b"} {
		must(t, w.Click("#"+id))
		must(t, w.WaitFor(`document.activeElement.id === "`+id+`"`, 0))
	}
}

func TestTypeAndPress(t *testing.T) {
	w := formWindow(t, "type")
	must(t, w.Type("#a", "Hello gopher 42!"))
	if got := str(t)(w.Value("#a")); got != "Hello gopher 42!" {
		t.Fatalf("value %q", got)
	}
	if got := val(t)(w.Eval(`keys.length >= 16 && keys.every(k => k === true)`)); got != true {
		t.Fatalf("key events not all trusted: %v", val(t)(w.Eval(`keys`)))
	}
	must(t, w.Press("ctrl+a", "BackSpace"))
	must(t, w.WaitFor(`document.querySelector("#a").value === ""`, 0))
	must(t, w.Press("Tab"))
	must(t, w.WaitFor(`document.activeElement.id === "b"`, 0))
	must(t, w.Type("#b", "second"))
	if got := str(t)(w.Value("#b")); got != "second" {
		t.Fatalf("value of #b %q", got)
	}
	if got := str(t)(w.Text("#send")); got != "send" {
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
	w := gotoniumtest.NewWindow(t, p)
	must(t, w.Click("#a")) // the shortcut also works while an input has the focus
	must(t, w.Press("ctrl+s"))
	select {
	case <-fired:
	case <-time.After(5 * time.Second):
		t.Fatal("Ctrl+S did not fire the shortcut")
	}
	if got := str(t)(w.Value("#a")); got != "" {
		t.Fatalf("the shortcut's key reached the input: %q", got)
	}
}

func TestWaitForCall(t *testing.T) {
	p := gotonium.New()
	r := gotoniumtest.NewRecorder()
	save := func(s string) string { return "saved " + s }
	if err := p.BindFunction(r.Func("save", save), "save", "app"); err != nil {
		t.Fatal(err)
	}
	if err := p.Initialize(page(fmt.Sprintf(form, "call")), 400, 300); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.CloseBrowser() })
	gotoniumtest.Pump(t)
	w := gotoniumtest.NewWindow(t, p)
	must(t, w.Type("#a", "notes"))
	must(t, w.Click("#send"))
	c, err := r.WaitForCall("save", 0)
	must(t, err)
	if len(c.Args) != 1 || c.Args[0] != "notes" || len(c.Results) != 1 || c.Results[0] != "saved notes" {
		t.Fatalf("call %+v", c)
	}
	must(t, w.Click("#send"))
	_, err = r.WaitForCall("save", 0)
	must(t, err)
	if n := len(r.Calls("save")); n != 2 {
		t.Fatalf("%d calls", n)
	}
}

func TestClickWithZoom(t *testing.T) {
	p := open(t, page(`<title>zoom</title><style>body{margin:0;height:2000px} #far{position:absolute;left:300px;top:1500px}</style><input id="near"><input id="far">`), 600, 400)
	if err := p.SetZoom(1.5); err != nil {
		t.Fatal(err)
	}
	w := gotoniumtest.NewWindow(t, p)
	must(t, w.WaitFor(`innerWidth < 500`, 0)) // the zoom has applied
	must(t, w.Click("#far"))                  // scrolled into view first
	must(t, w.WaitFor(`document.activeElement.id === "far"`, 0))
	must(t, w.Click("#near"))
	must(t, w.WaitFor(`document.activeElement.id === "near"`, 0))
}

func TestTwoWindows(t *testing.T) {
	w1, w2 := formWindow(t, "one"), formWindow(t, "two")
	must(t, w1.Type("#a", "first"))
	must(t, w2.Type("#a", "second"))
	must(t, w1.Type("#b", "third"))
	must(t, w2.Press("ctrl+a", "BackSpace"))
	must(t, w2.WaitFor(`document.querySelector("#a").value === ""`, 0))
	if a, b := str(t)(w1.Value("#a")), str(t)(w1.Value("#b")); a != "first" || b != "third" {
		t.Fatalf("window 1: %q %q", a, b)
	}
}

// colourPage is a page filled with rgb(12, 200, 90).
var colourPage = page(`<!doctype html><title>colour</title><style>html,body{margin:0;height:100%;background:rgb(12,200,90)}</style>`)

func TestScreenshotHasFrame(t *testing.T) {
	w := gotoniumtest.NewWindow(t, open(t, colourPage, 400, 300))
	img, err := w.Screenshot()
	must(t, err)
	b := img.Bounds()
	if b.Dx() < 400 || b.Dy() <= 300 {
		t.Fatalf("screenshot is %v; want the 400x300 content and openbox's title bar", b)
	}
	if n := xvfb.Count(img, 12, 200, 90); n < 400*300*9/10 || n >= b.Dx()*b.Dy() {
		t.Fatalf("%d page pixels in a %v screenshot", n, b)
	}
}

// fakeTB records what a helper reports, for tests of failing tests. The
// testing.TB it embeds is nil: only the methods below may be called.
type fakeTB struct {
	testing.TB
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
func (f *fakeTB) Fatal(args ...any) { f.Fatalf("%s", fmt.Sprint(args...)) }

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
	var waitErr error
	tb := runFake("TestFails/sub", func(tb *fakeTB) {
		w := gotoniumtest.NewWindow(tb, p)
		if waitErr = w.WaitFor(`document.querySelectorAll("div").length > 2`, 300*time.Millisecond); waitErr != nil {
			tb.Fatal(waitErr)
		}
		t.Error("WaitFor returned no error")
	})
	if !tb.Failed() || time.Since(start) > 5*time.Second {
		t.Fatalf("failed %v after %v", tb.Failed(), time.Since(start))
	}
	if !errors.Is(waitErr, gotoniumtest.ErrTimeout) || !strings.Contains(waitErr.Error(), `timed out after 300ms waiting for document.querySelectorAll("div").length > 2; last seen: false`) {
		t.Errorf("error: %v", waitErr)
	}
	log := tb.log()
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
	tb = runFake("TestPasses", func(tb *fakeTB) {
		if err := gotoniumtest.NewWindow(tb, p).WaitFor(`true`, 0); err != nil {
			tb.Fatal(err)
		}
	})
	if tb.Failed() || strings.Contains(tb.log(), "screenshot") {
		t.Fatalf("passing test: %s", tb.log())
	}
}

// TestWaitForCond: WaitFor takes CSS selectors and JavaScript expressions.
func TestWaitForCond(t *testing.T) {
	p := open(t, page(`<title>cond</title><input id="a" name="q"><div class="item done">x</div><p hidden id="h">h</p><button>b</button>
<script>setTimeout(() => { const d = document.createElement("div"); d.id = "late"; d.textContent = "late"; document.body.append(d); window.ready = true; }, 300);</script>`), 300, 200)
	w := gotoniumtest.NewWindow(t, p)
	// Both kinds hold once the page has them.
	for _, cond := range []string{"#late", "window.ready", "ready === true", "div.item.done", "input[name=q]", "button", ":is([name])", "#a:not(:disabled)"} {
		if err := w.WaitFor(cond, 3*time.Second); err != nil {
			t.Errorf("WaitFor(%q): %v", cond, err)
		}
	}
	for _, c := range []struct{ cond, want string }{
		{"#nope", "no element matches #nope"},
		{"#h", "an element matches #h but it is not rendered"},
		{"section.x", "no element matches section.x"},
		{"document.title === 'other'", "last seen: false"},
		{"nosuchvariable.x.y", "no element matches nosuchvariable.x.y"}, // a valid selector too
		{"nosuchvariable()", "it threw ReferenceError"},
	} {
		err := w.WaitFor(c.cond, 200*time.Millisecond)
		if !errors.Is(err, gotoniumtest.ErrTimeout) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("WaitFor(%q): %v; want a timeout, %q", c.cond, err, c.want)
		}
	}
	// Neither JavaScript nor a selector: an error at once.
	start := time.Now()
	err := w.WaitFor("a[", 5*time.Second)
	if err == nil || errors.Is(err, gotoniumtest.ErrTimeout) || !strings.Contains(err.Error(), "neither JavaScript") || !strings.Contains(err.Error(), "invalid selector a[") || time.Since(start) > 2*time.Second {
		t.Errorf("WaitFor(a[): %v after %v", err, time.Since(start))
	}
}

func TestFailureMessages(t *testing.T) {
	p := open(t, page(`<title>msgs</title><input id="a">`), 300, 200)
	w := gotoniumtest.NewWindow(t, p)
	w.Timeout = 300 * time.Millisecond
	for _, c := range []struct {
		name, want string
		timeout    bool
		call       func() error
	}{
		{"click", "an element matching #nope to be rendered; last seen: no element matches #nope", true, func() error { return w.Click("#nope") }},
		{"bad selector", "invalid selector a[", false, func() error { return w.Click("a[") }},
		{"no value", `Value("title"): the element has no value`, false, func() error { _, err := w.Value("title"); return err }},
		{"text", "an element matching #nope; last seen: false", true, func() error { _, err := w.Text("#nope"); return err }},
	} {
		start := time.Now()
		err := c.call()
		if err == nil || !strings.Contains(err.Error(), c.want) || errors.Is(err, gotoniumtest.ErrTimeout) != c.timeout || time.Since(start) > 5*time.Second {
			t.Errorf("%s: %v after %v", c.name, err, time.Since(start))
		}
	}
	r := gotoniumtest.NewRecorder()
	r.Func("f", func() {}).(func())()
	if _, err := r.WaitForCall("f", 0); err != nil {
		t.Fatal(err)
	}
	if _, err := r.WaitForCall("f", 100*time.Millisecond); !errors.Is(err, gotoniumtest.ErrTimeout) || !strings.Contains(err.Error(), "waiting for call 2 of f (1 call so far)") {
		t.Errorf("recorder: %v", err)
	}
	defer func() {
		if v := recover(); v == nil || !strings.Contains(fmt.Sprint(v), "is not a func") {
			t.Errorf("Func(not a func): %v", v)
		}
	}()
	r.Func("g", 42)
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
	w := gotoniumtest.NewWindow(t, p)
	must(t, w.WaitFor(`innerHeight < 295`, 0)) // the bar is above the page
	for _, id := range []string{"b", "a", "b"} {
		must(t, w.Click("#"+id))
		must(t, w.WaitFor(`document.activeElement.id === "`+id+`"`, 0))
	}
}
