// Command multiwindow is the multi-window page of Pytonium's documentation in
// Go: two windows in one process driven by one message loop, their browser
// ids, closing one window, and shutting the engine down.
//
// Run it with scripts/example.sh, or: go run ./examples/multiwindow
// Close both windows (or press Ctrl+C) to quit.
package main

import (
	"context"
	_ "embed"
	"encoding/base64"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/gotonium/gotonium"
)

//go:embed main.html
var mainPage []byte

//go:embed second.html
var secondPage []byte

func dataURL(html []byte) string {
	return "data:text/html;base64," + base64.StdEncoding.EncodeToString(html)
}

func main() {
	// Ctrl+C or SIGTERM ends the loop; the windows then close cleanly.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	p1, p2, err := open()
	if err != nil {
		log.Fatal(err)
	}
	loop(ctx, p1, p2)
	shutDown(p1, p2)
}

// open opens the two windows and prints their browser ids. (main_test.go
// tests open, loop and shutDown.)
func open() (p1, p2 *gotonium.Instance, err error) {
	// First window: this also starts the engine.
	p1 = gotonium.New()
	if err := p1.Initialize(dataURL(mainPage), 800, 600); err != nil {
		return nil, nil, err
	}

	// Second window: the engine is already running.
	p2 = gotonium.New()
	browserID, err := p2.CreateBrowser(dataURL(secondPage), 600, 400)
	if err != nil {
		p1.CloseBrowser()
		return nil, nil, err
	}
	fmt.Printf("Second browser ID: %d\n", browserID)
	fmt.Printf("Window 1: %d, Window 2: %d\n", p1.BrowserID(), p2.BrowserID())
	fmt.Println("Engine initialized:", gotonium.IsInitialized())
	return p1, p2, nil
}

// loop runs app callbacks until both windows are closed or ctx is done.
func loop(ctx context.Context, p1, p2 *gotonium.Instance) {
	// One loop drives all windows: pump on one instance only. (Windows keep
	// painting between pumps; the loop only runs app callbacks.)
	for (p1.IsRunning() || p2.IsRunning()) && ctx.Err() == nil {
		p1.UpdateMessageLoop()
		time.Sleep(16 * time.Millisecond)
	}
}

// shutDown closes the second window, then shuts the engine down.
func shutDown(p1, p2 *gotonium.Instance) {
	// Close a single window: the engine keeps running.
	if p2.IsRunning() {
		if err := p2.CloseBrowser(); err != nil {
			log.Print(err)
		}
		fmt.Println("Second window closed; engine still running:", gotonium.IsInitialized())
	}
	// Shut the engine down; it closes any window still open.
	if err := p1.Shutdown(); err != nil {
		log.Print(err)
	}
	fmt.Println("Shut down.")
}
