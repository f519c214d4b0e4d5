package gotonium

import "bytes"

// A BrowserOption changes one window opened by CreateBrowser.
type BrowserOption func(*browserOptions)

type browserOptions struct {
	frameless bool
	icon      iconSource
}

// Frameless opens the window without title bar and borders.
func Frameless() BrowserOption { return func(o *browserOptions) { o.frameless = true } }

// Icon sets the window icon from an image file (PNG, ICO, SVG, …), read
// when the window opens.
func Icon(path string) BrowserOption {
	return func(o *browserOptions) { o.icon = iconSource{path: path} }
}

// IconData sets the window icon from the bytes of an image file (PNG, ICO,
// SVG, …), such as one read from an embed.FS.
func IconData(data []byte) BrowserOption {
	return func(o *browserOptions) { o.icon = iconSource{data: bytes.Clone(data), set: true} }
}
