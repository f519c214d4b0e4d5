package gotonium

import (
	"errors"
	"fmt"
	"image"

	"github.com/gotonium/gotonium/internal/engine"
)

// Window properties. Each setter applies to the open window at once and is
// kept for windows the instance opens later (so it may be called before
// Initialize or CreateBrowser: the window then opens with it). Like all
// window controls they need a window manager for some effects (always on
// top, focus, fullscreen); without a window open they return nil.

// windowProps are the properties an instance keeps for its windows; guarded
// by Instance.mu. version counts changes, so that a window that opened
// while one was made gets it too.
type windowProps struct {
	engine.WindowProps
	version int
}

// setProp records a property and applies it to the open window.
func (p *Instance) setProp(what string, change func(*engine.WindowProps), apply func(engine.Window) error) error {
	p.mu.Lock()
	change(&p.props.WindowProps)
	p.props.version++
	p.mu.Unlock()
	if err := p.control(what, apply); err != nil && !errors.Is(err, ErrNoBrowser) {
		return err
	}
	return nil
}

// applyProps gives a window that opened while properties changed the
// instance's current ones.
func applyProps(w engine.Window, pr engine.WindowProps) {
	w.SetTitle(pr.Title)
	w.SetSizeLimits(pr.MinWidth, pr.MinHeight, pr.MaxWidth, pr.MaxHeight)
	w.SetResizable(!pr.NotResizable)
	w.SetAlwaysOnTop(pr.AlwaysOnTop)
	w.SetSkipTaskbar(pr.SkipTaskbar)
	w.SetFullscreen(pr.Fullscreen)
	if pr.Kind != engine.KindNormal {
		w.SetKind(pr.Kind)
	}
	w.SetReserve(pr.Reserve)
	w.SetClickThrough(pr.ClickThrough)
	if pr.Zoom != 0 {
		w.SetZoom(pr.Zoom)
	}
	w.SetVisible(!pr.Hidden)
}

// SetTitle sets the title the window manager shows for the window, in
// place of the page's title; "" goes back to showing the page's title.
// OnTitleChange still reports the page's title. A title with a NUL
// character is ErrInvalidArgument.
func (p *Instance) SetTitle(title string) error {
	if err := checkText("title", title); err != nil {
		return err
	}
	return p.setProp("set title", func(pr *engine.WindowProps) { pr.Title = title },
		func(w engine.Window) error { return w.SetTitle(title) })
}

// Title returns the title the window shows: the one SetTitle set, else the
// page's.
func (p *Instance) Title() (string, error) {
	var t string
	err := p.control("title", func(w engine.Window) (err error) { t, err = w.Title(); return })
	return t, err
}

// Center moves the window to the middle of the work area (the screen
// without panels) of the screen it is on. On Wayland it returns
// ErrUnsupported.
func (p *Instance) Center() error { return p.control("center", engine.Window.Center) }

// Focus raises the window above the others and gives it the keyboard focus
// (the window manager may refuse to steal the focus from another app).
func (p *Instance) Focus() error { return p.control("focus", engine.Window.Focus) }

// Show shows a hidden window where it was when hidden. Before the window
// opens, it undoes Hide.
func (p *Instance) Show() error {
	return p.setProp("show", func(pr *engine.WindowProps) { pr.Hidden = false },
		func(w engine.Window) error { return w.SetVisible(true) })
}

// Hide hides the window; the page keeps running (scripts, bindings, state)
// and Show brings it back. Hide before the window opens makes it open
// hidden, so that it can be shown once its page is ready.
func (p *Instance) Hide() error {
	return p.setProp("hide", func(pr *engine.WindowProps) { pr.Hidden = true },
		func(w engine.Window) error { return w.SetVisible(false) })
}

// IsVisible reports whether the window is shown (not hidden with Hide; a
// minimised window counts as shown).
func (p *Instance) IsVisible() (bool, error) {
	var v bool
	err := p.control("is visible", func(w engine.Window) (err error) { v, err = w.IsVisible(); return })
	return v, err
}

// SetMinSize sets the smallest content size the user can resize the window
// to; 0, 0 removes the limit.
func (p *Instance) SetMinSize(width, height int) error {
	if err := checkLimit("minimum", width, height); err != nil {
		return err
	}
	return p.setLimits("set min size", func(pr *engine.WindowProps) { pr.MinWidth, pr.MinHeight = width, height })
}

// SetMaxSize sets the largest content size the user can resize the window
// to; 0, 0 removes the limit.
func (p *Instance) SetMaxSize(width, height int) error {
	if err := checkLimit("maximum", width, height); err != nil {
		return err
	}
	return p.setLimits("set max size", func(pr *engine.WindowProps) { pr.MaxWidth, pr.MaxHeight = width, height })
}

func (p *Instance) setLimits(what string, change func(*engine.WindowProps)) error {
	var pr engine.WindowProps
	return p.setProp(what, func(w *engine.WindowProps) { change(w); pr = *w },
		func(w engine.Window) error {
			return w.SetSizeLimits(pr.MinWidth, pr.MinHeight, pr.MaxWidth, pr.MaxHeight)
		})
}

func checkLimit(what string, width, height int) error {
	if width < 0 || height < 0 || width > maxWindowSide || height > maxWindowSide {
		return fmt.Errorf("%w: %s size %dx%d (each side 0 for no limit, or 1 to %d)", ErrInvalidArgument, what, width, height, maxWindowSide)
	}
	return nil
}

// SetResizable chooses whether the user can resize the window (by default
// they can). The app's own SetWindowSize still works.
func (p *Instance) SetResizable(resizable bool) error {
	return p.setProp("set resizable", func(pr *engine.WindowProps) { pr.NotResizable = !resizable },
		func(w engine.Window) error { return w.SetResizable(resizable) })
}

// SetAlwaysOnTop keeps the window above ordinary windows (on), or not.
func (p *Instance) SetAlwaysOnTop(on bool) error {
	return p.setProp("set always on top", func(pr *engine.WindowProps) { pr.AlwaysOnTop = on },
		func(w engine.Window) error { return w.SetAlwaysOnTop(on) })
}

// SetSkipTaskbar keeps the window out of task bars, docks and pagers (on),
// or not.
func (p *Instance) SetSkipTaskbar(skip bool) error {
	return p.setProp("set skip taskbar", func(pr *engine.WindowProps) { pr.SkipTaskbar = skip },
		func(w engine.Window) error { return w.SetSkipTaskbar(skip) })
}

// SetFullscreen makes the window cover its screen without decorations (on)
// or leaves fullscreen. This is the window's fullscreen, which the user
// leaves with the window manager; the page's own element fullscreen
// (requestFullscreen) is reported by OnFullscreenChange.
func (p *Instance) SetFullscreen(on bool) error {
	return p.setProp("set fullscreen", func(pr *engine.WindowProps) { pr.Fullscreen = on },
		func(w engine.Window) error { return w.SetFullscreen(on) })
}

// IsFullscreen reports whether the window is fullscreen, by SetFullscreen,
// the window manager or the page.
func (p *Instance) IsFullscreen() (bool, error) {
	var f bool
	err := p.control("is fullscreen", func(w engine.Window) (err error) { f, err = w.IsFullscreen(); return })
	return f, err
}

// Screen is one monitor of the display. Coordinates are screen pixels, the
// ones window positions and sizes use; on a HiDPI screen each is Scale
// device pixels wide.
type Screen struct {
	Name     string          // the monitor's model or connector; may be ""
	Bounds   image.Rectangle // the whole screen
	WorkArea image.Rectangle // the part not taken by panels and docks
	Scale    float64         // device pixels per screen pixel (1, 2, …)
	Primary  bool            // the screen the desktop calls primary
}

// Screens lists the screens of the display, in the display's order. It
// starts the engine if it is not running (so it may be called before the
// first window opens, to place it; IsInitialized is true afterwards) and
// returns the engine's error when there is no display.
func Screens() ([]Screen, error) {
	var list []engine.Screen
	if err := withEngine("screens", func(e engine.Engine) (err error) { list, err = e.Screens(); return }); err != nil {
		return nil, err
	}
	out := make([]Screen, len(list))
	for i, s := range list {
		out[i] = Screen(s)
	}
	return out, nil
}

// Screen returns the screen that holds most of the window.
func (p *Instance) Screen() (Screen, error) {
	var i int
	if err := p.control("screen", func(w engine.Window) (err error) { i, err = w.Screen(); return }); err != nil {
		return Screen{}, err
	}
	list, err := Screens()
	if err != nil {
		return Screen{}, err
	}
	if i < 0 || i >= len(list) {
		return Screen{}, fmt.Errorf("gotonium: screen %d of %d: the screens changed", i, len(list))
	}
	return list[i], nil
}
