// Package engine is the small contract between gotonium's core and a browser
// engine. The core (package gotonium) holds every piece of shared logic:
// instances, ids, the callback queue, script queues, settings. An engine only
// opens windows and forwards what happens in them.
//
// Threading contract, which every engine must keep:
//   - An engine owns one UI thread. Every Window method may be called from any
//     goroutine; the work runs on the UI thread, in call order across all
//     windows of the engine.
//   - Methods that return an error wait for the UI thread. When they are called
//     on the UI thread itself (from inside an Events method) they run inline.
//   - Events methods are called on the UI thread and must not block: the core
//     queues app callbacks instead of running them there.
package engine

import (
	"errors"
	"log/slog"
	"net/http"
)

// Engine creates windows. One Engine value serves the whole process.
type Engine interface {
	// Start brings the engine up. It returns an error, and never exits the
	// process, when the engine cannot run (for example, no display). Start
	// after a successful Start is a no-op.
	Start(Config) error
	// Stop releases what Start and NewWindow created. The core closes every
	// window first. Start may be called again afterwards.
	Stop()
	// NewWindow opens and shows a window that loads cfg.URL.
	NewWindow(cfg WindowConfig, ev Events) (Window, error)
}

// Config holds process-wide engine settings.
type Config struct {
	Logger *slog.Logger
}

// WindowConfig describes a window to open.
type WindowConfig struct {
	URL           string
	Width, Height int
	Frameless     bool
	IconPath      string
	// DataDir is where the engine keeps cookies, local storage and caches for
	// this window; "" means the engine's default. Windows with the same DataDir
	// share one store.
	DataDir string
	// SharedProcess asks the engine to render this window in a web process
	// shared with other windows that asked for it (less memory; one crash
	// takes them all down).
	SharedProcess bool
	// Schemes are the custom URI schemes the window's pages may use; requests
	// go to Events.ServeScheme.
	Schemes []string
	// StartScripts run in order at document start in the main frame of every
	// page the window loads, before the page's own scripts.
	StartScripts []string
}

// LoadEvent is a step of a page load.
type LoadEvent int

// The steps of a page load, in order.
const (
	LoadStarted LoadEvent = iota
	LoadCommitted
	LoadFinished
)

// Events receives what happens in one window. Every method is called on the
// engine's UI thread and must return quickly.
type Events interface {
	// Load reports a step of a main-frame load.
	Load(LoadEvent)
	// Message delivers a message that the page posted to the native side.
	// Exactly one of the reply's methods must eventually be called (from any
	// goroutine) to settle the page's promise.
	Message(body string, reply Reply)
	// ServeScheme answers a request of one of the window's custom schemes.
	// Unlike the other methods it is called on a goroutine of its own, and may
	// block; the body streams to the page as it is written.
	ServeScheme(w http.ResponseWriter, r *http.Request)
	// Closed reports that the window is gone, however it was closed. It is
	// called exactly once; no event follows it.
	Closed()
}

// Reply settles the promise of one page message.
type Reply interface {
	// Return resolves the promise with a string.
	Return(value string)
	// Fail rejects the promise with an Error carrying message.
	Fail(message string)
}

// Window is one open browser window.
type Window interface {
	// LoadURL starts loading url in the window.
	LoadURL(url string) error
	// Eval runs script in the main frame of the current page. done, if not
	// nil, is called on the UI thread with the result as JSON text (undefined
	// becomes "null") or with the text of the exception the script threw.
	Eval(script string, done func(result string, err error))
	// SetStartScripts replaces the window's start scripts (see WindowConfig)
	// for pages loaded from now on. It does not wait; it is ordered with the
	// window's other work, and runs inline on the UI thread.
	SetStartScripts(scripts []string)
	// RegisterScheme lets the window's pages use one more custom scheme.
	RegisterScheme(name string) error
	// SetFrameless removes (true) or restores (false) the window decorations.
	SetFrameless(frameless bool) error
	// SetIcon sets the window icon from an image file.
	SetIcon(path string) error
	// Close destroys the window. Events.Closed is called before it returns.
	// Closing a closed window does nothing.
	Close()
}

// ErrNoDisplay is returned by Start when there is no display to open windows on.
var ErrNoDisplay = errors.New("no display: set DISPLAY (or WAYLAND_DISPLAY), or run under Xvfb")

// ErrClosed is returned for work on a window that has closed.
var ErrClosed = errors.New("window closed")

// ErrStopped is returned by Window methods once the engine has stopped.
var ErrStopped = errors.New("engine stopped")
