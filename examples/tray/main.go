// Command tray shows a window and an icon in the desktop's system tray: a
// click on the icon hides or shows the window, and the icon's menu shows,
// hides, counts, sends a notification (whose button shows the window) and
// quits. Ctrl+Alt+T toggles the window from any application. On a desktop
// without a StatusNotifierItem tray, a notification server or key grabs it
// says so and runs without them.
package main

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io/fs"
	"log"
	"os"
	"os/signal"

	"github.com/gotonium/gotonium"
)

//go:embed web
var web embed.FS

// icon draws a 32×32 blue disc.
func icon() image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, 32, 32))
	for y := 0; y < 32; y++ {
		for x := 0; x < 32; x++ {
			if dx, dy := x-16, y-16; dx*dx+dy*dy < 15*15 {
				img.Set(x, y, color.NRGBA{R: 0x30, G: 0x80, B: 0xe0, A: 0xff})
			}
		}
	}
	return img
}

// shortcut toggles the window from any application.
const shortcut = "Ctrl+Alt+T"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	// The app's name on the desktop: window class, D-Bus name, data folders.
	if err := gotonium.SetAppID("io.gotonium.examples.Tray"); err != nil {
		log.Fatal(err)
	}
	p, tray, err := open()
	if err != nil {
		log.Fatal(err)
	}
	if tray != nil {
		defer tray.Remove()
	}
	gotonium.Run(ctx, p, 0) // the window's, the tray's and the shortcut's callbacks run here
	gotonium.Shutdown()
}

// open opens the window, the tray icon (nil on a desktop without a tray)
// and the global shortcut. (main_test.go tests it.)
func open() (*gotonium.Instance, *gotonium.Tray, error) {
	p := gotonium.New()
	pages, _ := fs.Sub(web, "web")
	if err := p.AddCustomSchemeFS("app", pages); err != nil {
		return nil, nil, err
	}
	if err := p.Initialize("app://index.html", 480, 240); err != nil {
		return nil, nil, err
	}
	visible, clicks := true, 0
	show := func(v bool) {
		visible = v
		if v {
			p.Show()
		} else {
			p.Hide()
		}
	}
	var tray *gotonium.Tray
	var menu func() []gotonium.MenuItem
	menu = func() []gotonium.MenuItem {
		return []gotonium.MenuItem{
			{Label: "&Show window", OnClick: func(gotonium.MenuContext) { show(true) }},
			{Label: "&Hide window", OnClick: func(gotonium.MenuContext) { show(false) }},
			{Label: fmt.Sprintf("&Count (%d)", clicks), OnClick: func(gotonium.MenuContext) {
				clicks++
				tray.SetTooltip(fmt.Sprintf("Tray example: %d clicks", clicks))
				tray.SetMenu(menu()) // the label shows the new count
			}},
			{Label: "&Notify me", OnClick: func(gotonium.MenuContext) {
				err := gotonium.Notify(gotonium.Notification{
					Title:    "Tray example",
					Body:     fmt.Sprintf("%d clicks so far.", clicks),
					Actions:  []gotonium.NotificationAction{{ID: "show", Label: "Show window"}},
					OnAction: func(string) { show(true); p.Focus() },
				})
				if err != nil {
					fmt.Println("no notification:", err)
				}
			}},
			{Separator: true},
			{Label: "&Quit", OnClick: func(gotonium.MenuContext) { p.CloseBrowser() }},
		}
	}
	tray, err := gotonium.NewTray(gotonium.TrayOptions{
		IconImage: icon(),
		Tooltip:   "Tray example",
		Title:     "gotonium tray example",
		Menu:      menu(),
		OnClick:   func() { show(!visible) },
	})
	switch {
	case errors.Is(err, gotonium.ErrUnsupported):
		fmt.Println("no system tray here:", err)
		tray = nil
	case err != nil:
		p.CloseBrowser()
		return nil, nil, err
	default:
		fmt.Println("tray icon shown")
	}
	if err := gotonium.RegisterGlobalShortcut(shortcut, func() { show(!visible) }); err != nil {
		fmt.Println("no global shortcut:", err)
	}
	return p, tray, nil
}
