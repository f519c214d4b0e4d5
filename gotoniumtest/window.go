package gotoniumtest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/gotonium/gotonium"
)

// TB is the part of testing.TB that the helpers use; *testing.T and
// *testing.B satisfy it. Fatalf must not return (testing's calls
// runtime.Goexit), and Cleanup functions run when the test ends.
type TB interface {
	Helper()
	Name() string
	Logf(format string, args ...any)
	Fatalf(format string, args ...any)
	Failed() bool
	Cleanup(func())
}

// DefaultTimeout is how long a wait lasts when [Win.Timeout] is zero.
const DefaultTimeout = 10 * time.Second

// A Win drives one window of the process for a test: it waits for the page,
// clicks and types with real X input, and takes screenshots. Its methods fail
// the test (t.Fatalf) on error or when a wait passes its deadline, so call
// them from the test's goroutine. The page's iframes are not searched:
// selectors and scripts apply to the window's top document.
type Win struct {
	// Timeout bounds every wait of the Win's methods; zero means
	// DefaultTimeout. Set it before use.
	Timeout time.Duration

	t TB
	p *gotonium.Instance
}

// Window returns a Win for p's window, which must be open (Initialize or
// CreateBrowser), after waiting until the page has painted and, for an
// on-screen window, the X window is mapped. When t's test ends failed, the
// Win saves a screenshot of the window (see [Win.Screenshot]) to a file and
// logs its path: in the test's artifact directory when the test runs with
// -artifacts, else in os.TempDir().
func Window(t TB, p *gotonium.Instance) *Win {
	t.Helper()
	w := &Win{t: t, p: p}
	if !p.IsRunning() {
		t.Fatalf("gotoniumtest.Window: the instance has no open window (call Initialize or CreateBrowser first)")
	}
	w.wait("the page to load and paint", `document.readyState !== "loading" && (window.__gotoniumtestPainted ||= (requestAnimationFrame(() => requestAnimationFrame(() => { window.__gotoniumtestPainted = 2; })), 1)) === 2`)
	if xid := p.NativeWindowHandle(); xid != 0 {
		w.waitViewable(xid)
	}
	t.Cleanup(w.saveOnFailure)
	return w
}

// Instance returns the window's gotonium instance.
func (w *Win) Instance() *gotonium.Instance { return w.p }

func (w *Win) timeout() time.Duration {
	if w.Timeout > 0 {
		return w.Timeout
	}
	return DefaultTimeout
}

// Eval evaluates the JavaScript expression js in the page and returns its
// value decoded from JSON (numbers are float64, objects map[string]any).
func (w *Win) Eval(js string) any {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), w.timeout())
	defer cancel()
	raw, err := w.p.EvaluateJavascriptContext(ctx, js)
	if err != nil {
		w.t.Fatalf("gotoniumtest: evaluating %s: %v", js, err)
	}
	var v any
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &v); err != nil {
			w.t.Fatalf("gotoniumtest: evaluating %s: result %q: %v", js, raw, err)
		}
	}
	return v
}

// probe is what the page reports for one evaluation of a condition.
type probe struct {
	OK   bool    `json:"ok"`
	JSON *string `json:"json"`
	Text string  `json:"text"`
	Err  string  `json:"err"`
	Bad  bool    `json:"bad"` // an error that waiting cannot cure
}

// probeJS wraps the JavaScript expression js so that it reports a probe.
func probeJS(js string) string {
	return `(() => { let v; try { v = (
` + js + `
); } catch (e) { return {ok: false, err: String(e), bad: !!(e && e.gotoniumtestBad)}; }
let s; try { s = JSON.stringify(v); } catch (e) {}
return {ok: !!v, json: s === undefined ? null : s, text: String(v)}; })()`
}

// WaitFor waits until the JavaScript expression js is truthy in the page
// (polling it every 20 ms) and returns its value decoded from JSON (nil when it
// has none). An expression that throws counts as not yet true. After the
// deadline it fails the test, naming js and the last value or error seen.
func (w *Win) WaitFor(js string) any {
	w.t.Helper()
	return w.wait(js, js)
}

// wait is WaitFor with a description of what is waited for.
func (w *Win) wait(what, js string) any {
	w.t.Helper()
	deadline := time.Now().Add(w.timeout())
	code := probeJS(js)
	last := "nothing yet"
	for {
		ctx, cancel := context.WithDeadline(context.Background(), deadline)
		raw, err := w.p.EvaluateJavascriptContext(ctx, code)
		expired := ctx.Err() != nil
		cancel()
		var r probe
		switch {
		case err != nil:
			if !w.p.IsRunning() {
				w.t.Fatalf("gotoniumtest: waiting for %s: the window closed", what)
			}
			if !expired || last == "nothing yet" { // keep what the page said before the deadline
				last = "error " + err.Error()
			}
		case json.Unmarshal(raw, &r) != nil:
			last = "result " + string(raw)
		case r.Bad:
			w.t.Fatalf("gotoniumtest: waiting for %s: %s", what, r.Err)
		case r.Err != "":
			last = "it threw " + r.Err
		case r.OK:
			var v any
			if r.JSON != nil {
				json.Unmarshal([]byte(*r.JSON), &v)
			}
			return v
		default:
			last = r.Text
			if r.JSON != nil {
				last = *r.JSON
			}
		}
		if !time.Now().Before(deadline) {
			w.t.Fatalf("gotoniumtest: timed out after %v waiting for %s; last seen: %s", w.timeout(), what, last)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// elementJS is a JavaScript expression for the element matching selector in
// the top document; an invalid selector throws an error that fails the wait
// at once.
func elementJS(selector string) string {
	s, _ := json.Marshal(selector)
	return `((sel) => { try { return document.querySelector(sel); } catch (e) { const err = new Error("invalid selector " + sel + ": " + e.message); err.gotoniumtestBad = true; throw err; } })(` + string(s) + `)`
}

// WaitForSelector waits until an element matching the CSS selector is in the
// page's top document and rendered (it has a layout box; it may be scrolled
// out of view), and fails the test after the deadline. An invalid selector
// fails the test at once.
func (w *Win) WaitForSelector(selector string) {
	w.t.Helper()
	w.wait("an element matching "+selector+" to be rendered", `((el) => !!el && el.getClientRects().length > 0)(`+elementJS(selector)+`)`)
}

// waitExists waits until selector matches an element, rendered or not.
func (w *Win) waitExists(selector string) {
	w.t.Helper()
	w.wait("an element matching "+selector, elementJS(selector)+` !== null`)
}

// Text returns the text of the first element matching selector as rendered
// (innerText; textContent for elements that are not HTML), waiting for it to
// exist.
func (w *Win) Text(selector string) string {
	w.t.Helper()
	w.waitExists(selector)
	s, _ := w.Eval(`((el) => String(el.innerText !== undefined ? el.innerText : el.textContent))(` + elementJS(selector) + `)`).(string)
	return s
}

// Value returns the value of the form control (input, textarea, select)
// matching selector, waiting for it to exist. An element without a value
// fails the test.
func (w *Win) Value(selector string) string {
	w.t.Helper()
	w.waitExists(selector)
	v := w.Eval(`((el) => typeof el.value === "string" ? el.value : null)(` + elementJS(selector) + `)`)
	s, ok := v.(string)
	if !ok {
		w.t.Fatalf("gotoniumtest: Value(%q): the element has no value", selector)
	}
	return s
}

// sanitize makes a test name usable in a file name.
func sanitize(name string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, name)
}

func (w *Win) String() string {
	return fmt.Sprintf("window 0x%x", w.p.NativeWindowHandle())
}
