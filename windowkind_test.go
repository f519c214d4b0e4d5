//go:build !fakeengine

package gotonium_test

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// TestWindowKindAndReserve: the kind reaches _NET_WM_WINDOW_TYPE (set
// before the window opens and changed while it shows); a reserved edge
// reaches _NET_WM_STRUT_PARTIAL and the window manager takes it out of the
// work area.
func TestWindowKindAndReserve(t *testing.T) {
	pump(t)
	screens, err := gotonium.Screens()
	must(t, err)
	before := screens[0].WorkArea
	p := gotonium.New()
	must(t, p.SetWindowKind(gotonium.WindowDock))
	must(t, p.ReserveScreenEdge(gotonium.SideBottom, 40))
	must(t, p.Initialize(colourPage("dock", "teal"), 300, 40))
	t.Cleanup(func() { p.CloseBrowser() })
	xid := p.NativeWindowHandle()
	waitFor(t, 5*time.Second, "the dock type", func() bool {
		return strings.Contains(xprop(t, xid, "_NET_WM_WINDOW_TYPE"), "_NET_WM_WINDOW_TYPE_DOCK")
	})
	b := screens[0].Bounds
	want := fmt.Sprintf("0, 0, 0, %d, 0, 0, 0, 0, 0, 0, %d, %d", 40, b.Min.X, b.Max.X-1)
	if got := xprop(t, xid, "_NET_WM_STRUT_PARTIAL"); !strings.Contains(got, want) {
		t.Errorf("_NET_WM_STRUT_PARTIAL = %q; want %s", got, want)
	}
	waitFor(t, 5*time.Second, "the work area to leave the bottom 40 pixels", func() bool {
		s, err := gotonium.Screens()
		return err == nil && s[0].WorkArea.Max.Y == before.Max.Y-40
	})

	// Changing the kind of a shown window maps it again, still shown.
	must(t, p.SetWindowKind(gotonium.WindowUtility))
	waitFor(t, 5*time.Second, "the utility type", func() bool {
		return strings.Contains(xprop(t, xid, "_NET_WM_WINDOW_TYPE"), "_NET_WM_WINDOW_TYPE_UTILITY")
	})
	waitFor(t, 5*time.Second, "the window to show again", func() bool {
		v, err := p.IsVisible()
		out, _ := menuXdo(t, "search", "--onlyvisible", "--name", "^dock$")
		return err == nil && v && strings.TrimSpace(out) != ""
	})
	// Size 0 gives the edge back.
	must(t, p.ReserveScreenEdge(gotonium.SideBottom, 0))
	if got := xprop(t, xid, "_NET_WM_STRUT_PARTIAL"); !strings.Contains(got, "not found") {
		t.Errorf("_NET_WM_STRUT_PARTIAL after size 0 = %q", got)
	}
	waitFor(t, 5*time.Second, "the work area back", func() bool {
		s, err := gotonium.Screens()
		return err == nil && s[0].WorkArea == before
	})
	// From the page.
	if got := await(t, p, `Gotonium.window.setKind("splash")`); got != nil {
		t.Errorf("setKind(splash) → %v", got)
	}
	waitFor(t, 5*time.Second, "the splash type", func() bool {
		return strings.Contains(xprop(t, xid, "_NET_WM_WINDOW_TYPE"), "_NET_WM_WINDOW_TYPE_SPLASH")
	})
	for _, js := range []string{`Gotonium.window.setKind("modal")`, `Gotonium.window.setKind(3)`, `Gotonium.window.setClickThrough("yes")`} {
		if got, _ := await(t, p, js).(string); !strings.HasPrefix(got, "rejected: Error: Gotonium.window.") {
			t.Errorf("%s → %q", js, got)
		}
	}
	for _, err := range []error{
		p.SetWindowKind(gotonium.WindowKind(9)),
		p.SetWindowKind(-1),
		p.ReserveScreenEdge(gotonium.ScreenSide(4), 10),
		p.ReserveScreenEdge(gotonium.SideTop, -1),
	} {
		if !errors.Is(err, gotonium.ErrInvalidArgument) {
			t.Errorf("bad kind or edge: %v; want ErrInvalidArgument", err)
		}
	}
}

// clickPage counts the clicks its page gets.
func clickPage(title, colour string) string {
	return page(`<!doctype html><title>` + title + `</title><style>html,body{margin:0;height:100%;background:` + colour + `}</style>
<body><script>window.clicks = 0; window.moves = 0; addEventListener("mousedown", () => window.clicks++); addEventListener("mousemove", () => window.moves++);</script></body>`)
}

// TestClickThrough: a click on a click-through window reaches the window
// below it; turned off, the window gets the click itself.
func TestClickThrough(t *testing.T) {
	pump(t)
	below, above := gotonium.New(), gotonium.New()
	must(t, below.Initialize(clickPage("below", "navy"), 300, 200))
	t.Cleanup(func() { below.CloseBrowser() })
	must(t, above.SetClickThrough(true)) // before the window opens
	must(t, above.SetAlwaysOnTop(true))
	_, err := above.CreateBrowser(clickPage("above", "orange"), 300, 200)
	must(t, err)
	t.Cleanup(func() { above.CloseBrowser() })
	waitPainted(t, below)
	waitPainted(t, above)
	must(t, below.SetWindowPosition(100, 100))
	must(t, above.SetWindowPosition(100, 100))
	// In place as the X server has them (WindowPosition reports what was
	// asked for until the window manager confirms it): on a loaded machine
	// a click sent earlier can land where the windows are not yet.
	xb, xa := below.NativeWindowHandle(), above.NativeWindowHandle()
	waitFor(t, 10*time.Second, "both windows in place", func() bool {
		x1, y1, _, _ := geometry(t, xb)
		x2, y2, _, _ := geometry(t, xa)
		return x1 == x2 && y1 == y2 && x1 > 0
	})
	clickAt := func() {
		x, y, _, _ := geometry(t, xa)
		xdt(t, "mousemove", strconv.Itoa(x+150), strconv.Itoa(y+150), "click", "1")
	}
	clickAt()
	waitFor(t, 5*time.Second, "the window below to get the click", func() bool { return eval(t, below, "window.clicks") == 1.0 })
	if n := eval(t, above, "window.clicks"); n != 0.0 {
		t.Errorf("the click-through window got %v clicks", n)
	}
	must(t, above.SetClickThrough(false))
	// The window manager copies the new input shape to its frame in its own
	// time: the pointer moving over the window shows when it has.
	x, y, _, _ := geometry(t, xa)
	step := 0
	waitFor(t, 5*time.Second, "pointer input to reach the window above", func() bool {
		step = 1 - step
		xdt(t, "mousemove", strconv.Itoa(x+150+step), strconv.Itoa(y+150))
		return eval(t, above, "window.moves") != 0.0
	})
	clickAt()
	waitFor(t, 5*time.Second, "the window above to get the click", func() bool { return eval(t, above, "window.clicks") == 1.0 })
	if n := eval(t, below, "window.clicks"); n != 1.0 {
		t.Errorf("the window below got %v clicks; want still 1", n)
	}
}

// TestParentWindow: a child window is transient for its parent (and modal
// when asked), whichever opens first; the link goes with SetParent(nil).
func TestParentWindow(t *testing.T) {
	pump(t)
	parent, child, late := gotonium.New(), gotonium.New(), gotonium.New()
	must(t, child.SetParent(parent, true))
	must(t, parent.Initialize(colourPage("parent", "navy"), 300, 200))
	t.Cleanup(func() { parent.CloseBrowser() })
	_, err := child.CreateBrowser(colourPage("child", "teal"), 200, 100)
	must(t, err)
	t.Cleanup(func() { child.CloseBrowser() })
	pid := fmt.Sprintf("0x%x", parent.NativeWindowHandle())
	cid := child.NativeWindowHandle()
	waitFor(t, 5*time.Second, "WM_TRANSIENT_FOR", func() bool { return strings.Contains(xprop(t, cid, "WM_TRANSIENT_FOR"), pid) })
	waitFor(t, 5*time.Second, "the modal state", func() bool {
		return strings.Contains(xprop(t, cid, "_NET_WM_STATE"), "_NET_WM_STATE_MODAL")
	})
	must(t, child.SetParent(nil, false))
	waitFor(t, 5*time.Second, "WM_TRANSIENT_FOR gone", func() bool { return !strings.Contains(xprop(t, cid, "WM_TRANSIENT_FOR"), pid) })

	// A parent that opens after its child.
	_, err = late.CreateBrowser(colourPage("late-child", "olive"), 200, 100)
	must(t, err)
	t.Cleanup(func() { late.CloseBrowser() })
	lateParent := gotonium.New()
	must(t, late.SetParent(lateParent, false))
	if got := xprop(t, late.NativeWindowHandle(), "WM_TRANSIENT_FOR"); strings.Contains(got, "window id") {
		t.Errorf("a parent with no window: WM_TRANSIENT_FOR = %q", got)
	}
	_, err = lateParent.CreateBrowser(colourPage("late-parent", "maroon"), 300, 200)
	must(t, err)
	t.Cleanup(func() { lateParent.CloseBrowser() })
	lp := fmt.Sprintf("0x%x", lateParent.NativeWindowHandle())
	waitFor(t, 5*time.Second, "the late parent's link", func() bool {
		return strings.Contains(xprop(t, late.NativeWindowHandle(), "WM_TRANSIENT_FOR"), lp)
	})
	// The parent closing leaves the child open on its own.
	must(t, lateParent.CloseBrowser())
	if !late.IsRunning() {
		t.Error("the child closed with its parent")
	}
	if _, err := late.Title(); err != nil {
		t.Errorf("the child after its parent closed: %v", err)
	}

	if err := parent.SetParent(parent, false); !errors.Is(err, gotonium.ErrInvalidArgument) {
		t.Errorf("own parent: %v; want ErrInvalidArgument", err)
	}
	must(t, child.SetParent(parent, false))
	if err := parent.SetParent(child, false); !errors.Is(err, gotonium.ErrInvalidArgument) {
		t.Errorf("a cycle: %v; want ErrInvalidArgument", err)
	}
}

// TestZoom: the page lays out at the zoom factor, from Go and from the
// page; the zoom stays across loads and bad factors are refused.
func TestZoom(t *testing.T) {
	pump(t)
	p := gotonium.New()
	must(t, p.SetZoom(2))
	must(t, p.Initialize(colourPage("zoom", "white"), 400, 300))
	t.Cleanup(func() { p.CloseBrowser() })
	waitPainted(t, p)
	if w := eval(t, p, "innerWidth"); w != 200.0 {
		t.Errorf("innerWidth at zoom 2 = %v; want 200", w)
	}
	must(t, p.SetZoom(1))
	waitFor(t, 3*time.Second, "innerWidth 400", func() bool { return eval(t, p, "innerWidth") == 400.0 })
	if got := await(t, p, "Gotonium.window.setZoom(0.5).then(() => Gotonium.window.getZoom())"); got != 0.5 {
		t.Errorf("page setZoom(0.5), getZoom() = %v", got)
	}
	waitFor(t, 3*time.Second, "innerWidth 800", func() bool { return eval(t, p, "innerWidth") == 800.0 })
	must(t, p.LoadURL(colourPage("zoom2", "white")))
	waitPainted(t, p)
	if z, err := p.Zoom(); err != nil || z != 0.5 || eval(t, p, "innerWidth") != 800.0 {
		t.Errorf("after a load: Zoom() = %v, %v; innerWidth %v", z, err, eval(t, p, "innerWidth"))
	}
	for _, z := range []float64{0, 0.1, 6, math.NaN(), math.Inf(1), -1} {
		if err := p.SetZoom(z); !errors.Is(err, gotonium.ErrInvalidArgument) {
			t.Errorf("SetZoom(%v) = %v; want ErrInvalidArgument", z, err)
		}
	}
	for _, js := range []string{`Gotonium.window.setZoom("2")`, `Gotonium.window.setZoom(9)`, `Gotonium.window.setZoom()`} {
		if got, _ := await(t, p, js).(string); !strings.HasPrefix(got, "rejected: Error: Gotonium.window.setZoom") {
			t.Errorf("%s → %q", js, got)
		}
	}
}

// TestPrint: PrintToPDF writes a PDF of the page; Print shows the print
// dialog, which Escape cancels; the page's window.print() shows it too.
func TestPrint(t *testing.T) {
	pump(t)
	p := gotonium.New()
	menuPage(t, p, "print-app")
	must(t, p.ExecuteJavascript(`document.body.innerHTML = "<h1>Printed by gotonium</h1>"`))
	out := filepath.Join(t.TempDir(), "page.pdf")
	must(t, p.PrintToPDF(out))
	b, err := os.ReadFile(out)
	must(t, err)
	if !strings.HasPrefix(string(b), "%PDF-") || !strings.Contains(string(b), "%%EOF") || len(b) < 1000 {
		t.Errorf("PrintToPDF wrote %d bytes: %.20q", len(b), b)
	}
	for _, bad := range []string{"", "/no/such/folder/x.pdf", filepath.Dir(out), "a\x00b"} {
		if err := p.PrintToPDF(bad); !errors.Is(err, gotonium.ErrInvalidArgument) {
			t.Errorf("PrintToPDF(%q) = %v; want ErrInvalidArgument", bad, err)
		}
	}

	ch := make(chan error, 1)
	go func() { ch <- p.Print() }()
	dialogKeys(t, "Print", "Escape")
	select {
	case err := <-ch:
		if !errors.Is(err, gotonium.ErrCancelled) {
			t.Errorf("cancelled Print = %v; want ErrCancelled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Print did not return")
	}
	dialogGone(t, "Print")

	must(t, p.ExecuteJavascript(`setTimeout(() => window.print(), 0)`))
	dialogKeys(t, "Print", "Escape")
	dialogGone(t, "Print")
	res := awaitLater(t, p, `Gotonium.window.print()`)
	dialogKeys(t, "Print", "Escape")
	if got := res(); got != false {
		t.Errorf("cancelled Gotonium.window.print() → %v; want false", got)
	}
	dialogGone(t, "Print")
	// The window closing ends the dialog and the call.
	go func() { ch <- p.Print() }()
	menuWindowID(t, "Print")
	must(t, p.CloseBrowser())
	select {
	case err := <-ch:
		if !errors.Is(err, gotonium.ErrNoBrowser) {
			t.Errorf("Print when the window closed = %v; want ErrNoBrowser", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Print did not return when its window closed")
	}
	dialogGone(t, "Print")
}
