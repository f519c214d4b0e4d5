package bind

import (
	"fmt"
	"unicode/utf8"
)

// maxPanicText is how many bytes of a panic value PanicError.Error quotes.
const maxPanicText = 1000

// PanicError is the error [Func.Call] returns when the bound function
// panics. Its message is "<name>: panic: <value>", with the value's text
// cut to about 1000 bytes; the stack is kept apart for logging.
type PanicError struct {
	Func  string // the JavaScript name of the function
	Value any    // the value passed to panic
	Stack []byte // the goroutine's stack at the panic, as runtime/debug.Stack gives it
}

// Error returns "<name>: panic: <value>". It never contains the stack.
func (e *PanicError) Error() string {
	v := fmt.Sprint(e.Value)
	if len(v) > maxPanicText {
		n := maxPanicText
		for n > 0 && !utf8.RuneStart(v[n]) {
			n--
		}
		v = v[:n] + "…"
	}
	return e.Func + ": panic: " + v
}

// Unwrap returns the panic value if it is an error, so that errors.Is and
// errors.As see through the panic.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}
