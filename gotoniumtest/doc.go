// Package gotoniumtest tests gotonium apps end to end: real windows on a real
// X display, driven with real X input events, as a user would.
//
// A test binary starts its display in TestMain:
//
//	func TestMain(m *testing.M) { gotoniumtest.Main(m) }
//
// and a test opens a window with gotonium and drives it through a [Window]:
//
//	p := gotonium.New()
//	p.Initialize("app://index.html", 480, 320)
//	w := gotoniumtest.NewWindow(t, p)
//	if err := w.Type("#name", "gopher"); err != nil {
//		t.Fatal(err)
//	}
//	if err := w.Click("#greet"); err != nil {
//		t.Fatal(err)
//	}
//	if err := w.WaitFor(`document.querySelector("#out").textContent === "Hello, gopher!"`, 0); err != nil {
//		t.Fatal(err)
//	}
//
// Clicks, typing and key presses go through the X server (xdotool, which uses
// the XTest extension), so the page sees trusted events (isTrusted is true),
// focus moves and default actions happen as they do for a user; shortcuts
// registered with AddShortcut and menu accelerators fire too. Every wait has a
// deadline ([Window.Timeout]) and returns an error that says what it waited
// for and the last value it saw; it never hangs. When a test that used a
// [Window] fails, a screenshot of the window, frame included, is written and
// its path logged.
//
// Helpers act on the top document of a window: the page's iframes are not
// searched. They work on every window of the process, and with -race.
//
// The message loop: app callbacks (bound functions, shortcuts, state
// handlers) run only while something pumps. A test that needs them calls
// [Pump], or runs the app's own loop.
//
// What must be installed (Debian/Ubuntu package names): xvfb (when there is no
// display), xdotool (input), imagemagick (screenshots), x11-utils (xwininfo,
// xprop) and, for [WindowManager], openbox. See docs/testing.md.
package gotoniumtest
