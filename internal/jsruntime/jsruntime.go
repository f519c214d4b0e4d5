// Package jsruntime holds the JavaScript that gotonium injects into every
// page: the Gotonium (alias Pytonium) global, the ready flags and events, and
// the bridge to Go.
package jsruntime

import _ "embed"

//go:embed runtime.js
var runtime string

// Script returns the document-start script for a window.
func Script() string { return runtime }
