//go:build fakeengine

package gotonium

import (
	"testing"
)

// TestWindowPropsWhileOpening: properties set before the window opens go
// into its configuration; one set while the engine opens it (after the
// configuration was taken) is applied once it is open, not lost.
func TestWindowPropsWhileOpening(t *testing.T) {
	e := useFake(t)
	p, opened, release := initializeHeld(t, e)
	must(t, p.SetAlwaysOnTop(true)) // no window yet: kept, returns nil
	release()
	if err := recv(t, opened, "Initialize"); err != nil {
		t.Fatal(err)
	}
	w := e.WaitWindow(1)
	if got := join(w.Controls()); got != "SetTitle \"\",SetSizeLimits 0 0 0 0,SetResizable true,SetAlwaysOnTop true,SetSkipTaskbar false,SetFullscreen false,SetReserve 0 0,SetClickThrough false,SetVisible true" {
		t.Fatalf("controls after the open: %s", got)
	}
	must(t, p.CloseBrowser())
	// The next window gets them in its configuration.
	must(t, p.SetTitle("t"))
	must(t, p.SetMinSize(10, 20))
	must(t, p.Hide())
	if _, err := p.CreateBrowser(appURL, 300, 200); err != nil {
		t.Fatal(err)
	}
	w2 := e.WaitWindow(2)
	pr := w2.Config().Props
	if pr.Title != "t" || !pr.AlwaysOnTop || pr.MinWidth != 10 || pr.MinHeight != 20 || !pr.Hidden || len(w2.Controls()) != 0 {
		t.Fatalf("the second window's properties %+v, controls %v", pr, w2.Controls())
	}
	// On an open window a setter applies at once.
	must(t, p.SetMaxSize(500, 400))
	if got := join(w2.Controls()); got != "SetSizeLimits 10 20 500 400" {
		t.Fatalf("SetMaxSize on the open window: %s", got)
	}
	if err := p.SetTitle("bad\x00"); err == nil {
		t.Fatal("a title with a NUL was accepted")
	}
}

// TestWindowKindProps: kind, reserved edge, click-through and zoom set
// before the window opens go into its configuration; parents link
// whichever window opens first.
func TestWindowKindProps(t *testing.T) {
	e := useFake(t)
	p := New()
	must(t, p.SetWindowKind(WindowDock))
	must(t, p.ReserveScreenEdge(SideLeft, 30))
	must(t, p.SetClickThrough(true))
	must(t, p.SetZoom(1.25))
	child := New()
	must(t, child.SetParent(p, true))
	if err := child.Initialize(appURL, 300, 200); err != nil {
		t.Fatal(err)
	}
	cw := e.WaitWindow(1)
	if got := join(cw.Controls()); got != "" {
		t.Fatalf("a child whose parent has no window: %s", got)
	}
	if _, err := p.CreateBrowser(appURL, 300, 200); err != nil {
		t.Fatal(err)
	}
	w := e.WaitWindow(2)
	if got := join(cw.Controls()); got != "SetParent 2 true" {
		t.Fatalf("the child when its parent opened: %s", got)
	}
	pr := w.Config().Props
	if pr.Kind != 3 || pr.Reserve.Side != 2 || pr.Reserve.Size != 30 || !pr.ClickThrough || pr.Zoom != 1.25 {
		t.Fatalf("the window's properties: %+v", pr)
	}
	if z, err := p.Zoom(); err != nil || z != 1.25 {
		t.Fatalf("Zoom() = %v, %v", z, err)
	}
}
