//go:build !fakeengine

package gotonium_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// TestSeedCompleteExample runs the seed's two pages verbatim (as
// examples/settings ships them) against the Go port of its Python code.
func TestSeedCompleteExample(t *testing.T) {
	p1 := gotonium.New()
	if err := p1.BindFunction(func() string { return "Multi-Window Demo" }, "get_app_name", "app"); err != nil {
		t.Fatal(err)
	}
	if err := p1.Initialize(exampleURL(t, "settings/web/main/index.html"), 800, 600); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p1.CloseBrowser() })
	applied := make(chan [2]string, 1)
	p2 := gotonium.New()
	if err := p2.BindFunction(func(key, value string) {
		p1.SetState("settings", key, value)
		applied <- [2]string{key, value} // after SetState: the test reads the state next
	}, "apply_setting", "settings"); err != nil {
		t.Fatal(err)
	}
	if _, err := p2.CreateBrowser(exampleURL(t, "settings/web/settings/index.html"), 400, 300, gotonium.Frameless()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p2.CloseBrowser() })
	pump(t)

	waitFor(t, 10*time.Second, `window 1 to show "Multi-Window Demo"`, func() bool {
		return evalString(t, p1, `document.getElementById("title").textContent`) == "Multi-Window Demo"
	})
	eval(t, p2, `const s = document.getElementById("theme"); s.value = "light"; s.dispatchEvent(new Event("change")); 1`)
	select {
	case got := <-applied:
		if got != [2]string{"theme", "light"} {
			t.Fatalf("apply_setting got %v", got)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("apply_setting was not called")
	}
	if v, ok := p1.GetState("settings", "theme"); !ok || v != "light" {
		t.Fatalf("window 1 state in Go: %v %v", v, ok)
	}
	waitFor(t, 5*time.Second, "window 1's page to see the setting", func() bool {
		return eval(t, p1, `Pytonium.appState.getState("settings", "theme")`) == "light"
	})
}

func TestReadyFlagsAndEvents(t *testing.T) {
	p := open(t, filePage(t, `<title>r</title><script>
		window.log = [];
		window.log.push("flag:" + window.PytoniumReady + "," + window.GotoniumReady);
		window.log.push("same:" + (window.Pytonium === window.Gotonium));
		if (window.PytoniumReady) window.log.push("init-direct");
		window.addEventListener("PytoniumReady", () => window.log.push("listener-P"));
		window.addEventListener("GotoniumReady", { handleEvent: () => window.log.push("listener-G") });
		addEventListener("PytoniumReady", () => window.log.push("bare")); // no this
	</script>`), 300, 200)
	want := `["flag:true,true","same:true","init-direct","listener-P","listener-G","bare"]`
	waitFor(t, 5*time.Second, "ready events", func() bool {
		return evalString(t, p, `JSON.stringify(window.log)`) == want
	})
	// Again after a reload.
	eval(t, p, "window.log.push('before reload'); location.reload(); 1")
	waitFor(t, 5*time.Second, "ready events after reload", func() bool {
		raw, err := p.EvaluateJavascript(`JSON.stringify(window.log || null)`)
		var s string
		json.Unmarshal(raw, &s)
		return err == nil && s == want
	})
}

type point struct {
	X     int      `json:"x"`
	Y     int      `json:"y"`
	Label string   `json:"label,omitempty"`
	Tags  []string `json:"tags"`
}

func TestValuesCrossExactly(t *testing.T) {
	p := gotonium.New()
	must(t, p.BindFunction(func(v any) any { return v }, "echo", "t"))
	must(t, p.BindFunction(func(a int, b *int, c int) string {
		if b == nil {
			return fmt.Sprintf("%d,null,%d", a, c)
		}
		return fmt.Sprintf("%d,%d,%d", a, *b, c)
	}, "three", "t"))
	must(t, p.BindFunction(func(p point) point { p.X++; return p }, "move", "t"))
	must(t, p.BindFunction(func(xs ...float64) float64 {
		s := 0.0
		for _, x := range xs {
			s += x
		}
		return s
	}, "sum", "t"))
	must(t, p.BindFunction(func(b bool) bool { return !b }, "not", "t"))
	must(t, p.BindFunction(func(m map[string][]int) int { return len(m["a"]) }, "count", "t"))
	must(t, p.BindFunction(func(n int64) int64 { return n }, "int", "t"))
	must(t, p.BindFunction(func() {}, "nothing", "t"))
	must(t, p.Initialize(page("<title>v</title>"), 300, 200))
	t.Cleanup(func() { p.CloseBrowser() })
	pump(t)
	tricky := "quote' \" back\\ </script> \u2028 \u2029 üñï 😀 \x00 end"
	cases := []struct{ expr, want string }{
		{`Gotonium.t.echo([1, [2, null], {a: [true, false]}, "x"])`, `[1,[2,null],{"a":[true,false]},"x"]`},
		{`Gotonium.t.echo(null)`, `null`},
		{`Gotonium.t.echo(true)`, `true`},
		{`Gotonium.t.echo(9007199254740991)`, `9007199254740991`},
		{`Gotonium.t.echo(-0.5)`, `-0.5`},
		{`Gotonium.t.echo(` + mustJSON(tricky) + `)`, mustJSON(tricky)},
		{`Gotonium.t.echo({nested: {deep: {deeper: [1, {x: "y"}]}}})`, `{"nested":{"deep":{"deeper":[1,{"x":"y"}]}}}`},
		{`Gotonium.t.three(1, null, 3)`, `"1,null,3"`},
		{`Gotonium.t.three(1, 2, 3)`, `"1,2,3"`},
		{`Gotonium.t.move({x: 1, y: 2, tags: ["a"], extra: 5})`, `{"x":2,"y":2,"tags":["a"]}`},
		{`Gotonium.t.sum()`, `0`},
		{`Gotonium.t.sum(1, 2, 3.5)`, `6.5`},
		{`Gotonium.t.not(false)`, `true`},
		{`Gotonium.t.count({a: [1, 2, 3]})`, `3`},
		{`Gotonium.t.int(9007199254740992)`, `9007199254740992`},
		{`Gotonium.t.int(-9007199254740991)`, `-9007199254740991`},
		{`Gotonium.t.nothing().then(v => v === undefined ? "undefined" : "defined")`, `"undefined"`},
	}
	for _, c := range cases {
		got := await(t, p, c.expr)
		js, _ := json.Marshal(got)
		if !jsonEqual(string(js), c.want) {
			t.Errorf("%s = %s, want %s", c.expr, js, c.want)
		}
	}
	// The page gets exactly the Go value back, also for a big integer.
	if got := await(t, p, `Gotonium.t.int(9007199254740991).then(v => v === 9007199254740991)`); got != true {
		t.Errorf("2^53-1 did not survive: %v", got)
	}
}

func TestRejections(t *testing.T) {
	p := gotonium.New()
	must(t, p.BindFunction(func(a int, s string) int { return a }, "typed", "r"))
	must(t, p.BindFunction(func() (int, error) { return 0, errors.New("disk on fire") }, "fails", "r"))
	must(t, p.BindFunction(func() int { var m map[string]*int; return *m["x"] }, "nilpanic", "r"))
	must(t, p.BindFunction(func() { panic("custom panic") }, "panics", "r"))
	must(t, p.BindFunction(func() string { return "alive" }, "alive", ""))
	must(t, p.Initialize(page("<title>r</title><script>window.x = 1</script>"), 300, 200))
	t.Cleanup(func() { p.CloseBrowser() })
	pump(t)
	cases := []struct{ expr, want string }{
		{`Gotonium.r.typed(1)`, `rejected: Error: r.typed: expected 2 arguments, got 1`},
		{`Gotonium.r.typed(1, "a", 3)`, `rejected: Error: r.typed: expected 2 arguments, got 3`},
		{`Gotonium.r.typed("one", "a")`, `rejected: Error: r.typed: argument 1: cannot use "one" (string) as int`},
		{`Gotonium.r.typed(1.5, "a")`, `rejected: Error: r.typed: argument 1`},
		{`Gotonium.r.typed(null, "a")`, `rejected: Error: r.typed: argument 1`},
		{`Gotonium.r.fails()`, `rejected: Error: disk on fire`},
		{`Gotonium.r.nilpanic()`, `rejected: Error: r.nilpanic: panic: runtime error: invalid memory address or nil pointer dereference`},
		{`Gotonium.r.panics()`, `rejected: Error: r.panics: panic: custom panic`},
		{`Gotonium.__gotonium.post("call\nr\nnope\n[]")`, `rejected: Error: Gotonium.r.nope is not a bound function`},
		{`Gotonium.r.typed(1n, "a")`, `rejected: TypeError: Gotonium: r.typed: arguments cannot be sent to Go`},
	}
	for _, c := range cases {
		got, _ := await(t, p, c.expr).(string)
		if !strings.HasPrefix(got, c.want) {
			t.Errorf("%s → %q, want prefix %q", c.expr, got, c.want)
		}
	}
	// After the panics, the app and the bridge still work.
	if got := await(t, p, `Gotonium.alive()`); got != "alive" {
		t.Fatalf("after panics: %v", got)
	}
}

// TestPanicInAppCodeAfterScripts: a nil-pointer panic in a bound function,
// after pages ran scripts and messages went through (JavaScriptCore has then
// installed its signal handlers), leaves the process alive.
func TestPanicInAppCodeAfterScripts(t *testing.T) {
	p := gotonium.New()
	var calls atomic.Int32
	must(t, p.BindFunction(func() int {
		calls.Add(1)
		var ptr *point
		return ptr.X // nil dereference: SIGSEGV, turned into a Go panic
	}, "crash", ""))
	must(t, p.Initialize(page(`<title>p</title><script>for (let i = 0; i < 1e5; i++) Math.sqrt(i)</script>`), 300, 200))
	t.Cleanup(func() { p.CloseBrowser() })
	pump(t)
	for i := 0; i < 3; i++ {
		got, _ := await(t, p, `Gotonium.crash()`).(string)
		if !strings.Contains(got, "nil pointer dereference") {
			t.Fatalf("call %d: %q", i, got)
		}
	}
	if calls.Load() != 3 || !p.IsRunning() {
		t.Fatalf("calls %d, running %v", calls.Load(), p.IsRunning())
	}
}

func TestCallContextCancelledOnNavigation(t *testing.T) {
	p := gotonium.New()
	causes := make(chan error, 1)
	started := make(chan struct{})
	must(t, p.BindFunction(func(ctx context.Context) string {
		close(started)
		<-ctx.Done()
		causes <- context.Cause(ctx)
		return "late"
	}, "wait", "", gotonium.InGoroutine()))
	must(t, p.Initialize(page("<title>n</title>"), 300, 200))
	t.Cleanup(func() { p.CloseBrowser() })
	eval(t, p, `Gotonium.wait(); 1`)
	<-started // the call is running in Go
	must(t, p.LoadURL(page("<title>elsewhere</title>")))
	select {
	case err := <-causes:
		if err == nil || !strings.Contains(err.Error(), "navigated") {
			t.Fatalf("cause: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the call's context was not cancelled by the navigation")
	}
}

func TestThousandConcurrentCallsTwoWindowsNoCrossTalk(t *testing.T) {
	var ps [2]*gotonium.Instance
	for i := range ps {
		i := i
		ps[i] = gotonium.New()
		must(t, ps[i].BindFunction(func(n int) string { return fmt.Sprintf("w%d:%d", i, n) }, "who", "api"))
		must(t, ps[i].Initialize(page("<title>c</title>"), 300, 200))
		p := ps[i]
		t.Cleanup(func() { p.CloseBrowser() })
	}
	pump(t)
	for i, p := range ps {
		got := await(t, p, `Promise.all(Array.from({length: 1000}, (_, n) => Gotonium.api.who(n))).then(rs => rs.every((r, n) => r === "w`+fmt.Sprint(i)+`:" + n) ? "ok" : JSON.stringify(rs.slice(0, 5)))`)
		if got != "ok" {
			t.Fatalf("window %d: %v", i, got)
		}
	}
}

func TestOneMegabyteEachWay(t *testing.T) {
	p := gotonium.New()
	must(t, p.BindFunction(func(s string) int { return len(s) }, "size", ""))
	must(t, p.BindFunction(func(n int) string { return strings.Repeat("é", n/2) }, "make", ""))
	must(t, p.Initialize(page("<title>m</title>"), 300, 200))
	t.Cleanup(func() { p.CloseBrowser() })
	pump(t)
	if got := await(t, p, `Gotonium.size("x".repeat(1 << 20))`); got != float64(1<<20) {
		t.Fatalf("1 MB argument: size %v", got)
	}
	if got := await(t, p, `Gotonium.make(1 << 20).then(s => s.length + ":" + (s === "é".repeat(1 << 19)))`); got != fmt.Sprintf("%d:true", 1<<19) {
		t.Fatalf("1 MB result: %v", got)
	}
}

func TestBindErrorsAndLateBinding(t *testing.T) {
	p := gotonium.New()
	must(t, p.BindFunction(func() int { return 1 }, "f", "a"))
	must(t, p.BindFunction(func() int { return 2 }, "f", "b")) // same name, other object: fine
	for name, err := range map[string]error{
		"duplicate":       p.BindFunction(func() {}, "f", "a"),
		"not a func":      p.BindFunction(42, "x", ""),
		"nil":             p.BindFunction(nil, "x", ""),
		"closure no name": p.BindFunction(func() {}, "", ""),
		"bad name":        p.BindFunction(func() {}, "no-dash", ""),
		"bad object":      p.BindFunction(func() {}, "x", "a.b"),
		"reserved":        p.BindFunction(func() {}, "x", "appState"),
		"names > fns":     p.BindFunctions([]any{func() {}}, []string{"a", "b"}, "o"),
		"nil object":      p.BindObjectMethods(nil, nil, "o"),
		"bad result":      p.BindFunction(func() (int, int) { return 1, 2 }, "two", ""),
	} {
		if !errors.Is(err, gotonium.ErrInvalidArgument) {
			t.Errorf("%s: %v, want ErrInvalidArgument", name, err)
		}
	}
	must(t, p.Initialize(filePage(t, "<title>l</title>"), 300, 200))
	t.Cleanup(func() { p.CloseBrowser() })
	pump(t)
	if got := await(t, p, `Promise.all([Gotonium.a.f(), Gotonium.b.f()])`); fmt.Sprint(got) != "[1 2]" {
		t.Fatalf("same name in two objects: %v", got)
	}
	// Bound after the window opened: the open page sees it, and so do later pages.
	must(t, p.BindFunction(func() string { return "late" }, "late", "a"))
	if got := await(t, p, `Gotonium.a.late()`); got != "late" {
		t.Fatalf("late binding in the open page: %v", got)
	}
	eval(t, p, "window.marker = 1; location.reload(); 1")
	waitFor(t, 5*time.Second, "the reload", func() bool { return eval(t, p, "window.marker === undefined") == true })
	if got := await(t, p, `Gotonium.a.late()`); got != "late" {
		t.Fatalf("late binding after reload: %v", got)
	}
	must(t, p.BindObjectMethods(&counter{}, []string{"add"}, "counter"))
	if got := await(t, p, `Gotonium.counter.add(5).then(() => Gotonium.counter.Value())`); got != float64(5) {
		t.Fatalf("object methods: %v", got)
	}
}

type counter struct{ n int }

func (c *counter) Add(n int)  { c.n += n }
func (c *counter) Value() int { return c.n }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func jsonEqual(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	return fmt.Sprint(x) == fmt.Sprint(y) && mustJSON(x) == mustJSON(y)
}

var _ = math.MaxInt

// engineTempDir is t.TempDir for a folder WebKit writes into: its network
// process goes on writing for a while after the windows (or the process that
// opened them) are gone, so the folder is removed once WebKit lets go.
func engineTempDir(t *testing.T, prefix string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", prefix)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for i := 0; i < 100 && os.RemoveAll(dir) != nil; i++ {
			time.Sleep(100 * time.Millisecond)
		}
	})
	return dir
}
