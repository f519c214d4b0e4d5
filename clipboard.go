package gotonium

import (
	"errors"
	"fmt"
	"image"
	"image/draw"

	"github.com/gotonium/gotonium/internal/engine"
)

// The desktop clipboard (on X11 the CLIPBOARD selection, the one Ctrl+C and
// Ctrl+V use). These functions start the engine if it is not running, like
// Screens, may be called from any goroutine except from inside an engine
// callback's own thread (never the case for app callbacks), and the content
// stays available while the process runs (after it exits, only if a
// clipboard manager took a copy).

// SetClipboardText puts text on the clipboard. Text that is not valid UTF-8
// or holds a NUL (which other applications would cut short) is
// ErrInvalidArgument.
func SetClipboardText(text string) error {
	if err := checkText("clipboard text", text); err != nil {
		return err
	}
	return withEngine("set clipboard text", func(e engine.Engine) error { return e.SetClipboardText(text) })
}

// ClipboardText returns the clipboard's text, or "" when it holds none (it
// may hold an image, or nothing). It waits for the application that owns
// the clipboard to hand the text over, at most 5 seconds.
func ClipboardText() (string, error) {
	var text string
	err := withEngine("read clipboard text", func(e engine.Engine) (err error) { text, err = e.ClipboardText(); return })
	return text, err
}

// SetClipboardImage puts an image on the clipboard (other applications can
// paste it as PNG, among others).
func SetClipboardImage(img image.Image) error {
	if img == nil || img.Bounds().Empty() {
		return fmt.Errorf("%w: SetClipboardImage: no image, or an empty one", ErrInvalidArgument)
	}
	n, ok := img.(*image.NRGBA)
	if !ok || n.Rect.Min != (image.Point{}) {
		b := img.Bounds()
		n = image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
		draw.Draw(n, n.Rect, img, b.Min, draw.Src)
	}
	return withEngine("set clipboard image", func(e engine.Engine) error { return e.SetClipboardImage(n) })
}

// ClipboardImage returns the clipboard's image as an *image.NRGBA, or nil
// when it holds none. Like ClipboardText it waits for the clipboard's
// owner, at most 5 seconds.
func ClipboardImage() (image.Image, error) {
	var img *image.NRGBA
	err := withEngine("read clipboard image", func(e engine.Engine) (err error) { img, err = e.ClipboardImage(); return })
	if err != nil || img == nil {
		return nil, err
	}
	return img, nil
}

// withEngine runs f with the engine, starting it if needed.
func withEngine(what string, f func(engine.Engine) error) error {
	if err := start(); err != nil {
		return err
	}
	proc.mu.Lock()
	eng := proc.eng
	proc.mu.Unlock()
	if err := f(eng); err != nil {
		if errors.Is(err, engine.ErrStopped) {
			return ErrNotInitialized
		}
		return fmt.Errorf("gotonium: %s: %w", what, err)
	}
	return nil
}
