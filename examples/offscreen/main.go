// Command offscreen renders a page without showing any window and writes
// some of its frames to PNG files. The page's background is transparent, so
// the files keep alpha 0 around its card; halfway through, the app types
// into the page's input and clicks its button with injected input, and the
// later frames show it.
//
// Run it with scripts/example.sh offscreen, or:
//
//	go run ./examples/offscreen -out frames -frames 12
//
// It needs an X display (or Xvfb), even though nothing shows on it.
package main

import (
	"context"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gotonium/gotonium"
)

//go:embed page.html
var page []byte

func main() {
	out := flag.String("out", "frames", "folder to write the PNG files to")
	count := flag.Int("frames", 12, "how many frames to write")
	every := flag.Duration("every", 100*time.Millisecond, "least time between two written frames")
	flag.Parse()
	if *count < 1 {
		log.Fatal("-frames must be at least 1")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}

	// Ctrl+C stops early; the run also gives up after 30 s.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()

	written, err := record(ctx, *out, *count, *every)
	gotonium.Shutdown()
	dir, _ := filepath.Abs(*out)
	fmt.Printf("Wrote %d frames to %s\n", written, dir)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		fmt.Fprintln(os.Stderr, "offscreen: gave up waiting for frames")
		os.Exit(1)
	case err != nil && !errors.Is(err, context.Canceled): // Ctrl+C is no error
		log.Fatal(err)
	}
}

// record renders the page offscreen and writes count of its frames, at
// least every apart, to PNG files in the folder out (frame-000.png, …).
// Once the page has loaded, it types into the page and clicks its button
// (interact). It returns how many frames it wrote, and ctx.Err() when ctx
// ended before all were written; it closes the page's window.
// (main_test.go tests it.)
func record(ctx context.Context, out string, count int, every time.Duration) (int, error) {
	finished, done := context.WithCancel(ctx)
	defer done()

	p := gotonium.New()
	if err := p.SetOSRMode(true); err != nil {
		return 0, err
	}
	if err := p.SetTransparentBackground(true); err != nil {
		return 0, err
	}
	var shown atomic.Bool // the page has loaded: frames from now on show it
	written := 0
	var last time.Time
	var writeErr error
	// OnPaint runs on the goroutine that pumps (gotonium.Run below). While
	// it encodes a PNG, newer frames replace each other: only the newest
	// waits for the next call.
	err := p.OnPaint(func(frame image.Image, dirty image.Rectangle) {
		if !shown.Load() || written == count || writeErr != nil || time.Since(last) < every {
			return
		}
		last = time.Now()
		name := filepath.Join(out, fmt.Sprintf("frame-%03d.png", written))
		if writeErr = writePNG(name, frame); writeErr != nil {
			done()
			return
		}
		written++
		if written == count {
			done()
		}
	})
	if err != nil {
		return 0, err
	}
	if err := p.Initialize("data:text/html;base64,"+base64.StdEncoding.EncodeToString(page), 800, 600); err != nil {
		return 0, err
	}
	defer p.CloseBrowser()
	go func() {
		// EvaluateJavascript waits for the page to load.
		if _, err := p.EvaluateJavascript("1"); err != nil {
			log.Print(err)
			return
		}
		shown.Store(true)
		time.Sleep(400 * time.Millisecond)
		if err := interact(p); err != nil {
			log.Print(err)
		}
	}()

	err = gotonium.Run(finished, p, 0)
	switch {
	case writeErr != nil:
		return written, writeErr
	case written == count:
		return written, nil
	}
	return written, err
}

// interact types into the page's input and clicks its button, as a user
// would.
func interact(p *gotonium.Instance) error {
	for _, key := range []string{"g", "o", "t", "o", "n", "i", "u", "m"} {
		if err := p.SendKeyEvent(key, true); err != nil {
			return err
		}
		if err := p.SendKeyEvent(key, false); err != nil {
			return err
		}
	}
	// WebKit queues key and mouse input separately: let the typing land
	// before the click moves the focus away from the input.
	for {
		raw, err := p.EvaluateJavascript(`document.getElementById("name").value`)
		if err != nil {
			return err
		}
		if string(raw) == `"gotonium"` {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	raw, err := p.EvaluateJavascript(`(() => {
		const r = document.getElementById("go").getBoundingClientRect();
		return [r.x + r.width / 2, r.y + r.height / 2];
	})()`)
	if err != nil {
		return err
	}
	var at [2]float64
	if err := json.Unmarshal(raw, &at); err != nil {
		return err
	}
	for _, kind := range []gotonium.MouseEventKind{gotonium.MouseMove, gotonium.MousePress, gotonium.MouseRelease} {
		ev := gotonium.MouseEvent{Kind: kind, X: at[0], Y: at[1], Button: gotonium.ButtonLeft}
		if err := p.SendMouseEvent(ev); err != nil {
			return err
		}
	}
	return nil
}

func writePNG(name string, img image.Image) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
