package gotonium

import "github.com/gotonium/gotonium/internal/engine"

// navState holds an instance's navigation hook; guarded by Instance.mu.
type navState struct{}

// Navigate is an engine event: the main frame is about to load a URL, or the
// page asked for a new window.
func (b *browser) Navigate(nav engine.Navigation, decide func(engine.NavigationAction)) {
	decide(engine.NavigationAllow)
}
