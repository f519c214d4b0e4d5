//go:build fakeengine

package gotonium

import (
	"image"
	"path/filepath"
	"testing"

	"github.com/gotonium/gotonium/internal/engine"
)

// TestWindowStateChecks: a saved state is checked against the screens (the
// fake has one of 1600x1000): a position on none is dropped, a size larger
// than the screen shrinks; geometry while maximised keeps the normal one.
func TestWindowStateChecks(t *testing.T) {
	e := useFake(t)
	path := filepath.Join(t.TempDir(), "state.json")
	old := windowStatePath
	windowStatePath = func() (string, error) { return path, nil }
	t.Cleanup(func() { windowStatePath = old; windowStates.loaded = false })
	windowStates.mu.Lock()
	windowStates.loaded = true
	windowStates.entries = map[string]savedWindow{
		"far": {X: 30000, Y: 30000, Width: 5000, Height: 300},
		"ok":  {X: 100, Y: 50, Width: 640, Height: 480, Maximized: true},
	}
	windowStates.mu.Unlock()
	p := New()
	must(t, p.RememberWindowState("far"))
	var cfg engine.WindowConfig
	p.savedState().apply(&cfg)
	if cfg.Props.Position != nil || cfg.Width != 1600 || cfg.Height != 300 {
		t.Fatalf("far: position %v, size %dx%d", cfg.Props.Position, cfg.Width, cfg.Height)
	}
	q := New()
	must(t, q.RememberWindowState("ok"))
	if err := q.Initialize(appURL, 300, 200); err != nil {
		t.Fatal(err)
	}
	w := e.WaitWindow(1)
	c := w.Config()
	if c.Props.Position == nil || *c.Props.Position != (image.Point{100, 50}) || c.Width != 640 || c.Height != 480 || !c.Props.Maximized {
		t.Fatalf("ok: opened with %+v", c)
	}
	w.MoveTo(engine.Geometry{X: 0, Y: 0, Width: 1600, Height: 970, Maximized: true})
	w.MoveTo(engine.Geometry{X: 10, Y: 20, Width: 700, Height: 500})
	e.WaitFor(func() bool {
		windowStates.mu.Lock()
		defer windowStates.mu.Unlock()
		return windowStates.entries["ok"] == savedWindow{X: 10, Y: 20, Width: 700, Height: 500}
	})
	windowStates.mu.Lock()
	got := windowStates.entries["ok"]
	windowStates.mu.Unlock()
	if got != (savedWindow{X: 10, Y: 20, Width: 700, Height: 500}) {
		t.Fatalf("after a restore: %+v", got)
	}
}
