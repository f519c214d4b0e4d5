//go:build !fakeengine

package gotonium_test

import (
	"errors"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// frames records the frames an offscreen window delivers.
type frames struct {
	mu    sync.Mutex
	n     int
	last  *image.RGBA
	dirty image.Rectangle
}

func (f *frames) paint(img image.Image, dirty image.Rectangle) {
	rgba := img.(*image.RGBA)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n++
	f.last = &image.RGBA{Pix: append([]byte(nil), rgba.Pix...), Stride: rgba.Stride, Rect: rgba.Rect}
	f.dirty = dirty
}

// at returns the colour of the last frame at (x, y) and the frame count.
func (f *frames) at(x, y int) (color.RGBA, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.last == nil {
		return color.RGBA{}, 0
	}
	return f.last.RGBAAt(x, y), f.n
}

func (f *frames) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.n
}

// openOffscreen opens an offscreen window whose frames go to the returned
// recorder; the message loop is pumped until the test ends.
func openOffscreen(t *testing.T, url string, w, h int, transparent bool) (*gotonium.Instance, *frames) {
	t.Helper()
	p := gotonium.New()
	rec := &frames{}
	if err := p.SetOSRMode(true); err != nil {
		t.Fatal(err)
	}
	if err := p.SetTransparentBackground(transparent); err != nil {
		t.Fatal(err)
	}
	if err := p.OnPaint(rec.paint); err != nil {
		t.Fatal(err)
	}
	if err := p.Initialize(url, w, h); err != nil {
		t.Fatalf("Initialize: %v", err)
	}
	t.Cleanup(func() {
		if p.IsRunning() {
			p.CloseBrowser()
		}
	})
	pump(t)
	return p, rec
}

// near reports whether two colours differ by at most 2 in each channel.
func near(a, b color.RGBA) bool {
	d := func(x, y uint8) bool { return x-y <= 2 || y-x <= 2 }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B) && d(a.A, b.A)
}

// waitColour waits until the last frame has colour c at every point.
func waitColour(t *testing.T, rec *frames, c color.RGBA, points ...image.Point) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ok := true
		var got color.RGBA
		var bad image.Point
		for _, pt := range points {
			if got, _ = rec.at(pt.X, pt.Y); !near(got, c) {
				ok, bad = false, pt
				break
			}
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("frame at %v is %v, want %v (%d frames)", bad, got, c, rec.count())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestOSRFrames(t *testing.T) {
	title := "osr-frames-" + strings.ReplaceAll(t.Name(), "/", "-")
	p, rec := openOffscreen(t, colourPage(title, "rgb(200,30,60)"), 320, 240, false)
	waitColour(t, rec, color.RGBA{200, 30, 60, 255}, image.Pt(0, 0), image.Pt(319, 239), image.Pt(160, 120), image.Pt(5, 230))
	rec.mu.Lock()
	size := rec.last.Rect
	rec.mu.Unlock()
	if size != image.Rect(0, 0, 320, 240) {
		t.Fatalf("frame bounds %v, want 320x240", size)
	}
	// No window of it is on screen.
	out, err := exec.Command("xdotool", "search", "--onlyvisible", "--name", title).Output()
	if errors.Is(err, exec.ErrNotFound) {
		t.Fatal("xdotool is needed: install the xdotool package")
	}
	if s := strings.TrimSpace(string(out)); s != "" {
		t.Fatalf("xdotool found visible windows %q for an offscreen window", s)
	}
	if h := p.NativeWindowHandle(); h != 0 {
		t.Errorf("NativeWindowHandle = %d, want 0 for an offscreen window", h)
	}
}

func TestOSRLateOnPaint(t *testing.T) {
	// OnPaint set after the page has painted gets the newest frame at once.
	p := gotonium.New()
	p.SetOSRMode(true)
	if err := p.Initialize(colourPage("osr-late", "rgb(0,0,200)"), 64, 48); err != nil {
		t.Fatal(err)
	}
	defer p.CloseBrowser()
	waitPainted(t, p)
	pump(t)
	rec := &frames{}
	if err := p.OnPaint(rec.paint); err != nil {
		t.Fatal(err)
	}
	waitColour(t, rec, color.RGBA{0, 0, 200, 255}, image.Pt(0, 0), image.Pt(63, 47))
	rec.mu.Lock()
	dirty := rec.dirty
	rec.mu.Unlock()
	if dirty != image.Rect(0, 0, 64, 48) {
		t.Errorf("first dirty rectangle %v, want the whole frame", dirty)
	}
	// Settings apply to windows opened later: not while this one is open.
	if err := p.SetOSRMode(false); !errors.Is(err, gotonium.ErrBrowserOpen) {
		t.Fatalf("SetOSRMode on an open window: %v, want ErrBrowserOpen", err)
	}
	if err := p.SetTransparentBackground(true); !errors.Is(err, gotonium.ErrBrowserOpen) {
		t.Fatalf("SetTransparentBackground on an open window: %v, want ErrBrowserOpen", err)
	}
	// After it closes, the next window may be on screen.
	p.CloseBrowser()
	if err := p.SetOSRMode(false); err != nil {
		t.Fatal(err)
	}
}

// click presses and releases the left button at (x, y).
func click(t *testing.T, p *gotonium.Instance, x, y float64) {
	t.Helper()
	for _, k := range []gotonium.MouseEventKind{gotonium.MouseMove, gotonium.MousePress, gotonium.MouseRelease} {
		if err := p.SendMouseEvent(gotonium.MouseEvent{Kind: k, X: x, Y: y, Button: gotonium.ButtonLeft}); err != nil {
			t.Fatalf("SendMouseEvent: %v", err)
		}
	}
}

// typeKeys presses and releases each key in turn.
func typeKeys(t *testing.T, p *gotonium.Instance, keys ...string) {
	t.Helper()
	for _, k := range keys {
		for _, down := range []bool{true, false} {
			if err := p.SendKeyEvent(k, down); err != nil {
				t.Fatalf("SendKeyEvent(%q, %v): %v", k, down, err)
			}
		}
	}
}

const inputPage = `<!doctype html><title>osr-input</title>
<style>body{margin:0} button{position:absolute;left:20px;top:20px;width:100px;height:40px} input{position:absolute;left:20px;top:100px;width:200px;height:30px}</style>
<button id=b onclick="window.clicks=(window.clicks||0)+1;this.style.cssText='background:rgb(0,128,0);border:0;outline:0'">Click</button><input id=i>
<script>window.keys=[];document.addEventListener('keydown',e=>keys.push(e.key))</script>`

func TestOSRInput(t *testing.T) {
	p, rec := openOffscreen(t, page(inputPage), 300, 200, false)
	waitPainted(t, p)
	// The page's first frames, whose dirty rectangle is the whole frame, are
	// delivered before the click (else they merge with the click's).
	waitFor(t, 5*time.Second, "the first frames to be delivered", func() bool { return rec.count() > 0 && !p.FrameQueuedForTest() })
	click(t, p, 70, 40)
	waitFor(t, 5*time.Second, "the click", func() bool { return eval(t, p, "window.clicks || 0") == 1.0 })
	// The click repaints the button only: the frame changes in place there.
	waitColour(t, rec, color.RGBA{0, 128, 0, 255}, image.Pt(25, 25), image.Pt(70, 40), image.Pt(115, 55))
	waitColour(t, rec, color.RGBA{255, 255, 255, 255}, image.Pt(5, 5), image.Pt(150, 40), image.Pt(290, 190))
	rec.mu.Lock()
	dirty := rec.dirty
	rec.mu.Unlock()
	if dirty.Empty() || dirty == image.Rect(0, 0, 300, 200) {
		t.Errorf("dirty rectangle after a click on the button: %v, want part of the frame", dirty)
	}
	click(t, p, 120, 115) // focus the input
	// Key events may overtake mouse events on their way to the page.
	waitFor(t, 5*time.Second, "the input to get the focus", func() bool { return eval(t, p, "document.activeElement.id") == "i" })
	typeKeys(t, p, "h", "i", "space")
	p.SendKeyEvent("Shift_L", true)
	typeKeys(t, p, "a", "1")
	p.SendKeyEvent("Shift_L", false)
	typeKeys(t, p, "?", "é", "x", "BackSpace")
	// The value reads "hi A!?é" before the x too: wait for the last key.
	waitFor(t, 5*time.Second, "the last key", func() bool { return eval(t, p, "keys[keys.length - 1]") == "Backspace" })
	want := "hi A!?é"
	waitFor(t, 5*time.Second, "typed text", func() bool { return eval(t, p, "document.getElementById('i').value") == want })
	if got := eval(t, p, "keys.join(' ')"); got != "h i   Shift A ! ? é x Backspace" {
		t.Errorf("keydown keys %q", got)
	}
}

func TestOSRTransparent(t *testing.T) {
	html := `<!doctype html><title>osr-transparent</title><style>html,body{margin:0;background:transparent}
div{position:absolute;left:10px;top:10px;width:50px;height:40px;background:rgb(0,0,255)}</style><div></div>`
	p, rec := openOffscreen(t, page(html), 200, 100, true)
	waitColour(t, rec, color.RGBA{0, 0, 255, 255}, image.Pt(10, 10), image.Pt(59, 49))
	waitColour(t, rec, color.RGBA{}, image.Pt(0, 0), image.Pt(150, 50), image.Pt(199, 99), image.Pt(35, 70))
	// A snapshot keeps the transparency too.
	img, err := p.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if c := img.(*image.RGBA).RGBAAt(150, 50); c.A != 0 {
		t.Errorf("snapshot at (150, 50) is %v, want transparent", c)
	}
	if c := img.(*image.RGBA).RGBAAt(30, 30); !near(c, color.RGBA{0, 0, 255, 255}) {
		t.Errorf("snapshot at (30, 30) is %v, want opaque blue", c)
	}
}

func TestOSROpaqueByDefault(t *testing.T) {
	// Without SetTransparentBackground a page that paints nothing is white.
	p, rec := openOffscreen(t, page(`<!doctype html><style>html,body{margin:0;background:transparent}</style>`), 100, 100, false)
	waitPainted(t, p)
	waitColour(t, rec, color.RGBA{255, 255, 255, 255}, image.Pt(0, 0), image.Pt(99, 99))
}

func TestOSRAnimation(t *testing.T) {
	html := `<!doctype html><style>html,body{margin:0;height:100%}</style><script>
let n = 0;
function step() { n++; document.body.style.background = 'rgb(' + (n % 256) + ',0,0)'; requestAnimationFrame(step); }
requestAnimationFrame(step);</script>`
	_, rec := openOffscreen(t, page(html), 200, 150, false)
	waitFor(t, 10*time.Second, "a first frame", func() bool { return rec.count() > 0 })
	// The animation shows: ten distinct frames arrive (a loaded machine
	// only makes them come later). Grabs are rate-limited to 60 Hz: a slow
	// machine delivers fewer frames, never more, so the upper bound holds
	// under any load.
	seen := map[uint8]bool{}
	start, n0 := time.Now(), rec.count()
	waitFor(t, 10*time.Second, "ten distinct animation frames", func() bool {
		c, _ := rec.at(100, 75)
		seen[c.R] = true
		return len(seen) >= 10 && time.Since(start) >= time.Second
	})
	elapsed := time.Since(start).Seconds()
	frames := rec.count() - n0
	t.Logf("%d frames in %.2f s (%.0f/s), %d distinct colours seen", frames, elapsed, float64(frames)/elapsed, len(seen))
	if max := int(60*elapsed*1.15) + 2; frames > max {
		t.Fatalf("%d frames in %.2f s (more than %d): grabs are not rate-limited to 60 Hz", frames, elapsed, max)
	}
}

func TestOSRCoalesce(t *testing.T) {
	// The app does not pump while the page animates: once it pumps, it gets
	// one frame, the newest, with a dirty rectangle covering all changes.
	html := `<!doctype html><style>html,body{margin:0;height:100%}</style><script>
let n = 0;
function step() { n++; document.body.style.background = 'rgb(0,' + (n % 256) + ',0)'; if (n < 30) requestAnimationFrame(step); else document.body.style.background = 'rgb(1,2,3)'; }
requestAnimationFrame(step);</script>`
	p := gotonium.New()
	p.SetOSRMode(true)
	var calls int
	var last color.RGBA
	var dirty image.Rectangle
	p.OnPaint(func(frame image.Image, d image.Rectangle) {
		calls++
		last = frame.(*image.RGBA).RGBAAt(5, 5)
		dirty = d
	})
	if err := p.Initialize(page(html), 120, 90); err != nil {
		t.Fatal(err)
	}
	defer p.CloseBrowser()
	waitFor(t, 10*time.Second, "the animation to end", func() bool { return eval(t, p, "n") == 30.0 })
	// Wait for the engine to hand over the final frame (without pumping).
	waitFor(t, 10*time.Second, "the final frame", func() bool {
		r, g, b, a, ok := p.NewestFrameAtForTest(5, 5)
		return ok && (color.RGBA{r, g, b, a}) == color.RGBA{1, 2, 3, 255}
	})
	p.UpdateMessageLoop()
	if calls != 1 || last != (color.RGBA{1, 2, 3, 255}) || dirty != image.Rect(0, 0, 120, 90) {
		t.Fatalf("after one pump: %d calls, last pixel %v, dirty %v; want 1 call, the final colour, the whole frame", calls, last, dirty)
	}
}

func TestOSRBadInput(t *testing.T) {
	p := gotonium.New()
	if err := p.OnPaint(nil); !errors.Is(err, gotonium.ErrInvalidArgument) {
		t.Errorf("OnPaint(nil): %v", err)
	}
	if err := p.SendMouseEvent(gotonium.MouseEvent{}); !errors.Is(err, gotonium.ErrNoBrowser) {
		t.Errorf("SendMouseEvent without a window: %v", err)
	}
	if err := p.SendKeyEvent("a", true); !errors.Is(err, gotonium.ErrNoBrowser) {
		t.Errorf("SendKeyEvent without a window: %v", err)
	}
	if _, err := p.Snapshot(); !errors.Is(err, gotonium.ErrNoBrowser) {
		t.Errorf("Snapshot without a window: %v", err)
	}
	p, _ = openOffscreen(t, page("<p>x</p>"), 100, 100, false)
	for _, e := range []gotonium.MouseEvent{
		{Kind: gotonium.MouseWheel + 1},
		{Kind: -1},
		{Kind: gotonium.MousePress, Button: 0},
		{Kind: gotonium.MouseRelease, Button: 4},
		{Kind: gotonium.MouseMove, X: math.NaN()},
		{Kind: gotonium.MouseWheel, DeltaY: math.Inf(1)},
	} {
		if err := p.SendMouseEvent(e); !errors.Is(err, gotonium.ErrInvalidArgument) {
			t.Errorf("SendMouseEvent(%+v): %v, want ErrInvalidArgument", e, err)
		}
	}
	for _, k := range []string{"", "NoSuchKey", "ab", "\x01"} {
		if err := p.SendKeyEvent(k, true); !errors.Is(err, gotonium.ErrInvalidArgument) {
			t.Errorf("SendKeyEvent(%q): %v, want ErrInvalidArgument", k, err)
		}
	}
	if err := p.SendMouseEvent(gotonium.MouseEvent{Kind: gotonium.MouseWheel, X: 5, Y: 5, DeltaY: 1}); err != nil {
		t.Errorf("wheel: %v", err)
	}
	// A window on screen takes no injected input.
	q := open(t, page("<p>on screen</p>"), 100, 100)
	if err := q.SendMouseEvent(gotonium.MouseEvent{Kind: gotonium.MouseMove}); !errors.Is(err, gotonium.ErrNotOffscreen) || !errors.Is(err, gotonium.ErrUnsupported) {
		t.Errorf("SendMouseEvent on screen: %v, want ErrNotOffscreen", err)
	}
	if err := q.SendKeyEvent("a", true); !errors.Is(err, gotonium.ErrNotOffscreen) {
		t.Errorf("SendKeyEvent on screen: %v, want ErrNotOffscreen", err)
	}
	p.CloseBrowser()
	if err := p.SendKeyEvent("a", true); !errors.Is(err, gotonium.ErrNoBrowser) {
		t.Errorf("SendKeyEvent after close: %v", err)
	}
}

func TestSnapshotOnScreen(t *testing.T) {
	p := open(t, colourPage("snap", "rgb(10,200,30)"), 240, 160)
	waitPainted(t, p)
	img, err := p.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b != image.Rect(0, 0, 240, 160) {
		t.Fatalf("snapshot bounds %v", b)
	}
	for _, pt := range []image.Point{{0, 0}, {239, 159}, {120, 80}} {
		if c := img.(*image.RGBA).RGBAAt(pt.X, pt.Y); !near(c, color.RGBA{10, 200, 30, 255}) {
			t.Errorf("snapshot at %v is %v", pt, c)
		}
	}
}

func TestOSRKeysWithoutClick(t *testing.T) {
	p, _ := openOffscreen(t, page(`<!doctype html><input id=i autofocus>`), 200, 100, false)
	waitPainted(t, p)
	typeKeys(t, p, "o", "k")
	waitFor(t, 5*time.Second, "typed text", func() bool { return eval(t, p, "document.getElementById('i').value") == "ok" })
}

func TestOSRWheelAndDoubleClick(t *testing.T) {
	p, _ := openOffscreen(t, page(`<!doctype html><body style="margin:0;height:5000px" ondblclick="window.dbl=(window.dbl||0)+1">`), 200, 150, false)
	waitPainted(t, p)
	if err := p.SendMouseEvent(gotonium.MouseEvent{Kind: gotonium.MouseWheel, X: 100, Y: 75, DeltaY: 3}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 5*time.Second, "the page to scroll", func() bool { y, _ := eval(t, p, "scrollY").(float64); return y > 0 })
	click(t, p, 50, 50)
	click(t, p, 50, 50)
	waitFor(t, 5*time.Second, "a dblclick", func() bool { return eval(t, p, "window.dbl || 0") == 1.0 })
}

func TestOffscreenExample(t *testing.T) {
	dir := t.TempDir()
	exe := filepath.Join(dir, "offscreen")
	build := exec.Command("go", "build", "-o", exe, "./examples/offscreen")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	frames := filepath.Join(dir, "frames")
	out, err := exec.Command(exe, "-out", frames, "-frames", "3").CombinedOutput()
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "Wrote 3 frames to "+frames) {
		t.Errorf("output: %s", out)
	}
	f, err := os.Open(filepath.Join(frames, "frame-002.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	// The page's background is transparent around its opaque card.
	if _, _, _, a := img.At(2, 2).RGBA(); a != 0 {
		t.Errorf("corner alpha %d, want 0", a)
	}
	if _, _, _, a := img.At(400, 300).RGBA(); a != 0xffff {
		t.Errorf("centre alpha %d, want opaque", a)
	}
}

func TestOSRDragSelects(t *testing.T) {
	p, _ := openOffscreen(t, page(`<!doctype html><p style="margin:0;font:20px monospace">drag across this text</p>`), 300, 60, false)
	waitPainted(t, p)
	for _, e := range []gotonium.MouseEvent{
		{Kind: gotonium.MouseMove, X: 2, Y: 10},
		{Kind: gotonium.MousePress, X: 2, Y: 10, Button: gotonium.ButtonLeft},
		{Kind: gotonium.MouseMove, X: 100, Y: 12},
		{Kind: gotonium.MouseMove, X: 200, Y: 12},
		{Kind: gotonium.MouseRelease, X: 200, Y: 12, Button: gotonium.ButtonLeft},
	} {
		if err := p.SendMouseEvent(e); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, 5*time.Second, "a selection", func() bool {
		s, _ := eval(t, p, "getSelection().toString()").(string)
		return strings.HasPrefix(s, "drag across")
	})
}
