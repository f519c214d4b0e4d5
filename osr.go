package gotonium

import (
	"image"

	"github.com/gotonium/gotonium/internal/engine"
)

// osrState is an instance's offscreen-mode settings.
type osrState struct{}

// osrConfig adds the instance's offscreen settings to a window about to
// open; p.mu is held.
func (p *Instance) osrConfig(cfg *engine.WindowConfig) {}

// Frame is an engine event: an offscreen window rendered a frame.
func (b *browser) Frame(img *image.RGBA, dirty image.Rectangle) {}
