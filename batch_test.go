//go:build !fakeengine

package gotonium_test

import (
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// describeJS turns the promise of a call into a text that says how it
// settled: the type and JSON of a value, the bytes of a Uint8Array, the
// values of a stream, or the class and message of an error.
const describeJS = `window.describe = (p) => p.then(async (v) => {
  if (v instanceof Uint8Array) return "bytes:" + Array.from(v);
  if (v && typeof v[Symbol.asyncIterator] === "function") { const out = []; for await (const x of v) out.push(x); return "stream:" + out; }
  return typeof v + ":" + JSON.stringify(v);
}, (e) => "error:" + e.constructor.name + ":" + e.message);
`

// TestCallBurst: calls a page makes in one task go to Go together, and each
// settles exactly as it would have alone.
func TestCallBurst(t *testing.T) {
	p := open(t, filePage(t, `<title>burst</title>`), 200, 150)
	must(t, p.BindFunction(func(n int) int { return 2 * n }, "double", "app"))
	must(t, p.BindFunction(func() map[string]any { return map[string]any{"__proto__": 1, "list": []int{1, 2}} }, "value", "app"))
	must(t, p.BindFunction(func() error { return errors.New("no luck") }, "fail", "app"))
	must(t, p.BindFunction(func() {}, "nothing", "app"))
	must(t, p.BindFunction(func() []byte { return []byte{1, 2, 255} }, "bytes", "app"))
	must(t, p.BindFunction(func() <-chan int {
		ch := make(chan int, 3)
		ch <- 1
		ch <- 2
		ch <- 3
		close(ch)
		return ch
	}, "stream", "app"))
	must(t, p.BindFunction(func(s string) string { return strings.ToUpper(s) }, "upper", "app", gotonium.InGoroutine()))
	pump(t)

	before := gotonium.BatchedCallsForTest()
	if got := mustJSON(await(t, p, `Promise.all(Array.from({length: 1000}, (_, i) => Gotonium.app.double(i))).then((r) => r.every((v, i) => v === 2 * i) ? "ok" : r)`)); got != `"ok"` {
		t.Fatalf("1000 calls in one task: %s", got)
	}
	if n := gotonium.BatchedCallsForTest() - before; n != 999 {
		t.Errorf("%d of 1000 calls in one task went in a burst; want 999 (all but the first)", n)
	}

	// The same calls, in a burst and one by one.
	eval(t, p, describeJS+`
Gotonium.__gotonium.define("app", "ghost"); // not bound in Go
window.mixed = () => [
  () => Gotonium.app.value(), () => Gotonium.app.fail(), () => Gotonium.app.nothing(),
  () => Gotonium.app.bytes(), () => Gotonium.app.stream(), () => Gotonium.app.double("two"),
  () => Gotonium.app.double(1, 2), () => Gotonium.app.ghost(), () => Gotonium.app.upper("go"),
  () => Gotonium.app.double(21),
];
1`)
	before = gotonium.BatchedCallsForTest()
	alone := mustJSON(await(t, p, `(async () => { const out = []; for (const f of mixed()) out.push(await describe(f())); return out; })()`))
	if n := gotonium.BatchedCallsForTest() - before; n != 0 {
		t.Fatalf("%d calls made one by one went in a burst", n)
	}
	burst := mustJSON(await(t, p, `Promise.all(mixed().map((f) => describe(f())))`))
	if n := gotonium.BatchedCallsForTest() - before; n != 9 {
		t.Errorf("%d of 10 calls in one task went in a burst; want 9", n)
	}
	if burst != alone {
		t.Errorf("calls in a burst settled as\n%s\nand one by one as\n%s", burst, alone)
	}
	for _, want := range []string{`"object:{\"__proto__\":1,\"list\":[1,2]}"`, `"error:Error:no luck"`, `"undefined:undefined"`,
		`"bytes:1,2,255"`, `"stream:1,2,3"`, `"string:\"GO\""`, `"number:42"`, `is not a bound function`} {
		if !strings.Contains(alone, want) {
			t.Errorf("the calls settled as %s; want %s among them", alone, want)
		}
	}
}

// TestCallBurstMalformed: a burst the page runtime cannot have sent is
// rejected as a whole, and none of its calls runs.
func TestCallBurstMalformed(t *testing.T) {
	p := open(t, filePage(t, `<title>burst</title>`), 200, 150)
	var ran atomic.Int32
	var last atomic.Value
	must(t, p.BindFunction(func(s string) string { ran.Add(1); last.Store(s); return s }, "record", "app"))
	pump(t)

	ok := "x.1\napp\nrecord\n[\"ran\"]"
	for _, body := range []string{
		"",
		"\n",
		"x.1\napp\nrecord",
		"\napp\nrecord\n[\"ran\"]",
		strings.Repeat("i", 65) + "\napp\nrecord\n[\"ran\"]",
		ok + "\n",
		ok + "\n\n",
		ok + "\nx.2\napp\nrecord",
		ok + "\nx.2\napp",
	} {
		got := mustJSON(await(t, p, `Gotonium.__gotonium.post(`+mustJSON("calls\n"+body)+`)`))
		if !strings.Contains(got, "malformed calls") {
			t.Errorf("burst %q: %s; want it rejected as malformed", body, got)
		}
	}
	// A well-formed burst sent by hand runs; its result, for a call the
	// runtime does not know, is dropped.
	if got := mustJSON(await(t, p, `Gotonium.__gotonium.post(`+mustJSON("calls\nx.1\napp\nrecord\n[\"by hand\"]")+`)`)); got != `"null"` {
		t.Fatalf("a well-formed burst: %s", got)
	}
	waitFor(t, 5*time.Second, "the call of the burst to run", func() bool { return ran.Load() == 1 })
	waitFor(t, 5*time.Second, "its result to reach the page", p.EventsIdleForTest)
	if n, s := ran.Load(), last.Load(); n != 1 || s != "by hand" {
		t.Errorf("record ran %d times, last with %v; want once, with \"by hand\"", n, s)
	}
	if got := mustJSON(await(t, p, `Gotonium.app.record("after")`)); got != `"after"` {
		t.Errorf("a call after the bursts: %s", got)
	}
}

// TestCallBurstAfterNavigation: results of a burst that come after its page
// is gone reach neither a hostile page that took its place nor the calls of
// the app's next page.
func TestCallBurstAfterNavigation(t *testing.T) {
	url := filePage(t, `<title>burst</title>`)
	p := open(t, url, 200, 150)
	release := make(chan struct{})
	var returned atomic.Int32
	must(t, p.BindFunction(func(s string) string { <-release; returned.Add(1); return "old " + s }, "slow", "app", gotonium.InGoroutine()))
	release2 := make(chan struct{})
	must(t, p.BindFunction(func(s string) string { <-release2; return "new " + s }, "slow2", "app", gotonium.InGoroutine()))
	pump(t)
	burst := func(fn string) {
		t.Helper()
		before := gotonium.BatchedCallsForTest()
		eval(t, p, `window.out = []; for (let i = 0; i < 10; i++) Gotonium.app.`+fn+`(String(i)).then((v) => out.push(v), (e) => out.push("error: " + e.message)); 1`)
		waitFor(t, 5*time.Second, "the burst to reach Go", func() bool { return gotonium.BatchedCallsForTest()-before == 9 })
	}

	// The app's page reloads; the new one makes calls with the same numbers.
	burst("slow")
	must(t, p.ExecuteJavascript(`location.reload()`))
	waitFor(t, 10*time.Second, "the reloaded page", func() bool {
		return evalString(t, p, `String(window.out === undefined && document.readyState === "complete")`) == "true"
	})
	burst("slow2")
	close(release)
	waitFor(t, 5*time.Second, "the old page's calls to return", func() bool { return returned.Load() == 10 })
	waitFor(t, 5*time.Second, "their results to reach the page", p.EventsIdleForTest)
	if got := mustJSON(eval(t, p, `out`)); got != `[]` {
		t.Fatalf("the old page's results settled the new page's calls: %s", got)
	}
	close(release2)
	waitFor(t, 5*time.Second, "the new page's results", func() bool {
		return mustJSON(eval(t, p, `out.length`)) == "10"
	})
	if got := mustJSON(eval(t, p, `out.every((v) => v.startsWith("new ")) ? "ok" : out`)); got != `"ok"` {
		t.Errorf("the new page's calls settled as %s", got)
	}

	// The page navigates itself to a hostile site, which plays a runtime of
	// its own to catch what comes.
	release = make(chan struct{})
	returned.Store(0)
	evil := newOrigin(t)
	hostile := evil.page("/hostile.html", `<title>hostile</title><script>
window.Gotonium = {__gotonium: {events: (list) => { window.leaked = (window.leaked || []).concat(list); }}};
</script>`)
	burst("slow")
	p.OnNavigate(func(gotonium.Navigation) gotonium.NavigationAction { return gotonium.NavigationAllow })
	must(t, p.ExecuteJavascript(`location.href = `+mustJSON(hostile)))
	waitFor(t, 10*time.Second, "the hostile page", func() bool { return evalString(t, p, `document.title`) == "hostile" })
	close(release)
	waitFor(t, 5*time.Second, "the calls to return", func() bool { return returned.Load() == 10 })
	waitFor(t, 5*time.Second, "their results to be sent", p.EventsIdleForTest)
	if got := mustJSON(eval(t, p, `window.leaked === undefined ? "nothing" : window.leaked`)); got != `"nothing"` {
		t.Errorf("the hostile page got %s", got)
	}
}
