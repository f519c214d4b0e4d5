package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/gotonium/gotonium/gotoniumtest"
)

func TestMain(m *testing.M) { gotoniumtest.Main(m) }

// TestPushedUpdates runs the example's own loop (run) and watches the
// dashboard: the timestamps Go pushes every second arrive in the page, its
// "N updates" count grows, and the time it shows is Go's latest one.
// Closing the second window leaves the app running; closing the dashboard
// too ends the loop.
func TestPushedUpdates(t *testing.T) {
	p1, p2, err := open()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p1.CloseBrowser(); p2.CloseBrowser() })
	ctx, cancel := context.WithCancel(context.Background())
	var runErr error
	ended := make(chan struct{})
	go func() { defer close(ended); runErr = run(ctx, p1, p2) }()
	t.Cleanup(func() { cancel(); <-ended })

	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err) // the failure screenshot is written too
		}
	}
	dash := gotoniumtest.NewWindow(t, p1)
	gotoniumtest.NewWindow(t, p2) // the second window is on screen too

	// The updates arrive, one a second.
	updates := `(parseInt(document.querySelector("#n").textContent) || 0)`
	check(dash.WaitFor(updates+` >= 2`, 10*time.Second))
	n, err := dash.Eval(updates)
	check(err)
	check(dash.WaitFor(fmt.Sprintf(`%s > %v`, updates, n), 5*time.Second))

	// The page shows the time of the newest timestamp, which is now.
	if ts, _ := p1.GetState("data", "timestamp"); ts == nil || time.Since(time.Unix(int64(ts.(float64)), 0)) > 5*time.Second {
		t.Fatalf("timestamp in Go's state: %v", ts)
	}
	check(dash.WaitFor(`(() => {
		const ts = Pytonium.appState.getState("data", "timestamp");
		return Math.abs(ts - Date.now() / 1000) < 5 &&
			document.querySelector("#ts").textContent === new Date(ts * 1000).toLocaleTimeString();
	})()`, 0))

	// Closing the second window: the dashboard keeps getting updates and
	// the loop keeps running.
	check(p2.CloseBrowser())
	n, err = dash.Eval(updates)
	check(err)
	check(dash.WaitFor(fmt.Sprintf(`%s > %v`, updates, n), 5*time.Second))
	select {
	case <-ended:
		t.Fatalf("run returned (%v) while the dashboard was open", runErr)
	default:
	}
	// Closing the dashboard too ends the loop, with no error.
	check(p1.CloseBrowser())
	select {
	case <-ended:
		if runErr != nil {
			t.Fatalf("run: %v", runErr)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return within 10s of both windows closing")
	}
}
