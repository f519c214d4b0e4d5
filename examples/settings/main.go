// Command settings is the "Complete Example" of Pytonium's multi-window page
// in Go: a main window whose page asks Go for the app's name, and a frameless
// settings window whose page sends the chosen theme to Go, which stores it in
// the main window's state. The two HTML pages are the documentation's,
// unchanged.
//
//	scripts/example.sh settings
package main

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/gotonium/gotonium"
)

//go:embed web
var web embed.FS

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	mainPages, _ := fs.Sub(web, "web/main")
	settingsPages, _ := fs.Sub(web, "web/settings")

	// --- Window 1: main application ---
	p1 := gotonium.New()
	getAppName := func() string { return "Multi-Window Demo" }
	if err := p1.BindFunction(getAppName, "get_app_name", "app"); err != nil {
		log.Fatal(err)
	}
	if err := p1.AddCustomSchemeFS("main", mainPages); err != nil {
		log.Fatal(err)
	}
	if err := p1.Initialize("main://index.html", 800, 600); err != nil {
		log.Fatal(err)
	}

	// --- Window 2: settings panel ---
	p2 := gotonium.New()
	applySetting := func(key, value string) {
		fmt.Printf("Setting applied: %s = %s\n", key, value)
		// Push the setting to the main window's state.
		if err := p1.SetState("settings", key, value); err != nil {
			log.Print(err)
		}
	}
	if err := p2.BindFunction(applySetting, "apply_setting", "settings"); err != nil {
		log.Fatal(err)
	}
	if err := p2.AddCustomSchemeFS("settings", settingsPages); err != nil {
		log.Fatal(err)
	}
	if _, err := p2.CreateBrowser("settings://index.html", 400, 300, gotonium.Frameless()); err != nil {
		log.Fatal(err)
	}

	// --- Main loop ---
	for (p1.IsRunning() || p2.IsRunning()) && ctx.Err() == nil {
		p1.UpdateMessageLoop()
		time.Sleep(16 * time.Millisecond)
	}
	gotonium.Shutdown()
}
