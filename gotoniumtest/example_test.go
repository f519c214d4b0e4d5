package gotoniumtest_test

import (
	"testing"
	"time"

	"github.com/gotonium/gotonium"
	"github.com/gotonium/gotonium/gotoniumtest"
)

// An app's end-to-end test: TestMain starts the display (Xvfb when there is
// none), the test opens the app's window, types and clicks as a user, and
// waits for the page to call the app's Go function.
func Example() {
	// In the app's _test.go:
	//
	//	func TestMain(m *testing.M) { gotoniumtest.Main(m) }
	testGreet := func(t *testing.T) {
		p := gotonium.New()
		calls := gotoniumtest.NewRecorder()
		greet := func(name string) string { return "Hello, " + name + "!" }
		if err := p.BindFunction(calls.Func("greet", greet), "greet", "app"); err != nil {
			t.Fatal(err)
		}
		if err := p.Initialize("app://index.html", 480, 320); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { p.CloseBrowser() })
		gotoniumtest.Pump(t) // bound functions run while the loop is pumped

		w := gotoniumtest.NewWindow(t, p)
		if err := w.Type("#name", "gopher"); err != nil {
			t.Fatal(err)
		}
		if err := w.Click("#greet"); err != nil { // a CSS selector
			t.Fatal(err)
		}
		if c, err := calls.WaitForCall("greet", 0); err != nil || c.Args[0] != "gopher" {
			t.Fatalf("greet: %v %v", c.Args, err)
		}
		// A JavaScript condition, with a deadline of its own.
		if err := w.WaitFor(`document.querySelector("#out").textContent === "Hello, gopher!"`, 5*time.Second); err != nil {
			t.Fatal(err)
		}
		if err := w.Press("ctrl+s"); err != nil {
			t.Fatal(err)
		}
		img, err := w.Screenshot() // the whole window, frame included
		if err != nil {
			t.Fatal(err)
		}
		_ = img
	}
	_ = testGreet
}
