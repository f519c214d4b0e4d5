package enginefake

import "github.com/gotonium/gotonium/internal/engine"

// Dialog is a dialog the core opened on a fake window; the test answers it
// with Choose or Cancel (or closes the window).
type Dialog struct {
	w       *Window
	File    *engine.FileDialog    // a file dialog, or
	Message *engine.MessageDialog // a message dialog
	file    func([]string, error)
	message func(int, error)
	done    bool // guarded by e.mu
}

func (w *Window) ShowFileDialog(d engine.FileDialog, done func([]string, error)) error {
	return w.do("ShowFileDialog", func() error { w.addDialog(&Dialog{w: w, File: &d, file: done}); return nil })
}

func (w *Window) ShowMessageDialog(d engine.MessageDialog, done func(int, error)) error {
	return w.do("ShowMessageDialog", func() error { w.addDialog(&Dialog{w: w, Message: &d, message: done}); return nil })
}

func (w *Window) addDialog(d *Dialog) {
	w.e.mu.Lock()
	w.e.dialogs = append(w.e.dialogs, d)
	w.e.notifyLocked()
	w.e.mu.Unlock()
}

// OpenDialogs returns the dialogs open on the engine's windows, oldest first.
func (e *Engine) OpenDialogs() []*Dialog {
	e.mu.Lock()
	defer e.mu.Unlock()
	var open []*Dialog
	for _, d := range e.dialogs {
		if !d.done {
			open = append(open, d)
		}
	}
	return open
}

// Choose answers a file dialog with paths, or a message dialog with the
// button of index button; on the UI goroutine, as the engine would.
func (d *Dialog) Choose(paths []string, button int) {
	d.end(func() {
		if d.file != nil {
			if paths == nil {
				paths = []string{}
			}
			d.file(paths, nil)
		} else {
			d.message(button, nil)
		}
	})
}

// Cancel answers the dialog as Escape would.
func (d *Dialog) Cancel() {
	d.end(func() {
		if d.file != nil {
			d.file(nil, nil)
		} else {
			d.message(-1, nil)
		}
	})
}

func (d *Dialog) end(answer func()) {
	d.w.e.ui.event("dialog", func() {
		if d.finish() {
			answer()
		}
	})
}

// finish marks the dialog answered; false if it was already.
func (d *Dialog) finish() bool {
	d.w.e.mu.Lock()
	defer d.w.e.mu.Unlock()
	if d.done {
		return false
	}
	d.done = true
	d.w.e.notifyLocked()
	return true
}

// endDialogs ends the dialogs of a window that closed; UI goroutine.
func (w *Window) endDialogs() {
	w.e.mu.Lock()
	list := append([]*Dialog(nil), w.e.dialogs...)
	w.e.mu.Unlock()
	for _, d := range list {
		if d.w == w && d.finish() {
			if d.file != nil {
				d.file(nil, engine.ErrClosed)
			} else {
				d.message(-1, engine.ErrClosed)
			}
		}
	}
}
