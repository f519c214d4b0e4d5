package gotonium

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"
)

// callbacks holds app callbacks (bound functions, state handlers, menu
// entries, window events) until a goroutine pumps.
var callbacks = &callbackQueue{signal: make(chan struct{})}

type callbackQueue struct {
	mu     sync.Mutex
	items  []func()
	signal chan struct{} // closed and replaced by every push
	pump   sync.Mutex    // held while callbacks run: one at a time
	// parked counts event-driven RunMulti loops waiting for work.
	parked atomic.Int32
	// missed: a goroutine wanted to run callbacks while another did.
	missed atomic.Bool
}

// push queues f and wakes every waiting RunMulti. It reports whether f is
// alone in the queue and an event-driven loop was waiting for it: then f
// runs within microseconds.
func (q *callbackQueue) push(f func()) (prompt bool) {
	q.mu.Lock()
	q.items = append(q.items, f)
	prompt = len(q.items) == 1 && q.parked.Load() > 0
	close(q.signal)
	q.signal = make(chan struct{})
	q.mu.Unlock()
	return prompt
}

// changed returns a channel closed at the next push.
func (q *callbackQueue) changed() <-chan struct{} {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.signal
}

// run runs the callbacks queued so far, unless another goroutine is running
// callbacks already (then that one gets them).
//
// A goroutine that finds another one running callbacks leaves a note; the
// other looks again after it let go, so a callback pushed meanwhile never
// waits for the next event. Without such a note run returns after one round,
// so that a page flooding calls cannot keep UpdateMessageLoop from returning.
//
// It reports whether it ran any callback.
func (q *callbackQueue) run() (ran bool) {
	for {
		if !q.pump.TryLock() {
			q.missed.Store(true)
			if !q.pump.TryLock() { // the holder sees the note when it lets go
				return ran
			}
		}
		if q.runLocked() {
			ran = true
		}
		if !q.missed.Swap(false) {
			return ran
		}
		q.mu.Lock()
		empty := len(q.items) == 0
		q.mu.Unlock()
		if empty {
			return ran
		}
	}
}

// spinWait is how long an event-driven loop that has just run callbacks
// keeps looking for the next one before it sleeps: a page making calls one
// after another sends the next within about a hundred microseconds, and
// finding it awake saves the wake-up of a sleeping goroutine (tens of
// microseconds, more on a busy machine). An idle loop does not spin.
const spinWait = 150 * time.Microsecond

// spin waits up to spinWait for changed to close, yielding the processor
// meanwhile; it reports whether it did.
func spin(changed <-chan struct{}) bool {
	for deadline := time.Now().Add(spinWait); time.Now().Before(deadline); {
		select {
		case <-changed:
			return true
		default:
			osYield()
		}
	}
	return false
}

// runLocked runs the queued callbacks and lets go of the pump, also when a
// callback ends the goroutine (runtime.Goexit): the callbacks after it go
// back to the front of the queue for the next pump.
func (q *callbackQueue) runLocked() bool {
	q.mu.Lock()
	items := q.items
	q.items = nil
	q.mu.Unlock()
	next := 0
	defer func() {
		if next < len(items) {
			q.mu.Lock()
			q.items = append(items[next:len(items):len(items)], q.items...)
			close(q.signal)
			q.signal = make(chan struct{})
			q.mu.Unlock()
		}
		q.pump.Unlock()
	}()
	for next < len(items) {
		f := items[next]
		next++
		callSafely(f)
	}
	return len(items) > 0
}

// callSafely runs app code; a panic is logged, never fatal.
func callSafely(f func()) {
	defer func() {
		if r := recover(); r != nil {
			log().Error("gotonium: panic in app callback", "panic", r, "stack", string(debug.Stack()))
		}
	}()
	f()
}

// UpdateMessageLoop runs, on the calling goroutine, the app callbacks that
// are waiting (bound functions called by pages, state handlers, menu entries,
// window events), one at a time, and returns. It serves every window of the
// process: call it on one instance only. Windows do not need it to paint or
// respond: the engine runs on its own thread. A panic in a callback is
// recovered and logged (see SetLogger).
func (p *Instance) UpdateMessageLoop() { callbacks.run() }

// Run pumps the message loop for one instance until its window closes (nil)
// or ctx is done (ctx.Err()). See RunMulti.
func Run(ctx context.Context, p *Instance, interval time.Duration) error {
	return RunMulti(ctx, []*Instance{p}, interval)
}

// RunMulti pumps the message loop on the calling goroutine while any of the
// instances is running. It returns nil once none is running (at once for an
// empty list or instances not yet open), and ctx.Err() when ctx is done.
//
// With interval 0 it is event-driven: it sleeps until there is work, so an
// idle app uses no CPU, and callbacks run with no added delay. With interval
// > 0 it pumps every interval, like Pytonium's loop.
func RunMulti(ctx context.Context, instances []*Instance, interval time.Duration) error {
	if ctx == nil {
		return fmt.Errorf("%w: RunMulti: nil context", ErrInvalidArgument)
	}
	if interval < 0 {
		return fmt.Errorf("%w: RunMulti interval %v is negative", ErrInvalidArgument, interval)
	}
	for i, p := range instances {
		if p == nil {
			return fmt.Errorf("%w: RunMulti: instance %d is nil", ErrInvalidArgument, i)
		}
	}
	var tick *time.Ticker
	if interval > 0 {
		tick = time.NewTicker(interval)
		defer tick.Stop()
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		changed := callbacks.changed()
		ran := callbacks.run()
		if !anyRunning(instances) {
			callbacks.run() // deliver what the closing queued
			return nil
		}
		if tick != nil {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-tick.C:
			}
			continue
		}
		callbacks.parked.Add(1)
		if ran && spin(changed) {
			callbacks.parked.Add(-1)
			continue
		}
		select {
		case <-ctx.Done():
			callbacks.parked.Add(-1)
			return ctx.Err()
		case <-changed:
		}
		callbacks.parked.Add(-1)
	}
}

func anyRunning(instances []*Instance) bool {
	for _, p := range instances {
		if p.IsRunning() {
			return true
		}
	}
	return false
}
