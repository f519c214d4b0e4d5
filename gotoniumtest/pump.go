package gotoniumtest

import (
	"context"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// Pump runs gotonium's message loop (UpdateMessageLoop, every millisecond)
// on a goroutine of its own until t's test ends, so that app callbacks —
// bound functions, shortcuts, menu entries, state handlers — run while the
// test drives its windows, as they would in the app's loop. It serves every
// window of the process. Do not call it when the code under test runs its
// own loop (gotonium.Run or RunMulti), nor twice in one test.
func Pump(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	loop := gotonium.New()
	go func() {
		defer close(done)
		for ctx.Err() == nil {
			loop.UpdateMessageLoop()
			time.Sleep(time.Millisecond)
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
}
