package gotonium

import (
	"encoding/json"
	"errors"
	"fmt"
	"image"

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
// Called before the window opens, it says where the next window of the
// instance opens (once: later windows open where the window manager puts
// them). On Wayland, where applications cannot place windows, it returns
// ErrUnsupported.
func (p *Instance) SetWindowPosition(x, y int) error {
	if x < -maxWindowSide || y < -maxWindowSide || x > maxWindowSide || y > maxWindowSide {
		return fmt.Errorf("%w: position %d, %d", ErrInvalidArgument, x, y)
	}
	err := p.control("set position", func(w engine.Window) error { return w.SetPosition(x, y) })
	if err == ErrNoBrowser {
		p.mu.Lock()
		p.props.Position = &image.Point{x, y}
		p.mu.Unlock()
		return nil
	}
	return err
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
// and returns the result as JSON. A wrong argument is an error naming the
// function and the argument.
func (b *browser) windowCall(fn string, rawArgs string) (string, error) {
	w := b.window()
	if w == nil {
		return "", ErrNoBrowser
	}
	var a []any
	if err := json.Unmarshal([]byte(rawArgs), &a); err != nil {
		return "", fmt.Errorf("Gotonium.window.%s: arguments must be a JSON array", fn)
	}
	args := pageArgs{fn: fn, a: a}
	num, flag, text := args.num, args.flag, args.text
	p := b.inst
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
		if x, y := num(0), num(1); args.err == nil {
			err = w.SetPosition(x, y)
		}
	case "drag":
		if dx, dy := num(0), num(1); args.err == nil {
			var x, y int
			if x, y, err = w.Position(); err == nil {
				err = w.SetPosition(x+dx, y+dy)
			}
		}
	case "getSize":
		var width, height int
		width, height, err = w.Size()
		result = map[string]int{"width": width, "height": height}
	case "setSize", "resize":
		width, height, anchor := num(0), num(1), AnchorTopLeft
		if fn == "resize" && len(a) > 2 {
			anchor = Anchor(num(2))
		}
		switch {
		case args.err != nil:
		case anchor < AnchorTopLeft || anchor > AnchorBottomRight:
			return "", fmt.Errorf("Gotonium.window.resize: anchor %d is not 0 to 3", anchor)
		default:
			if err = checkSize(width, height); err == nil {
				err = resize(w, width, height, anchor)
			}
		}
	case "startMove":
		if x, y := num(0), num(1); args.err == nil {
			err = w.BeginMove(1, x, y, 0)
		}
	case "startResize":
		if e, x, y := engine.Edge(num(0)), num(1), num(2); args.err == nil {
			if e < engine.EdgeNorthWest || e > engine.EdgeWest {
				return "", fmt.Errorf("Gotonium.window.startResize: edge %d is not 0 to 7", e)
			}
			err = w.BeginResize(e, 1, x, y, 0)
		}
	case "setTitle":
		if t := text(0); args.err == nil {
			err = p.SetTitle(t)
		}
	case "getTitle":
		result, err = w.Title()
	case "center":
		err = w.Center()
	case "focus":
		err = w.Focus()
	case "show":
		err = p.Show()
	case "hide":
		err = p.Hide()
	case "isVisible":
		result, err = w.IsVisible()
	case "setMinSize", "setMaxSize":
		if width, height := num(0), num(1); args.err == nil {
			if fn == "setMinSize" {
				err = p.SetMinSize(width, height)
			} else {
				err = p.SetMaxSize(width, height)
			}
		}
	case "setResizable":
		if on := flag(0); args.err == nil {
			err = p.SetResizable(on)
		}
	case "setAlwaysOnTop":
		if on := flag(0); args.err == nil {
			err = p.SetAlwaysOnTop(on)
		}
	case "setSkipTaskbar":
		if on := flag(0); args.err == nil {
			err = p.SetSkipTaskbar(on)
		}
	case "setFullscreen":
		if on := flag(0); args.err == nil {
			err = p.SetFullscreen(on)
		}
	case "isFullscreen":
		result, err = w.IsFullscreen()
	case "setClickThrough":
		if on := flag(0); args.err == nil {
			err = p.SetClickThrough(on)
		}
	case "setKind":
		if name := text(0); args.err == nil {
			var k WindowKind
			if k, err = parseWindowKind(name); err == nil {
				err = p.SetWindowKind(k)
			}
		}
	case "setZoom":
		if z := args.real(0); args.err == nil {
			err = p.SetZoom(z)
		}
	case "getZoom":
		result, err = w.Zoom()
	case "getScreen":
		result, err = p.Screen()
	case "screens":
		result, err = Screens()
	default:
		return "", fmt.Errorf("Gotonium.window.%s is not a function", fn)
	}
	if args.err != nil {
		return "", args.err
	}
	if err != nil {
		return "", fmt.Errorf("Gotonium.window.%s: %v", fn, err)
	}
	if s, ok := result.(Screen); ok {
		result = pageScreen(s)
	} else if list, ok := result.([]Screen); ok {
		out := make([]any, len(list))
		for i, s := range list {
			out[i] = pageScreen(s)
		}
		result = out
	}
	js, _ := json.Marshal(result)
	return string(js), nil
}

// pageScreen is a Screen as the page sees it.
func pageScreen(s Screen) map[string]any {
	rect := func(r image.Rectangle) map[string]int {
		return map[string]int{"x": r.Min.X, "y": r.Min.Y, "width": r.Dx(), "height": r.Dy()}
	}
	return map[string]any{"name": s.Name, "bounds": rect(s.Bounds), "workArea": rect(s.WorkArea), "scale": s.Scale, "primary": s.Primary}
}

// pageArgs reads the arguments of a Gotonium.window.* call; the first wrong
// one is kept in err.
type pageArgs struct {
	fn  string
	a   []any
	err error
}

func (p *pageArgs) arg(i int, kind string) any {
	if p.err != nil {
		return nil
	}
	if i >= len(p.a) {
		p.err = fmt.Errorf("Gotonium.window.%s: argument %d (%s) is missing", p.fn, i+1, kind)
		return nil
	}
	return p.a[i]
}

func (p *pageArgs) num(i int) int {
	v := p.arg(i, "a number")
	f, ok := v.(float64)
	if p.err == nil && (!ok || f != f || f > maxWindowSide*4 || f < -maxWindowSide*4) {
		p.err = fmt.Errorf("Gotonium.window.%s: argument %d must be a number, not %s", p.fn, i+1, jsonType(v))
	}
	return int(f)
}

func (p *pageArgs) real(i int) float64 {
	v := p.arg(i, "a number")
	f, ok := v.(float64)
	if p.err == nil && !ok {
		p.err = fmt.Errorf("Gotonium.window.%s: argument %d must be a number, not %s", p.fn, i+1, jsonType(v))
	}
	return f
}

func (p *pageArgs) flag(i int) bool {
	v := p.arg(i, "true or false")
	b, ok := v.(bool)
	if p.err == nil && !ok {
		p.err = fmt.Errorf("Gotonium.window.%s: argument %d must be true or false, not %s", p.fn, i+1, jsonType(v))
	}
	return b
}

func (p *pageArgs) text(i int) string {
	v := p.arg(i, "a string")
	s, ok := v.(string)
	if p.err == nil && !ok {
		p.err = fmt.Errorf("Gotonium.window.%s: argument %d must be a string, not %s", p.fn, i+1, jsonType(v))
	}
	return s
}

// jsonType names the JavaScript type of a decoded JSON value.
func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case float64:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	}
	return "an object"
}
