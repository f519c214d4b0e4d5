package engine

// Automation describes how the engine answers a WebDriver session (the
// engine's own automation protocol; for WebKitGTK, WebKitWebDriver connecting
// through WEBKIT_INSPECTOR_SERVER). With it, every window the engine opens in
// the automated store is a WebDriver window handle.
type Automation struct {
	// Name and Version are what the session reports as browserName and
	// browserVersion.
	Name    string
	Version [3]uint64
	// NewWindow opens a window when a session asks for one and no open
	// window is left to hand it: at the start of a session with none open,
	// and for WebDriver's New Window. It runs on the UI thread and returns
	// the window it opened.
	NewWindow func() (Window, error)
}
