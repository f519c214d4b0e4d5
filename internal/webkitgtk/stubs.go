package webkitgtk

import "github.com/gotonium/gotonium/internal/engine"

// Temporary: features being written in their own files replace these.

func (w *window) Reload() error                               { return engine.ErrUnsupported }
func (w *window) TryClose() error                             { return engine.ErrUnsupported }
func (w *window) Minimize() error                             { return engine.ErrUnsupported }
func (w *window) Maximize() error                             { return engine.ErrUnsupported }
func (w *window) Restore() error                              { return engine.ErrUnsupported }
func (w *window) IsMaximized() (bool, error)                  { return false, engine.ErrUnsupported }
func (w *window) Position() (int, int, error)                 { return 0, 0, engine.ErrUnsupported }
func (w *window) SetPosition(x, y int) error                  { return engine.ErrUnsupported }
func (w *window) Size() (int, int, error)                     { return 0, 0, engine.ErrUnsupported }
func (w *window) SetSize(width, height int) error             { return engine.ErrUnsupported }
func (w *window) BeginMove(button, x, y int, ts uint32) error { return engine.ErrUnsupported }
func (w *window) NativeHandle() uint64                        { return 0 }
func (w *window) BeginResize(e engine.Edge, b, x, y int, ts uint32) error {
	return engine.ErrUnsupported
}
