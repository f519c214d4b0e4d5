package gotonium

import (
	"context"
	"encoding/json"
	"reflect"
	"strconv"
	"unsafe"

	"github.com/gotonium/gotonium/internal/jsruntime"
)

// Streams. A bound function streams when its result is a receive channel
// (<-chan T or chan T), or when its last parameter is a func(T) (not a
// JavaScript argument) and it returns nothing or an error. The page's
// promise resolves with an async iterator at once, and every value reaches
// it, in order, as an event of the stream (see emit.go): each value Go
// sends on the channel until it closes it, or each value the function
// passes to its func(T) until it returns. A callback-form function runs in
// a goroutine of its own, not on the pumping one; the error it returns (or
// a panic) makes the page's for await throw after the values sent before
// it. When the page stops reading (break out of for await, return()),
// navigates away or the window closes, the context the function got is
// cancelled and gotonium stops receiving (a func(T) call then returns at
// once, dropping its value): a function that produces values should watch
// ctx.Done().

// streamMarker starts a reply that names a stream; JSON never starts so.
const streamMarker = "\x01stream:"

// streamEvent is the event name prefix of a stream's values; a page cannot
// listen to it (Emit refuses names that start with NUL).
const streamEvent = "\x00s:"

// startStream calls f, whose result is a channel, and starts forwarding its
// values to the page; it returns the reply that names the stream.
func (b *browser) startStream(pageCtx context.Context, f *boundFunc, args string) (string, error) {
	ctx, cancel := context.WithCancel(pageCtx)
	ch, final, err := f.fn.CallStream(ctx, unsafe.Slice(unsafe.StringData(args), len(args)))
	if err != nil {
		cancel()
		return "", err
	}
	b.mu.Lock()
	b.nextStream++
	id := strconv.FormatUint(b.nextStream, 10)
	if b.streams == nil {
		b.streams = map[string]context.CancelFunc{}
	}
	b.streams[id] = cancel
	b.mu.Unlock()
	go b.forward(ctx, id, f, ch, final)
	return streamMarker + id, nil
}

// forward sends the channel's values to the page until it is closed or ctx
// ends, then the stream's end.
func (b *browser) forward(ctx context.Context, id string, f *boundFunc, ch reflect.Value, final func() error) {
	defer b.cancelStream(id)
	name := streamEvent + id
	end := func(errText string) {
		data, _ := json.Marshal(map[string]any{"end": true, "error": errText})
		b.emit(jsruntime.Event{Name: name, Data: string(data)})
	}
	if !ch.IsValid() || ch.IsNil() {
		end("")
		return
	}
	cases := []reflect.SelectCase{
		{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(ctx.Done())},
		{Dir: reflect.SelectRecv, Chan: ch},
	}
	for {
		chosen, v, ok := reflect.Select(cases)
		if chosen == 0 { // the page stopped reading, or is gone
			end("")
			return
		}
		if !ok {
			if err := final(); err != nil {
				end(callError(f, err))
			} else {
				end("")
			}
			return
		}
		js, err := json.Marshal(map[string]any{"v": v.Interface()})
		if err != nil {
			end(f.qualified() + ": cannot encode a value of the stream: " + err.Error())
			return
		}
		if b.emit(jsruntime.Event{Name: name, Data: string(js)}) != nil {
			return // the window closed
		}
	}
}

// cancelStream ends the stream id: its function's context is cancelled.
func (b *browser) cancelStream(id string) {
	b.mu.Lock()
	cancel := b.streams[id]
	delete(b.streams, id)
	b.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}
