//go:build !fakeengine

package gotonium_test

import (
	"context"
	"embed"
	"io/fs"
	"log"
	"time"

	"github.com/gotonium/gotonium"
)

// Progress pushed from Go to the page as events, which the page takes with
// Gotonium.on("progress", fn).
func ExampleInstance_Emit() {
	p := gotonium.New()
	if err := p.Initialize("app://index.html", 640, 480); err != nil {
		log.Fatal(err)
	}
	go func() {
		for done := 0; done <= 100; done += 10 {
			p.Emit("progress", map[string]int{"done": done, "total": 100})
			time.Sleep(100 * time.Millisecond)
		}
	}()
}

// A bound function that streams: the page reads it with
// for await (const line of await Gotonium.log.tail()) { … }, and breaking
// out of the loop cancels ctx.
func ExampleInstance_BindFunction_stream() {
	p := gotonium.New()
	tail := func(ctx context.Context) <-chan string {
		lines := make(chan string)
		go func() {
			defer close(lines)
			for t := range time.Tick(time.Second) {
				select {
				case lines <- t.Format(time.TimeOnly):
				case <-ctx.Done():
					return
				}
			}
		}()
		return lines
	}
	if err := p.BindFunction(tail, "tail", "log"); err != nil {
		log.Fatal(err)
	}
}

//go:embed testdata/webdriver/web
var exampleWeb embed.FS

// Pages embedded in the binary, served from disk and reloaded as they change
// while the app is developed (GOTONIUM_DEV=1, which gotonium dev sets).
func ExampleWithDevFolder() {
	p := gotonium.New()
	pages, _ := fs.Sub(exampleWeb, "testdata/webdriver/web")
	if err := p.AddCustomSchemeFS("app", pages, gotonium.WithDevFolder("testdata/webdriver/web")); err != nil {
		log.Fatal(err)
	}
}
