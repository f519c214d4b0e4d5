//go:build !fakeengine

package gotonium_test

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/gotonium/gotonium"
)

// A notification with two buttons; the app learns which one the user
// pressed, on the goroutine that pumps.
func ExampleNotify() {
	p := gotonium.New()
	err := gotonium.Notify(gotonium.Notification{
		Title:   "Export finished",
		Body:    "notes.pdf is in your Documents folder",
		Icon:    "document-save",
		Actions: []gotonium.NotificationAction{{ID: "open", Label: "Open"}, {ID: "folder", Label: "Show in folder"}},
		OnAction: func(id string) {
			fmt.Println("the user chose", id)
		},
		OnClick:  func() { p.Focus() },
		OnClosed: func(reason gotonium.CloseReason) { fmt.Println("closed:", reason) },
	})
	if errors.Is(err, gotonium.ErrUnsupported) {
		fmt.Println("this desktop shows no notifications")
	}
}

// A single-instance app: launching it again (say, from a file manager with
// a file) opens the file in the running app and focuses its window.
func ExampleSingleInstance() {
	if err := gotonium.SetAppID("com.example.Notes"); err != nil {
		panic(err)
	}
	p := gotonium.New()
	err := gotonium.SingleInstance(func(args []string, workingDir string) {
		fmt.Println("launched again in", workingDir, "with", args)
		p.Focus()
	})
	if err != nil { // no session bus: run as an ordinary process
		fmt.Fprintln(os.Stderr, "single instance:", err)
	}
	// Only the first launch gets here.
	if err := p.Initialize("data:text/html,<h1>Notes</h1>", 900, 700); err != nil {
		panic(err)
	}
	gotonium.Run(context.Background(), p, 0)
}
