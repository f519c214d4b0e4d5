package gotoniumtest

import (
	"bufio"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gotonium/gotonium/internal/xvfb"
)

// Screenshot returns an image of the whole window as the screen shows it,
// with the window manager's frame (title bar, borders) when it has one. It
// raises and activates the window first, so that no other window covers it.
// It needs ImageMagick (the imagemagick package). For an offscreen window it
// returns the page (Instance.Snapshot), which has no frame.
func (w *Window) Screenshot() (image.Image, error) {
	img, err := w.screenshot()
	if err != nil {
		return nil, fmt.Errorf("gotoniumtest: Screenshot: %v", err)
	}
	return img, nil
}

func (w *Window) screenshot() (image.Image, error) {
	xid := w.p.NativeWindowHandle()
	if xid == 0 {
		return w.p.Snapshot()
	}
	if !w.p.IsRunning() {
		return nil, fmt.Errorf("the window is closed")
	}
	frame, err := frameOf(xid)
	if err != nil {
		return nil, err
	}
	r, err := screenRect(frame)
	if err != nil {
		return nil, err
	}
	w.raise()
	// Let the window repaint what a covering window hid.
	time.Sleep(50 * time.Millisecond)
	screen, err := xvfb.Screenshot()
	if err != nil {
		return nil, err
	}
	r = r.Intersect(screen.Bounds())
	if r.Empty() {
		return nil, fmt.Errorf("the window is off the screen")
	}
	out := image.NewRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	for y := 0; y < r.Dy(); y++ {
		for x := 0; x < r.Dx(); x++ {
			out.Set(x, y, screen.At(r.Min.X+x, r.Min.Y+y))
		}
	}
	return out, nil
}

// raise brings the window to the front without failing the test.
func (w *Window) raise() {
	id := strconv.FormatUint(w.p.NativeWindowHandle(), 10)
	if active, err := xdotool("getactivewindow"); err == nil {
		if active != id {
			xdotool("windowactivate", "--sync", id)
		}
		return
	}
	xdotool("windowraise", id)
}

// frameOf returns the top-level X window that holds xid: the window
// manager's frame, or xid itself when it is a child of the root window.
func frameOf(xid uint64) (uint64, error) {
	for i := 0; i < 10; i++ {
		out, err := xwininfo("-tree", "-id", strconv.FormatUint(xid, 10))
		if err != nil {
			return 0, err
		}
		root, parent := hexField(out, "Root window id:"), hexField(out, "Parent window id:")
		if root == 0 || parent == 0 {
			return 0, fmt.Errorf("xwininfo -tree: no parent in %q", out)
		}
		if parent == root {
			return xid, nil
		}
		xid = parent
	}
	return 0, fmt.Errorf("window 0x%x: too deep below the root window", xid)
}

// hexField returns the window id after label in xwininfo's output.
func hexField(out, label string) uint64 {
	_, rest, ok := strings.Cut(out, label)
	if !ok {
		return 0
	}
	f := strings.Fields(rest)
	if len(f) == 0 {
		return 0
	}
	v, _ := strconv.ParseUint(strings.TrimPrefix(f[0], "0x"), 16, 64)
	return v
}

// screenRect returns where the X window is on the screen, borders included.
func screenRect(xid uint64) (image.Rectangle, error) {
	out, err := xwininfo("-id", strconv.FormatUint(xid, 10))
	if err != nil {
		return image.Rectangle{}, err
	}
	v := map[string]int{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		k, val, ok := strings.Cut(strings.TrimSpace(sc.Text()), ":")
		if !ok {
			continue
		}
		if n, err := strconv.Atoi(strings.TrimSpace(val)); err == nil {
			v[k] = n
		}
	}
	x, y, b := v["Absolute upper-left X"], v["Absolute upper-left Y"], v["Border width"]
	wd, ht := v["Width"], v["Height"]
	if wd == 0 || ht == 0 {
		return image.Rectangle{}, fmt.Errorf("xwininfo: no geometry in %q", out)
	}
	// The absolute position is that of the inside of the border.
	return image.Rect(x-b, y-b, x+wd+b, y+ht+b), nil
}

// saveOnFailure writes a screenshot when the test failed.
func (w *Window) saveOnFailure() {
	if !w.t.Failed() {
		return
	}
	if !w.p.IsRunning() {
		w.t.Logf("gotoniumtest: no failure screenshot of %v: the window is closed", w)
		return
	}
	img, err := w.screenshot()
	if err != nil {
		w.t.Logf("gotoniumtest: no failure screenshot of %v: %v", w, err)
		return
	}
	path, err := writePNG(w.t, img)
	if err != nil {
		w.t.Logf("gotoniumtest: no failure screenshot of %v: %v", w, err)
		return
	}
	w.t.Logf("gotoniumtest: screenshot of the failed test's %v: %s", w, path)
}

// writePNG saves img in the test's artifact directory (with -artifacts) or
// in os.TempDir(), under a new name, and returns the file's path.
func writePNG(t testing.TB, img image.Image) (string, error) {
	dir := os.TempDir()
	if a, ok := t.(interface{ ArtifactDir() string }); ok {
		if f := flag.Lookup("test.artifacts"); f != nil && f.Value.String() == "true" {
			dir = a.ArtifactDir()
		}
	}
	f, err := os.CreateTemp(dir, "gotoniumtest-"+sanitize(t.Name())+"-*.png")
	if err != nil {
		return "", err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), f.Close()
}
