package gotonium

import (
	"bytes"
	"context"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func newQueue() *callbackQueue { return &callbackQueue{signal: make(chan struct{})} }

// goroutineID identifies the calling goroutine (for tests only).
func goroutineID() string {
	var buf [64]byte
	n := runtime.Stack(buf[:], false)
	f := bytes.Fields(buf[:n])
	return string(f[1])
}

// TestCallbacksOneAtATime: many goroutines pump one queue; every callback
// runs once, in push order, never two at a time, each on a goroutine that
// pumped.
func TestCallbacksOneAtATime(t *testing.T) {
	q := newQueue()
	const n = 2000
	var (
		running atomic.Int32
		mu      sync.Mutex
		order   []int
		ranOn   = map[string]bool{}
		pumpers sync.Map
	)
	for i := 0; i < n; i++ {
		i := i
		q.push(func() {
			if running.Add(1) != 1 {
				t.Error("two callbacks ran at once")
			}
			mu.Lock()
			order = append(order, i)
			ranOn[goroutineID()] = true
			mu.Unlock()
			running.Add(-1)
		})
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pumpers.Store(goroutineID(), true)
			for k := 0; k < 50; k++ {
				q.run()
			}
		}()
	}
	wg.Wait()
	q.run()
	pumpers.Store(goroutineID(), true)
	if len(order) != n {
		t.Fatalf("%d of %d callbacks ran", len(order), n)
	}
	for i, v := range order {
		if v != i {
			t.Fatalf("callback %d ran as number %d", v, i)
		}
	}
	for g := range ranOn {
		if _, ok := pumpers.Load(g); !ok {
			t.Errorf("a callback ran on goroutine %s, which does not pump", g)
		}
	}
}

// TestTwoPumpsLoseNoWakeup: a callback pushed while one goroutine runs
// callbacks, and announced to a second pump that finds the queue busy, runs
// before the first pump returns, with no further pumping.
func TestTwoPumpsLoseNoWakeup(t *testing.T) {
	q := newQueue()
	inFirst, releaseFirst := make(chan struct{}), make(chan struct{})
	q.push(func() { close(inFirst); <-releaseFirst })
	firstDone := make(chan struct{})
	go func() { defer close(firstDone); q.run() }()
	<-inFirst
	var second atomic.Bool
	q.push(func() { second.Store(true) })
	within(t, time.Second, "a second pump while the first runs", func() { q.run() }) // finds it busy
	if second.Load() {
		t.Fatal("the second callback ran while the first was running")
	}
	close(releaseFirst)
	recv(t, firstDone, "the first pump")
	if !second.Load() {
		t.Fatal("a wake-up was lost: the callback waits in the queue after both pumps returned")
	}
}

// TestPumpsUnderContention: goroutines that each push and then pump, at the
// same time; when all have returned, nothing is left in the queue.
func TestPumpsUnderContention(t *testing.T) {
	q := newQueue()
	var ran atomic.Int64
	const goroutines, each = 8, 500
	var wg sync.WaitGroup
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				q.push(func() { ran.Add(1) })
				q.run()
			}
		}()
	}
	wg.Wait()
	if got := ran.Load(); got != goroutines*each {
		q.mu.Lock()
		left := len(q.items)
		q.mu.Unlock()
		t.Fatalf("%d of %d callbacks ran; %d left queued with every pump returned", got, goroutines*each, left)
	}
}

// TestPanickingCallback: a panic is logged; the callbacks after it run.
func TestPanickingCallback(t *testing.T) {
	var buf syncBuffer
	SetLogger(slog.New(slog.NewTextHandler(&buf, nil)))
	defer SetLogger(nil)
	q := newQueue()
	var after bool
	q.push(func() { panic("boom") })
	q.push(func() { after = true })
	q.run()
	if !after {
		t.Fatal("the callback after a panic did not run")
	}
	if !contains(buf.String(), "panic in app callback") || !contains(buf.String(), "boom") {
		t.Fatalf("the panic was not logged: %q", buf.String())
	}
}

// TestGoexitInCallback: a callback that ends its goroutine releases the
// pump; the callbacks after it go back to the queue (waking waiters) and
// run at the next pump, in order.
func TestGoexitInCallback(t *testing.T) {
	q := newQueue()
	var got []string
	q.push(func() { got = append(got, "a") })
	q.push(func() { runtime.Goexit() })
	q.push(func() { got = append(got, "c") })
	q.push(func() { got = append(got, "d") })
	changed := q.changed()
	exited := make(chan struct{})
	go func() { defer close(exited); q.run() }()
	recv(t, exited, "the goroutine that called Goexit")
	select {
	case <-changed:
	default:
		t.Error("requeueing the rest woke no waiter")
	}
	if join(got) != "a" {
		t.Fatalf("before the next pump: %v", got)
	}
	within(t, time.Second, "the next pump", func() { q.run() }) // the pump is free again
	if join(got) != "a,c,d" {
		t.Fatalf("after the next pump: %v", got)
	}
}

// TestRunMultiWakesOnEvents: an event-driven RunMulti runs each callback
// pushed while it sleeps, promptly, runs OnClose, and returns once the
// window closes.
func TestRunMultiWakesOnEvents(t *testing.T) {
	e := useFake(t)
	p, w := loadedFake(t, e)
	var closedRan atomic.Bool
	p.OnClose(func() { closedRan.Store(true) })
	done := make(chan error, 1)
	var loopID atomic.Value
	go func() {
		loopID.Store(goroutineID())
		done <- RunMulti(context.Background(), []*Instance{p, New()}, 0)
	}()
	for i := 0; i < 200; i++ {
		waitCond(t, "RunMulti to park", func() bool { return callbacks.parked.Load() > 0 })
		ran := make(chan string, 1)
		callbacks.push(func() { ran <- goroutineID() })
		if g := recv(t, ran, "the callback"); g != loopID.Load() {
			t.Fatalf("a callback ran on goroutine %s, not RunMulti's %s", g, loopID.Load())
		}
	}
	w.CloseByUser()
	if err := recv(t, done, "RunMulti"); err != nil {
		t.Fatal(err)
	}
	if !closedRan.Load() {
		t.Error("RunMulti returned before running OnClose")
	}

	// Nothing running: at once. A context that ends: its error.
	if err := RunMulti(context.Background(), []*Instance{p}, 0); err != nil {
		t.Fatal(err)
	}
	p2, _ := loadedFake(t, e)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for callbacks.parked.Load() == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	if err := RunMulti(ctx, []*Instance{p2}, 0); err != context.Canceled {
		t.Fatalf("RunMulti with a cancelled context: %v", err)
	}
	if err := RunMulti(context.Background(), []*Instance{nil}, 0); err == nil {
		t.Error("RunMulti accepted a nil instance")
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
