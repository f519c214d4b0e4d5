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
	p1, p2, err := open()
	if err != nil {
		log.Fatal(err)
	}
	loop(ctx, p1, p2)
	gotonium.Shutdown()
}

// open opens the main window (p1) and the settings window (p2).
// (main_test.go tests open and loop.)
func open() (p1, p2 *gotonium.Instance, err error) {
	mainPages, _ := fs.Sub(web, "web/main")
	settingsPages, _ := fs.Sub(web, "web/settings")

	// --- Window 1: main application ---
	p1 = gotonium.New()
	getAppName := func() string { return "Multi-Window Demo" }
	if err := p1.BindFunction(getAppName, "get_app_name", "app"); err != nil {
		return nil, nil, err
	}
	if err := p1.AddCustomSchemeFS("main", mainPages); err != nil {
		return nil, nil, err
	}
	if err := p1.Initialize("main://index.html", 800, 600); err != nil {
		return nil, nil, err
	}

	// --- Window 2: settings panel ---
	p2 = gotonium.New()
	applySetting := func(key, value string) {
		fmt.Printf("Setting applied: %s = %s\n", key, value)
		// Push the setting to the main window's state.
		if err := p1.SetState("settings", key, value); err != nil {
			log.Print(err)
		}
	}
	if err := p2.BindFunction(applySetting, "apply_setting", "settings"); err != nil {
		p1.CloseBrowser()
		return nil, nil, err
	}
	if err := p2.AddCustomSchemeFS("settings", settingsPages); err != nil {
		p1.CloseBrowser()
		return nil, nil, err
	}
	if _, err := p2.CreateBrowser("settings://index.html", 400, 300, gotonium.Frameless()); err != nil {
		p1.CloseBrowser()
		return nil, nil, err
	}
	return p1, p2, nil
}

// loop runs app callbacks, such as apply_setting, until both windows are
// closed or ctx is done.
func loop(ctx context.Context, p1, p2 *gotonium.Instance) {
	for (p1.IsRunning() || p2.IsRunning()) && ctx.Err() == nil {
		p1.UpdateMessageLoop()
		time.Sleep(16 * time.Millisecond)
	}
}
