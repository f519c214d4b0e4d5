package gotonium

import (
	"fmt"
	"math"

	"github.com/gotonium/gotonium/internal/engine"
)

// Window kinds, reserved screen edges, click-through, parent windows and
// zoom. Like the other window properties (windowprops.go) they may be set
// before the window opens and are kept for the instance's later windows.

// WindowKind tells the window manager what a window is for, which decides
// how it is placed, decorated and stacked.
type WindowKind int

// The window kinds.
const (
	// WindowNormal is an ordinary application window (the default).
	WindowNormal WindowKind = iota
	// WindowUtility is a tool palette that belongs to another window.
	WindowUtility
	// WindowSplash is a splash screen shown while the app starts:
	// centred, undecorated.
	WindowSplash
	// WindowDock is a panel or dock: on every desktop, above ordinary
	// windows, undecorated; ReserveScreenEdge keeps its edge free.
	WindowDock
	// WindowDesktop draws the desktop: below every other window.
	WindowDesktop
)

var windowKinds = [...]string{"normal", "utility", "splash", "dock", "desktop"}

// String returns "normal", "utility", "splash", "dock" or "desktop", the
// names pages use (Gotonium.window.setKind).
func (k WindowKind) String() string {
	if k < WindowNormal || k > WindowDesktop {
		return fmt.Sprintf("WindowKind(%d)", int(k))
	}
	return windowKinds[k]
}

func parseWindowKind(name string) (WindowKind, error) {
	for i, n := range windowKinds {
		if n == name {
			return WindowKind(i), nil
		}
	}
	return 0, fmt.Errorf("%w: window kind %q (use normal, utility, splash, dock or desktop)", ErrInvalidArgument, name)
}

// SetWindowKind sets what the window is for. Window managers read the kind
// when a window is shown, so an open, shown window is hidden and shown
// again (in the same place) to change it. A kind out of range is
// ErrInvalidArgument.
func (p *Instance) SetWindowKind(kind WindowKind) error {
	if kind < WindowNormal || kind > WindowDesktop {
		return fmt.Errorf("%w: window kind %d", ErrInvalidArgument, int(kind))
	}
	return p.setProp("set window kind", func(pr *engine.WindowProps) { pr.Kind = engine.WindowKind(kind) },
		func(w engine.Window) error { return w.SetKind(engine.WindowKind(kind)) })
}

// ScreenSide is an edge of a screen.
type ScreenSide int

// The screen edges.
const (
	SideTop ScreenSide = iota
	SideBottom
	SideLeft
	SideRight
)

// ReserveScreenEdge keeps size pixels along one edge of the screen the
// window is on free for it, as panels do: maximised windows stop short of
// it and it leaves the screen's work area (Screen.WorkArea). Place the
// window along that edge yourself (SetWindowPosition, SetWindowSize); it
// is usually a WindowDock. Size 0 gives the edge back. X11 only: on
// Wayland it returns ErrUnsupported.
func (p *Instance) ReserveScreenEdge(side ScreenSide, size int) error {
	if side < SideTop || side > SideRight || size < 0 || size > maxWindowSide {
		return fmt.Errorf("%w: reserve screen edge %d of %d pixels", ErrInvalidArgument, int(side), size)
	}
	r := engine.Reserve{Side: engine.Side(side), Size: size}
	return p.setProp("reserve screen edge", func(pr *engine.WindowProps) { pr.Reserve = r },
		func(w engine.Window) error { return w.SetReserve(r) })
}

// SetClickThrough makes the window ignore the pointer (on): clicks, wheel
// and hover go to whatever is below it, as for an overlay; the page still
// shows and keeps the keyboard focus it has. Off gives the pointer back.
func (p *Instance) SetClickThrough(on bool) error {
	return p.setProp("set click-through", func(pr *engine.WindowProps) { pr.ClickThrough = on },
		func(w engine.Window) error { return w.SetClickThrough(on) })
}

// Zoom bounds: WebKit's own range of sensible page zoom.
const minZoom, maxZoom = 0.25, 5

// SetZoom zooms the page by factor (1 is 100 %, 1.5 is 150 %): text,
// images and layout, as the browser's zoom does; the page sees a smaller
// (or larger) window.innerWidth. A factor outside 0.25–5 is
// ErrInvalidArgument. The zoom stays across page loads.
func (p *Instance) SetZoom(factor float64) error {
	if math.IsNaN(factor) || factor < minZoom || factor > maxZoom {
		return fmt.Errorf("%w: zoom %v (use %v to %v)", ErrInvalidArgument, factor, minZoom, maxZoom)
	}
	return p.setProp("set zoom", func(pr *engine.WindowProps) { pr.Zoom = factor },
		func(w engine.Window) error { return w.SetZoom(factor) })
}

// Zoom returns the page's zoom factor.
func (p *Instance) Zoom() (float64, error) {
	var z float64
	err := p.control("zoom", func(w engine.Window) (err error) { z, err = w.Zoom(); return })
	return z, err
}

// parentLink is an instance's parent window; guarded by Instance.mu.
type parentLink struct {
	parent *Instance
	modal  bool
}

// SetParent makes the window belong to parent's window: the window
// manager keeps it above the parent and on the parent's desktop, and may
// minimise them together; with modal, the parent takes no input while
// this window shows (a dialog of the app's own). nil removes the link.
//
// The link holds whenever both windows are open, whichever opens first;
// when the parent's window closes, this one stays open on its own. A
// window cannot be its own parent or its parent's ancestor
// (ErrInvalidArgument).
func (p *Instance) SetParent(parent *Instance, modal bool) error {
	for q := parent; q != nil; q = q.parentLink().parent {
		if q == p {
			return fmt.Errorf("%w: SetParent: a window cannot be its own parent or ancestor", ErrInvalidArgument)
		}
	}
	p.mu.Lock()
	p.parent = parentLink{parent, modal}
	p.mu.Unlock()
	return p.linkParent()
}

func (p *Instance) parentLink() parentLink {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.parent
}

// linkParent gives the open window its parent's open window (or none).
func (p *Instance) linkParent() error {
	l := p.parentLink()
	var pw engine.Window
	if l.parent != nil {
		pw = l.parent.current().window()
	}
	err := p.control("set parent", func(w engine.Window) error { return w.SetParent(pw, l.modal) })
	if err == ErrNoBrowser {
		return nil
	}
	return err
}

// linkFamily links a window that has just opened to its parent and to the
// open windows whose parent it is.
func (p *Instance) linkFamily() {
	if l := p.parentLink(); l.parent != nil && l.parent.current() != nil {
		p.linkParent()
	}
	proc.mu.Lock()
	var children []*Instance
	for b := range proc.open {
		if b.inst != p && b.inst.parentLink().parent == p {
			children = append(children, b.inst)
		}
	}
	proc.mu.Unlock()
	for _, c := range children {
		c.linkParent()
	}
}
