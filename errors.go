package gotonium

import (
	"errors"

	"github.com/gotonium/gotonium/internal/engine"
)

// Sentinel errors. Check them with errors.Is: the errors gotonium returns wrap
// them with detail.
var (
	// ErrNotInitialized: the engine is not running; call Initialize first.
	ErrNotInitialized = errors.New("gotonium: engine not initialized (call Initialize first)")
	// ErrNoBrowser: the instance has no open window (never opened, or closed).
	ErrNoBrowser = errors.New("gotonium: instance has no open browser window")
	// ErrBrowserOpen: the instance already has an open window; an instance
	// manages one window at a time.
	ErrBrowserOpen = errors.New("gotonium: instance already has an open browser window")
	// ErrNoDisplay: there is no display to open windows on.
	ErrNoDisplay = engine.ErrNoDisplay
	// ErrInvalidArgument: an argument was out of range or malformed.
	ErrInvalidArgument = errors.New("gotonium: invalid argument")
	// ErrPageChanged: the page navigated or reloaded before a script sent
	// with EvaluateJavascript finished; run it again in the new page if
	// needed.
	ErrPageChanged = engine.ErrPageChanged
	// ErrCancelled: the user closed a dialog without choosing (Escape,
	// Cancel, the window manager's close button).
	ErrCancelled = errors.New("gotonium: dialog cancelled")
	// ErrDialogOpen: the window already shows a dialog that gotonium
	// opened; one at a time per window.
	ErrDialogOpen = errors.New("gotonium: a dialog is already open on this window")

	// ErrEngineStarted: a setting that must come before the engine starts
	// (SetAppID) came after.
	ErrEngineStarted = errors.New("gotonium: the engine has started already")
)

// errClosed is what the engine reports for work on a window that is gone.
var errClosed = engine.ErrClosed
