// Package gotonium shows a Go program's user interface as HTML, CSS and
// JavaScript in native desktop windows: several windows in one process, one
// message loop, Go functions callable from JavaScript. It is the Go
// counterpart of Pytonium, and pages written for Pytonium run unchanged.
//
// # Windows and the loop
//
// Each Instance manages one window. The first Initialize starts the engine
// (WebKitGTK on Linux); later instances open their windows with Initialize or
// CreateBrowser. Windows render and respond on the engine's own thread, so
// they keep painting whatever the app's goroutines do. App callbacks — code
// that pages or the engine trigger — wait in one queue until a goroutine pumps
// it with UpdateMessageLoop, Run or RunMulti; they then run on that goroutine,
// one at a time, as in Pytonium. A panic in a callback is recovered and logged.
//
//	p1 := gotonium.New()
//	if err := p1.Initialize("https://example.com", 800, 600); err != nil {
//		log.Fatal(err)
//	}
//	p2 := gotonium.New()
//	id, err := p2.CreateBrowser("https://example.org", 600, 400)
//	...
//	err = gotonium.RunMulti(ctx, []*gotonium.Instance{p1, p2}, 0)
//	gotonium.Shutdown()
//
// # Threads
//
// Every exported function and method is safe to call from any goroutine.
//
// # Errors
//
// Misuse and bad input return errors that wrap the sentinel errors below
// (ErrNotInitialized, ErrNoBrowser, …); check them with errors.Is.
package gotonium
