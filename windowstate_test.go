//go:build !fakeengine

package gotonium_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// TestRememberWindowState: a window reopens where the user left it — moved,
// resized, then maximised — from the file in the user's config directory;
// a position on no screen is not used.
func TestRememberWindowState(t *testing.T) {
	pump(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	dir, _ := os.UserConfigDir()
	file := filepath.Join(dir, filepath.Base(os.Args[0]), "window-state.json")

	p := gotonium.New()
	must(t, p.RememberWindowState("main"))
	must(t, p.Initialize(colourPage("remembered", "teal"), 300, 200))
	waitPainted(t, p)
	saved := func() map[string]any {
		var all map[string]map[string]any
		b, _ := os.ReadFile(file)
		json.Unmarshal(b, &all)
		return all["main"]
	}
	must(t, p.SetWindowPosition(123, 77))
	must(t, p.SetWindowSize(420, 260))
	waitFor(t, 5*time.Second, "the move and resize saved", func() bool {
		s := saved()
		return s["X"] == 123.0 && s["Y"] == 77.0 && s["Width"] == 420.0 && s["Height"] == 260.0
	})
	must(t, p.MaximizeWindow())
	waitFor(t, 5*time.Second, "maximised, saved", func() bool { return saved()["Maximized"] == true })
	must(t, p.CloseBrowser())
	if s := saved(); s["X"] != 123.0 || s["Y"] != 77.0 || s["Width"] != 420.0 || s["Height"] != 260.0 || s["Maximized"] != true {
		t.Fatalf("saved after the close: %v", s)
	}

	// Reopened: maximised, and restored to the saved geometry.
	must(t, p.Initialize(colourPage("remembered", "teal"), 300, 200))
	t.Cleanup(func() { p.CloseBrowser() })
	waitFor(t, 5*time.Second, "maximised again", func() bool { m, _ := p.IsMaximized(); return m })
	must(t, p.RestoreWindow())
	waitFor(t, 5*time.Second, "the saved geometry", func() bool {
		x, y, _ := p.WindowPosition()
		w, h, _ := p.WindowSize()
		return x == 123 && y == 77 && w == 420 && h == 260
	})
	must(t, p.CloseBrowser())

	if err := p.RememberWindowState("bad\x00"); !errors.Is(err, gotonium.ErrInvalidArgument) {
		t.Errorf("a name with a NUL: %v; want ErrInvalidArgument", err)
	}
}

// TestWindowPositionBeforeOpen: SetWindowPosition before the window opens
// places it.
func TestWindowPositionBeforeOpen(t *testing.T) {
	pump(t)
	p := gotonium.New()
	must(t, p.SetWindowPosition(211, 133))
	must(t, p.Initialize(colourPage("placed", "olive"), 300, 200))
	t.Cleanup(func() { p.CloseBrowser() })
	waitFor(t, 5*time.Second, "the window at 211,133", func() bool { x, y, _ := p.WindowPosition(); return x == 211 && y == 133 })
}
