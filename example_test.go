//go:build !fakeengine

package gotonium_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/gotonium/gotonium"
)

// Two windows in one process, one message loop.
func Example() {
	p1 := gotonium.New()
	if err := p1.Initialize("data:text/html,<title>one</title>", 400, 300); err != nil {
		log.Fatal(err)
	}
	p2 := gotonium.New()
	if _, err := p2.CreateBrowser("data:text/html,<title>two</title>", 400, 300); err != nil {
		log.Fatal(err)
	}
	fmt.Println(p1.IsRunning(), p2.IsRunning(), p1.BrowserID() != p2.BrowserID())

	// Stop after a moment; a real app would run until its windows close.
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	gotonium.RunMulti(ctx, []*gotonium.Instance{p1, p2}, 0)
	p1.CloseBrowser()
	p2.CloseBrowser()
	// Output: true true true
}

// A Go function called from the page: every call returns a Promise.
func ExampleInstance_BindFunction() {
	p := gotonium.New()
	add := func(a, b int) int { return a + b }
	if err := p.BindFunction(add, "add", "math"); err != nil {
		log.Fatal(err)
	}
	if err := p.Initialize("data:text/html,<title>calc</title>", 400, 300); err != nil {
		log.Fatal(err)
	}
	defer p.CloseBrowser()
	// The page calls Gotonium.math.add(2, 3); bound functions run on the
	// goroutine that pumps, here a background loop.
	go gotonium.Run(context.Background(), p, 0)
	p.ExecuteJavascript(`Gotonium.math.add(2, 3).then(sum => document.title = "sum " + sum)`)
	for i := 0; i < 100; i++ {
		if title, _ := p.EvaluateJavascript("document.title"); string(title) == `"sum 5"` {
			fmt.Println(string(title))
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	// Output: "sum 5"
}

// State set from Go is in the page's store before the page's scripts run.
func ExampleInstance_SetState() {
	p := gotonium.New()
	p.SetState("settings", "theme", "dark")
	if err := p.Initialize(`data:text/html,<script>document.title = Pytonium.appState.getState("settings", "theme")</script>`, 400, 300); err != nil {
		log.Fatal(err)
	}
	defer p.CloseBrowser()
	title, _ := p.EvaluateJavascript("document.title")
	fmt.Println(string(title))
	// Output: "dark"
}
