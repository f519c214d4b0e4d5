package gotonium

// A BrowserOption changes one window opened by CreateBrowser.
type BrowserOption func(*browserOptions)

type browserOptions struct {
	frameless bool
	iconPath  string
}

// Frameless opens the window without title bar and borders.
func Frameless() BrowserOption { return func(o *browserOptions) { o.frameless = true } }

// Icon sets the window icon from an image file (PNG, ICO, SVG, …).
func Icon(path string) BrowserOption { return func(o *browserOptions) { o.iconPath = path } }
