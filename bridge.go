package gotonium

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/gotonium/gotonium/internal/bind"
	"github.com/gotonium/gotonium/internal/engine"
)

// The page runtime (internal/jsruntime) posts messages that start with the
// window's secret and a newline, followed by one of:
//
//	call\n<object>\n<name>\n<JSON array of arguments>
//	calls\n<id>\n<object>\n<name>\n<JSON array of arguments>\n<id>\n… (a burst, batch.go)
//	window\n<function>\n<JSON array of numbers>
//	sync\n<the number of the last state change the page has>
//	menu\n{"x":…,"y":…,"text":…,"data":{…}} (a right click, just before its menu opens)
//	{"op":"batch","ops":[{"op":"set"|"remove","ns":…,"key":…,"value":<JSON text>}, …]}
//	{"op":"set"|"remove","ns":…,"key":…,"value":<JSON text>} (one change)
//
// A call is answered with the result's JSON text ("" for a function with no
// result: undefined), or rejected with an error message. State messages are answered with "null".

// pageTrusted reports whether the committed page is one of the app's,
// deciding once per page and trust change.
func (b *browser) pageTrusted() bool {
	p := b.inst
	p.mu.Lock()
	version := p.trust.version + len(p.schemes)<<32
	p.mu.Unlock()
	b.mu.Lock()
	page, c := b.pageURI, b.trusted
	b.mu.Unlock()
	if c.valid && c.uri == page && c.version == version {
		return c.ok
	}
	ok := p.trustedURL(page)
	b.mu.Lock()
	b.trusted = trustCache{valid: true, uri: page, version: version, ok: ok}
	b.mu.Unlock()
	return ok
}

// trustCache is a window's last answer of pageTrusted.
type trustCache struct {
	valid   bool
	uri     string
	version int
	ok      bool
}

// testHookBeforeSync, when set (export_test.go), gets a page's state
// catch-up message instead of the bridge and calls answer when it likes: for
// tests of what reaches the page meanwhile.
var testHookBeforeSync func(p *Instance, answer func())

// errRefused rejects messages that do not come from the top frame of one of
// the app's pages. It names no detail a page could probe with.
const errRefused = "gotonium: refused: this page may not call the app"

// message handles a message a page posted; it runs on the engine's UI thread.
func (p *Instance) message(b *browser, body string, r engine.Reply) {
	secret, body, ok := strings.Cut(body, "\n")
	if !ok || subtle.ConstantTimeCompare([]byte(secret), []byte(b.secret)) != 1 {
		log().Warn("gotonium: refused a message not sent by the app's page runtime (an iframe, another site, or a forgery)", "browser", b.id)
		r.Fail(errRefused)
		return
	}
	if !b.pageTrusted() {
		b.mu.Lock()
		page := b.pageURI
		b.mu.Unlock()
		log().Warn("gotonium: refused a message from a page that is not the app's", "browser", b.id, "page", page)
		r.Fail(errRefused)
		return
	}
	if rest, ok := strings.CutPrefix(body, "calls\n"); ok { // a burst (batch.go)
		if !p.calls(b, rest) {
			r.Fail("gotonium: malformed calls from the page")
			return
		}
		r.Return("null")
		return
	}
	if rest, ok := strings.CutPrefix(body, "call\n"); ok {
		p.call(b, rest, r)
		return
	}
	if rest, ok := strings.CutPrefix(body, "cancel\n"); ok { // the page stopped reading a stream
		b.cancelStream(rest)
		r.Return("null")
		return
	}
	if rest, ok := strings.CutPrefix(body, "sync\n"); ok { // a page catching up on state
		seq, err := strconv.ParseUint(rest, 10, 64)
		if err != nil {
			r.Fail("gotonium: malformed sync message")
			return
		}
		answer := func() {
			b.mu.Lock()
			own := b.commitSeq
			b.mu.Unlock()
			js, _ := json.Marshal(p.stateStore().since(seq, b, own))
			r.Return(string(js))
		}
		if h := testHookBeforeSync; h != nil {
			h(p, answer)
			return
		}
		answer()
		return
	}
	if rest, ok := strings.CutPrefix(body, "menu\n"); ok { // a right click, before its menu opens
		if err := b.menuMessage(rest); err != nil {
			r.Fail(err.Error())
			return
		}
		r.Return("null")
		return
	}
	if rest, ok := strings.CutPrefix(body, "dialog\n"); ok { // answered when the user has chosen
		fn, opts, _ := strings.Cut(rest, "\n")
		b.dialogCall(fn, opts, r)
		return
	}
	if rest, ok := strings.CutPrefix(body, "window\n"); ok { // window controls run at once
		fn, args, _ := strings.Cut(rest, "\n")
		res, err := b.windowCall(fn, args)
		if err != nil {
			r.Fail(err.Error())
			return
		}
		r.Return(res)
		return
	}
	var m struct {
		Op  string    `json:"op"`
		Ops []stateOp `json:"ops"`
		stateOp
	}
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		r.Fail("gotonium: malformed message from the page")
		return
	}
	ops := m.Ops
	switch m.Op {
	case "batch":
	case "set", "remove":
		m.stateOp.Op = m.Op
		ops = []stateOp{m.stateOp}
	default:
		r.Fail("gotonium: unknown message " + m.Op)
		return
	}
	changes := make([]stateChange, 0, len(ops))
	for _, op := range ops {
		if op.NS == "" || op.Key == "" || !utf8.ValidString(op.NS) || !utf8.ValidString(op.Key) {
			r.Fail("gotonium: malformed state change from the page")
			return
		}
		switch op.Op {
		case "set":
			if op.Value == nil || !json.Valid([]byte(*op.Value)) {
				r.Fail("gotonium: setState: malformed value")
				return
			}
			changes = append(changes, stateChange{op.NS, op.Key, op.Value})
		case "remove":
			changes = append(changes, stateChange{op.NS, op.Key, nil})
		default:
			r.Fail("gotonium: unknown state change " + op.Op)
			return
		}
	}
	p.stateStore().apply(changes, b) // all or nothing: checked first
	r.Return("null")
}

// stateOp is one change in a page's state message.
type stateOp struct {
	Op    string  `json:"op"`
	NS    string  `json:"ns"`
	Key   string  `json:"key"`
	Value *string `json:"value"`
}

// call runs a bound function for a page.
func (p *Instance) call(b *browser, msg string, r engine.Reply) {
	parts := strings.SplitN(msg, "\n", 3)
	if len(parts) != 3 {
		r.Fail("gotonium: malformed call from the page")
		return
	}
	object, name, args := parts[0], parts[1], parts[2]
	f := p.lookup(object, name)
	if f == nil {
		r.Fail("Gotonium." + qualify(object, name) + " is not a bound function")
		return
	}
	ctx := bind.WithBlobs(b.pageContext(), b.takeUpload)
	// The reply is sent by whoever finishes last: run, or the UI thread
	// waiting for a prompt call below.
	var (
		settle  sync.Mutex
		waiting bool
		outcome func()
	)
	reply := func(send func()) {
		settle.Lock()
		if waiting {
			outcome = send
			settle.Unlock()
			return
		}
		settle.Unlock()
		send()
	}
	run := func() {
		returned := false
		defer func() {
			if !returned { // runtime.Goexit (t.FailNow, log.Fatal's cousins): the promise must settle
				reply(func() { r.Fail(f.qualified() + ": the Go function called runtime.Goexit") })
			}
		}()
		if f.fn.StreamResult() {
			msg, err := b.startStream(ctx, f, args)
			returned = true
			if err != nil {
				reply(func() { r.Fail(callError(f, err)) })
			} else {
				reply(func() { r.Return(msg) })
			}
			return
		}
		// The arguments are read in place (Call does not change them), and
		// the result, a new slice nobody else holds, is handed on as is:
		// large payloads are not copied again (docs/reliability.md).
		res, err := f.fn.Call(ctx, unsafe.Slice(unsafe.StringData(args), len(args)))
		returned = true
		if cause := context.Cause(ctx); cause != nil && ctx.Err() != nil {
			reply(func() { r.Fail(f.qualified() + ": " + cause.Error()) })
			return
		}
		if err != nil {
			msg := callError(f, err)
			reply(func() { r.Fail(msg) })
			return
		}
		if f.fn.Result() == nil {
			reply(func() { r.Return("") }) // the page resolves "" as undefined
			return
		}
		if f.fn.BytesResult() { // a Uint8Array, or null for a nil slice
			if res == nil {
				reply(func() { r.Return("null") })
			} else {
				token := b.putBlob(res) // fetched as bytes (blob.go)
				reply(func() { r.Return(token) })
			}
			return
		}
		reply(func() { r.Return(unsafe.String(unsafe.SliceData(res), len(res))) })
	}
	if f.goroutine {
		go run()
		return
	}
	settle.Lock()
	waiting = true
	settle.Unlock()
	prompt := callbacks.push(run)
	if prompt && !r.Busy() { // in a burst, go on with the next message instead
		deadline := time.Now().Add(promptWait)
		for time.Now().Before(deadline) {
			settle.Lock()
			done := outcome != nil
			settle.Unlock()
			if done {
				break
			}
			runtime.Gosched()
		}
	}
	settle.Lock()
	waiting = false
	send := outcome
	settle.Unlock()
	if send != nil {
		send() // on the UI thread: the reply goes out inline
	}
}

// callError is the page's text for the error of a bound function's call;
// a panic is logged.
func callError(f *boundFunc, err error) string {
	var pe *bind.PanicError
	if errors.As(err, &pe) {
		log().Error("gotonium: panic in bound function", "function", f.qualified(), "panic", pe.Value, "stack", string(pe.Stack))
	}
	msg := err.Error()
	if f.object != "" && strings.HasPrefix(msg, f.fn.Name()+":") {
		msg = f.object + "." + msg // name the function as the page does
	}
	return msg
}

// promptWait is how long the UI thread waits for a call that an idle
// event-driven loop picks up at once, so that the reply goes out inline
// instead of through another wake-up of the UI thread.
const promptWait = 300 * time.Microsecond
