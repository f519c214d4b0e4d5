package gotonium

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/gotonium/gotonium/internal/engine"
)

// ErrUnsupported: the display server or the window's mode does not allow the
// operation (placing windows on Wayland, moving an offscreen window).
var ErrUnsupported = engine.ErrUnsupported

// Anchor is the corner of a window that ResizeWindow keeps in place.
type Anchor int

// The anchors, numbered as in Pytonium.
const (
	AnchorTopLeft Anchor = iota
	AnchorTopRight
	AnchorBottomLeft
	AnchorBottomRight
)

// control runs f with the open window, mapping engine errors to the
// package's sentinels.
func (p *Instance) control(what string, f func(engine.Window) error) error {
	b := p.current()
	w := b.window()
	if w == nil {
		return ErrNoBrowser
	}
	if err := f(w); err != nil {
		switch {
		case errors.Is(err, engine.ErrClosed), errors.Is(err, engine.ErrStopped):
			return ErrNoBrowser
		case errors.Is(err, engine.ErrUnsupported):
			return fmt.Errorf("gotonium: %s: %w", what, err)
		}
		return fmt.Errorf("gotonium: %s: %v", what, err)
	}
	return nil
}

// MinimizeWindow minimises (iconifies) the window. Like maximising and
// restoring, it needs a window manager, which carries it out a moment later.
func (p *Instance) MinimizeWindow() error {
	return p.control("minimize", engine.Window.Minimize)
}

// MaximizeWindow maximises the window.
func (p *Instance) MaximizeWindow() error {
	return p.control("maximize", engine.Window.Maximize)
}

// RestoreWindow undoes minimise, maximise and fullscreen and shows the window.
func (p *Instance) RestoreWindow() error {
	return p.control("restore", engine.Window.Restore)
}

// CloseWindow asks the page to close the window as the user's close button
// would: the page's beforeunload handlers run and may keep it open. Use
// CloseBrowser to close without asking.
func (p *Instance) CloseWindow() error {
	return p.control("close", engine.Window.TryClose)
}

// IsMaximized reports whether the window is maximised.
func (p *Instance) IsMaximized() (bool, error) {
	var m bool
	err := p.control("is maximized", func(w engine.Window) (err error) { m, err = w.IsMaximized(); return })
	return m, err
}

// WindowPosition returns the screen position of the window's top-left
// corner (its frame's, when it has decorations).
func (p *Instance) WindowPosition() (x, y int, err error) {
	err = p.control("position", func(w engine.Window) (err error) { x, y, err = w.Position(); return })
	return x, y, err
}

// SetWindowPosition moves the window's top-left corner to x, y on the screen.
// On Wayland, where applications cannot place windows, it returns
// ErrUnsupported.
func (p *Instance) SetWindowPosition(x, y int) error {
	return p.control("set position", func(w engine.Window) error { return w.SetPosition(x, y) })
}

// DragWindow moves the window by dx, dy pixels.
func (p *Instance) DragWindow(dx, dy int) error {
	return p.control("drag", func(w engine.Window) error {
		x, y, err := w.Position()
		if err != nil {
			return err
		}
		return w.SetPosition(x+dx, y+dy)
	})
}

// WindowSize returns the size of the window's content area.
func (p *Instance) WindowSize() (width, height int, err error) {
	err = p.control("size", func(w engine.Window) (err error) { width, height, err = w.Size(); return })
	return width, height, err
}

// SetWindowSize sets the size of the window's content area. On a maximised
// window it takes effect when the window is restored.
func (p *Instance) SetWindowSize(width, height int) error {
	if err := checkSize(width, height); err != nil {
		return err
	}
	return p.control("set size", func(w engine.Window) error { return w.SetSize(width, height) })
}

// ResizeWindow sets the content size while keeping the anchor corner where
// it is: with AnchorBottomRight the window grows up and to the left.
func (p *Instance) ResizeWindow(width, height int, anchor Anchor) error {
	if err := checkSize(width, height); err != nil {
		return err
	}
	if anchor < AnchorTopLeft || anchor > AnchorBottomRight {
		return fmt.Errorf("%w: anchor %d (use AnchorTopLeft … AnchorBottomRight, 0 to 3)", ErrInvalidArgument, anchor)
	}
	return p.control("resize", func(w engine.Window) error { return resize(w, width, height, anchor) })
}

func resize(w engine.Window, width, height int, anchor Anchor) error {
	x, y, err := w.Position()
	if err != nil {
		return err
	}
	ow, oh, err := w.Size()
	if err != nil {
		return err
	}
	if err := w.SetSize(width, height); err != nil {
		return err
	}
	if anchor == AnchorTopLeft {
		return nil
	}
	if anchor == AnchorTopRight || anchor == AnchorBottomRight {
		x += ow - width
	}
	if anchor == AnchorBottomLeft || anchor == AnchorBottomRight {
		y += oh - height
	}
	return w.SetPosition(x, y)
}

// NativeWindowHandle returns the window's X11 window id, or 0 before the
// window opens, after it closes, for an offscreen window and off X11.
func (p *Instance) NativeWindowHandle() uint64 {
	if w := p.current().window(); w != nil {
		return w.NativeHandle()
	}
	return 0
}

// windowCall runs a Gotonium.window.* call from the page, on the UI thread,
// and returns the result as JSON.
func (b *browser) windowCall(fn string, rawArgs string) (string, error) {
	w := b.window()
	if w == nil {
		return "", ErrNoBrowser
	}
	var a []float64
	if err := json.Unmarshal([]byte(rawArgs), &a); err != nil {
		return "", fmt.Errorf("Gotonium.window.%s: arguments must be numbers", fn)
	}
	need := map[string]int{"drag": 2, "setPosition": 2, "setSize": 2, "resize": 3, "startMove": 2, "startResize": 3}[fn]
	if len(a) < need {
		return "", fmt.Errorf("Gotonium.window.%s: expected %d arguments, got %d", fn, need, len(a))
	}
	i := func(k int) int { return int(a[k]) }
	var result any
	var err error
	switch fn {
	case "minimize":
		err = w.Minimize()
	case "maximize":
		err = w.Maximize()
	case "restore":
		err = w.Restore()
	case "toggleMaximize":
		var m bool
		if m, err = w.IsMaximized(); err == nil {
			if m {
				err = w.Restore()
			} else {
				err = w.Maximize()
			}
		}
	case "close":
		err = w.TryClose()
	case "isMaximized":
		result, err = w.IsMaximized()
	case "getPosition":
		var x, y int
		x, y, err = w.Position()
		result = map[string]int{"x": x, "y": y}
	case "setPosition":
		err = w.SetPosition(i(0), i(1))
	case "drag":
		var x, y int
		if x, y, err = w.Position(); err == nil {
			err = w.SetPosition(x+i(0), y+i(1))
		}
	case "getSize":
		var width, height int
		width, height, err = w.Size()
		result = map[string]int{"width": width, "height": height}
	case "setSize", "resize":
		if err = checkSize(i(0), i(1)); err != nil {
			break
		}
		anchor := AnchorTopLeft
		if fn == "resize" {
			anchor = Anchor(i(2))
			if anchor < AnchorTopLeft || anchor > AnchorBottomRight {
				return "", fmt.Errorf("Gotonium.window.resize: anchor %d is not 0 to 3", anchor)
			}
		}
		err = resize(w, i(0), i(1), anchor)
	case "startMove":
		err = w.BeginMove(1, i(0), i(1), 0)
	case "startResize":
		if e := engine.Edge(i(0)); e >= engine.EdgeNorthWest && e <= engine.EdgeWest {
			err = w.BeginResize(e, 1, i(1), i(2), 0)
		}
	default:
		return "", fmt.Errorf("Gotonium.window.%s is not a function", fn)
	}
	if err != nil {
		return "", fmt.Errorf("Gotonium.window.%s: %v", fn, err)
	}
	js, _ := json.Marshal(result)
	return string(js), nil
}
