package gotoniumtest

import (
	"fmt"
	"reflect"
	"sync"
	"time"
)

// A Call is one call of a function that a [Recorder] wrapped.
type Call struct {
	Name    string
	Args    []any // the arguments as the function received them
	Results []any // its results; nil when it panicked
}

// A Recorder wraps functions that an app binds (BindFunction) so that a test
// can wait until a page has called them. It is safe for use by several
// goroutines.
type Recorder struct {
	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every call
	calls   map[string][]Call
	waited  map[string]int // calls WaitForCall has returned, by name
}

// NewRecorder returns a Recorder with no calls recorded.
func NewRecorder() *Recorder {
	return &Recorder{changed: make(chan struct{}), calls: map[string][]Call{}, waited: map[string]int{}}
}

// Func returns a function of fn's type that calls fn and records the call
// under name once fn returns (or panics: the panic goes on). Bind the result
// in fn's place, with name as its name: the wrapper has no Go name of its
// own. fn must be a non-nil func: Func panics on anything else.
func (r *Recorder) Func(name string, fn any) any {
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func || v.IsNil() {
		panic(fmt.Sprintf("gotoniumtest: Recorder.Func(%q): %T is not a func", name, fn))
	}
	return reflect.MakeFunc(v.Type(), func(args []reflect.Value) (results []reflect.Value) {
		c := Call{Name: name, Args: values(args)}
		defer func() {
			if results != nil {
				c.Results = values(results)
			}
			r.record(c)
		}()
		if v.Type().IsVariadic() {
			return v.CallSlice(args)
		}
		return v.Call(args)
	}).Interface()
}

func values(vs []reflect.Value) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v.Interface()
	}
	return out
}

func (r *Recorder) record(c Call) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls[c.Name] = append(r.calls[c.Name], c)
	close(r.changed)
	r.changed = make(chan struct{})
}

// Calls returns the calls of the function recorded under name so far, oldest
// first.
func (r *Recorder) Calls(name string) []Call {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Call(nil), r.calls[name]...)
}

// WaitForCall waits, for at most timeout (zero: DefaultTimeout), for the
// next call of the function recorded under name that an earlier WaitForCall
// has not returned, and returns it: the first WaitForCall returns the first
// call, the second the second, and so on. After the deadline it returns an
// error that wraps ErrTimeout. Bound functions run on the pumping goroutine:
// see [Pump].
func (r *Recorder) WaitForCall(name string, timeout time.Duration) (Call, error) {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		r.mu.Lock()
		n, calls, changed := r.waited[name], r.calls[name], r.changed
		if n < len(calls) {
			r.waited[name] = n + 1
			r.mu.Unlock()
			return calls[n], nil
		}
		r.mu.Unlock()
		select {
		case <-changed:
		case <-timer.C:
			return Call{}, fmt.Errorf("%w after %v waiting for call %d of %s (%s)", ErrTimeout, timeout, n+1, name, callCount(len(calls)))
		}
	}
}

func callCount(n int) string {
	if n == 1 {
		return "1 call so far"
	}
	return fmt.Sprintf("%d calls so far", n)
}
