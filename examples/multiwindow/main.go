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

	// First window: this also starts the engine.
	p1 := gotonium.New()
	if err := p1.Initialize(dataURL(mainPage), 800, 600); err != nil {
		log.Fatal(err)
	}

	// Second window: the engine is already running.
	p2 := gotonium.New()
	browserID, err := p2.CreateBrowser(dataURL(secondPage), 600, 400)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("Second browser ID: %d\n", browserID)
	fmt.Printf("Window 1: %d, Window 2: %d\n", p1.BrowserID(), p2.BrowserID())
	fmt.Println("Engine initialized:", gotonium.IsInitialized())

	// One loop drives all windows: pump on one instance only. (Windows keep
	// painting between pumps; the loop only runs app callbacks.)
	for (p1.IsRunning() || p2.IsRunning()) && ctx.Err() == nil {
		p1.UpdateMessageLoop()
		time.Sleep(16 * time.Millisecond)
	}

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
