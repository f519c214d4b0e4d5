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
	w := gotoniumtest.Window(t, p)
	w.Click("#name")
	w.Press("ctrl+a", "BackSpace")
	w.Type("#name", "Ada")
	w.Click("#go")
	w.WaitFor(`document.querySelector("#out").textContent === "Hello, Ada! (greeting 1)"`)
	w.Click("#go")
	w.WaitFor(`document.querySelector("#out").textContent === "Hello, Ada! (greeting 2)"`)
	if v, _ := p.GetState("app", "visits"); v != float64(2) {
		t.Fatalf("visits in Go: %v (%T)", v, v)
	}
}
