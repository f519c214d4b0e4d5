package enginefake

import (
	"fmt"
	"image"

	"github.com/gotonium/gotonium/internal/engine"
)

// Screens implements engine.Engine: one 1600x1000 screen, the primary, with
// a 30-pixel panel at the top.
func (e *Engine) Screens() ([]engine.Screen, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.started {
		return nil, engine.ErrStopped
	}
	return []engine.Screen{{Name: "fake", Bounds: image.Rect(0, 0, 1600, 1000), WorkArea: image.Rect(0, 30, 1600, 1000), Scale: 1, Primary: true}}, nil
}

func (w *Window) SetTitle(title string) error {
	return w.do(fmt.Sprintf("SetTitle %q", title), func() error { w.e.mu.Lock(); w.title = title; w.e.mu.Unlock(); return nil })
}

// Title implements engine.Window: what SetTitle set (the fake has no page
// title of its own).
func (w *Window) Title() (t string, err error) {
	err = w.do("", func() error { w.e.mu.Lock(); t = w.title; w.e.mu.Unlock(); return nil })
	return t, err
}

func (w *Window) Center() error { return w.do("Center", nil) }
func (w *Window) Focus() error  { return w.do("Focus", nil) }

func (w *Window) SetVisible(visible bool) error {
	return w.do(fmt.Sprintf("SetVisible %v", visible), func() error { w.e.mu.Lock(); w.hidden = !visible; w.e.mu.Unlock(); return nil })
}

func (w *Window) IsVisible() (v bool, err error) {
	err = w.do("", func() error { w.e.mu.Lock(); v = !w.hidden; w.e.mu.Unlock(); return nil })
	return v, err
}

func (w *Window) SetSizeLimits(minW, minH, maxW, maxH int) error {
	return w.do(fmt.Sprintf("SetSizeLimits %d %d %d %d", minW, minH, maxW, maxH), nil)
}

func (w *Window) SetResizable(resizable bool) error {
	return w.do(fmt.Sprintf("SetResizable %v", resizable), nil)
}

func (w *Window) SetAlwaysOnTop(on bool) error {
	return w.do(fmt.Sprintf("SetAlwaysOnTop %v", on), nil)
}
func (w *Window) SetSkipTaskbar(skip bool) error {
	return w.do(fmt.Sprintf("SetSkipTaskbar %v", skip), nil)
}

func (w *Window) SetFullscreen(on bool) error {
	return w.do(fmt.Sprintf("SetFullscreen %v", on), func() error { w.e.mu.Lock(); w.fullscreen = on; w.e.mu.Unlock(); return nil })
}

func (w *Window) IsFullscreen() (f bool, err error) {
	err = w.do("", func() error { w.e.mu.Lock(); f = w.fullscreen; w.e.mu.Unlock(); return nil })
	return f, err
}

func (w *Window) Screen() (int, error) { return 0, w.do("", nil) }

// The fake's clipboard is a variable of the engine.

func (e *Engine) SetClipboardText(text string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.clipText, e.clipImage = text, nil
	return nil
}

func (e *Engine) ClipboardText() (string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.clipText, nil
}

func (e *Engine) SetClipboardImage(img *image.NRGBA) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.clipText, e.clipImage = "", img
	return nil
}

func (e *Engine) ClipboardImage() (*image.NRGBA, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.clipImage, nil
}

// SetShortcuts implements engine.Window: the fake keeps the list
// (Shortcuts) and PressShortcut reports one.
func (w *Window) SetShortcuts(list []engine.Shortcut) error {
	return w.do(fmt.Sprintf("SetShortcuts %v", list), func() error {
		w.e.mu.Lock()
		w.shortcuts = append([]engine.Shortcut(nil), list...)
		w.e.mu.Unlock()
		return nil
	})
}

// Shortcuts returns the window's shortcuts: the configuration's until
// SetShortcuts replaced them.
func (w *Window) Shortcuts() []engine.Shortcut {
	w.e.mu.Lock()
	defer w.e.mu.Unlock()
	if w.shortcuts == nil {
		return w.cfg.Shortcuts
	}
	return append([]engine.Shortcut(nil), w.shortcuts...)
}

// SetMenuBar implements engine.Window: the fake keeps the items (MenuBar).
func (w *Window) SetMenuBar(items []engine.MenuItem) error {
	return w.do(fmt.Sprintf("SetMenuBar %d items", len(items)), func() error {
		w.e.mu.Lock()
		w.menubar, w.menubarSet = append([]engine.MenuItem(nil), items...), true
		w.e.mu.Unlock()
		return nil
	})
}

// MenuBar returns the window's menu bar: the configuration's until
// SetMenuBar replaced it. Activate runs an item's Activate.
func (w *Window) MenuBar() []engine.MenuItem {
	w.e.mu.Lock()
	defer w.e.mu.Unlock()
	if !w.menubarSet {
		return w.cfg.MenuBar
	}
	return append([]engine.MenuItem(nil), w.menubar...)
}

// PressShortcut reports the shortcut key with mods, as if the user pressed it.
func (w *Window) PressShortcut(key string, mods engine.Modifiers) {
	w.e.ui.event("Shortcut", func() { w.ev.Shortcut(key, mods) })
}

func (w *Window) SetKind(kind engine.WindowKind) error {
	return w.do(fmt.Sprintf("SetKind %d", kind), nil)
}

func (w *Window) SetReserve(r engine.Reserve) error {
	return w.do(fmt.Sprintf("SetReserve %d %d", r.Side, r.Size), nil)
}

func (w *Window) SetClickThrough(on bool) error {
	return w.do(fmt.Sprintf("SetClickThrough %v", on), nil)
}

func (w *Window) SetParent(parent engine.Window, modal bool) error {
	id := 0
	if pw, ok := parent.(*Window); ok {
		id = pw.id
	}
	return w.do(fmt.Sprintf("SetParent %d %v", id, modal), nil)
}

func (w *Window) SetZoom(level float64) error {
	return w.do(fmt.Sprintf("SetZoom %g", level), func() error { w.e.mu.Lock(); w.zoom = level; w.e.mu.Unlock(); return nil })
}

func (w *Window) Zoom() (float64, error) {
	var z float64
	err := w.do("", func() error {
		w.e.mu.Lock()
		z = w.zoom
		w.e.mu.Unlock()
		if z == 0 {
			z = 1
		}
		return nil
	})
	return z, err
}

// Print records the job and answers at once: printed, as if the file were
// written or the dialog accepted.
func (w *Window) Print(job engine.PrintJob, done func(bool, error)) error {
	return w.do("Print "+job.PDF, func() error {
		w.e.ui.event("print", func() { done(true, nil) })
		return nil
	})
}

// DropFiles plays a drop of files onto the window, as the user would.
func (w *Window) DropFiles(paths []string, x, y int) {
	w.e.ui.event("file drop", func() { w.ev.FileDrop(paths, x, y) })
}

// MoveTo plays the window manager changing the window's geometry.
func (w *Window) MoveTo(g engine.Geometry) {
	w.e.ui.event("geometry", func() { w.ev.Geometry(g) })
}

// GrabGlobalKey implements engine.Engine: PressGlobalKey plays the key. A
// key grabbed already (by this engine) is ErrTaken, as another
// application's would be; with GlobalKeysUnsupported, ErrUnsupported.
func (e *Engine) GrabGlobalKey(s engine.Shortcut, fired func()) (func(), error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.GlobalKeysUnsupported {
		return nil, engine.ErrUnsupported
	}
	if e.globalKeys == nil {
		e.globalKeys = map[engine.Shortcut]func(){}
	}
	if _, taken := e.globalKeys[s]; taken {
		return nil, engine.ErrTaken
	}
	e.globalKeys[s] = fired
	return func() {
		e.mu.Lock()
		delete(e.globalKeys, s)
		e.mu.Unlock()
	}, nil
}

// PressGlobalKey plays a press of a grabbed key and reports whether one
// was grabbed.
func (e *Engine) PressGlobalKey(s engine.Shortcut) bool {
	e.mu.Lock()
	f := e.globalKeys[s]
	e.mu.Unlock()
	if f != nil {
		e.ui.event("global key", f)
	}
	return f != nil
}
