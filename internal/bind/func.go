package bind

import (
	"context"
	"errors"
	"fmt"
	"reflect"
)

var (
	contextType = reflect.TypeFor[context.Context]()
	errorType   = reflect.TypeFor[error]()
)

// Func is a Go function bound under a JavaScript name. It is made by [New]
// (or [NewBound]), optionally with parameter names by
// [Func.WithParamNames], is immutable, and is safe for concurrent use.
type Func struct {
	name     string
	fn       reflect.Value
	hasCtx   bool           // the first Go parameter is a context.Context
	params   []reflect.Type // the parameters JavaScript passes (no context)
	decoders []argDecoder   // one per entry of params; for a variadic func the last decodes one element
	variadic bool           // the last entry of params is a variadic slice
	result   reflect.Type   // the non-error result, or nil
	hasErr   bool           // the last result is an error
	// plainResult: result is a string kind that encoding/json encodes as
	// a plain JSON string (no MarshalJSON or MarshalText method).
	plainResult bool
	// bytesResult: the result is []byte, sent to the page as bytes (a
	// Uint8Array), not JSON.
	bytesResult bool
	// streamResult: the result is a channel the page reads as an async
	// iterator (CallStream).
	streamResult bool
	// sendParam: the last Go parameter is a func(T) the function streams
	// through (CallStream); it is not a JavaScript argument.
	sendParam reflect.Type
	// paramNames: one JavaScript name per entry of params, or nil
	// (WithParamNames).
	paramNames []string
}

// New wraps fn, which must be a non-nil func value, under the JavaScript
// name name.
//
// If name is empty it is derived from fn's Go name as reported by
// runtime.FuncForPC: the package path and any generic "[...]" are dropped,
// a trailing "-fm" (method value) is dropped, and the last dot-separated
// element is used. So "main.getAppName" gives "getAppName" and
// "main.(*Settings).Apply-fm" gives "Apply". Func literals (Go names such
// as "main.main.func1" or "pkg.F.func2.1") and funcs made by reflect have
// no usable name, and New returns an error asking for an explicit one.
//
// A name, given or derived, must be a JavaScript identifier (letters,
// digits, '_' and '$', not starting with a digit) and not a JavaScript
// reserved word such as "delete" or "new"; New returns an error otherwise.
//
// fn may return nothing, one value, an error, or a value and an error (in
// that order); New returns an error for any other result shape. A function
// streams values to the page (see [Func.CallStream]) if its result is a
// receive channel, or if its last parameter is a func with one parameter
// and no result (func(T)) it calls once per value; such a parameter is not
// a JavaScript argument, and the function then returns nothing or an error. "An error"
// means a result of the interface type error itself; a concrete type such
// as *MyError is a value like any other. If fn's
// first parameter has exactly the type context.Context, it is filled from
// the context given to [Func.Call] and is not a JavaScript argument.
//
// New does all the reflection work once, so that calls are cheap.
func New(fn any, name string) (*Func, error) {
	if fn == nil {
		return nil, errors.New("bind: cannot bind nil")
	}
	v := reflect.ValueOf(fn)
	t := v.Type()
	if t.Kind() != reflect.Func {
		return nil, fmt.Errorf("bind: cannot bind a %s: not a func", t)
	}
	if v.IsNil() {
		return nil, fmt.Errorf("bind: cannot bind a nil %s", t)
	}
	if name == "" {
		n, err := deriveName(v)
		if err != nil {
			return nil, err
		}
		name = n
	} else if err := checkName(name); err != nil {
		return nil, fmt.Errorf("bind: bad name: %w", err)
	}

	f := &Func{name: name, fn: v, variadic: t.IsVariadic()}
	first := 0
	if t.NumIn() > 0 && t.In(0) == contextType {
		f.hasCtx = true
		first = 1
	}
	if f.variadic && t.NumIn() == first {
		// Only possible if the variadic parameter is the context itself,
		// which Go's syntax does not allow; kept for safety.
		return nil, fmt.Errorf("bind: %s: unsupported signature %s", name, t)
	}
	last := t.NumIn()
	if n := t.NumIn(); n > first && !f.variadic {
		if pt := t.In(n - 1); pt.Kind() == reflect.Func && pt.NumIn() == 1 && pt.NumOut() == 0 && !pt.IsVariadic() {
			f.sendParam, last = pt, n-1
		}
	}
	for i := first; i < last; i++ {
		pt := t.In(i)
		f.params = append(f.params, pt)
		if f.variadic && i == t.NumIn()-1 {
			pt = pt.Elem()
		}
		f.decoders = append(f.decoders, newArgDecoder(pt))
	}

	switch t.NumOut() {
	case 0:
	case 1:
		if t.Out(0) == errorType {
			f.hasErr = true
		} else {
			f.result = t.Out(0)
		}
	case 2:
		if t.Out(1) != errorType || t.Out(0) == errorType {
			return nil, fmt.Errorf("bind: %s: results must be none, T, error or (T, error), not %s", name, resultString(t))
		}
		f.result, f.hasErr = t.Out(0), true
	default:
		return nil, fmt.Errorf("bind: %s: results must be none, T, error or (T, error), not %s", name, resultString(t))
	}
	if r := f.result; r != nil && r.Kind() == reflect.String {
		pr := reflect.PointerTo(r)
		f.plainResult = !pr.Implements(jsonMarshalerType) && !pr.Implements(textMarshalerType)
	}
	f.bytesResult = f.result == bytesType
	f.streamResult = f.result != nil && f.result.Kind() == reflect.Chan && f.result.ChanDir()&reflect.RecvDir != 0
	if f.sendParam != nil && f.result != nil {
		return nil, fmt.Errorf("bind: %s: a function that streams through its last parameter (%s) returns nothing or an error, not %s", name, f.sendParam, resultString(t))
	}
	return f, nil
}

// resultString formats the results of the func type t as Go writes them.
func resultString(t reflect.Type) string {
	s := "("
	for i := 0; i < t.NumOut(); i++ {
		if i > 0 {
			s += ", "
		}
		s += t.Out(i).String()
	}
	return s + ")"
}

// bytesType is []byte, the one result type sent as bytes.
var bytesType = reflect.TypeOf([]byte(nil))

// BytesResult reports whether f's result is []byte: Call then returns the
// bytes themselves, not JSON, and nil for a nil slice.
func (f *Func) BytesResult() bool { return f.bytesResult }

// StreamResult reports whether f streams: its result is a channel that can
// be received from, or its last parameter is a func(T) it sends values
// through. The page gets the values as an async iterator (CallStream).
func (f *Func) StreamResult() bool { return f.streamResult || f.sendParam != nil }

// StreamType returns the type of the values f streams, or nil when f does
// not stream.
func (f *Func) StreamType() reflect.Type {
	switch {
	case f.streamResult:
		return f.result.Elem()
	case f.sendParam != nil:
		return f.sendParam.In(0)
	}
	return nil
}

// Name returns the JavaScript name of f.
func (f *Func) Name() string { return f.name }

// Params returns the types of the parameters that JavaScript passes, in
// order: a leading context.Context parameter is not included. For a
// variadic func the last type is the variadic slice type (such as
// []string). The returned slice is a copy.
func (f *Func) Params() []reflect.Type {
	return append([]reflect.Type(nil), f.params...)
}

// Variadic reports whether f is variadic, so that JavaScript may pass any
// number of elements of the last parameter's element type.
func (f *Func) Variadic() bool { return f.variadic }

// Result returns the type of the value f returns to JavaScript, or nil if
// it returns only an error or nothing.
func (f *Func) Result() reflect.Type { return f.result }

// TakesContext reports whether f's first Go parameter is a context.Context
// filled by [Func.Call].
func (f *Func) TakesContext() bool { return f.hasCtx }
