package gotonium

import (
	"encoding/json"
	"strings"
	"sync/atomic"

	"github.com/gotonium/gotonium/internal/jsruntime"
)

// A page that calls bound functions in a burst (many calls in one task of
// its event loop: a loop, a Promise.all) sends the first call alone and the
// rest together, in one message:
//
//	calls\n<id>\n<object>\n<name>\n<JSON array of arguments>\n<id>\n…
//
// The message itself is answered with "null" at once, every call in it
// under way; each call's outcome goes back to the page as an event named
// "\x00r:<id>" (see batchReply), together with the other events and results
// that are ready then: one script for many results instead of one reply per
// call. A call in a burst runs exactly as it would alone (same checks, same
// order, same errors).

// maxCallID bounds the length of a call's id in a burst.
const maxCallID = 64

// batchedCalls counts the calls that came in bursts (for tests).
var batchedCalls atomic.Int64

// calls runs the calls of a burst for a page; it runs on the UI thread. A
// malformed message runs none of them and reports false.
func (p *Instance) calls(b *browser, msg string) bool {
	type one struct{ id, call string }
	var list []one
	for rest := msg; ; {
		parts := strings.SplitN(rest, "\n", 5)
		if len(parts) < 4 || parts[0] == "" || len(parts[0]) > maxCallID {
			return false
		}
		id := parts[0]
		call := rest[len(id)+1 : len(id)+1+len(parts[1])+1+len(parts[2])+1+len(parts[3])]
		list = append(list, one{id, call})
		if len(parts) == 4 {
			break
		}
		rest = parts[4]
	}
	batchedCalls.Add(int64(len(list)))
	for _, c := range list {
		p.call(b, c.call, &batchReply{b: b, event: "\x00r:" + c.id})
	}
	return true
}

// batchReply sends the outcome of one call of a burst to the page, as an
// event that the runtime routes to the call's promise:
// {"v": <JSON result>}, {"d": "<reply text>"} for replies the runtime
// decodes itself (undefined, bytes, a stream), or {"e": "<error message>"}.
type batchReply struct {
	b     *browser
	event string
}

func (r *batchReply) Return(value string) {
	var data string
	if value == "" || value[0] == '\x01' {
		js, _ := json.Marshal(value)
		data = `{"d":` + string(js) + `}`
	} else {
		data = `{"v":` + value + `}`
	}
	r.b.emit(jsruntime.Event{Name: r.event, Data: data}) // a closed window has no page to tell
}

func (r *batchReply) Fail(message string) {
	js, _ := json.Marshal(message)
	r.b.emit(jsruntime.Event{Name: r.event, Data: `{"e":` + string(js) + `}`})
}

// Busy is true: the calls of a burst do not wait for each other's replies.
func (r *batchReply) Busy() bool { return true }
