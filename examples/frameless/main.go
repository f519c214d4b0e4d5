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
	pages, _ := fs.Sub(web, "web")

	p := gotonium.New()
	if err := p.SetFramelessWindow(true); err != nil {
		log.Fatal(err)
	}
	if err := p.AddCustomSchemeFS("app", pages); err != nil {
		log.Fatal(err)
	}
	p.OnTitleChange(func(title string) { log.Printf("title: %s", title) })
	if err := p.Initialize("app://index.html", 720, 480); err != nil {
		log.Fatal(err)
	}
	if err := gotonium.Run(ctx, p, 0); err != nil && err != context.Canceled {
		log.Print(err)
	}
	gotonium.Shutdown()
}
