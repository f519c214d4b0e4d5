package main

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gotonium/gotonium/gotoniumtest"
)

func TestMain(m *testing.M) { gotoniumtest.Main(m) }

// The page's colours: its button before and after the click.
var (
	green  = color.NRGBA{0x22, 0xc5, 0x5e, 0xff}
	orange = color.NRGBA{0xf9, 0x73, 0x16, 0xff}
)

// TestRecord records 6 frames as main does and reads the PNG files back:
// each is the page at 800x600, transparent around the card (alpha 0) and
// with the card's colour on it; the canvas animation changes from frame to
// frame; and the button the app clicks with injected input is green in the
// first frames and orange from some frame on.
func TestRecord(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	const count = 6 // PNG encoding is slow with -race: 0.5 s a frame
	n, err := record(ctx, dir, count, 100*time.Millisecond)
	if err != nil || n != count {
		t.Fatalf("record wrote %d frames (%v), want %d", n, err, count)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) != count {
		t.Fatalf("%d files in the folder, want %d: %v", len(files), count, files)
	}

	frames := make([]*image.NRGBA, count)
	clickedAt := -1 // the first frame with the orange button
	for i := range frames {
		frames[i] = readPNG(t, filepath.Join(dir, fmt.Sprintf("frame-%03d.png", i)))
		f := frames[i]
		if f.Bounds() != image.Rect(0, 0, 800, 600) {
			t.Fatalf("frame %d: bounds %v, want 800x600", i, f.Bounds())
		}
		if c := f.NRGBAAt(4, 4); c.A != 0 {
			t.Errorf("frame %d: the corner is %v, want transparent", i, c)
		}
		// The card's left padding, halfway down: its gradient, between
		// #0f172a and #312e81. (Its alpha is 0.92, but only the first frame
		// has that: gotonium's offscreen frames make translucent pixels
		// opaque from the second frame on, reported with issue 11.)
		if c := f.NRGBAAt(60, 300); c.A < 230 || c.R < 12 || c.R > 52 || c.B < 39 || c.B > 132 || c.B <= c.R {
			t.Errorf("frame %d: the card at 60,300 is %v", i, c)
		}
		g, o := countColour(f, green), countColour(f, orange)
		switch {
		case o > 500 && clickedAt < 0:
			clickedAt = i
		case o <= 500 && clickedAt >= 0:
			t.Errorf("frame %d: the button is no longer orange (it was from frame %d on)", i, clickedAt)
		case o <= 500 && g < 500:
			t.Errorf("frame %d: no green button (%d green pixels)", i, g)
		}
	}
	if clickedAt < 1 {
		t.Fatalf("the button is orange from frame %d on, want green in the first frames and orange later", clickedAt)
	}
	// The canvas is animated: the first and last frames differ there.
	changed := 0
	for y := 150; y < 350; y++ {
		for x := 100; x < 650; x++ {
			if frames[0].NRGBAAt(x, y) != frames[count-1].NRGBAAt(x, y) {
				changed++
			}
		}
	}
	if changed < 1000 {
		t.Errorf("only %d pixels of the canvas changed between the first and the last frame", changed)
	}
}

// readPNG reads a PNG file written by writePNG, an 8-bit RGBA image.
func readPNG(t *testing.T, name string) *image.NRGBA {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	n, ok := img.(*image.NRGBA)
	if !ok {
		t.Fatalf("%s is a %T, want an *image.NRGBA", name, img)
	}
	return n
}

// countColour counts the pixels of img within a few steps of c.
func countColour(img *image.NRGBA, c color.NRGBA) int {
	n := 0
	for i := 0; i < len(img.Pix); i += 4 {
		p := img.Pix[i : i+4 : i+4]
		if near(p[0], c.R) && near(p[1], c.G) && near(p[2], c.B) && p[3] == c.A {
			n++
		}
	}
	return n
}

func near(a, b uint8) bool { return int(a)-int(b) <= 6 && int(b)-int(a) <= 6 }
