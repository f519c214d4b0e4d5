package main

import (
	"context"
	"testing"
	"time"

	"github.com/gotonium/gotonium/gotoniumtest"
)

func TestMain(m *testing.M) { gotoniumtest.Main(m) }

// TestTheme runs the example's loop: the main window shows the name its
// page asks Go for, and the theme a user picks in the settings window's
// select (clicked open, chosen with the keyboard) reaches Go's
// apply_setting, which stores it in the main window's state, where the
// main page reads it. Closing both windows ends the loop.
func TestTheme(t *testing.T) {
	p1, p2, err := open()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p1.CloseBrowser(); p2.CloseBrowser() })
	ctx, cancel := context.WithCancel(context.Background())
	ended := make(chan struct{})
	go func() { defer close(ended); loop(ctx, p1, p2) }()
	t.Cleanup(func() { cancel(); <-ended })

	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err) // the failure screenshot is written too
		}
	}
	mainWin := gotoniumtest.NewWindow(t, p1)
	settingsWin := gotoniumtest.NewWindow(t, p2)
	check(mainWin.WaitFor(`document.querySelector("#title").textContent === "Multi-Window Demo"`, 0))

	for _, c := range []struct{ key, want string }{{"Down", "light"}, {"Up", "dark"}} {
		check(settingsWin.Click("#theme")) // opens the select's menu
		check(settingsWin.Press(c.key, "Return"))
		check(settingsWin.WaitFor(`document.querySelector("#theme").value === "`+c.want+`"`, 0))
		waitUntil(t, "theme "+c.want+" in the main window's state", func() bool {
			v, _ := p1.GetState("settings", "theme")
			return v == c.want
		})
		check(mainWin.WaitFor(`Pytonium.appState.getState("settings", "theme") === "`+c.want+`"`, 0))
	}

	check(p2.CloseBrowser())
	check(p1.CloseBrowser())
	select {
	case <-ended:
	case <-time.After(10 * time.Second):
		t.Fatal("the loop did not end within 10s of both windows closing")
	}
}

// waitUntil polls cond for up to 10 seconds and fails the test if it never
// holds.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}
