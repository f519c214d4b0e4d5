//go:build !fakeengine

package gotonium_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// xdt runs xdotool and returns its output.
func xdt(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command("xdotool", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("xdotool %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// activeWindow is the window manager's _NET_ACTIVE_WINDOW, or "" while
// there is none (openbox clears it between two focused windows), for
// polling: unlike xdt it does not fail the test.
func activeWindow() string {
	out, err := exec.Command("xdotool", "getactivewindow").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// xprop reads a property of an X window.
func xprop(t *testing.T, xid uint64, prop string) string {
	t.Helper()
	out, _ := exec.Command("xprop", "-id", fmt.Sprint(xid), prop).CombinedOutput()
	return string(out)
}

// geometry is the X window's position and size on the screen.
func geometry(t *testing.T, xid uint64) (x, y, w, h int) {
	t.Helper()
	out := xdt(t, "getwindowgeometry", "--shell", fmt.Sprint(xid))
	v := map[string]int{}
	for _, line := range strings.Fields(out) {
		if k, val, ok := strings.Cut(line, "="); ok {
			v[k], _ = strconv.Atoi(val)
		}
	}
	return v["X"], v["Y"], v["WIDTH"], v["HEIGHT"]
}

func TestWindowControls(t *testing.T) {
	p := open(t, colourPage("controls", "#345"), 400, 300)
	waitPainted(t, p)
	xid := p.NativeWindowHandle()
	if xid == 0 {
		t.Fatal("no native handle")
	}
	if found := xdt(t, "search", "--name", "^controls$"); !strings.Contains(found, fmt.Sprint(xid)) {
		t.Fatalf("xdotool finds %q, NativeWindowHandle is %d", found, xid)
	}
	must(t, p.SetWindowPosition(100, 120))
	waitFor(t, 3*time.Second, "the move", func() bool { x, y, _ := p.WindowPosition(); return x == 100 && y == 120 })
	x0, y0, _, _ := geometry(t, xid)
	must(t, p.DragWindow(30, 20))
	waitFor(t, 3*time.Second, "the drag", func() bool { x, y, _, _ := geometry(t, xid); return x == x0+30 && y == y0+20 })
	must(t, p.SetWindowSize(500, 350))
	waitFor(t, 3*time.Second, "the resize", func() bool { _, _, w, h := geometry(t, xid); return w == 500 && h == 350 })
	if w, h, err := p.WindowSize(); err != nil || w != 500 || h != 350 {
		t.Fatalf("WindowSize %d %d %v", w, h, err)
	}
	// Anchored resize: the bottom-right corner stays put.
	x1, y1, _, _ := geometry(t, xid)
	must(t, p.ResizeWindow(300, 200, gotonium.AnchorBottomRight))
	waitFor(t, 3*time.Second, "the anchored resize", func() bool {
		x, y, w, h := geometry(t, xid)
		return w == 300 && h == 200 && x+w == x1+500 && y+h == y1+350
	})
	// Maximise, restore and minimise, as the window manager sees them.
	must(t, p.MaximizeWindow())
	waitFor(t, 3*time.Second, "maximised", func() bool {
		m, _ := p.IsMaximized()
		return m && strings.Contains(xprop(t, xid, "_NET_WM_STATE"), "_NET_WM_STATE_MAXIMIZED_VERT")
	})
	must(t, p.RestoreWindow())
	waitFor(t, 3*time.Second, "restored", func() bool {
		m, _ := p.IsMaximized()
		return !m && !strings.Contains(xprop(t, xid, "_NET_WM_STATE"), "MAXIMIZED")
	})
	must(t, p.MinimizeWindow())
	waitFor(t, 3*time.Second, "minimised", func() bool { return strings.Contains(xprop(t, xid, "_NET_WM_STATE"), "_NET_WM_STATE_HIDDEN") })
	must(t, p.RestoreWindow())
	waitFor(t, 3*time.Second, "shown again", func() bool { return !strings.Contains(xprop(t, xid, "_NET_WM_STATE"), "HIDDEN") })
	// Bad input and no window.
	if err := p.ResizeWindow(100, 100, 7); !errors.Is(err, gotonium.ErrInvalidArgument) {
		t.Errorf("bad anchor: %v", err)
	}
	if err := p.SetWindowSize(0, 10); !errors.Is(err, gotonium.ErrInvalidArgument) {
		t.Errorf("bad size: %v", err)
	}
	q := gotonium.New()
	if _, _, err := q.WindowPosition(); !errors.Is(err, gotonium.ErrNoBrowser) {
		t.Errorf("no window: %v", err)
	}
	if q.NativeWindowHandle() != 0 {
		t.Error("handle before open")
	}
}

func TestPageWindowControls(t *testing.T) {
	p := open(t, page(`<title>pagectl</title>`), 400, 300)
	must(t, p.SetWindowPosition(200, 150))
	waitFor(t, 3*time.Second, "the move", func() bool { x, y, _ := p.WindowPosition(); return x == 200 && y == 150 })
	// No pump: window controls answer even when the app does not pump.
	if got := await(t, p, `Gotonium.window.getPosition()`); mustJSON(got) != `{"x":200,"y":150}` {
		t.Fatalf("getPosition %s", mustJSON(got))
	}
	await(t, p, `Gotonium.window.setSize(320, 240)`)
	waitFor(t, 3*time.Second, "the page's resize", func() bool { w, h, _ := p.WindowSize(); return w == 320 && h == 240 })
	if got := await(t, p, `Gotonium.window.getSize()`); mustJSON(got) != `{"height":240,"width":320}` {
		t.Fatalf("getSize %s", mustJSON(got))
	}
	await(t, p, `Gotonium.window.drag(10, 5)`)
	waitFor(t, 3*time.Second, "the page's drag", func() bool { x, y, _ := p.WindowPosition(); return x == 210 && y == 155 })
	await(t, p, `Gotonium.window.toggleMaximize()`)
	waitFor(t, 3*time.Second, "the page's maximise", func() bool { return await(t, p, `Gotonium.window.isMaximized()`) == true })
	await(t, p, `Gotonium.window.restore()`)
	waitFor(t, 3*time.Second, "the page's restore", func() bool { m, _ := p.IsMaximized(); return !m })
	for _, bad := range []string{`Gotonium.window.resize(10, 10, 9)`, `Gotonium.window.setSize(0, 5)`, `Gotonium.window.setPosition("a", 1)`, `Gotonium.__gotonium.post("window\nnope\n[]")`} {
		if got, _ := await(t, p, bad).(string); !strings.HasPrefix(got, "rejected: Error: Gotonium.window.") {
			t.Errorf("%s: %v", bad, got)
		}
	}
	// An app binding into "window" adds to the built-in object.
	pumped := gotonium.New()
	must(t, pumped.BindFunction(func() string { return "mine" }, "custom", "window"))
	must(t, pumped.Initialize(page(`<title>w2</title>`), 200, 100))
	t.Cleanup(func() { pumped.CloseBrowser() })
	pump(t)
	if got := await(t, pumped, `Promise.all([Gotonium.window.custom(), Gotonium.window.getSize().then(s => s.width)])`); mustJSON(got) != `["mine",200]` {
		t.Fatalf("merged window object: %s", mustJSON(got))
	}
}

// dragFrom presses the left button at screen position x, y, moves by dx, dy
// in steps and releases. The pauses pace the input the way a hand would (the
// window manager takes the pointer over after the press); callers wait for
// the outcome.
func dragFrom(t *testing.T, x, y, dx, dy int) {
	t.Helper()
	xdt(t, "mousemove", "--sync", fmt.Sprint(x), fmt.Sprint(y))
	xdt(t, "mousedown", "1")
	time.Sleep(150 * time.Millisecond)
	for i := 1; i <= 10; i++ {
		xdt(t, "mousemove", fmt.Sprint(x+dx*i/10), fmt.Sprint(y+dy*i/10))
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	xdt(t, "mouseup", "1")
}

func TestFramelessDragRegionsAndEdges(t *testing.T) {
	p := gotonium.New()
	must(t, p.SetFramelessWindow(true))
	must(t, p.Initialize(page(`<title>frameless</title><style>
		html, body { margin: 0; height: 100%; background: #ddd; }
		#bar { height: 40px; background: #246; -webkit-app-region: drag; }
		#bar button { -webkit-app-region: no-drag; }
		#css { height: 40px; background: #642; --app-region: drag; }
	</style><div id="bar"><button id="b">x</button></div><div id="css"></div>
	<script>window.ups = 0; addEventListener("mouseup", () => ups++, true);</script>`), 400, 300))
	t.Cleanup(func() { p.CloseBrowser() })
	waitPainted(t, p)
	xid := p.NativeWindowHandle()
	if ext := xprop(t, xid, "_NET_FRAME_EXTENTS"); !strings.Contains(ext, "0, 0, 0, 0") {
		t.Fatalf("frameless window has a frame: %s", ext)
	}
	must(t, p.SetWindowPosition(300, 200))
	waitFor(t, 3*time.Second, "the move", func() bool { x, y, _, _ := geometry(t, xid); return x == 300 && y == 200 })
	// Dragging by the -webkit-app-region bar moves the window.
	dragFrom(t, 300+200, 200+20, 80, 60)
	waitFor(t, 3*time.Second, "the drag by the bar", func() bool { x, y, _, _ := geometry(t, xid); return x == 380 && y == 260 })
	// The no-drag button does not.
	x0, y0, _, _ := geometry(t, xid)
	// The page receiving the release is the signal that comes after any
	// move would have begun (a move's pointer grab would have taken it).
	ups := eval(t, p, "ups").(float64)
	dragFrom(t, x0+10, y0+10, 50, 50)
	waitFor(t, 3*time.Second, "the page's mouseup", func() bool { return eval(t, p, "ups").(float64) > ups })
	if x, y, _, _ := geometry(t, xid); x != x0 || y != y0 {
		t.Fatalf("dragging the no-drag button moved the window to %d,%d", x, y)
	}
	// --app-region: drag works too.
	dragFrom(t, x0+200, y0+60, -40, 30)
	waitFor(t, 3*time.Second, "the drag by --app-region", func() bool { x, y, _, _ := geometry(t, xid); return x == x0-40 && y == y0+30 })
	// The right edge resizes a frameless window.
	x1, y1, w1, h1 := geometry(t, xid)
	dragFrom(t, x1+w1-2, y1+h1/2, 60, 0)
	waitFor(t, 3*time.Second, "the edge resize", func() bool { _, _, w, _ := geometry(t, xid); return w >= w1+50 })
	// Decorations back on at runtime.
	must(t, p.SetFramelessWindow(false))
	waitFor(t, 3*time.Second, "decorations", func() bool { return !strings.Contains(xprop(t, xid, "_NET_FRAME_EXTENTS"), "0, 0, 0, 0") })
}

// writeICO writes a 32x32 32-bit ICO file of one colour.
func writeICO(path string, c color.RGBA) error {
	const n = 32
	var img bytes.Buffer
	hdr := []any{uint32(40), int32(n), int32(2 * n), uint16(1), uint16(32), uint32(0), uint32(n * n * 4), int32(0), int32(0), uint32(0), uint32(0)}
	for _, v := range hdr {
		binary.Write(&img, binary.LittleEndian, v)
	}
	for i := 0; i < n*n; i++ {
		img.Write([]byte{c.B, c.G, c.R, c.A})
	}
	img.Write(make([]byte, n*n/8)) // AND mask: all opaque
	var f bytes.Buffer
	binary.Write(&f, binary.LittleEndian, []uint16{0, 1, 1})
	f.Write([]byte{n, n, 0, 0})
	binary.Write(&f, binary.LittleEndian, []uint16{1, 32})
	binary.Write(&f, binary.LittleEndian, []uint32{uint32(img.Len()), 22})
	f.Write(img.Bytes())
	return os.WriteFile(path, f.Bytes(), 0o644)
}

func TestWindowIcons(t *testing.T) {
	dir := t.TempDir()
	pngPath := filepath.Join(dir, "icon.png")
	img := image.NewRGBA(image.Rect(0, 0, 48, 48))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	var buf bytes.Buffer
	must(t, png.Encode(&buf, img))
	must(t, os.WriteFile(pngPath, buf.Bytes(), 0o644))
	icoPath := filepath.Join(dir, "icon.ico")
	must(t, writeICO(icoPath, color.RGBA{200, 10, 10, 255}))
	svgPath := filepath.Join(dir, "icon.svg")
	must(t, os.WriteFile(svgPath, []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="30" fill="teal"/></svg>`), 0o644))

	for _, c := range []struct{ path, size string }{{pngPath, "Icon (48 x 48)"}, {icoPath, "Icon (32 x 32)"}, {svgPath, "Icon (64 x 64)"}} {
		p := gotonium.New()
		must(t, p.SetCustomIconPath(c.path))
		must(t, p.Initialize(page("<title>icon</title>"), 200, 100))
		icon := xprop(t, p.NativeWindowHandle(), "_NET_WM_ICON")
		if !strings.Contains(icon, c.size) {
			t.Errorf("%s: _NET_WM_ICON = %.80s", filepath.Base(c.path), icon)
		}
		p.CloseBrowser()
	}
	// The option form, and changing the icon of an open window.
	p := gotonium.New()
	must(t, p.Initialize(page("<title>icon</title>"), 200, 100))
	t.Cleanup(func() { p.CloseBrowser() })
	q := gotonium.New()
	_, err := q.CreateBrowser(page("<title>icon2</title>"), 200, 100, gotonium.Icon(svgPath))
	must(t, err)
	t.Cleanup(func() { q.CloseBrowser() })
	if icon := xprop(t, q.NativeWindowHandle(), "_NET_WM_ICON"); !strings.Contains(icon, "Icon (64 x 64)") {
		t.Errorf("Icon option: %.80s", icon)
	}
	must(t, p.SetCustomIconPath(icoPath))
	waitFor(t, 3*time.Second, "the new icon", func() bool {
		return strings.Contains(xprop(t, p.NativeWindowHandle(), "_NET_WM_ICON"), "Icon (32 x 32)")
	})
	if err := p.SetCustomIconPath(filepath.Join(dir, "missing.png")); err == nil {
		t.Error("missing icon accepted")
	}
	bad := filepath.Join(dir, "bad.png")
	must(t, os.WriteFile(bad, []byte("not an image"), 0o644))
	if err := p.SetCustomIconPath(bad); err == nil {
		t.Error("broken icon accepted on an open window")
	}
	// From bytes (an embed.FS, say): the option and the setter.
	svg, _ := os.ReadFile(svgPath)
	r := gotonium.New()
	_, err = r.CreateBrowser(page("<title>icon3</title>"), 200, 100, gotonium.IconData(svg))
	must(t, err)
	t.Cleanup(func() { r.CloseBrowser() })
	if icon := xprop(t, r.NativeWindowHandle(), "_NET_WM_ICON"); !strings.Contains(icon, "Icon (64 x 64)") {
		t.Errorf("IconData option: %.80s", icon)
	}
	must(t, r.SetIconData(buf.Bytes()))
	waitFor(t, 3*time.Second, "the icon from bytes", func() bool {
		return strings.Contains(xprop(t, r.NativeWindowHandle(), "_NET_WM_ICON"), "Icon (48 x 48)")
	})
	if err := r.SetIconData([]byte("not an image")); err == nil {
		t.Error("broken icon bytes accepted on an open window")
	}
	if err := r.SetIconData(nil); !errors.Is(err, gotonium.ErrInvalidArgument) {
		t.Errorf("SetIconData(nil) = %v; want ErrInvalidArgument", err)
	}
	if _, err := gotonium.New().CreateBrowser(page("<title>x</title>"), 200, 100, gotonium.IconData([]byte("junk"))); err == nil {
		t.Error("a window opened with broken icon bytes")
	}
}

// TestDragRegionClick: a quick click on a drag region (or a frameless
// window's edge) is a click, not a move or resize: the window stays put and
// the next click elsewhere reaches the page (a move the window manager
// began after the button was up would hold the pointer until that click).
func TestDragRegionClick(t *testing.T) {
	p := gotonium.New()
	must(t, p.SetFramelessWindow(true))
	must(t, p.Initialize(page(`<title>frameless</title><style>
		html, body { margin: 0; height: 100%; background: #ddd; }
		#bar { height: 40px; background: #246; -webkit-app-region: drag; }
	</style><div id="bar"></div><div id="rest" style="height:200px"></div>
	<script>window.clicks = 0; rest.addEventListener("click", () => clicks++);</script>`), 400, 300))
	t.Cleanup(func() { p.CloseBrowser() })
	waitPainted(t, p)
	xid := p.NativeWindowHandle()
	must(t, p.SetWindowPosition(300, 200))
	waitFor(t, 3*time.Second, "the move", func() bool { x, y, _, _ := geometry(t, xid); return x == 300 && y == 200 })
	for i, at := range [][2]int{{300 + 200, 200 + 20}, {300 + 398, 200 + 150}} { // the bar, the right edge
		xdt(t, "mousemove", strconv.Itoa(at[0]), strconv.Itoa(at[1]))
		xdt(t, "click", "1")
		clicks := eval(t, p, "clicks").(float64)
		xdt(t, "mousemove", strconv.Itoa(300+150), strconv.Itoa(200+120))
		xdt(t, "click", "1")
		waitFor(t, 3*time.Second, "the page's click after the quick one", func() bool { return eval(t, p, "clicks").(float64) > clicks })
		if x, y, w, h := geometry(t, xid); x != 300 || y != 200 || w != 400 || h != 300 {
			t.Fatalf("click %d: a quick click moved or resized the window to %d,%d %dx%d", i, x, y, w, h)
		}
	}
}
