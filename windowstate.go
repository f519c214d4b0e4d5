package gotonium

import (
	"encoding/json"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/gotonium/gotonium/internal/engine"
)

// Remembered window state: an opt-in helper that reopens a window where the
// user left it.

// RememberWindowState makes the instance's windows open as the user left
// the last window it remembered under name: size, position (X11), maximised
// and fullscreen. The state is written to the user's config directory
// (os.UserConfigDir()/<program name>/window-state.json, one entry per name)
// shortly after each change and when the window closes, and read when a
// window opens with Initialize or CreateBrowser: the width and height given
// there apply the first time only, and a saved position wins over
// SetWindowPosition made before the window opens. A saved position that is on none of the
// current screens is not used (the window manager places the window), and
// a saved size is kept within the largest screen. Windows of different
// instances need different names. "" stops remembering; names must be
// valid UTF-8 without NUL and at most 200 bytes, else ErrInvalidArgument.
//
// Errors reading or writing the file are logged (see SetLogger), never
// returned: a window opens anyway.
func (p *Instance) RememberWindowState(name string) error {
	if err := checkText("window state name", name); err != nil || len(name) > 200 {
		return fmt.Errorf("%w: window state name %q", ErrInvalidArgument, name)
	}
	p.mu.Lock()
	p.stateName = name
	p.mu.Unlock()
	return nil
}

// savedWindow is one entry of the state file. X, Y, Width, Height are the
// window's normal (not maximised, not fullscreen) geometry.
type savedWindow struct {
	X, Y          int
	Width, Height int
	Maximized     bool `json:",omitempty"`
	Fullscreen    bool `json:",omitempty"`
}

// windowStates is the state file of the process; it is read once, then
// kept in memory and written behind changes.
var windowStates struct {
	mu      sync.Mutex
	loaded  bool
	entries map[string]savedWindow
	timer   *time.Timer
}

// windowStatePath is where the state is kept; a variable for tests.
var windowStatePath = func() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, filepath.Base(os.Args[0]), "window-state.json"), nil
}

// loadStatesLocked reads the file the first time; guarded by
// windowStates.mu.
func loadStatesLocked() {
	if windowStates.loaded {
		return
	}
	windowStates.loaded = true
	windowStates.entries = map[string]savedWindow{}
	path, err := windowStatePath()
	if err != nil {
		log().Warn("gotonium: window state", "error", err)
		return
	}
	b, err := os.ReadFile(path)
	if err != nil {
		if !os.IsNotExist(err) {
			log().Warn("gotonium: window state", "error", err)
		}
		return
	}
	if err := json.Unmarshal(b, &windowStates.entries); err != nil {
		log().Warn("gotonium: window state: the file is damaged and starts over", "path", path, "error", err)
		windowStates.entries = map[string]savedWindow{}
	}
}

// saveStates writes the file now.
func saveStates() {
	windowStates.mu.Lock()
	b, err := json.MarshalIndent(windowStates.entries, "", "  ")
	windowStates.mu.Unlock()
	if err != nil {
		return
	}
	path, err := windowStatePath()
	if err == nil {
		err = writeFileAtomic(path, append(b, '\n'))
	}
	if err != nil {
		log().Warn("gotonium: window state not saved", "error", err)
	}
}

// saveStatesSoon writes the file a moment after the last of a burst of
// changes (a drag reports many).
func saveStatesSoon() {
	windowStates.mu.Lock()
	defer windowStates.mu.Unlock()
	if windowStates.timer == nil {
		windowStates.timer = time.AfterFunc(300*time.Millisecond, saveStates)
	} else {
		windowStates.timer.Reset(300 * time.Millisecond)
	}
}

// savedState returns what to open the instance's next window with, checked
// against the screens; nil when it remembers nothing. Called without p.mu.
func (p *Instance) savedState() *savedWindow {
	p.mu.Lock()
	name := p.stateName
	p.mu.Unlock()
	if name == "" {
		return nil
	}
	windowStates.mu.Lock()
	loadStatesLocked()
	s, ok := windowStates.entries[name]
	windowStates.mu.Unlock()
	if !ok || s.Width <= 0 || s.Height <= 0 {
		return nil
	}
	screens, err := Screens()
	if err != nil || len(screens) == 0 {
		return &s
	}
	var largest image.Rectangle
	onScreen := false
	for _, sc := range screens {
		if sc.Bounds.Dx()*sc.Bounds.Dy() > largest.Dx()*largest.Dy() {
			largest = sc.Bounds
		}
		// On a screen: its title bar, the top 30 pixels, is on it.
		if image.Rect(s.X, s.Y, s.X+s.Width, s.Y+30).Overlaps(sc.Bounds) {
			onScreen = true
		}
	}
	s.Width, s.Height = min(s.Width, largest.Dx()), min(s.Height, largest.Dy())
	if !onScreen {
		s.X, s.Y = -1<<30, -1<<30 // no position
	}
	return &s
}

// apply puts the saved state into a window's configuration.
func (s *savedWindow) apply(cfg *engine.WindowConfig) {
	if s == nil {
		return
	}
	cfg.Width, cfg.Height = s.Width, s.Height
	if s.X != -1<<30 {
		cfg.Props.Position = &image.Point{s.X, s.Y}
	}
	cfg.Props.Maximized = s.Maximized
	cfg.Props.Fullscreen = cfg.Props.Fullscreen || s.Fullscreen
}

// Geometry is an engine event: the window moved, was resized or changed
// state.
func (b *browser) Geometry(g engine.Geometry) {
	p := b.inst
	p.mu.Lock()
	name := p.stateName
	p.mu.Unlock()
	if name == "" {
		return
	}
	windowStates.mu.Lock()
	loadStatesLocked()
	s := windowStates.entries[name]
	if !g.Maximized && !g.Fullscreen {
		s.X, s.Y, s.Width, s.Height = g.X, g.Y, g.Width, g.Height
	} else if s.Width == 0 {
		s.Width, s.Height = g.Width, g.Height // maximised from the start: a size to restore to
	}
	s.Maximized, s.Fullscreen = g.Maximized, g.Fullscreen
	windowStates.entries[name] = s
	windowStates.mu.Unlock()
	saveStatesSoon()
}

// flushWindowStates writes pending changes at once (a window closed).
func flushWindowStates() {
	windowStates.mu.Lock()
	pending := windowStates.timer != nil && windowStates.timer.Stop()
	windowStates.mu.Unlock()
	if pending {
		saveStates()
	}
}
