package gotonium

import (
	"errors"
	"fmt"
	"image"
	"math"
	"sync"

	"github.com/gotonium/gotonium/internal/engine"
)

// ErrNotOffscreen is returned for offscreen-only operations (input
// injection) on a window that is shown on screen. It wraps ErrUnsupported.
var ErrNotOffscreen = fmt.Errorf("gotonium: the window is not offscreen (call SetOSRMode(true) before it opens): %w", engine.ErrUnsupported)

// osrState is an instance's offscreen-mode settings and its frames.
type osrState struct {
	// Guarded by Instance.mu.
	on, transparent bool
	live            bool // the window opened last was asked to be offscreen

	// Frames, guarded by mu (never held while calling the engine or the app).
	mu      sync.Mutex
	onPaint func(frame image.Image, dirty image.Rectangle)
	latest  *image.RGBA     // the newest frame
	shown   *image.RGBA     // the frame the app's callback is reading
	spare   *image.RGBA     // a buffer to reuse
	dirty   image.Rectangle // changed since the last delivered frame
	queued  bool            // a delivery waits in the callback queue
}

// SetOSRMode chooses offscreen rendering for the window this instance opens
// next (Initialize or CreateBrowser): the page renders without any window
// on screen, frames go to the OnPaint callback, and SendMouseEvent and
// SendKeyEvent provide input. An X display is still needed. It returns an
// error wrapping ErrBrowserOpen while the instance's window is open.
func (p *Instance) SetOSRMode(on bool) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.b != nil && p.b.isOpen() {
		return fmt.Errorf("%w: the offscreen mode applies to windows opened later", ErrBrowserOpen)
	}
	p.osr.on = on
	return nil
}

// SetTransparentBackground makes the page background of the window this
// instance opens next transparent: where the page paints nothing (or paints
// with alpha), offscreen frames have alpha 0 (or that alpha). It takes effect
// in offscreen mode (SetOSRMode); on-screen windows ignore it. It returns an
// error wrapping ErrBrowserOpen while the instance's window is open.
func (p *Instance) SetTransparentBackground(on bool) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.b != nil && p.b.isOpen() {
		return fmt.Errorf("%w: the transparent background applies to windows opened later", ErrBrowserOpen)
	}
	p.osr.transparent = on
	return nil
}

// OnPaint sets the function that receives the frames of the instance's
// offscreen window, replacing any earlier one; it may be called before or
// after the window opens (the newest frame, if any, is delivered at once).
// f runs on the goroutine that pumps (UpdateMessageLoop, Run, RunMulti), like
// every app callback. frame is an *image.RGBA (alpha-premultiplied) of the
// window's size with bounds starting at (0, 0); dirty is the part that
// changed since the previous call. When frames arrive faster than the app
// pumps, only the newest is delivered, with dirty covering every change
// since the previous call; the last frame is never dropped. frame is reused
// after f returns: copy what you keep. A nil f returns ErrInvalidArgument.
func (p *Instance) OnPaint(f func(frame image.Image, dirty image.Rectangle)) error {
	if f == nil {
		return fmt.Errorf("%w: OnPaint: nil callback", ErrInvalidArgument)
	}
	o := &p.osr
	o.mu.Lock()
	defer o.mu.Unlock()
	o.onPaint = f
	if o.latest != nil {
		o.queueLocked()
	}
	return nil
}

// osrConfig adds the instance's offscreen settings to a window about to
// open; p.mu is held.
func (p *Instance) osrConfig(cfg *engine.WindowConfig) {
	cfg.Offscreen = p.osr.on
	cfg.Transparent = p.osr.transparent
	p.osr.live = p.osr.on
	o := &p.osr
	o.mu.Lock()
	o.latest, o.spare, o.dirty = nil, nil, image.Rectangle{} // frames of an earlier window
	o.mu.Unlock()
}

// Frame is an engine event: an offscreen window rendered a frame. It keeps a
// copy as the newest frame and queues its delivery unless one is queued.
func (b *browser) Frame(img *image.RGBA, dirty image.Rectangle) {
	o := &b.inst.osr
	o.mu.Lock()
	defer o.mu.Unlock()
	buf := o.latest
	if buf == nil || buf == o.shown || buf.Rect != img.Rect {
		// Not in place: the app is reading the newest frame (deliver
		// recycles it), or there is none of this size.
		buf, o.spare = o.spare, nil
		if buf == nil || buf.Rect != img.Rect {
			buf = image.NewRGBA(img.Rect)
		}
	}
	copy(buf.Pix, img.Pix)
	if o.latest == nil || o.latest.Rect != img.Rect {
		dirty = img.Rect
	}
	o.latest = buf
	o.dirty = o.dirty.Union(dirty)
	if o.onPaint != nil {
		o.queueLocked()
	}
}

// queueLocked queues the delivery of the newest frame unless one is queued.
func (o *osrState) queueLocked() {
	if o.queued {
		return
	}
	o.queued = true
	callbacks.push(o.deliver)
}

// deliver runs on the pumping goroutine: it hands the newest frame to the
// app's callback.
func (o *osrState) deliver() {
	o.mu.Lock()
	o.queued = false
	f, dirty, frame := o.onPaint, o.dirty, o.latest
	if f == nil || frame == nil {
		o.mu.Unlock()
		return
	}
	o.dirty = image.Rectangle{}
	o.shown = frame
	o.mu.Unlock()
	defer func() {
		o.mu.Lock()
		o.shown = nil
		if o.latest != frame && o.spare == nil {
			o.spare = frame
		}
		o.mu.Unlock()
	}()
	f(frame, dirty)
}

// MouseEventKind is the kind of a MouseEvent.
type MouseEventKind int

// The kinds of mouse input.
const (
	// MouseMove moves the pointer to (X, Y); buttons held down drag.
	MouseMove MouseEventKind = iota
	// MousePress presses Button at (X, Y).
	MousePress
	// MouseRelease releases Button at (X, Y). A press and a release at the
	// same place make a click.
	MouseRelease
	// MouseWheel scrolls at (X, Y) by DeltaX, DeltaY.
	MouseWheel
)

// MouseButton names a mouse button.
type MouseButton int

// The mouse buttons, numbered as in X11.
const (
	ButtonLeft   MouseButton = 1
	ButtonMiddle MouseButton = 2
	ButtonRight  MouseButton = 3
)

// MouseEvent is mouse input for an offscreen window (see SendMouseEvent).
type MouseEvent struct {
	Kind MouseEventKind
	// X and Y are the pointer's position in pixels from the page's top-left
	// corner. They may lie outside the page (a drag that leaves it).
	X, Y float64
	// Button is the button pressed or released; used by MousePress and
	// MouseRelease only.
	Button MouseButton
	// DeltaX and DeltaY are the scroll amount of a MouseWheel event in wheel
	// steps (1 is one notch); positive values scroll right and down.
	DeltaX, DeltaY float64
}

// SendMouseEvent delivers mouse input to the instance's offscreen window; the
// page sees it as real pointer input (mousemove, mousedown, mouseup, click,
// dblclick for two quick clicks, wheel). It returns once the engine has the
// event; the page handles it a moment later. Mouse events reach the page in
// the order sent, and so do key events, but WebKit queues the two kinds
// apart: a key sent right after a click may reach the page before the click
// moved the focus. Where that matters, wait for the page in between (for
// example, poll EvaluateJavascript("document.activeElement.id")).
//
// It returns ErrNoBrowser when no window is open, ErrNotOffscreen for a
// window on screen, and ErrInvalidArgument for an unknown kind or button, or
// a coordinate or delta that is NaN or infinite.
func (p *Instance) SendMouseEvent(e MouseEvent) error {
	if e.Kind < MouseMove || e.Kind > MouseWheel {
		return fmt.Errorf("%w: mouse event kind %d", ErrInvalidArgument, e.Kind)
	}
	if (e.Kind == MousePress || e.Kind == MouseRelease) && (e.Button < ButtonLeft || e.Button > ButtonRight) {
		return fmt.Errorf("%w: mouse button %d (want ButtonLeft, ButtonMiddle or ButtonRight)", ErrInvalidArgument, e.Button)
	}
	for _, v := range []float64{e.X, e.Y, e.DeltaX, e.DeltaY} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%w: mouse event %+v has a NaN or infinite value", ErrInvalidArgument, e)
		}
	}
	return p.input("mouse event", func(w engine.Window) error {
		return w.SendMouse(engine.MouseEvent{
			Type: engine.MouseEventType(e.Kind), X: e.X, Y: e.Y, Button: int(e.Button),
			DeltaX: e.DeltaX, DeltaY: e.DeltaY,
		})
	})
}

// SendKeyEvent presses (down true) or releases (down false) a key in the
// instance's offscreen window; the page sees keydown, keyup and text input
// into the focused element. key is an X keysym name ("a", "A", "Return",
// "BackSpace", "Tab", "Left", "space", "Shift_L", "Control_L", …) or a single
// character ("é", "!"). Modifier keys held down apply to the keys that
// follow; with Shift held, "a" types "A" and "1" types what the keyboard
// layout puts above it. To type text, send a press and a release for each
// character. Keys reach the page in order (see SendMouseEvent about mixing
// them with clicks). The page gets keys without a click first, but it does
// not see its window as focused (document.hasFocus() is false).
//
// It returns ErrNoBrowser when no window is open, ErrNotOffscreen for a
// window on screen and ErrInvalidArgument for an unknown key.
func (p *Instance) SendKeyEvent(key string, down bool) error {
	if key == "" {
		return fmt.Errorf("%w: SendKeyEvent: empty key", ErrInvalidArgument)
	}
	return p.input("key event", func(w engine.Window) error {
		return w.SendKey(engine.KeyEvent{Key: key, Down: down})
	})
}

// input sends input to the open window, mapping engine errors.
func (p *Instance) input(what string, send func(engine.Window) error) error {
	w := p.current().window()
	if w == nil {
		return ErrNoBrowser
	}
	p.mu.Lock()
	live := p.osr.live
	p.mu.Unlock()
	if !live {
		return ErrNotOffscreen
	}
	err := send(w)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, engine.ErrClosed), errors.Is(err, engine.ErrStopped):
		return ErrNoBrowser
	case errors.Is(err, engine.ErrUnsupported):
		return ErrNotOffscreen
	}
	return fmt.Errorf("%w: %s: %v", ErrInvalidArgument, what, err)
}

// Snapshot returns an image of the visible part of the page in the
// instance's window, on screen or offscreen, waiting for the engine to render
// it (5 to 30 ms for 800x600). The image is an *image.RGBA (premultiplied) of
// the window's size and belongs to the caller. A transparent offscreen page
// keeps alpha 0 where it paints nothing. It returns ErrNoBrowser when no
// window is open, and an error when no image comes within 10 seconds (a hung
// page).
func (p *Instance) Snapshot() (image.Image, error) {
	w := p.current().window()
	if w == nil {
		return nil, ErrNoBrowser
	}
	img, err := w.Snapshot()
	switch {
	case err == nil:
		return img, nil
	case errors.Is(err, engine.ErrClosed), errors.Is(err, engine.ErrStopped):
		return nil, ErrNoBrowser
	}
	return nil, fmt.Errorf("gotonium: %w", err)
}
