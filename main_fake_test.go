//go:build fakeengine

package gotonium

import (
	"errors"
	"os"
	"testing"

	"github.com/gotonium/gotonium/internal/engine"
	"github.com/gotonium/gotonium/internal/enginefake"
)

// With -tags fakeengine only the core's unit tests build: no end-to-end
// test, no Xvfb, no display. The real engine is never started: a test that
// forgets useFake gets an engine that refuses to start.
func TestMain(m *testing.M) {
	newEngine = func() engine.Engine {
		e := enginefake.New()
		e.StartError = errors.New("the fakeengine build has no real engine: call useFake")
		return e
	}
	os.Exit(m.Run())
}
