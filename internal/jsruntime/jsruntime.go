// Package jsruntime holds the JavaScript that gotonium injects into every
// page: the Gotonium (alias Pytonium) global, the ready flags and events, the
// state store's page side, and the stubs of bound Go functions.
package jsruntime

import (
	_ "embed"
	"encoding/json"
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
// frameless turns on resizing by the page's edges.
func Script(bindings []Binding, frameless bool) string {
	table := make([][2]any, 0, len(bindings))
	for _, b := range bindings {
		table = append(table, [2]any{b.Object, b.Names})
	}
	js, _ := json.Marshal(table) // strings and string slices always marshal
	s := strings.Replace(runtime, "/*BINDINGS*/ []", string(js), 1)
	if frameless {
		s = strings.Replace(s, "/*FRAMELESS*/ false", "true", 1)
	}
	return s
}

// StateScript returns the document-start script that loads a state snapshot
// (namespace → key → value as JSON text) into the page's store. It runs after
// Script's.
func StateScript(snapshot map[string]map[string]string) string {
	js, _ := json.Marshal(snapshot)
	return "window.Gotonium.__gotonium.hydrate(" + string(js) + ");"
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
