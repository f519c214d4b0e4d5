package gotonium

// Title is an engine event.
func (b *browser) Title(title string) {}

// URI is an engine event.
func (b *browser) URI(uri string) {}

// Fullscreen is an engine event.
func (b *browser) Fullscreen(on bool) {}

// Crashed is an engine event.
func (b *browser) Crashed(reason string) {}

// eventHandlers are an instance's window event callbacks.
type eventHandlers struct{}
