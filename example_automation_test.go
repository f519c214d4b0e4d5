//go:build !fakeengine

package gotonium_test

import (
	"log"
	"os"
	"slices"

	"github.com/gotonium/gotonium"
)

// An app that WebDriver clients may drive when it is started with its own
// --automation flag, as WebKitWebDriver's webkitgtk:browserOptions args can
// ask for; a normal start leaves automation off.
func ExampleEnableAutomation() {
	if slices.Contains(os.Args[1:], "--automation") {
		if err := gotonium.EnableAutomation(); err != nil {
			log.Fatal(err) // too late: a window is open already
		}
	}
	p := gotonium.New()
	if err := p.Initialize("https://example.com", 800, 600); err != nil {
		log.Fatal(err)
	}
	// ... gotonium.Run(ctx, p, 0)
}
