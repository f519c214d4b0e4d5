//go:build !fakeengine

package gotonium_test

import (
	"errors"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// eventsPage records every event it listens to in window.got.
const eventsPage = `<title>events</title><script>
window.got = [];
const record = (name) => (data) => window.got.push([name, data instanceof Uint8Array ? "bytes:" + Array.from(data).join(",") : data]);
window.stopTick = Gotonium.on("tick", record("tick"));
Gotonium.on("tick", () => { throw new Error("a listener that throws"); }); // the others still run
Gotonium.on("other", record("other"));
</script>`

// TestEmit: Go's events reach the page's listeners in order, with their
// data (JSON values, bytes as a Uint8Array), also when emitted before the
// page loaded; off stops them; bad input is an error.
func TestEmit(t *testing.T) {
	p := gotonium.New()
	must(t, p.Initialize(page(eventsPage), 300, 200))
	t.Cleanup(func() { p.CloseBrowser() })
	// Right after Initialize the page is loading: these wait for it.
	must(t, p.Emit("tick", map[string]any{"n": 1, "__proto__": "a key"}))
	must(t, p.Emit("tick", nil))
	must(t, p.Emit("tick", []byte{0, 1, 255}))
	must(t, p.Emit("nobody-listens", 1))
	must(t, p.Emit("other", "ü\u2028\x00"))
	want := `[["tick",{"__proto__":"a key","n":1}],["tick",null],["tick","bytes:0,1,255"],["other","ü\u2028\u0000"]]`
	waitFor(t, 10*time.Second, "the events", func() bool { return mustJSON(eval(t, p, `window.got`)) == want })
	// "__proto__" is an own key, not the prototype.
	if got := eval(t, p, `Object.keys(window.got[0][1]).join()`); got != "__proto__,n" {
		t.Fatalf("keys of the first event's data: %v", got)
	}
	eval(t, p, `window.stopTick(); 1`)
	must(t, p.Emit("tick", 2))
	must(t, p.Emit("other", 3))
	waitFor(t, 10*time.Second, "the event after off", func() bool { return eval(t, p, `window.got.length`) == 5.0 })
	if got := mustJSON(eval(t, p, `window.got[4]`)); got != `["other",3]` {
		t.Fatalf("after off: %s", got)
	}
	// The page's own mistakes throw.
	if got := eval(t, p, `(() => { try { Gotonium.on("", () => {}); } catch (e) { return e.constructor.name + ": " + e.message; } })()`); got != "TypeError: Gotonium.on: the event name must be a non-empty string" {
		t.Fatalf("on(\"\"): %v", got)
	}
	if got := eval(t, p, `(() => { try { Gotonium.off("x", 1); } catch (e) { return e.constructor.name; } })()`); got != "TypeError" {
		t.Fatalf("off(x, 1): %v", got)
	}
	// Go's mistakes are errors.
	for name, err := range map[string]error{
		"empty name":   p.Emit("", 1),
		"long name":    p.Emit(string(make([]byte, 300)), 1),
		"bad UTF-8":    p.Emit("\xff", 1),
		"not JSON":     p.Emit("x", make(chan int)),
		"all, no JSON": p.EmitAll("x", func() {}),
	} {
		if !errors.Is(err, gotonium.ErrInvalidArgument) {
			t.Errorf("%s: %v, want ErrInvalidArgument", name, err)
		}
	}
	must(t, p.CloseBrowser())
	if err := p.Emit("tick", 1); !errors.Is(err, gotonium.ErrNoBrowser) {
		t.Errorf("after close: %v", err)
	}
	if err := p.EmitAll("tick", 1); !errors.Is(err, gotonium.ErrNoBrowser) {
		t.Errorf("EmitAll after close: %v", err)
	}
}

// TestEmitAll: EmitAll reaches every window sharing the store, and no other.
func TestEmitAll(t *testing.T) {
	a := open(t, page(eventsPage), 200, 150)
	b := open(t, page(eventsPage), 200, 150)
	c := open(t, page(eventsPage), 200, 150)
	must(t, b.ShareStateWith(a))
	must(t, a.EmitAll("other", "to the group"))
	must(t, c.Emit("other", "to c"))
	for _, p := range []*gotonium.Instance{a, b} {
		waitFor(t, 10*time.Second, "the group's event", func() bool { return mustJSON(eval(t, p, `window.got`)) == `[["other","to the group"]]` })
	}
	if got := mustJSON(eval(t, c, `window.got`)); got != `[["other","to c"]]` {
		t.Fatalf("the window outside the group: %s", got)
	}
}

// TestEmitBurst: a burst of events arrives whole and in order, batched;
// the test logs the rate (figures in docs/benchmarks.md come from the
// benchmark tool).
func TestEmitBurst(t *testing.T) {
	p := open(t, page(`<title>burst</title><script>window.n = 0; window.bad = 0; Gotonium.on("e", (d) => { if (d !== window.n) window.bad++; window.n++; });</script>`), 200, 150)
	eval(t, p, `1`)
	const n = 100000
	start := time.Now()
	for i := 0; i < n; i++ {
		must(t, p.Emit("e", i))
	}
	sent := time.Since(start)
	waitFor(t, 60*time.Second, "every event", func() bool { return eval(t, p, `window.n`) == float64(n) })
	took := time.Since(start)
	if bad := eval(t, p, `window.bad`); bad != 0.0 {
		t.Fatalf("%v events out of order", bad)
	}
	t.Logf("%d events: Emit took %v, delivered in %v (%.0f events/s)", n, sent, took, float64(n)/took.Seconds())

}
