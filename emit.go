package gotonium

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"github.com/gotonium/gotonium/internal/jsruntime"
)

// maxEventName bounds the length of an event name.
const maxEventName = 256

// Emit sends an event to the page of this instance's window: every listener
// the page registered with Gotonium.on(event, fn) is called with data,
// decoded from JSON as encoding/json encodes it (nil is null), except that
// a []byte arrives as a Uint8Array. Emit does not wait for the page.
//
// Events arrive in the order Emit was called. An event emitted while a page
// is loading reaches that page once it has loaded; one that a page load
// overtakes, or that a page no longer listening gets, is dropped, as it
// would be by a page that never listened. Only the app's own pages receive
// events (see AllowOrigins): a page of another origin in the window gets
// nothing. Events emitted in a burst are delivered together, in one script
// per window, so that a page keeps up with many thousands a second.
//
// It returns ErrNoBrowser when no window is open, and ErrInvalidArgument
// for an event name that is empty, not valid UTF-8, longer than 256 bytes
// or starting with NUL (gotonium's own), or for data encoding/json cannot
// encode.
func (p *Instance) Emit(event string, data any) error {
	e, err := newEvent(event, data)
	if err != nil {
		return err
	}
	b := p.current()
	if b == nil {
		return ErrNoBrowser
	}
	return b.emit(e)
}

// EmitAll is Emit to every open window that shares this instance's state
// store (see ShareStateWith): to this window alone when it shares with
// none. It returns ErrNoBrowser when none of them is open.
func (p *Instance) EmitAll(event string, data any) error {
	e, err := newEvent(event, data)
	if err != nil {
		return err
	}
	s := p.stateStore()
	s.mu.Lock()
	members := make([]*Instance, 0, len(s.members))
	for m := range s.members {
		members = append(members, m)
	}
	s.mu.Unlock()
	sent := false
	for _, m := range members {
		if b := m.current(); b != nil && b.emit(e) == nil {
			sent = true
		}
	}
	if !sent {
		return ErrNoBrowser
	}
	return nil
}

func newEvent(event string, data any) (jsruntime.Event, error) {
	if event == "" || len(event) > maxEventName || !utf8.ValidString(event) || event[0] == 0 {
		return jsruntime.Event{}, fmt.Errorf("%w: Emit: the event name must be 1 to %d bytes of UTF-8, not starting with NUL", ErrInvalidArgument, maxEventName)
	}
	if raw, ok := data.([]byte); ok {
		return jsruntime.Event{Name: event, Kind: 1, Data: base64.StdEncoding.EncodeToString(raw)}, nil
	}
	js, err := json.Marshal(data)
	if err != nil {
		return jsruntime.Event{}, fmt.Errorf("%w: Emit(%q): %v", ErrInvalidArgument, event, err)
	}
	return jsruntime.Event{Name: event, Data: string(js)}, nil
}

// emit queues an event for the window's page. One script carrying the
// events queued so far is in flight at a time; events emitted meanwhile
// wait and go together in the next one.
func (b *browser) emit(e jsruntime.Event) error {
	gate := b.inst.gate() // before b.mu: the instance's lock comes first
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.open {
		return ErrNoBrowser
	}
	b.events = append(b.events, e)
	if !b.emitting {
		b.emitting = true
		b.sendEventsLocked(gate)
	}
	return nil
}

// sendEventsLocked sends the queued events in one script, guarded by the
// page gate gate; b.mu is held.
func (b *browser) sendEventsLocked(gate string) {
	list := b.events
	b.events = nil
	if len(list) == 0 || !b.open {
		b.emitting = false
		return
	}
	b.queueLocked(job{
		code: jsruntime.Gated(gate, jsruntime.Events(list)),
		done: make(chan struct{}),
		result: func(string, error) {
			go func() { // not on the engine's thread: the next batch takes b.mu
				gate := b.inst.gate()
				b.mu.Lock()
				b.sendEventsLocked(gate)
				b.mu.Unlock()
			}()
		},
	})
}
