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
	"path/filepath"
	"syscall"
	"time"

	"github.com/gotonium/gotonium"
)

//go:embed web
var web embed.FS

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root, err := unpack()
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(root)

	// --- Window 1: main application ---
	p1 := gotonium.New()
	getAppName := func() string { return "Multi-Window Demo" }
	if err := p1.BindFunction(getAppName, "get_app_name", "app"); err != nil {
		log.Fatal(err)
	}
	if err := p1.AddCustomScheme("main", filepath.Join(root, "main")); err != nil {
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
	if err := p2.AddCustomScheme("settings", filepath.Join(root, "settings")); err != nil {
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

// unpack writes the embedded pages to a temporary folder and returns it;
// the custom schemes serve them from there.
func unpack() (string, error) {
	dir, err := os.MkdirTemp("", "gotonium-settings-")
	if err != nil {
		return "", err
	}
	sub, _ := fs.Sub(web, "web")
	return dir, fs.WalkDir(sub, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, path), 0o755)
		}
		data, err := fs.ReadFile(sub, path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, path), data, 0o644)
	})
}
