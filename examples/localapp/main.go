// Command localapp serves a whole local web app from a folder through a
// custom scheme: HTML, JavaScript modules, CSS, images and a video that plays
// and seeks, plus a Go http.Handler answering the page's fetch and POST
// requests on a second scheme.
//
//	scripts/example.sh localapp
package main

import (
	"context"
	"embed"
	"encoding/json"
	"io"
	"io/fs"
	"log"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/gotonium/gotonium"
)

//go:embed app
var files embed.FS

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	p, err := open()
	if err != nil {
		log.Fatal(err)
	}
	if err := gotonium.Run(ctx, p, 0); err != nil && err != context.Canceled {
		log.Print(err)
	}
	gotonium.Shutdown()
}

// open serves the app folder at local:// and the Go handler at api://, and
// opens the window (main_test.go tests it).
func open() (*gotonium.Instance, error) {
	app, _ := fs.Sub(files, "app")
	p := gotonium.New()
	// A folder on disk works the same with p.AddCustomScheme("local", "./app").
	if err := p.AddCustomSchemeFS("local", app); err != nil {
		return nil, err
	}
	if err := p.AddSchemeHandler("api", http.HandlerFunc(api)); err != nil {
		return nil, err
	}
	if err := p.Initialize("local://index.html", 900, 640); err != nil {
		return nil, err
	}
	return p, nil
}

// api answers api://localhost/time and POSTs to api://localhost/echo.
func api(w http.ResponseWriter, r *http.Request) {
	// The page is on local://, another origin: gotonium has already set
	// Access-Control-Allow-Origin for it, as for every page the app trusts,
	// and sets none for other pages. Never set "*" here.
	w.Header().Set("Content-Type", "application/json")
	switch r.URL.Path {
	case "/time":
		json.NewEncoder(w).Encode(map[string]string{"time": time.Now().Format(time.TimeOnly)})
	case "/echo":
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		json.NewEncoder(w).Encode(map[string]string{"method": r.Method, "upper": strings.ToUpper(string(body))})
	default:
		http.NotFound(w, r)
	}
}
