package gotonium

import "github.com/gotonium/gotonium/internal/engine"

// message handles a message a page posted through the bridge.
func (p *Instance) message(b *browser, body string, r engine.Reply) {
	r.Fail("gotonium: unknown message")
}
