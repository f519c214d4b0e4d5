package gotonium

import "github.com/gotonium/gotonium/internal/engine"

// Permission is an engine event: a page asks for a capability. Until
// OnPermissionRequest is built, every request is denied.
func (b *browser) Permission(kind engine.Permission, pageURI string, decide func(allow bool)) {
	decide(false)
}
