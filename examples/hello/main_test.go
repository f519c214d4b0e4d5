package main

import (
	"testing"

	"github.com/gotonium/gotonium/gotoniumtest"
)

func TestMain(m *testing.M) { gotoniumtest.Main(m) }

// TestGreet types a name and clicks Greet as a user would.
func TestGreet(t *testing.T) {
	p, err := open()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.CloseBrowser() })
	gotoniumtest.Pump(t) // greet and the state change run on the pump
	w := gotoniumtest.NewWindow(t, p)
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err) // the failure screenshot is written too
		}
	}
	check(w.Click("#name"))
	check(w.Press("ctrl+a", "BackSpace"))
	check(w.Type("#name", "Ada"))
	check(w.Click("#go"))
	check(w.WaitFor(`document.querySelector("#out").textContent === "Hello, Ada! (greeting 1)"`, 0))
	check(w.Click("#go"))
	check(w.WaitFor(`document.querySelector("#out").textContent === "Hello, Ada! (greeting 2)"`, 0))
	if v, _ := p.GetState("app", "visits"); v != float64(2) {
		t.Fatalf("visits in Go: %v (%T)", v, v)
	}
}
