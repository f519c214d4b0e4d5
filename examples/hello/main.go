// Command hello is the smallest real gotonium app: its page ships inside the
// binary (embed.FS), calls one Go function and shares state with Go.
package main

import (
	"context"
	"embed"
	"io/fs"
	"log"
	"os"
	"os/signal"
	"strings"

	"github.com/gotonium/gotonium"
)

//go:embed web
var web embed.FS

func main() {
	// Ctrl-C closes the app cleanly, also while its window is opening.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	p, err := open()
	if err != nil {
		log.Fatal(err)
	}
	gotonium.Run(ctx, p, 0) // pump app callbacks until the window closes
	gotonium.Shutdown()
}

// open sets the app up and opens its window (main_test.go tests it).
func open() (*gotonium.Instance, error) {
	p := gotonium.New()
	pages, _ := fs.Sub(web, "web")
	if err := p.AddCustomSchemeFS("app", pages); err != nil { // the app's own origin
		return nil, err
	}
	greet := func(name string) string { return "Hello, " + strings.TrimSpace(name) + "!" }
	if err := p.BindFunction(greet, "greet", "app"); err != nil { // Gotonium.app.greet(name)
		return nil, err
	}
	p.SetState("app", "visits", 0) // appState.getState("app", "visits") in the page
	if err := p.Initialize("app://index.html", 480, 320); err != nil {
		return nil, err
	}
	return p, nil
}
