//go:build !fakeengine

package gotonium_test

import (
	"errors"

	"github.com/gotonium/gotonium"
)

var trayIconPNG []byte // in an app: //go:embed icon.png

// A tray icon whose click shows or hides the window and whose menu quits.
// Its callbacks run on the goroutine that runs the loop, like every app
// callback. On a desktop without a StatusNotifierItem tray NewTray returns
// ErrUnsupported and the app goes on without one.
func ExampleNewTray() {
	p := gotonium.New()
	visible := true
	tray, err := gotonium.NewTray(gotonium.TrayOptions{
		Icon:    trayIconPNG,
		Tooltip: "Notes",
		OnClick: func() {
			visible = !visible
			if visible {
				p.Show()
			} else {
				p.Hide()
			}
		},
		Menu: []gotonium.MenuItem{
			{Label: "&Show", OnClick: func(gotonium.MenuContext) { p.Show() }},
			{Label: "Start at &login", Check: true, OnClick: func(ctx gotonium.MenuContext) {
				_ = ctx.Checked // save the setting
			}},
			{Separator: true},
			{Label: "&Quit", OnClick: func(gotonium.MenuContext) { p.CloseBrowser() }},
		},
	})
	switch {
	case errors.Is(err, gotonium.ErrUnsupported):
		// no tray on this desktop
	case err != nil:
		panic(err)
	default:
		defer tray.Remove()
	}
}
