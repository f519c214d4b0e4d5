package webkitgtk

import "github.com/gotonium/gotonium/internal/engine"

// Offscreen windows: to be written.

func (w *window) SendMouse(engine.MouseEvent) error { return engine.ErrUnsupported }
func (w *window) SendKey(engine.KeyEvent) error     { return engine.ErrUnsupported }
