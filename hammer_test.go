//go:build !fakeengine

package gotonium_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

var hammerTime = flag.Duration("hammer", 8*time.Second, "how long TestHammer drives the API (the soak variant: -hammer 5m)")

// TestHammer: 50 goroutines drive state, scripts, navigation, bindings and
// close-and-reopen on 5 windows at once. Every goroutine must be done 10 s
// after the end (else the test fails with all goroutine stacks), every error
// must be one the API documents, and the engine must still work.
func TestHammer(t *testing.T) {
	pump(t)
	const windows = 5
	var mu sync.Mutex
	insts := make([]*gotonium.Instance, windows)
	for i := range insts {
		insts[i] = open(t, page(fmt.Sprintf("<title>h%d</title>", i)), 200, 150)
	}
	pick := func(r *rand.Rand) *gotonium.Instance {
		mu.Lock()
		defer mu.Unlock()
		return insts[r.Intn(windows)]
	}
	var ops, bad atomic.Int64
	var badMu sync.Mutex
	var badErrs []string
	check := func(what string, err error) {
		if err == nil || errors.Is(err, gotonium.ErrNoBrowser) || errors.Is(err, gotonium.ErrBrowserOpen) || errors.Is(err, gotonium.ErrPageChanged) ||
			errors.Is(err, context.DeadlineExceeded) || errors.Is(err, gotonium.ErrInvalidArgument) {
			return
		}
		bad.Add(1)
		badMu.Lock()
		if len(badErrs) < 10 {
			badErrs = append(badErrs, what+": "+err.Error())
		}
		badMu.Unlock()
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for g := 0; g < 50; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			r := rand.New(rand.NewSource(int64(g)))
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				p := pick(r)
				ops.Add(1)
				switch r.Intn(7) {
				case 0:
					check("SetState", p.SetState("h", fmt.Sprint(r.Intn(20)), n))
				case 1:
					ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
					_, err := p.EvaluateJavascriptContext(ctx, "document.title")
					cancel()
					check("EvaluateJavascript", err)
				case 2:
					check("ExecuteJavascript", p.ExecuteJavascript("window.n = (window.n || 0) + 1"))
				case 3:
					if r.Intn(10) == 0 {
						check("LoadURL", p.LoadURL(page(fmt.Sprintf("<title>g%d-%d</title>", g, n))))
					}
				case 4:
					if r.Intn(40) == 0 { // close and reopen, as a new instance
						check("CloseBrowser", p.CloseBrowser())
						q := gotonium.New()
						if err := q.Initialize(page("<title>re</title>"), 200, 150); err != nil {
							check("Initialize", err)
							continue
						}
						mu.Lock()
						for i := range insts {
							if insts[i] == p {
								insts[i] = q
							}
						}
						mu.Unlock()
						t.Cleanup(func() { q.CloseBrowser() })
					}
				case 5:
					check("BindFunction", p.BindFunction(func() int { return n }, fmt.Sprintf("f%d_%d", g, n), "h"))
				case 6:
					p.IsRunning()
					p.GetState("h", "1")
				}
			}
		}(g)
	}
	time.Sleep(*hammerTime)
	close(stop)
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		buf := make([]byte, 8<<20)
		t.Fatalf("goroutines still blocked 10 s after the hammer ended:\n%s", buf[:runtime.Stack(buf, true)])
	}
	t.Logf("%d operations in %v", ops.Load(), *hammerTime)
	if bad.Load() > 0 {
		t.Errorf("%d undocumented errors, e.g. %q", bad.Load(), badErrs)
	}
	// Still working.
	mu.Lock()
	last := insts[0]
	mu.Unlock()
	if !last.IsRunning() {
		last = open(t, page("<title>after</title>"), 200, 150)
	}
	// A window the hammer opened last may still be loading its page on a
	// loaded machine: scripts wait 10 s for a load, then run in the page that
	// is there (about:blank). Wait for the page itself.
	deadline := time.Now().Add(30 * time.Second)
	for {
		got := await(t, last, `Promise.resolve(document.title.length > 0 ? true : "empty title at " + location.href.slice(0, 80) + ", readyState " + document.readyState)`)
		if got == true {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the hammer: %v", got)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
