//go:build !fakeengine

package gotonium_test

import (
	"errors"
	"fmt"
	"image"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// netState is the window's _NET_WM_STATE as the window manager set it.
func netState(t *testing.T, xid uint64) string { return xprop(t, xid, "_NET_WM_STATE") }

func TestWindowTitle(t *testing.T) {
	pump(t)
	p := open(t, colourPage("page title", "#123"), 300, 200)
	waitPainted(t, p)
	xid := p.NativeWindowHandle()
	name := func() string { return xprop(t, xid, "_NET_WM_NAME") }
	waitFor(t, 3*time.Second, "the page's title on the window", func() bool { return strings.Contains(name(), `"page title"`) })
	must(t, p.SetTitle("App – notes"))
	waitFor(t, 3*time.Second, "SetTitle on the window", func() bool { return strings.Contains(name(), `"App – notes"`) })
	// The page's title changes no longer reach the window, but still the app.
	var log eventLog
	p.OnTitleChange(func(s string) { log.add(s) })
	eval(t, p, `document.title = "changed by the page"; 1`)
	waitFor(t, 3*time.Second, "the page's title event", func() bool { return log.has("changed by the page") })
	if got, err := p.Title(); err != nil || got != "App – notes" || !strings.Contains(name(), `"App – notes"`) {
		t.Fatalf("after the page's change: Title %q (%v), window %s", got, err, name())
	}
	must(t, p.SetTitle(""))
	waitFor(t, 3*time.Second, "the page's title back", func() bool { return strings.Contains(name(), `"changed by the page"`) })
	if err := p.SetTitle("a\x00b"); !errors.Is(err, gotonium.ErrInvalidArgument) {
		t.Errorf("a title with a NUL: %v", err)
	}
	// From the page.
	if got := await(t, p, `Gotonium.window.setTitle("from the page").then(() => Gotonium.window.getTitle())`); got != "from the page" {
		t.Fatalf("page setTitle/getTitle: %v", got)
	}
	waitFor(t, 3*time.Second, "the page's setTitle on the window", func() bool { return strings.Contains(name(), `"from the page"`) })
	if got, _ := await(t, p, `Gotonium.window.setTitle(42)`).(string); !strings.Contains(got, "argument 1 must be a string, not a number") {
		t.Fatalf("setTitle(42): %v", got)
	}
}

func TestWindowStates(t *testing.T) {
	p := open(t, colourPage("states", "#234"), 300, 200)
	waitPainted(t, p)
	xid := p.NativeWindowHandle()
	for _, c := range []struct {
		atom string
		set  func(bool) error
		page string
	}{
		{"_NET_WM_STATE_ABOVE", p.SetAlwaysOnTop, "setAlwaysOnTop"},
		{"_NET_WM_STATE_SKIP_TASKBAR", p.SetSkipTaskbar, "setSkipTaskbar"},
		{"_NET_WM_STATE_FULLSCREEN", p.SetFullscreen, "setFullscreen"},
	} {
		must(t, c.set(true))
		waitFor(t, 3*time.Second, c.atom+" on", func() bool { return strings.Contains(netState(t, xid), c.atom) })
		must(t, c.set(false))
		waitFor(t, 3*time.Second, c.atom+" off", func() bool { return !strings.Contains(netState(t, xid), c.atom) })
		await(t, p, `Gotonium.window.`+c.page+`(true)`)
		waitFor(t, 3*time.Second, c.atom+" on from the page", func() bool { return strings.Contains(netState(t, xid), c.atom) })
		if c.page == "setFullscreen" {
			if f, err := p.IsFullscreen(); err != nil || !f {
				t.Errorf("IsFullscreen: %v %v", f, err)
			}
			if got := await(t, p, `Gotonium.window.isFullscreen()`); got != true {
				t.Errorf("page isFullscreen: %v", got)
			}
		}
		await(t, p, `Gotonium.window.`+c.page+`(false)`)
		waitFor(t, 3*time.Second, c.atom+" off from the page", func() bool { return !strings.Contains(netState(t, xid), c.atom) })
		if got, _ := await(t, p, `Gotonium.window.`+c.page+`("yes")`).(string); !strings.Contains(got, "must be true or false, not a string") {
			t.Errorf("%s(\"yes\"): %v", c.page, got)
		}
	}
	if f, err := p.IsFullscreen(); err != nil || f {
		t.Errorf("IsFullscreen after leaving: %v %v", f, err)
	}
}

func TestWindowSizeLimits(t *testing.T) {
	p := open(t, colourPage("limits", "#345"), 400, 300)
	waitPainted(t, p)
	xid := p.NativeWindowHandle()
	hints := func() string { return xprop(t, xid, "WM_NORMAL_HINTS") }
	must(t, p.SetMinSize(320, 240))
	must(t, p.SetMaxSize(800, 600))
	waitFor(t, 3*time.Second, "size hints", func() bool {
		h := hints()
		return strings.Contains(h, "minimum size: 320 by 240") && strings.Contains(h, "maximum size: 800 by 600")
	})
	// The window manager keeps the user's resizes within them.
	must(t, p.SetWindowSize(100, 100))
	waitFor(t, 3*time.Second, "the minimum", func() bool { _, _, w, h := geometry(t, xid); return w == 320 && h == 240 })
	must(t, p.SetMinSize(0, 0))
	// GTK keeps a minimum of its own (the view's smallest size), not ours.
	waitFor(t, 3*time.Second, "no minimum of ours", func() bool { return !strings.Contains(hints(), "minimum size: 320 by 240") })
	must(t, p.SetResizable(false))
	var h string
	deadline := time.Now().Add(3 * time.Second)
	for h = hints(); !fixedSize(h); h = hints() {
		if time.Now().After(deadline) {
			t.Fatalf("SetResizable(false): %s", h)
		}
		time.Sleep(20 * time.Millisecond)
	}
	must(t, p.SetResizable(true))
	for _, bad := range [][2]int{{-1, 5}, {5, 40000}} {
		if err := p.SetMinSize(bad[0], bad[1]); !errors.Is(err, gotonium.ErrInvalidArgument) {
			t.Errorf("SetMinSize%v: %v", bad, err)
		}
	}
	await(t, p, `Gotonium.window.setMaxSize(500, 400)`)
	waitFor(t, 3*time.Second, "the page's maximum", func() bool { return strings.Contains(hints(), "maximum size: 500 by 400") })
}

func TestWindowShowHideFocusCenter(t *testing.T) {
	p1 := open(t, colourPage("one", "#456"), 300, 200)
	p2 := open(t, colourPage("two", "#567"), 300, 200)
	waitPainted(t, p1)
	waitPainted(t, p2)
	x1 := p1.NativeWindowHandle()
	mapState := func(xid uint64) string {
		out, _ := exec.Command("xwininfo", "-id", fmt.Sprint(xid)).Output()
		for _, l := range strings.Split(string(out), "\n") {
			if strings.Contains(l, "Map State:") {
				return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "Map State:"))
			}
		}
		return ""
	}
	// Focus: the active window follows.
	for _, p := range []*gotonium.Instance{p1, p2, p1} {
		must(t, p.Focus())
		want := fmt.Sprint(p.NativeWindowHandle())
		waitFor(t, 3*time.Second, "the focus", func() bool { return activeWindow() == want })
	}
	// Hide and Show; the page runs on and the window comes back in place.
	must(t, p1.SetWindowPosition(200, 150))
	waitFor(t, 3*time.Second, "the move", func() bool { x, y, _ := p1.WindowPosition(); return x == 200 && y == 150 })
	bx, by, _, _ := geometry(t, x1)
	must(t, p1.Hide())
	waitFor(t, 3*time.Second, "hidden", func() bool { return mapState(x1) == "IsUnMapped" })
	if v, err := p1.IsVisible(); err != nil || v {
		t.Fatalf("IsVisible after Hide: %v %v", v, err)
	}
	if got := eval(t, p1, "1 + 1"); got != 2.0 {
		t.Fatalf("the hidden page: %v", got)
	}
	must(t, p1.Show())
	waitViewable(t, x1)
	waitFor(t, 3*time.Second, "the same place", func() bool { x, y, _, _ := geometry(t, x1); return x == bx && y == by })
	// Center: in the middle of the work area.
	screens, err := gotonium.Screens()
	if err != nil || len(screens) == 0 {
		t.Fatalf("Screens: %v %v", screens, err)
	}
	s, err := p1.Screen()
	if err != nil {
		t.Fatal(err)
	}
	must(t, p1.Center())
	waitFor(t, 3*time.Second, "the centre", func() bool {
		x, y, w, h := geometry(t, x1)
		c := image.Pt(x+w/2, y+h/2)
		wc := image.Pt((s.WorkArea.Min.X+s.WorkArea.Max.X)/2, (s.WorkArea.Min.Y+s.WorkArea.Max.Y)/2)
		// The frame is centred: its title bar puts the content a little lower.
		return c.X-wc.X >= -2 && c.X-wc.X <= 2 && c.Y-wc.Y >= -2 && c.Y-wc.Y <= 30
	})
	// The page sees the same screens.
	if got := mustJSON(await(t, p1, `Gotonium.window.screens().then(s => [s.length, s[0].bounds.width, s[0].bounds.height, s[0].primary, s[0].scale])`)); got != fmt.Sprintf("[%d,%d,%d,%v,%v]", len(screens), screens[0].Bounds.Dx(), screens[0].Bounds.Dy(), screens[0].Primary, screens[0].Scale) {
		t.Fatalf("page screens: %s; Go: %+v", got, screens)
	}
}

func TestScreens(t *testing.T) {
	list, err := gotonium.Screens()
	if err != nil {
		t.Fatal(err)
	}
	// The test display is one 1600x1000 screen (internal/xvfb).
	if len(list) != 1 || list[0].Bounds != image.Rect(0, 0, 1600, 1000) || !list[0].Primary || list[0].Scale != 1 ||
		!list[0].WorkArea.In(list[0].Bounds) || list[0].WorkArea.Empty() {
		t.Fatalf("Screens: %+v", list)
	}
}

// TestWindowPropsBeforeOpen: properties set before the window opens are
// there when it opens; a window opened hidden shows on Show.
func TestWindowPropsBeforeOpen(t *testing.T) {
	p := gotonium.New()
	must(t, p.SetTitle("preset"))
	must(t, p.SetAlwaysOnTop(true))
	must(t, p.SetMinSize(250, 150))
	must(t, p.Hide())
	must(t, p.Initialize(colourPage("page", "#678"), 300, 200))
	t.Cleanup(func() { p.CloseBrowser() })
	if got := eval(t, p, "document.title"); got != "page" {
		t.Fatalf("the hidden window's page: %v", got)
	}
	if v, err := p.IsVisible(); err != nil || v {
		t.Fatalf("IsVisible of a window opened hidden: %v %v", v, err)
	}
	xid := p.NativeWindowHandle()
	must(t, p.Show())
	waitViewable(t, xid)
	waitFor(t, 3*time.Second, "the preset properties", func() bool {
		return strings.Contains(xprop(t, xid, "_NET_WM_NAME"), `"preset"`) && strings.Contains(netState(t, xid), "_NET_WM_STATE_ABOVE") &&
			strings.Contains(xprop(t, xid, "WM_NORMAL_HINTS"), "minimum size: 250 by 150")
	})
}

// TestResizeWindowAnchorHolds: calls that come faster than the window
// manager confirms them keep the anchored corner exactly in place
// (Pytonium's frameless pages call resize on every mousemove).
func TestResizeWindowAnchorHolds(t *testing.T) {
	pump(t)
	p := gotonium.New()
	must(t, p.SetFramelessWindow(true))
	must(t, p.Initialize(colourPage("anchor", "#789"), 400, 300))
	t.Cleanup(func() { p.CloseBrowser() })
	waitPainted(t, p)
	xid := p.NativeWindowHandle()
	must(t, p.SetWindowPosition(500, 400))
	waitFor(t, 3*time.Second, "the move", func() bool { x, y, _, _ := geometry(t, xid); return x == 500 && y == 400 })
	corner := func() image.Point { x, y, w, h := geometry(t, xid); return image.Pt(x+w, y+h) }
	want := corner()
	for i := 1; i <= 12; i++ { // from Go, back to back
		must(t, p.ResizeWindow(400+7*i, 300+5*i, gotonium.AnchorBottomRight))
	}
	waitFor(t, 3*time.Second, "the last size", func() bool { _, _, w, h := geometry(t, xid); return w == 484 && h == 360 })
	if got := corner(); got != want {
		t.Fatalf("bottom-right corner moved from %v to %v by 12 back-to-back resizes", want, got)
	}
	// From the page, one call per animation frame and faster.
	await(t, p, `(async () => { for (let i = 1; i <= 20; i++) { Gotonium.window.resize(484 - 3*i, 360 - 2*i, 3); if (i % 3 == 0) await new Promise(r => setTimeout(r, 3)); } })()`)
	waitFor(t, 3*time.Second, "the page's last size", func() bool { _, _, w, h := geometry(t, xid); return w == 424 && h == 320 })
	if got := corner(); got != want {
		t.Fatalf("bottom-right corner moved from %v to %v by the page's resizes", want, got)
	}
}

// pytoniumHandlesPage is a frameless page that resizes itself as Pytonium's
// frameless examples do: 8 px handles that call Pytonium.window.resize on
// every mousemove of a drag.
const pytoniumHandlesPage = `<!doctype html><title>handles</title><style>
html, body { margin: 0; height: 100%; background: #9ab; }
.resize-handle { position: fixed; width: 8px; height: 8px; z-index: 9; }
#se { right: 0; bottom: 0; cursor: se-resize; }
#nw { left: 0; top: 0; cursor: nw-resize; }
</style><div class="resize-handle" id="se"></div><div class="resize-handle" id="nw"></div><script>
window.drag = null; window.ups = 0;
for (const [id, anchor, sign] of [["se", 0, 1], ["nw", 3, -1]]) {
  document.getElementById(id).addEventListener("mousedown", async (e) => {
    const s = await Pytonium.window.getSize();
    window.drag = { x: e.screenX, y: e.screenY, w: s.width, h: s.height, anchor, sign };
  });
}
document.addEventListener("mousemove", (e) => {
  const d = window.drag;
  if (d) Pytonium.window.resize(d.w + d.sign * (e.screenX - d.x), d.h + d.sign * (e.screenY - d.y), d.anchor);
});
document.addEventListener("mouseup", () => { window.drag = null; window.ups++; });
</script>`

// TestPageResizeHandles drags such handles with the real X pointer: the
// page, not the native border, resizes; the opposite corner stays; after
// the release, moving the pointer resizes nothing.
func TestPageResizeHandles(t *testing.T) {
	p := gotonium.New()
	must(t, p.SetFramelessWindow(true))
	must(t, p.Initialize(page(pytoniumHandlesPage), 400, 300))
	t.Cleanup(func() { p.CloseBrowser() })
	waitPainted(t, p)
	xid := p.NativeWindowHandle()
	must(t, p.SetWindowPosition(300, 250))
	waitFor(t, 3*time.Second, "the move", func() bool { x, y, _, _ := geometry(t, xid); return x == 300 && y == 250 })
	for _, c := range []struct {
		name   string
		grab   func(x, y, w, h int) (int, int)
		dx, dy int
		wantW  int
		wantH  int
		fixed  func(x, y, w, h int) image.Point
	}{
		{"bottom-right handle", func(x, y, w, h int) (int, int) { return x + w - 3, y + h - 3 }, 60, 40, 460, 340,
			func(x, y, w, h int) image.Point { return image.Pt(x, y) }},
		{"top-left handle", func(x, y, w, h int) (int, int) { return x + 3, y + 3 }, 50, 30, 410, 310,
			func(x, y, w, h int) image.Point { return image.Pt(x+w, y+h) }},
	} {
		x, y, w, h := geometry(t, xid)
		fixed := c.fixed(x, y, w, h)
		ups := eval(t, p, "ups").(float64)
		gx, gy := c.grab(x, y, w, h)
		dragFrom(t, gx, gy, c.dx, c.dy)
		waitFor(t, 3*time.Second, c.name+": the page's mouseup", func() bool { return eval(t, p, "ups").(float64) > ups })
		waitFor(t, 3*time.Second, c.name+": the size", func() bool { _, _, w, h := geometry(t, xid); return w == c.wantW && h == c.wantH })
		if x, y, w, h := geometry(t, xid); c.fixed(x, y, w, h) != fixed {
			t.Fatalf("%s: the opposite corner moved from %v to %v", c.name, fixed, c.fixed(x, y, w, h))
		}
		// Released: pointer moves resize nothing (the window manager would
		// still be resizing if the native border had taken the press too).
		xdt(t, "mousemove", "--sync", fmt.Sprint(gx+c.dx+80), fmt.Sprint(gy+c.dy+80))
		xdt(t, "mousemove", "--sync", fmt.Sprint(gx+c.dx+90), fmt.Sprint(gy+c.dy+90))
		eval(t, p, "1") // a round trip through the page after the moves
		if _, _, w, h := geometry(t, xid); w != c.wantW || h != c.wantH {
			t.Fatalf("%s: after the release the pointer resized the window to %dx%d", c.name, w, h)
		}
	}
}

// fixedSize reports whether WM_NORMAL_HINTS (xprop's text) give the same
// minimum and maximum size.
func fixedSize(hints string) bool {
	var min, max string
	for _, l := range strings.Split(hints, "\n") {
		l = strings.TrimSpace(l)
		if v, ok := strings.CutPrefix(l, "program specified minimum size: "); ok {
			min = v
		}
		if v, ok := strings.CutPrefix(l, "program specified maximum size: "); ok {
			max = v
		}
	}
	return min != "" && min == max
}
