package gotonium

import (
	"time"
)

// eventHandlers are an instance's window event callbacks.
type eventHandlers struct {
	title      func(string)
	address    func(string)
	fullscreen func(bool)
	load       func(string)
	closed     func()
	crash      func(string)
	fileDrop   func([]string, int, int) // filedrop.go
}

// OnTitleChange calls fn with the page's title whenever it changes. Like all
// window events it may be set before or after the window opens, runs on the
// pumping goroutine, and replaces the previous callback; nil removes it.
// A title that a script set with a NUL character in it arrives cut short at
// the NUL: WebKitGTK hands titles over as C strings.
func (p *Instance) OnTitleChange(fn func(title string)) {
	p.setEvent(func(h *eventHandlers) { h.title = fn })
}

// OnAddressChange calls fn with the main frame's URL whenever it changes:
// navigation, history.pushState and fragment changes.
func (p *Instance) OnAddressChange(fn func(url string)) {
	p.setEvent(func(h *eventHandlers) { h.address = fn })
}

// OnFullscreenChange calls fn when the page enters (true) or leaves (false)
// HTML fullscreen (element.requestFullscreen, document.exitFullscreen).
func (p *Instance) OnFullscreenChange(fn func(fullscreen bool)) {
	p.setEvent(func(h *eventHandlers) { h.fullscreen = fn })
}

// OnLoad calls fn with the page's URL each time a page has finished loading.
func (p *Instance) OnLoad(fn func(url string)) { p.setEvent(func(h *eventHandlers) { h.load = fn }) }

// OnClose calls fn when the window has closed, however it closed.
func (p *Instance) OnClose(fn func()) { p.setEvent(func(h *eventHandlers) { h.closed = fn }) }

// OnCrash calls fn when the window's web process dies; reason is "crashed",
// "memory" (it exceeded its memory limit) or "terminated". gotonium reloads
// the page by itself (up to three times in a minute, then the window stays
// blank and the error is logged); other windows are not affected unless they
// share the process (SetLightweightMode).
func (p *Instance) OnCrash(fn func(reason string)) {
	p.setEvent(func(h *eventHandlers) { h.crash = fn })
}

func (p *Instance) setEvent(set func(*eventHandlers)) {
	p.mu.Lock()
	set(&p.events)
	p.mu.Unlock()
}

// emit queues a window event for the pumping goroutine if a callback is set.
func (p *Instance) emit(get func(*eventHandlers) func()) {
	p.mu.Lock()
	f := get(&p.events)
	p.mu.Unlock()
	if f != nil {
		callbacks.push(f)
	}
}

// Title is an engine event.
func (b *browser) Title(title string) {
	b.inst.emit(func(h *eventHandlers) func() {
		if fn := h.title; fn != nil {
			return func() { fn(title) }
		}
		return nil
	})
}

// URI is an engine event.
func (b *browser) URI(uri string) {
	b.mu.Lock()
	b.uri = uri
	b.mu.Unlock()
	b.inst.emit(func(h *eventHandlers) func() {
		if fn := h.address; fn != nil {
			return func() { fn(uri) }
		}
		return nil
	})
}

// Fullscreen is an engine event.
func (b *browser) Fullscreen(on bool) {
	b.inst.emit(func(h *eventHandlers) func() {
		if fn := h.fullscreen; fn != nil {
			return func() { fn(on) }
		}
		return nil
	})
}

// loaded tells the app that a page finished loading.
func (b *browser) loadedEvent() {
	b.mu.Lock()
	uri := b.uri
	b.mu.Unlock()
	b.inst.emit(func(h *eventHandlers) func() {
		if fn := h.load; fn != nil {
			return func() { fn(uri) }
		}
		return nil
	})
}

// closedEvent tells the app that the window closed.
func (b *browser) closedEvent() {
	b.inst.emit(func(h *eventHandlers) func() { return h.closed })
}

// crashLimit is how many crashes in crashWindow gotonium recovers from.
const (
	crashLimit  = 3
	crashWindow = time.Minute
)

// Crashed is an engine event: the web process died. The page is reloaded
// unless it keeps crashing.
func (b *browser) Crashed(reason string) {
	now := time.Now()
	b.mu.Lock()
	recent := b.crashes[:0]
	for _, t := range b.crashes {
		if now.Sub(t) < crashWindow {
			recent = append(recent, t)
		}
	}
	b.crashes = append(recent, now)
	again := len(b.crashes) <= crashLimit
	b.pageCancel(errCrashed)
	if again && !b.loading {
		b.loading = true
		b.loaded = make(chan struct{})
	}
	b.awaitStart = again
	win := b.win
	b.mu.Unlock()
	if again && win != nil {
		log().Warn("gotonium: web process died; reloading", "browser", b.id, "reason", reason)
		if err := win.Reload(false); err != nil {
			log().Error("gotonium: reload after crash", "browser", b.id, "error", err)
		}
	} else {
		log().Error("gotonium: web process keeps dying; not reloading", "browser", b.id, "reason", reason)
	}
	b.inst.emit(func(h *eventHandlers) func() {
		if fn := h.crash; fn != nil {
			return func() { fn(reason) }
		}
		return nil
	})
}
