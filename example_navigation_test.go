//go:build !fakeengine

package gotonium_test

import (
	"log"
	"net/url"

	"github.com/gotonium/gotonium"
)

// A window that may also show the pages of one documentation site, with
// bindings; every other site opens in the user's browser.
func ExampleInstance_AllowOrigins() {
	p := gotonium.New()
	if err := p.AllowOrigins("https://docs.example.com"); err != nil {
		log.Fatal(err)
	}
	_ = p.Initialize("https://docs.example.com/app/", 800, 600)
}

// A hook that keeps a help site inside the window (without the bridge: it is
// not trusted) and otherwise decides as gotonium does by default.
func ExampleInstance_OnNavigate() {
	p := gotonium.New()
	p.OnNavigate(func(n gotonium.Navigation) gotonium.NavigationAction {
		if u, err := url.Parse(n.URL); err == nil && u.Host == "help.example.com" {
			return gotonium.NavigationAllow
		}
		return gotonium.DefaultNavigation(n)
	})
}
