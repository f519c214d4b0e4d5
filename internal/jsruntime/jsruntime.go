// Package jsruntime holds the JavaScript that gotonium injects into every
// page: the Gotonium (alias Pytonium) global, the ready flags and events, the
// state store's page side, and the stubs of bound Go functions.
package jsruntime

import (
	_ "embed"
	"encoding/json"
	"strconv"
	"strings"
)

//go:embed runtime.js
var source string

// runtime is source without its comment lines, blank lines and
// indentation: every page holds the script it was given, and its size is
// most of what gotonium costs a page in memory (docs/benchmarks.md).
var runtime = compact(source)

// compact drops the lines of js that hold only a // comment or nothing, and
// every line's leading and trailing spaces. It does not look inside lines,
// so it is safe for code whose strings and template literals, like the
// runtime's, never span lines.
func compact(js string) string {
	var b strings.Builder
	b.Grow(len(js))
	for _, line := range strings.Split(js, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "//") {
			continue
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String()
}

// Binding is one JavaScript object and the names of the functions bound on
// it; Object "" means functions placed on the Gotonium object itself.
type Binding struct {
	Object string
	Names  []string
}

// Script returns the document-start script for a window with these bindings;
// frameless turns on resizing by the page's edges. The runtime sets itself up
// only where gate (see Gate) holds, and signs every message with secret.
func Script(bindings []Binding, frameless bool, gate, secret string) string {
	table := make([][2]any, 0, len(bindings))
	for _, b := range bindings {
		table = append(table, [2]any{b.Object, b.Names})
	}
	js, _ := json.Marshal(table) // strings and string slices always marshal
	s := strings.Replace(runtime, "/*BINDINGS*/ []", string(js), 1)
	if frameless {
		s = strings.Replace(s, "/*FRAMELESS*/ false", "true", 1)
	}
	sec, _ := json.Marshal(secret)
	s = strings.Replace(s, "/*SECRET*/ \"\"", string(sec), 1)
	return strings.Replace(s, "/*GATE*/ false", gate, 1)
}

// StateScript returns the document-start script that loads a state snapshot
// (namespace → key → value as JSON text) into the page's store. It runs after
// Script's, and only where gate holds.
//
// seq is the number of the store's last change in the snapshot: the page then
// asks for the changes after it (a "sync" message, see SyncReply).
func StateScript(snapshot map[string]map[string]string, seq uint64, gate string) string {
	return Gated(gate, "window.Gotonium.__gotonium.hydrate("+parsed(snapshot)+", "+strconv.FormatUint(seq, 10)+");")
}

// ResetScript returns a script that replaces a loaded page's whole store.
func ResetScript(snapshot map[string]map[string]string, seq uint64) string {
	return "window.Gotonium && window.Gotonium.__gotonium.reset(" + parsed(snapshot) + ", " + strconv.FormatUint(seq, 10) + ");"
}

// parsed returns a JavaScript expression that parses v's JSON text. Parsed,
// not written as an object literal: a key such as "__proto__" would set the
// literal's prototype instead of being a key.
func parsed(v any) string {
	js, _ := json.Marshal(v)
	text, _ := json.Marshal(string(js))
	return "JSON.parse(" + string(text) + ")"
}

// SyncReply is the answer to a page's "sync" message: the changes after the
// number it has, or, when those are no longer known, the whole store.
type SyncReply struct {
	Seq      uint64                       `json:"seq"`
	Changes  []Change                     `json:"changes,omitempty"`
	Snapshot map[string]map[string]string `json:"snapshot,omitempty"`
}

// Gated returns script guarded by gate: it does nothing in a page where the
// gate does not hold.
func Gated(gate, script string) string { return "if (" + gate + ") { " + script + " }" }

// Gate returns a JavaScript expression that is true only in the top frame of
// a page whose scheme is one of schemes ("main", "data") or whose origin is
// one of origins or matches one of the wildcard patterns (prefix, suffix:
// "https://" and ".example.com" for https://*.example.com).
//
// The expression reads only window, window.top and location, which pages
// cannot redefine, and compares strings with operators alone, never with
// methods a page could replace: it stays truthful when evaluated later in a
// page that has run its own scripts.
func Gate(schemes, origins []string, wildcards [][2]string) string {
	var terms []string
	for _, s := range schemes {
		q, _ := json.Marshal(s + ":")
		if s == "data" || s == "about" {
			// Such a page the app opened has an opaque origin; an
			// about:blank that another page navigated to has that page's.
			terms = append(terms, "(p === "+string(q)+" && o === \"null\")")
			continue
		}
		terms = append(terms, "p === "+string(q))
	}
	for _, o := range origins {
		q, _ := json.Marshal(o)
		terms = append(terms, "o === "+string(q))
	}
	for _, w := range wildcards {
		prefix, suffix := w[0], w[1]
		var t []string
		t = append(t, "o.length > "+strconv.Itoa(len(prefix)+len(suffix)))
		for i := 0; i < len(prefix); i++ {
			q, _ := json.Marshal(prefix[i : i+1])
			t = append(t, "o["+strconv.Itoa(i)+"] === "+string(q))
		}
		for i := 0; i < len(suffix); i++ {
			q, _ := json.Marshal(suffix[len(suffix)-1-i : len(suffix)-i])
			t = append(t, "o[o.length - "+strconv.Itoa(i+1)+"] === "+string(q))
		}
		terms = append(terms, "("+strings.Join(t, " && ")+")")
	}
	if len(terms) == 0 {
		return "false"
	}
	return "(window === window.top && ((p, o) => typeof o === \"string\" && (" + strings.Join(terms, " || ") + "))(location.protocol, location.origin))"
}

// Define returns a script that adds one bound function to a page that is
// already loaded.
func Define(object, name string) string {
	o, _ := json.Marshal(object)
	n, _ := json.Marshal(name)
	return "window.Gotonium && window.Gotonium.__gotonium.define(" + string(o) + "," + string(n) + ");"
}

// Receive returns a script that applies one state change in a page.
func Receive(c Change) string {
	js, _ := json.Marshal(c)
	return "window.Gotonium && window.Gotonium.__gotonium.receive(" + string(js) + ");"
}

// Change is one state change for a page: Value is the JSON text of the new
// value, or nil for a removal; Seq numbers the store's changes from 1.
type Change struct {
	Seq    uint64  `json:"seq"`
	NS     string  `json:"ns"`
	Key    string  `json:"key"`
	Value  *string `json:"value,omitempty"`
	FromGo bool    `json:"fromGo"`
}

// ReceiveAll returns a script that applies changes in a page, in order.
func ReceiveAll(changes []Change) string {
	return "window.Gotonium && window.Gotonium.__gotonium.receiveAll(" + parsed(changes) + ");"
}

// SetFrameless returns a script that turns edge resizing on or off in a page
// that is already loaded.
func SetFrameless(on bool) string {
	if on {
		return "window.Gotonium && window.Gotonium.__gotonium.setFrameless(true);"
	}
	return "window.Gotonium && window.Gotonium.__gotonium.setFrameless(false);"
}

// An Event is one event that Go emits to a page: Kind 0 carries Data as
// JSON text, Kind 1 as bytes (sent in base64, a Uint8Array in the page).
type Event struct {
	Name string
	Kind int
	Data string
}

// Events returns a script that delivers events to a page's listeners
// (Gotonium.on), in order. The batch is one JSON text parsed once, not a
// literal: {"__proto__": …} stays a key.
func Events(list []Event) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, e := range list {
		if i > 0 {
			b.WriteByte(',')
		}
		name, _ := json.Marshal(e.Name)
		b.WriteByte('[')
		b.Write(name)
		b.WriteByte(',')
		b.WriteString(strconv.Itoa(e.Kind))
		b.WriteByte(',')
		if e.Kind == 1 {
			b.WriteByte('"')
			b.WriteString(e.Data) // base64 needs no escaping
			b.WriteByte('"')
		} else {
			b.WriteString(e.Data) // JSON already
		}
		b.WriteByte(']')
	}
	b.WriteByte(']')
	text, _ := json.Marshal(b.String())
	return "window.Gotonium && window.Gotonium.__gotonium.events(JSON.parse(" + string(text) + "));"
}
