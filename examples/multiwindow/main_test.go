package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
	"github.com/gotonium/gotonium/gotoniumtest"
)

func TestMain(m *testing.M) { gotoniumtest.Main(m) }

// TestCloseOneWindow runs the example as main does: open prints the two
// windows' distinct browser ids, both pages show, the second window's
// button closes that window only (the first one keeps running, and so do
// the engine and the loop), closing the first window ends the loop, and
// shutDown stops the engine.
func TestCloseOneWindow(t *testing.T) {
	var p1, p2 *gotonium.Instance
	var err error
	out := stdout(t, func() { p1, p2, err = open() })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p1.CloseBrowser(); p2.CloseBrowser() })
	id1, id2 := p1.BrowserID(), p2.BrowserID()
	if want := fmt.Sprintf("Second browser ID: %d\nWindow 1: %d, Window 2: %d\nEngine initialized: true\n", id2, id1, id2); out != want || id1 == id2 || id1 == 0 || id2 == 0 {
		t.Fatalf("open printed %q, want %q with two ids", out, want)
	}
	ended := runLoop(context.Background(), t, p1, p2)

	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err) // the failure screenshot is written too
		}
	}
	w1 := gotoniumtest.NewWindow(t, p1)
	w2 := gotoniumtest.NewWindow(t, p2)
	check(w1.WaitFor(`document.querySelector("#ready").textContent === "window.Pytonium is ready"`, 0))
	ticking(t, w1)

	// The second window's button closes it (window.close()).
	check(w2.Click("button"))
	waitUntil(t, "the second window to close", func() bool { return !p2.IsRunning() })
	if !p1.IsRunning() || !gotonium.IsInitialized() {
		t.Fatalf("after closing window 2: window 1 running %v, engine %v", p1.IsRunning(), gotonium.IsInitialized())
	}
	ticking(t, w1) // window 1 still runs its page
	select {
	case <-ended:
		t.Fatal("the loop ended while window 1 was open")
	default:
	}

	// Closing window 1 ends the loop; shutDown then stops the engine.
	check(p1.CloseBrowser())
	select {
	case <-ended:
	case <-time.After(10 * time.Second):
		t.Fatal("the loop did not end within 10s of both windows closing")
	}
	if out := stdout(t, func() { shutDown(p1, p2) }); out != "Shut down.\n" {
		t.Fatalf("shutDown printed %q", out)
	}
	if gotonium.IsInitialized() {
		t.Fatal("the engine still runs after shutDown")
	}
}

// TestInterrupt: Ctrl+C (ctx done) ends the loop with both windows open;
// shutDown closes the second one while the engine keeps running, then
// shuts the engine down, closing the first one.
func TestInterrupt(t *testing.T) {
	var p1, p2 *gotonium.Instance
	var err error
	stdout(t, func() { p1, p2, err = open() })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p1.CloseBrowser(); p2.CloseBrowser() })
	ctx, interrupt := context.WithCancel(context.Background())
	ended := runLoop(ctx, t, p1, p2)
	gotoniumtest.NewWindow(t, p1)
	gotoniumtest.NewWindow(t, p2)

	interrupt()
	select {
	case <-ended:
	case <-time.After(10 * time.Second):
		t.Fatal("the loop did not end within 10s of the interrupt")
	}
	want := "Second window closed; engine still running: true\nShut down.\n"
	if out := stdout(t, func() { shutDown(p1, p2) }); out != want {
		t.Fatalf("shutDown printed %q, want %q", out, want)
	}
	if p1.IsRunning() || p2.IsRunning() || gotonium.IsInitialized() {
		t.Fatalf("after shutDown: window 1 %v, window 2 %v, engine %v", p1.IsRunning(), p2.IsRunning(), gotonium.IsInitialized())
	}
}

// runLoop runs the example's loop on a goroutine until the test ends; the
// channel is closed when it returns.
func runLoop(ctx context.Context, t *testing.T, p1, p2 *gotonium.Instance) <-chan struct{} {
	ctx, cancel := context.WithCancel(ctx)
	ended := make(chan struct{})
	go func() { defer close(ended); loop(ctx, p1, p2) }()
	t.Cleanup(func() { cancel(); <-ended })
	return ended
}

// ticking waits for window 1's clock to show a time and then another one.
func ticking(t *testing.T, w *gotoniumtest.Window) {
	t.Helper()
	clock := `document.querySelector("#clock").textContent`
	if err := w.WaitFor(clock+` !== ""`, 0); err != nil {
		t.Fatal(err)
	}
	now, err := w.Text("#clock")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WaitFor(fmt.Sprintf("%s !== %q", clock, now), 5*time.Second); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`\d:\d\d`).MatchString(now) {
		t.Fatalf("the clock shows %q", now)
	}
}

// stdout returns what f prints to os.Stdout.
func stdout(t *testing.T, f func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	saved := os.Stdout
	os.Stdout = w
	read := make(chan string)
	go func() {
		var b strings.Builder
		io.Copy(&b, r)
		read <- b.String()
	}()
	defer func() { os.Stdout = saved }()
	f()
	w.Close()
	return <-read
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
