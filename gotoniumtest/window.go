package gotoniumtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// DefaultTimeout is how long a wait lasts when [Window.Timeout] is zero and
// the call names no timeout of its own.
const DefaultTimeout = 10 * time.Second

// ErrTimeout is wrapped by the error of every wait that passed its deadline;
// the error's text says what was waited for and what was seen last.
var ErrTimeout = errors.New("gotoniumtest: timed out")

// A Window drives one window of the process for a test: it waits for
// conditions in the page, clicks and types with real X input, and takes
// screenshots. Its methods return an error (and never fail the test
// themselves); every wait has a deadline, so none of them hangs. Selectors
// and scripts apply to the window's top document: the page's iframes are
// not searched. A Window may be used from any goroutine, but input to
// several windows at the same time interleaves: the X server has one
// pointer and one keyboard.
type Window struct {
	// Timeout bounds the waits of Click, Type, Text, Value and of WaitFor
	// with a zero timeout; zero means DefaultTimeout. Set it before use.
	Timeout time.Duration

	t testing.TB
	p *gotonium.Instance
}

// NewWindow returns a Window for p's window, which must be open (Initialize
// or CreateBrowser), after waiting until its page has loaded and painted and,
// for an on-screen window, its X window is mapped; when that fails it fails
// the test (t.Fatalf). When t's test ends failed, the Window saves a
// screenshot of the window (see [Window.Screenshot]) to a file and logs its
// path: in the test's artifact directory when the test runs with -artifacts,
// else in os.TempDir().
func NewWindow(t testing.TB, p *gotonium.Instance) *Window {
	t.Helper()
	w := &Window{t: t, p: p}
	if !p.IsRunning() {
		t.Fatalf("gotoniumtest.NewWindow: the instance has no open window (call Initialize or CreateBrowser first)")
	}
	if err := w.wait("the page to load and paint", `document.readyState !== "loading" && (window.__gotoniumtestPainted ||= (requestAnimationFrame(() => requestAnimationFrame(() => { window.__gotoniumtestPainted = 2; })), 1)) === 2`); err != nil {
		t.Fatalf("gotoniumtest.NewWindow: %v", err)
	}
	if xid := p.NativeWindowHandle(); xid != 0 {
		if err := w.waitViewable(xid); err != nil {
			t.Fatalf("gotoniumtest.NewWindow: %v", err)
		}
	}
	t.Cleanup(w.saveOnFailure)
	return w
}

// Instance returns the window's gotonium instance.
func (w *Window) Instance() *gotonium.Instance { return w.p }

// deadline is when a wait of timeout (zero: the Window's) ends.
func (w *Window) deadline(timeout time.Duration) (time.Time, time.Duration) {
	if timeout <= 0 {
		timeout = w.Timeout
	}
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return time.Now().Add(timeout), timeout
}

// Eval evaluates the JavaScript expression js in the page and returns its
// value decoded from JSON (numbers are float64, objects map[string]any, nil
// for undefined). An exception js throws is an error; so is no answer
// within the Window's timeout.
func (w *Window) Eval(js string) (any, error) {
	d, _ := w.deadline(0)
	ctx, cancel := context.WithDeadline(context.Background(), d)
	defer cancel()
	raw, err := w.p.EvaluateJavascriptContext(ctx, js)
	if err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("%w evaluating %s: %v", ErrTimeout, js, err)
		}
		return nil, err
	}
	var v any
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, fmt.Errorf("gotoniumtest: evaluating %s: result %q: %v", js, raw, err)
		}
	}
	return v, nil
}

// probe is what the page reports for one evaluation of a condition.
type probe struct {
	OK   bool    `json:"ok"`
	JSON *string `json:"json"`
	Text string  `json:"text"`
	Err  string  `json:"err"`
	Bad  bool    `json:"bad"` // an error that waiting cannot cure
}

// selectorProbeJS is a function expression that reports whether an element
// matching its argument, a CSS selector, is rendered (it has a layout box;
// it may be scrolled out of view).
const selectorProbeJS = `((sel) => { let el; try { el = document.querySelector(sel); } catch (e) { return {ok: false, err: "invalid selector " + sel + ": " + e.message, bad: true}; }
return el === null ? {ok: false, text: "no element matches " + sel} : el.getClientRects().length > 0 ? {ok: true} : {ok: false, text: "an element matches " + sel + " but it is not rendered"}; })`

// selectorProbe is a script that reports a probe of whether the selector sel
// is rendered.
func selectorProbe(sel string) string {
	q, _ := json.Marshal(sel)
	return selectorProbeJS + "(" + string(q) + ")"
}

// condJS wraps cond, a JavaScript expression, in a script that reports a
// probe. When cond throws a ReferenceError and is also a valid selector
// (such as "button" or "div.item"), it reports the selector's probe. When
// cond is not valid JavaScript, the script does not parse.
func condJS(cond string) string {
	sel, _ := json.Marshal(cond)
	return `(() => { const sel = ` + string(sel) + `; let v; try { v = (
` + cond + `
); } catch (e) { if (e instanceof ReferenceError) { let valid = true; try { document.querySelector(sel); } catch (_) { valid = false; } if (valid) return ` + selectorProbeJS + `(sel); }
return {ok: false, err: String(e), bad: !!(e && e.gotoniumtestBad)}; }
let s; try { s = JSON.stringify(v); } catch (e) {}
return {ok: !!v, json: s === undefined ? null : s, text: String(v)}; })()`
}

// WaitFor waits until cond holds in the page, polling every 20 ms, for at
// most timeout (zero: the Window's Timeout). cond is a CSS selector or a
// JavaScript expression:
//
//   - a JavaScript expression holds when its value is truthy; one that
//     throws does not hold yet;
//   - a CSS selector ("#save", ".item.done", "input[name=q]") holds when an
//     element of the top document matches it and is rendered (it has a
//     layout box; it may be scrolled out of view).
//
// cond is a selector when it does not parse as JavaScript, or when it does
// but throws a ReferenceError (as "button" or "div.item" do, naming no
// variable) and is a valid selector. Anything else is JavaScript: to have a
// selector such as "[name]" or "window.x" taken as one, wrap it in ":is()".
// After the deadline WaitFor returns an error that wraps ErrTimeout and says
// what it saw last; a cond that is neither valid JavaScript nor a valid
// selector is an error at once, and so is the window closing.
func (w *Window) WaitFor(cond string, timeout time.Duration) error {
	return w.poll(cond, condJS(cond), cond, timeout)
}

// wait waits with the Window's timeout until the JavaScript expression js
// is truthy; what says what is waited for.
func (w *Window) wait(what, js string) error {
	return w.poll(what, condJS(js), "", 0)
}

// poll evaluates code, a script that reports a probe, until the probe is
// ok or the deadline passes. When code does not parse and sel is not
// empty, it polls whether the selector sel is rendered instead.
func (w *Window) poll(what, code, sel string, timeout time.Duration) error {
	deadline, timeout := w.deadline(timeout)
	selector := false
	last := "nothing yet"
	for {
		ctx, cancel := context.WithDeadline(context.Background(), deadline)
		raw, err := w.p.EvaluateJavascriptContext(ctx, code)
		expired := ctx.Err() != nil
		cancel()
		var r probe
		switch {
		case err != nil && sel != "" && !selector && strings.Contains(err.Error(), "SyntaxError"):
			// Not JavaScript: a selector, or neither.
			code, selector = selectorProbe(sel), true
			last = err.Error()
			continue
		case err != nil:
			if !w.p.IsRunning() {
				return fmt.Errorf("gotoniumtest: waiting for %s: the window closed", what)
			}
			if !expired || last == "nothing yet" { // keep what the page said before the deadline
				last = "error " + err.Error()
			}
		case json.Unmarshal(raw, &r) != nil:
			last = "result " + string(raw)
		case r.Bad && selector:
			return fmt.Errorf("gotoniumtest: waiting for %s: neither JavaScript (%s) nor a selector (%s)", what, last, r.Err)
		case r.Bad:
			return fmt.Errorf("gotoniumtest: waiting for %s: %s", what, r.Err)
		case r.Err != "":
			last = "it threw " + r.Err
		case r.OK:
			return nil
		default:
			last = r.Text
			if r.JSON != nil {
				last = *r.JSON
			}
		}
		if !time.Now().Before(deadline) {
			return fmt.Errorf("%w after %v waiting for %s; last seen: %s", ErrTimeout, timeout, what, last)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// elementJS is a JavaScript expression for the element matching selector in
// the top document; an invalid selector throws an error that ends a wait at
// once.
func elementJS(selector string) string {
	s, _ := json.Marshal(selector)
	return `((sel) => { try { return document.querySelector(sel); } catch (e) { const err = new Error("invalid selector " + sel + ": " + e.message); err.gotoniumtestBad = true; throw err; } })(` + string(s) + `)`
}

// waitRendered waits until an element matching selector is rendered.
func (w *Window) waitRendered(selector string) error {
	return w.poll("an element matching "+selector+" to be rendered", selectorProbe(selector), "", 0)
}

// waitExists waits until selector matches an element, rendered or not.
func (w *Window) waitExists(selector string) error {
	return w.wait("an element matching "+selector, elementJS(selector)+` !== null`)
}

// Text returns the text of the first element matching selector as rendered
// (innerText; textContent for elements that are not HTML), waiting for it to
// exist.
func (w *Window) Text(selector string) (string, error) {
	if err := w.waitExists(selector); err != nil {
		return "", err
	}
	v, err := w.Eval(`((el) => String(el.innerText !== undefined ? el.innerText : el.textContent))(` + elementJS(selector) + `)`)
	s, _ := v.(string)
	return s, err
}

// Value returns the value of the form control (input, textarea, select)
// matching selector, waiting for it to exist. An element without a value
// is an error.
func (w *Window) Value(selector string) (string, error) {
	if err := w.waitExists(selector); err != nil {
		return "", err
	}
	v, err := w.Eval(`((el) => typeof el.value === "string" ? el.value : null)(` + elementJS(selector) + `)`)
	if err != nil {
		return "", err
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("gotoniumtest: Value(%q): the element has no value", selector)
	}
	return s, nil
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

func (w *Window) String() string {
	return fmt.Sprintf("window 0x%x", w.p.NativeWindowHandle())
}
