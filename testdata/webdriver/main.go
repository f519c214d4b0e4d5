// Command webdriver is a two-window app for the WebDriver test
// (webdriver_test.go). With --automation it calls EnableAutomation, the
// pattern an app uses to let WebKitWebDriver launch it; the test's attach
// mode turns automation on with GOTONIUM_AUTOMATION=1 instead. It writes its
// pid to $WEBDRIVER_PIDFILE and exits when both windows are closed.
package main

import (
	"context"
	"embed"
	"io/fs"
	"log"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"syscall"

	"github.com/gotonium/gotonium"
)

//go:embed web
var web embed.FS

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if slices.Contains(os.Args[1:], "--automation") {
		if err := gotonium.EnableAutomation(); err != nil {
			log.Fatal(err)
		}
	}
	if f := os.Getenv("WEBDRIVER_PIDFILE"); f != "" {
		os.WriteFile(f, []byte(strconv.Itoa(os.Getpid())), 0o644)
	}
	pages, _ := fs.Sub(web, "web")
	var wins []*gotonium.Instance
	for _, page := range []string{"main.html", "second.html"} {
		p := gotonium.New()
		if err := p.AddCustomSchemeFS("app", pages); err != nil {
			log.Fatal(err)
		}
		// Gotonium.calc.square(n) in the page: computed in Go.
		square := func(n int) (string, error) { return "square " + strconv.Itoa(n*n) + " from Go", nil }
		if err := p.BindFunction(square, "square", "calc"); err != nil {
			log.Fatal(err)
		}
		p.SetState("app", "greeting", "hello from Go state")
		if err := p.Initialize("app://"+page, 480, 320); err != nil {
			log.Fatal(err)
		}
		wins = append(wins, p)
	}
	gotonium.RunMulti(ctx, wins, 0)
	gotonium.Shutdown()
}
