//go:build !fakeengine

package gotonium_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestStream: a bound function returning a channel streams its values to
// the page's for await, in order; breaking out of the loop, or the page
// going away, cancels the function's context; a nil channel is an empty
// stream and an error rejects the call.
func TestStream(t *testing.T) {
	p := open(t, filePage(t, `<title>stream</title>`), 200, 150)
	type item struct {
		N    int    `json:"n"`
		Text string `json:"text"`
	}
	must(t, p.BindFunction(func(n int) <-chan item {
		ch := make(chan item)
		go func() {
			defer close(ch)
			for i := 0; i < n; i++ {
				ch <- item{i, "x"}
			}
		}()
		return ch
	}, "count", "app"))
	stopped := make(chan struct{}, 4)
	must(t, p.BindFunction(func(ctx context.Context) chan int {
		ch := make(chan int)
		go func() {
			defer func() { stopped <- struct{}{} }()
			for i := 0; ; i++ {
				select {
				case ch <- i:
				case <-ctx.Done():
					return
				}
			}
		}()
		return ch
	}, "forever", "app"))
	must(t, p.BindFunction(func() <-chan int { return nil }, "none", "app"))
	must(t, p.BindFunction(func(fail bool) (<-chan int, error) {
		if fail {
			return nil, errors.New("no stream today")
		}
		ch := make(chan int, 1)
		ch <- 7
		close(ch)
		return ch, nil
	}, "maybe", "app"))
	pump(t)

	if got := mustJSON(await(t, p, `(async () => { const out = []; for await (const v of await Gotonium.app.count(5000)) out.push(v); return [out.length, out[0], out[4999], out.every((v, i) => v.n === i && v.text === "x")]; })()`)); got != `[5000,{"n":0,"text":"x"},{"n":4999,"text":"x"},true]` {
		t.Fatalf("count: %s", got)
	}
	if got := mustJSON(await(t, p, `(async () => { const out = []; for await (const v of await Gotonium.app.forever()) { out.push(v); if (out.length === 3) break; } return out; })()`)); got != `[0,1,2]` {
		t.Fatalf("forever: %s", got)
	}
	select {
	case <-stopped:
	case <-time.After(10 * time.Second):
		t.Fatal("breaking out of for await did not cancel the Go function's context")
	}
	if got := mustJSON(await(t, p, `(async () => { const out = []; for await (const v of await Gotonium.app.none()) out.push(v); return out; })()`)); got != `[]` {
		t.Fatalf("none: %s", got)
	}
	if got := await(t, p, `(async () => { const out = []; for await (const v of await Gotonium.app.maybe(false)) out.push(v); return out.join(); })()`); got != "7" {
		t.Fatalf("maybe(false): %v", got)
	}
	if got := await(t, p, `Gotonium.app.maybe(true)`); got != "rejected: Error: no stream today" {
		t.Fatalf("maybe(true): %v", got)
	}
	// The page going away cancels a stream it was reading.
	eval(t, p, `(async () => { window.seen = 0; for await (const v of await Gotonium.app.forever()) window.seen++; })(); 1`)
	waitFor(t, 10*time.Second, "the stream to flow", func() bool { v, _ := eval(t, p, `window.seen`).(float64); return v > 10 })
	must(t, p.Reload())
	select {
	case <-stopped:
	case <-time.After(10 * time.Second):
		t.Fatal("a reload did not cancel the stream")
	}
}

// TestStreamCallback: a bound function that takes a func(T) last streams
// what it passes to it; the page does not pass it. The function runs off
// the pumping goroutine (other calls answer meanwhile); its error reaches
// for await after its values; bad arguments reject the call; breaking out
// of for await cancels its context and its sends return.
func TestStreamCallback(t *testing.T) {
	p := open(t, filePage(t, `<title>stream</title>`), 200, 150)
	type step struct {
		N    int    `json:"n"`
		Note string `json:"note"`
	}
	must(t, p.BindFunction(func(ctx context.Context, n int, send func(step)) error {
		for i := 0; i < n; i++ {
			send(step{i, "ok"})
		}
		if n == 3 {
			return errors.New("failed at step 3")
		}
		return nil
	}, "progress", "app"))
	ended := make(chan error, 1)
	must(t, p.BindFunction(func(ctx context.Context, send func(int)) {
		for i := 0; ctx.Err() == nil; i++ {
			send(i) // returns at once once the page stopped reading
		}
		ended <- ctx.Err()
	}, "ticks", "app"))
	must(t, p.BindFunction(func() string { return "pong" }, "ping", "app"))
	pump(t)

	if got := mustJSON(await(t, p, `(async () => { const out = []; for await (const v of await Gotonium.app.progress(1000)) out.push(v); return [out.length, out[999], out.every((v, i) => v.n === i)]; })()`)); got != `[1000,{"n":999,"note":"ok"},true]` {
		t.Fatalf("progress(1000): %s", got)
	}
	if got := mustJSON(await(t, p, `(async () => { const out = []; try { for await (const v of await Gotonium.app.progress(3)) out.push(v.n); } catch (e) { out.push(String(e)); } return out; })()`)); got != `[0,1,2,"Error: failed at step 3"]` {
		t.Fatalf("progress(3): %s", got)
	}
	if got, _ := await(t, p, `Gotonium.app.progress("three")`).(string); !strings.HasPrefix(got, "rejected:") || !strings.Contains(got, "argument 1") {
		t.Fatalf("progress(\"three\"): %v", got)
	}
	if got, _ := await(t, p, `Gotonium.app.progress(1, 2)`).(string); !strings.HasPrefix(got, "rejected:") {
		t.Fatalf("progress(1, 2): %v", got)
	}
	// While ticks runs (it never returns by itself), other calls answer:
	// it is not on the pumping goroutine.
	if got := mustJSON(await(t, p, `(async () => { const it = (await Gotonium.app.ticks())[Symbol.asyncIterator](); const a = await it.next(); const pong = await Gotonium.app.ping(); const b = await it.next(); await it.return(); return [a.value, b.value, pong]; })()`)); got != `[0,1,"pong"]` {
		t.Fatalf("ticks: %s", got)
	}
	select {
	case err := <-ended:
		if err == nil {
			t.Fatal("ticks ended without its context cancelled")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("stopping the iterator did not end the callback-form function")
	}
}
