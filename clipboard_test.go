//go:build !fakeengine

package gotonium_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// xclip runs xclip on the CLIPBOARD selection with a time limit (a reader
// waits for the owner).
func xclip(t *testing.T, stdin []byte, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "xclip", append([]string{"-selection", "clipboard"}, args...)...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var out, errb bytes.Buffer
	if stdin == nil {
		cmd.Stdout, cmd.Stderr = &out, &errb
	} // else xclip stays in the background to serve the selection: keep no pipe to it
	if err := cmd.Run(); err != nil {
		t.Fatalf("xclip %v: %v %s", args, err, errb.String())
	}
	return out.Bytes()
}

// TestClipboardText round-trips text with another X client (xclip), both
// ways, and from a goroutine while a window is open.
func TestClipboardText(t *testing.T) {
	pump(t)
	p := open(t, colourPage("clip", "#abc"), 200, 100)
	text := "gotonium — ✂ clipboard\nline 2"
	must(t, gotonium.SetClipboardText(text))
	if got := string(xclip(t, nil, "-o")); got != text {
		t.Fatalf("xclip read %q, want %q", got, text)
	}
	// Another application owns it now; xclip -i serves it until replaced.
	xclip(t, []byte("from xclip"), "-i")
	waitFor(t, 5*time.Second, "the text xclip set", func() bool { got, err := gotonium.ClipboardText(); return err == nil && got == "from xclip" })
	done := make(chan string)
	go func() { s, _ := gotonium.ClipboardText(); done <- s }()
	if got := <-done; got != "from xclip" {
		t.Fatalf("from another goroutine: %q", got)
	}
	// The page pastes what Go copied (a real Ctrl+V into an input).
	must(t, gotonium.SetClipboardText("pasted"))
	must(t, p.LoadURL(page(`<title>paste</title><input id=i autofocus>`)))
	waitPainted(t, p)
	xid := p.NativeWindowHandle()
	xdt(t, "windowactivate", "--sync", fmt.Sprint(xid))
	eval(t, p, `document.getElementById("i").focus(), 1`)
	xdt(t, "key", "ctrl+v")
	waitFor(t, 5*time.Second, "the paste", func() bool { return eval(t, p, `document.getElementById("i").value`) == "pasted" })
	for _, bad := range []string{"a\x00b", "\xff"} {
		if err := gotonium.SetClipboardText(bad); !errors.Is(err, gotonium.ErrInvalidArgument) {
			t.Errorf("SetClipboardText(%q): %v", bad, err)
		}
	}
}

// TestClipboardImage round-trips an image with xclip as PNG, both ways.
func TestClipboardImage(t *testing.T) {
	src := image.NewNRGBA(image.Rect(0, 0, 8, 4))
	for y := 0; y < 4; y++ {
		for x := 0; x < 8; x++ {
			src.SetNRGBA(x, y, color.NRGBA{uint8(30 * x), uint8(60 * y), 200, 255})
		}
	}
	must(t, gotonium.SetClipboardImage(src))
	if targets := string(xclip(t, nil, "-o", "-t", "TARGETS")); !strings.Contains(targets, "image/png") {
		t.Fatalf("targets: %s", targets)
	}
	got, err := png.Decode(bytes.NewReader(xclip(t, nil, "-o", "-t", "image/png")))
	if err != nil {
		t.Fatal(err)
	}
	if !sameImage(got, src) {
		t.Fatalf("xclip read a different image (%v)", got.Bounds())
	}
	// The other way: xclip owns a PNG.
	var buf bytes.Buffer
	other := image.NewNRGBA(image.Rect(0, 0, 5, 3))
	for i := range other.Pix {
		other.Pix[i] = 255
	}
	other.SetNRGBA(2, 1, color.NRGBA{255, 0, 0, 255})
	must(t, png.Encode(&buf, other))
	xclip(t, buf.Bytes(), "-i", "-t", "image/png")
	// xclip takes the selection a moment after it returns: until then the
	// clipboard still holds our own image.
	var img image.Image
	waitFor(t, 5*time.Second, "the image xclip set", func() bool {
		img, err = gotonium.ClipboardImage()
		return err == nil && img != nil && img.Bounds().Size() == other.Bounds().Size()
	})
	if !sameImage(img, other) {
		t.Fatalf("ClipboardImage: a different image (%v)", img.Bounds())
	}
	if text, err := gotonium.ClipboardText(); err != nil || text != "" {
		t.Fatalf("text of an image clipboard: %q %v", text, err)
	}
	if err := gotonium.SetClipboardImage(nil); !errors.Is(err, gotonium.ErrInvalidArgument) {
		t.Errorf("SetClipboardImage(nil): %v", err)
	}
}

func sameImage(a, b image.Image) bool {
	if a.Bounds().Size() != b.Bounds().Size() {
		return false
	}
	for y := 0; y < a.Bounds().Dy(); y++ {
		for x := 0; x < a.Bounds().Dx(); x++ {
			r1, g1, b1, a1 := a.At(a.Bounds().Min.X+x, a.Bounds().Min.Y+y).RGBA()
			r2, g2, b2, a2 := b.At(b.Bounds().Min.X+x, b.Bounds().Min.Y+y).RGBA()
			if r1>>8 != r2>>8 || g1>>8 != g2>>8 || b1>>8 != b2>>8 || a1>>8 != a2>>8 {
				return false
			}
		}
	}
	return true
}
