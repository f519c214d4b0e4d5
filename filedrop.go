package gotonium

import (
	"encoding/json"
	"fmt"
)

// OnFileDrop calls fn with the absolute paths of files the user drops onto
// the window (from a file manager, a desktop or any app that drags file
// URLs) and where they were dropped: x, y in the window's view, in pixels.
// Like the other window events it runs on the pumping goroutine and may be
// set before or after the window opens; nil removes it.
//
// fn is called whichever page the window shows — the drop is the user's
// act, not the page's — and whether or not the page handles the drop. Only
// a page of the app's own (a trusted top-level page) also learns the
// paths, from a GotoniumFileDrop event (see docs/javascript.md). Drags
// that carry no file (text, links to web pages, the page's own HTML5 drag
// and drop) do not call fn.
func (p *Instance) OnFileDrop(fn func(paths []string, x, y int)) {
	p.setEvent(func(h *eventHandlers) { h.fileDrop = fn })
}

// FileDrop is an engine event: files were dropped onto the view.
func (b *browser) FileDrop(paths []string, x, y int) {
	paths = append([]string(nil), paths...)
	b.inst.emit(func(h *eventHandlers) func() {
		if fn := h.fileDrop; fn != nil {
			return func() { fn(paths, x, y) }
		}
		return nil
	})
	detail, _ := json.Marshal(map[string]any{"paths": paths, "x": x, "y": y})
	b.run(fmt.Sprintf("window.Gotonium.__gotonium.fileDrop(%s);", detail))
}
