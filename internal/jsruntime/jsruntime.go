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
var runtime string

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
func StateScript(snapshot map[string]map[string]string, gate string) string {
	js, _ := json.Marshal(snapshot)
	// Parsed, not written as an object literal: a key such as "__proto__"
	// would set the literal's prototype instead of being a key.
	text, _ := json.Marshal(string(js))
	return Gated(gate, "window.Gotonium.__gotonium.hydrate(JSON.parse("+string(text)+"));")
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

// Receive returns a script that applies a state change in a page: value is
// the JSON text of the new value, or nil for a removal.
func Receive(namespace, key string, value *string, fromGo bool) string {
	m := struct {
		NS     string  `json:"ns"`
		Key    string  `json:"key"`
		Value  *string `json:"value,omitempty"`
		FromGo bool    `json:"fromGo"`
	}{namespace, key, value, fromGo}
	js, _ := json.Marshal(m)
	return "window.Gotonium && window.Gotonium.__gotonium.receive(" + string(js) + ");"
}

// SetFrameless returns a script that turns edge resizing on or off in a page
// that is already loaded.
func SetFrameless(on bool) string {
	if on {
		return "window.Gotonium && window.Gotonium.__gotonium.setFrameless(true);"
	}
	return "window.Gotonium && window.Gotonium.__gotonium.setFrameless(false);"
}
