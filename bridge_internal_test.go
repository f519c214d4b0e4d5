package gotonium

import (
	"encoding/json"
	"errors"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gotonium/gotonium/internal/enginefake"
	"github.com/gotonium/gotonium/internal/jsruntime"
)

func failedWith(_ string, err error) string {
	var re *enginefake.ReplyError
	if errors.As(err, &re) {
		return re.Message
	}
	if err != nil {
		return "not a rejection: " + err.Error()
	}
	return ""
}

// TestBridgeRefusesForgedMessages: a message without the window's secret
// as its first line is refused and the bound function does not run.
func TestBridgeRefusesForgedMessages(t *testing.T) {
	e := useFake(t)
	var calls atomic.Int32
	p := New()
	must(t, p.BindFunction(func() int { return int(calls.Add(1)) }, "f", ""))
	_, w := openFake2(t, e, p)
	pumpFake(t)
	secret := secretOf(p)
	for _, body := range []string{
		callMsg("", "f", "[]"),                                 // no secret line
		"\n" + callMsg("", "f", "[]"),                          // an empty one
		"nope\n" + callMsg("", "f", "[]"),                      // a wrong one
		secret[:len(secret)-1] + "\n" + callMsg("", "f", "[]"), // a prefix
		secret + "x\n" + callMsg("", "f", "[]"),
		"",
		secret, // the secret and nothing else
	} {
		if _, err := w.Message(body); failedWith("", err) != errRefused {
			t.Errorf("message %q: %v, want refused", body, err)
		}
	}
	// The positive signal that would have come after the forbidden ones.
	if v, err := send(p, w, callMsg("", "f", "[]")); err != nil || v != "1" {
		t.Fatalf("a signed call: %q, %v", v, err)
	}
	if calls.Load() != 1 {
		t.Fatalf("the function ran %d times", calls.Load())
	}
}

// openFake2 opens p's window (bindings already made) and loads its page.
func openFake2(t *testing.T, e *enginefake.Engine, p *Instance) (*Instance, *enginefake.Window) {
	t.Helper()
	n := len(e.Windows())
	must(t, p.Initialize(appURL, 300, 200))
	w := e.WaitWindow(n + 1)
	w.PageLoad(appURL)
	return p, w
}

// TestBridgeRefusesUntrustedPages: the window's own secret does not help a
// page of an origin the app did not open or allow; a trusted page again
// works.
func TestBridgeRefusesUntrustedPages(t *testing.T) {
	e := useFake(t)
	var calls atomic.Int32
	p := New()
	must(t, p.BindFunction(func() int { return int(calls.Add(1)) }, "f", ""))
	_, w := openFake2(t, e, p)
	pumpFake(t)
	w.PageLoad("https://evil.test/")
	for _, body := range []string{callMsg("", "f", "[]"), "sync\n0", `{"op":"set","ns":"a","key":"b","value":"1"}`, "window\nminimize\n[]"} {
		if _, err := send(p, w, body); failedWith("", err) != errRefused {
			t.Errorf("%q from an untrusted page: %v, want refused", body, err)
		}
	}
	if _, ok := p.GetState("a", "b"); ok {
		t.Error("an untrusted page changed the state")
	}
	if c := w.Controls(); len(c) != 0 {
		t.Errorf("an untrusted page ran window controls: %v", c)
	}
	must(t, p.AllowOrigins("https://*.friend.test"))
	w.PageLoad("https://www.friend.test/")
	if v, err := send(p, w, callMsg("", "f", "[]")); err != nil || v != "1" {
		t.Fatalf("a call from an allowed origin: %q, %v", v, err)
	}
	if calls.Load() != 1 {
		t.Fatalf("the function ran %d times", calls.Load())
	}
}

// TestBridgeCalls: results, errors, wrong arguments, unknown functions and
// malformed calls.
func TestBridgeCalls(t *testing.T) {
	e := useFake(t)
	p := New()
	must(t, p.BindFunction(func(a int, s string) string { return strconv.Itoa(a) + s }, "join", "util"))
	must(t, p.BindFunction(func() {}, "nothing", ""))
	must(t, p.BindFunction(func() (int, error) { return 0, errors.New("it failed") }, "fails", "util"))
	must(t, p.BindFunction(func() int { panic("kaboom") }, "panics", ""))
	_, w := openFake2(t, e, p)
	pumpFake(t)
	for _, c := range []struct{ body, value, fail string }{
		{callMsg("util", "join", `[1,"x"]`), `"1x"`, ""},
		{callMsg("", "nothing", `[]`), "", ""},
		{callMsg("util", "fails", `[]`), "", "it failed"},
		{callMsg("util", "join", `["x",1]`), "", "util.join"},
		{callMsg("util", "join", `[1]`), "", "util.join"},
		{callMsg("util", "join", `not json`), "", "util.join"},
		{callMsg("", "panics", `[]`), "", "panics"},
		{callMsg("", "nope", `[]`), "", "Gotonium.nope is not a bound function"},
		{callMsg("other", "join", `[1,"x"]`), "", "Gotonium.other.join is not a bound function"},
		{"call\nutil\njoin", "", "malformed call"},
		{"nonsense", "", "malformed message"},
	} {
		v, err := send(p, w, c.body)
		if c.fail == "" {
			if err != nil || v != c.value {
				t.Errorf("%q: %q, %v; want %q", c.body, v, err, c.value)
			}
			continue
		}
		if msg := failedWith("", err); !strings.Contains(msg, c.fail) {
			t.Errorf("%q: %q, %v; want a rejection naming %q", c.body, v, err, c.fail)
		}
	}
	if msg := failedWith(send(p, w, callMsg("util", "join", `[1]`))); !strings.HasPrefix(msg, "util.join") {
		t.Errorf("a wrong call names the function as the page does: %q", msg)
	}
}

// TestBridgeInGoroutine: a function bound with InGoroutine answers with
// nobody pumping; one without waits for a pump.
func TestBridgeInGoroutine(t *testing.T) {
	e := useFake(t)
	p := New()
	must(t, p.BindFunction(func(x int) int { return x * 2 }, "double", "", InGoroutine()))
	must(t, p.BindFunction(func(x int) int { return x * 3 }, "triple", ""))
	_, w := openFake2(t, e, p)
	if v, err := send(p, w, callMsg("", "double", "[21]")); err != nil || v != "42" {
		t.Fatalf("InGoroutine call with no pump: %q, %v", v, err)
	}
	r := w.Post(secretOf(p) + "\n" + callMsg("", "triple", "[2]"))
	if r.Settled() {
		t.Fatal("a pumped function answered with nobody pumping")
	}
	callbacks.run()
	if v, err := r.Wait(); err != nil || v != "6" {
		t.Fatalf("after a pump: %q, %v", v, err)
	}
}

// TestBridgeGoexit: a bound function that calls runtime.Goexit rejects its
// promise; the next pump serves the next call.
func TestBridgeGoexit(t *testing.T) {
	e := useFake(t)
	p := New()
	must(t, p.BindFunction(func() int { runtime.Goexit(); return 0 }, "quit", ""))
	must(t, p.BindFunction(func() int { return 7 }, "seven", ""))
	_, w := openFake2(t, e, p)
	r := w.Post(secretOf(p) + "\n" + callMsg("", "quit", "[]"))
	ended := make(chan struct{})
	go func() { defer close(ended); callbacks.run() }()
	recv(t, ended, "the pump that ran Goexit")
	if msg := failedWith(r.Wait()); !strings.Contains(msg, "runtime.Goexit") {
		t.Fatalf("the promise of a Goexit call: %q", msg)
	}
	r = w.Post(secretOf(p) + "\n" + callMsg("", "seven", "[]"))
	callbacks.run()
	if v, err := r.Wait(); err != nil || v != "7" {
		t.Fatalf("the next call: %q, %v", v, err)
	}
}

// TestBridgeWindowCalls: Gotonium.window.* runs the engine's controls.
func TestBridgeWindowCalls(t *testing.T) {
	e := useFake(t)
	p, w := loadedFake(t, e)
	for _, c := range []struct{ body, value, fail string }{
		{"window\nsetPosition\n[10,20]", "null", ""},
		{"window\ngetPosition\n[]", `{"x":10,"y":20}`, ""},
		{"window\ndrag\n[5,5]", "null", ""},
		{"window\nsetSize\n[400,300]", "null", ""},
		{"window\ngetSize\n[]", `{"height":300,"width":400}`, ""},
		{"window\ntoggleMaximize\n[]", "null", ""},
		{"window\nisMaximized\n[]", "true", ""},
		{"window\nsetPosition\n[1]", "", "argument 2 (a number) is missing"},
		{"window\nsetPosition\n[\"a\",1]", "", "argument 1 must be a number, not a string"},
		{"window\nsetAlwaysOnTop\n[1]", "", "argument 1 must be true or false, not a number"},
		{"window\nsetTitle\n[null]", "", "argument 1 must be a string, not null"},
		{"window\nsetPosition\n{}", "", "arguments must be a JSON array"},
		{"window\nfly\n[]", "", "not a function"},
	} {
		v, err := send(p, w, c.body)
		if c.fail == "" {
			if err != nil || v != c.value {
				t.Errorf("%q: %q, %v; want %q", c.body, v, err, c.value)
			}
		} else if msg := failedWith("", err); !strings.Contains(msg, c.fail) {
			t.Errorf("%q: %q, %v; want %q", c.body, v, err, c.fail)
		}
	}
	if got := join(w.Controls()); got != "SetPosition 10 20,SetPosition 15 25,SetSize 400 300,Maximize" {
		t.Errorf("controls: %s", got)
	}
}

// TestStateMessages: single and batched changes from a page are applied
// all or nothing, reach the Go handlers (not the page that made them) and
// the other windows sharing the store; malformed ones change nothing.
func TestStateMessages(t *testing.T) {
	e := useFake(t)
	p, w := loadedFake(t, e)
	q, w2 := loadedFake(t, e)
	must(t, q.ShareStateWith(p))
	pumpFake(t)
	type upd struct {
		ns, key string
		value   any
	}
	got := make(chan upd, 16)
	must(t, p.AddStateHandler(StateHandlerFunc(func(ns, key string, v any) { got <- upd{ns, key, v} }), []string{"app"}))

	e.Sync() // the scripts ShareStateWith sent
	mark := len(w.Scripts())
	mark2 := len(w2.Scripts())
	if v, err := send(p, w, `{"op":"set","ns":"app","key":"theme","value":"\"dark\""}`); err != nil || v != "null" {
		t.Fatalf("set: %q, %v", v, err)
	}
	if u := recv(t, got, "the handler"); u != (upd{"app", "theme", "dark"}) {
		t.Errorf("handler got %+v", u)
	}
	if v, _ := p.GetState("app", "theme"); v != "dark" {
		t.Errorf("GetState = %v", v)
	}
	e.Sync()
	if n := len(w.Scripts()) - mark; n != 0 {
		t.Errorf("the page that made the change was sent %d scripts", n)
	}
	if s := w2.Scripts()[mark2:]; len(s) != 1 || !strings.Contains(s[0].Code, "theme") {
		t.Errorf("the other window of the store was not told: %d scripts", len(s))
	}

	batch := `{"op":"batch","ops":[{"op":"set","ns":"app","key":"a","value":"1"},{"op":"remove","ns":"app","key":"theme"},{"op":"set","ns":"other","key":"b","value":"[2]"}]}`
	if v, err := send(p, w, batch); err != nil || v != "null" {
		t.Fatalf("batch: %q, %v", v, err)
	}
	if u := recv(t, got, "the handler"); u != (upd{"app", "a", float64(1)}) {
		t.Errorf("handler got %+v", u)
	}
	if u := recv(t, got, "the handler"); u.ns != "app" || u.key != "theme" || u.value != nil {
		t.Errorf("handler got %+v for the removal", u)
	}
	if _, ok := p.GetState("app", "theme"); ok {
		t.Error("the removal was not applied")
	}
	if v, _ := q.GetState("other", "b"); len(v.([]any)) != 1 {
		t.Errorf("the sharing instance sees %v", v)
	}

	before, _ := p.stateStore().snapshotSeq()
	for _, c := range []struct{ body, fail string }{
		{`{"op":"set","ns":"","key":"k","value":"1"}`, "malformed state change"},
		{`{"op":"set","ns":"app","key":"","value":"1"}`, "malformed state change"},
		{`{"op":"set","ns":"app","key":"k","value":"{bad"}`, "malformed value"},
		{`{"op":"set","ns":"app","key":"k"}`, "malformed value"},
		{`{"op":"rename","ns":"app","key":"k"}`, "unknown message"},
		{`{"op":"batch","ops":[{"op":"set","ns":"app","key":"ok","value":"1"},{"op":"zap","ns":"app","key":"k"}]}`, "unknown state change"},
		{`{"op":"batch","ops":[{"op":"set","ns":"app","key":"ok","value":"1"},{"op":"set","ns":"app","value":"1"}]}`, "malformed state change"},
		{`{"op":`, "malformed message"},
	} {
		if msg := failedWith(send(p, w, c.body)); !strings.Contains(msg, c.fail) {
			t.Errorf("%q: %q, want %q", c.body, msg, c.fail)
		}
	}
	after, _ := p.stateStore().snapshotSeq()
	if a, b := mustMarshal(before), mustMarshal(after); a != b {
		t.Errorf("malformed messages changed the store: %s → %s", a, b)
	}
	select {
	case u := <-got:
		t.Errorf("a malformed message reached the handler: %+v", u)
	default:
	}
}

func mustMarshal(v any) string {
	js, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(js)
}

// syncReply sends a page's catch-up and decodes the answer.
func syncReply(t *testing.T, p *Instance, w *enginefake.Window, seq uint64) jsruntime.SyncReply {
	t.Helper()
	v, err := send(p, w, "sync\n"+strconv.FormatUint(seq, 10))
	if err != nil {
		t.Fatalf("sync %d: %v", seq, err)
	}
	var r jsruntime.SyncReply
	if err := json.Unmarshal([]byte(v), &r); err != nil {
		t.Fatalf("sync reply %q: %v", v, err)
	}
	return r
}

func changeKeys(r jsruntime.SyncReply) string {
	var keys []string
	for _, c := range r.Changes {
		keys = append(keys, c.Key)
	}
	return join(keys)
}

// TestStateSync: a page catching up gets the changes after the number it
// has, without those its own current page made, and the whole store when it
// is further behind than the change log reaches.
func TestStateSync(t *testing.T) {
	e := useFake(t)
	p, w := loadedFake(t, e)
	must(t, p.SetState("ns", "a", 1)) // 1
	must(t, p.SetState("ns", "b", 2)) // 2
	if r := syncReply(t, p, w, 0); r.Seq != 2 || changeKeys(r) != "a,b" || r.Snapshot != nil {
		t.Fatalf("sync 0: %+v", r)
	}
	if r := syncReply(t, p, w, 1); changeKeys(r) != "b" || !r.Changes[0].FromGo {
		t.Fatalf("sync 1: %+v", r)
	}
	if r := syncReply(t, p, w, 2); r.Seq != 2 || len(r.Changes) != 0 || r.Snapshot != nil {
		t.Fatalf("sync at the latest: %+v", r)
	}
	// A change of this page (3): it has it; after the next commit it does not.
	if _, err := send(p, w, `{"op":"set","ns":"ns","key":"c","value":"3"}`); err != nil {
		t.Fatal(err)
	}
	must(t, p.SetState("ns", "d", 4)) // 4
	if r := syncReply(t, p, w, 2); r.Seq != 4 || changeKeys(r) != "d" {
		t.Fatalf("sync 2 from the page that made change 3: %+v", r)
	}
	w.PageLoad(appURL) // a new document: change 3 is not its own
	if r := syncReply(t, p, w, 2); changeKeys(r) != "c,d" {
		t.Fatalf("sync 2 from the next page: %+v", r)
	}
	if r := syncReply(t, p, w, 99); r.Snapshot == nil || r.Seq != 4 {
		t.Errorf("sync from a number the store never reached (another store's page): %+v, want the whole store", r)
	}
	if _, err := send(p, w, "sync\nabc"); !strings.Contains(failedWith("", err), "malformed sync") {
		t.Errorf("malformed sync: %v", err)
	}

	// The log keeps at most maxLogBytes of values.
	big := strings.Repeat("x", maxLogBytes/3)
	for i := 0; i < 4; i++ {
		must(t, p.SetState("big", "v"+strconv.Itoa(i), big)) // 5 … 8
	}
	r := syncReply(t, p, w, 4)
	if r.Snapshot == nil || r.Changes != nil || r.Seq != 8 {
		t.Fatalf("sync from before the log: seq %d, %d changes, snapshot %v", r.Seq, len(r.Changes), r.Snapshot != nil)
	}
	if len(r.Snapshot["big"]) != 4 || r.Snapshot["ns"]["c"] != "3" {
		t.Errorf("the snapshot lacks values: %d big ones", len(r.Snapshot["big"]))
	}
	if r := syncReply(t, p, w, 7); changeKeys(r) != "v3" {
		t.Errorf("sync from within the log: %+v", changeKeys(r))
	}
	s := p.stateStore()
	s.mu.Lock()
	logBytes, entries := s.logBytes, len(s.log)
	s.mu.Unlock()
	if logBytes > maxLogBytes || entries >= 8 {
		t.Errorf("the log holds %d bytes in %d entries", logBytes, entries)
	}
}
