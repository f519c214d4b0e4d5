package gotoniumtest_test

import (
	"testing"

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
		calls := gotoniumtest.NewRecorder(t)
		greet := func(name string) string { return "Hello, " + name + "!" }
		if err := p.BindFunction(calls.Func("greet", greet), "greet", "app"); err != nil {
			t.Fatal(err)
		}
		if err := p.Initialize("app://index.html", 480, 320); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { p.CloseBrowser() })
		gotoniumtest.Pump(t) // bound functions run while the loop is pumped

		w := gotoniumtest.Window(t, p)
		w.Type("#name", "gopher")
		w.Click("#greet")
		if c := calls.WaitForCall("greet"); c.Args[0] != "gopher" {
			t.Fatalf("greet(%v)", c.Args...)
		}
		w.WaitFor(`document.querySelector("#out").textContent === "Hello, gopher!"`)
		w.Press("ctrl+s")
		_ = w.Screenshot() // the whole window, frame included
	}
	_ = testGreet
}
