package gotonium

import "github.com/gotonium/gotonium/internal/engine"

// menuState is an instance's context menu entries and settings.
type menuState struct{}

// ContextMenu is an engine event: the page's context menu is opening.
func (b *browser) ContextMenu() engine.Menu { return engine.Menu{} }
