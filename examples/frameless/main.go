// Command frameless shows a frameless window with a title bar drawn by the
// page: drag it to move the window, double-click it to maximise, use its
// minimise, maximise and close buttons, and drag the window's edges to
// resize it. None of it needs bindings: Gotonium.window and the
// -webkit-app-region CSS property are built in.
//
//	scripts/example.sh frameless
package main

import (
	"context"
	"embed"
	"io/fs"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/gotonium/gotonium"
)

//go:embed web
var web embed.FS

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	p, err := open()
	if err != nil {
		log.Fatal(err)
	}
	// The loop ends when the page's close button closes the window.
	if err := gotonium.Run(ctx, p, 0); err != nil && err != context.Canceled {
		log.Print(err)
	}
	gotonium.Shutdown()
}

// open opens the frameless window (main_test.go tests it).
func open() (*gotonium.Instance, error) {
	pages, _ := fs.Sub(web, "web")
	p := gotonium.New()
	if err := p.SetFramelessWindow(true); err != nil {
		return nil, err
	}
	if err := p.AddCustomSchemeFS("app", pages); err != nil {
		return nil, err
	}
	p.OnTitleChange(func(title string) { log.Printf("title: %s", title) })
	if err := p.Initialize("app://index.html", 720, 480); err != nil {
		return nil, err
	}
	return p, nil
}
