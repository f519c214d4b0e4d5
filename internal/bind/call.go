package bind

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"runtime/debug"
)

// Call calls f with the arguments in args, the text of a JSON array as
// JavaScript's JSON.stringify makes it, and returns f's result as JSON
// text. Empty or all-space args count as no arguments. Call neither
// changes args nor keeps it (decoded values are copies), so args may be
// read-only memory such as a string's bytes; the result is a new slice that
// only the caller holds.
//
// If f takes a context.Context first, ctx is passed to it
// (context.Background() if ctx is nil).
//
// The result is "null" if f returns nothing, only an error, or a nil
// value; otherwise it is the value encoded by encoding/json, with <, >, &,
// U+2028 and U+2029 escaped so that it is safe to embed in JavaScript.
//
// Call returns an error, and no result, if:
//
//   - args is not a JSON array ("<name>: arguments are not a JSON array: …");
//   - the number of arguments is wrong ("<name>: expected 2 arguments, got
//     3"; for a variadic f, "expected at least …"); with names from
//     [Func.WithParamNames] they follow the count ("expected 2 arguments
//     (note, path), got 3");
//   - an argument does not fit its parameter ("<name>: argument 2: cannot
//     use "x" (string) as int"; positions count from 1 and exclude the
//     context); with names the parameter's name follows the position
//     ("argument 2 (path): …", or "argument 3 (tags[1]): …" for the second
//     element of the rest parameter tags);
//   - f returns a non-nil error: that error is returned itself, unwrapped,
//     so its text is exactly what f said;
//   - f panics: the error is a [*PanicError] ("<name>: panic: <value>");
//     the panic does not propagate. Panics in goroutines that f starts are
//     not caught;
//   - the result cannot be encoded as JSON, such as a channel or a NaN
//     ("<name>: cannot encode result: …").
func (f *Func) Call(ctx context.Context, args []byte) (result []byte, err error) {
	out, err := f.invoke(ctx, args)
	if err != nil {
		return nil, err
	}
	defer func() { // a panicking MarshalJSON of the result
		if r := recover(); r != nil {
			result = nil
			err = &PanicError{Func: f.name, Value: r, Stack: debug.Stack()}
		}
	}()
	if f.result == nil {
		return []byte("null"), nil // a new slice: the caller may keep or change it
	}
	if f.bytesResult {
		return out[0].Bytes(), nil // the func's own slice: not copied
	}
	if f.plainResult {
		if b, ok := quotePlain(out[0].String()); ok {
			return b, nil
		}
	}
	b, err := json.Marshal(out[0].Interface())
	if err != nil {
		return nil, fmt.Errorf("%s: cannot encode result: %v", f.name, err)
	}
	return b, nil
}

// CallStream calls f, which streams (StreamResult), and returns a channel
// of its values (an invalid or nil Value when f returned a nil channel) and
// a func that, once the channel is closed, gives the error the stream ended
// with.
//
// For a channel result, f is called as Call calls it, and the channel is
// f's own; the stream ends without error when f closes it.
//
// For a func(T) last parameter, CallStream decodes the arguments (an error
// for bad ones, as Call gives), then calls f in a new goroutine and returns
// at once. Each value f passes to its func(T) is sent on the channel,
// waiting until it is received or ctx is done (then it is dropped: f
// should watch ctx). When f returns the channel is closed, and the error
// is f's error, a [*PanicError] if it panicked, or nil.
func (f *Func) CallStream(ctx context.Context, args []byte) (reflect.Value, func() error, error) {
	noErr := func() error { return nil }
	switch {
	case f.streamResult:
		out, err := f.invoke(ctx, args)
		if err != nil {
			return reflect.Value{}, nil, err
		}
		return out[0], noErr, nil
	case f.sendParam == nil:
		return reflect.Value{}, nil, fmt.Errorf("%s: the function does not stream", f.name)
	}
	if ctx == nil {
		ctx = context.Background()
	}
	in, err := f.decode(ctx, args)
	if err != nil {
		return reflect.Value{}, nil, err
	}
	ch := reflect.MakeChan(reflect.ChanOf(reflect.BothDir, f.sendParam.In(0)), 0)
	done := reflect.ValueOf(ctx.Done())
	send := reflect.MakeFunc(f.sendParam, func(a []reflect.Value) []reflect.Value {
		reflect.Select([]reflect.SelectCase{
			{Dir: reflect.SelectSend, Chan: ch, Send: a[0]},
			{Dir: reflect.SelectRecv, Chan: done},
		})
		return nil
	})
	var final error
	go func() {
		defer ch.Close() // after final is set: the reader reads it after the close
		_, final = f.call(append(in, send))
	}()
	return ch, func() error { return final }, nil
}

// blobsKey is the context key of WithBlobs.
type blobsKey struct{}

// WithBlobs returns a context under which Call and CallStream decode a
// []byte argument sent as {"$gotoniumBlob": token} (a Uint8Array, an
// ArrayBuffer or a Blob the page uploaded as bytes) to take(token).
func WithBlobs(ctx context.Context, take func(token string) ([]byte, bool)) context.Context {
	return context.WithValue(ctx, blobsKey{}, take)
}

// blobArg decodes a blob reference; ok is false when raw is no reference.
func blobArg(raw []byte, take func(string) ([]byte, bool)) (v reflect.Value, ok bool, err error) {
	var ref struct {
		Token *string `json:"$gotoniumBlob"`
	}
	if json.Unmarshal(raw, &ref) != nil || ref.Token == nil {
		return reflect.Value{}, false, nil
	}
	data, found := take(*ref.Token)
	if !found {
		return reflect.Value{}, true, fmt.Errorf("the bytes sent are gone (uploaded more than 30 s ago, or used already)")
	}
	return reflect.ValueOf(data), true, nil
}

// invoke decodes args, calls f and returns its results, or the error Call
// describes for bad arguments, a returned error or a panic.
func (f *Func) invoke(ctx context.Context, args []byte) ([]reflect.Value, error) {
	in, err := f.decode(ctx, args)
	if err != nil {
		return nil, err
	}
	return f.call(in)
}

// call calls f with in and returns its results, or its error or panic as
// Call describes.
func (f *Func) call(in []reflect.Value) (out []reflect.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			out = nil
			err = &PanicError{Func: f.name, Value: r, Stack: debug.Stack()}
		}
	}()
	out = f.fn.Call(in)
	if f.hasErr {
		if e := out[len(out)-1]; !e.IsNil() {
			return nil, e.Interface().(error)
		}
	}
	return out, nil
}

// decode decodes args into f's Go arguments (the context first, if f takes
// one), or gives the error Call describes for bad arguments.
func (f *Func) decode(ctx context.Context, args []byte) (in []reflect.Value, err error) {
	defer func() { // a panicking UnmarshalJSON
		if r := recover(); r != nil {
			in = nil
			err = &PanicError{Func: f.name, Value: r, Stack: debug.Stack()}
		}
	}()
	raws, err := splitArray(args)
	if err != nil {
		return nil, fmt.Errorf("%s: arguments are not a JSON array: %v", f.name, err)
	}
	if err := f.checkCount(len(raws)); err != nil {
		return nil, err
	}

	in = make([]reflect.Value, 0, len(raws)+2)
	if f.hasCtx {
		if ctx == nil {
			ctx = context.Background()
		}
		in = append(in, reflect.ValueOf(ctx))
	}
	var blobs func(string) ([]byte, bool)
	if ctx != nil {
		blobs, _ = ctx.Value(blobsKey{}).(func(string) ([]byte, bool))
	}
	for i, raw := range raws {
		d := f.decoders[min(i, len(f.decoders)-1)]
		if d.typ == bytesType && blobs != nil && len(raw) > 0 && raw[0] == '{' {
			if v, ok, err := blobArg(raw, blobs); ok {
				if err != nil {
					return nil, fmt.Errorf("%s: argument %s: %w", f.name, f.argLabel(i), err)
				}
				in = append(in, v)
				continue
			}
		}
		v, err := d.decode(raw)
		if err != nil {
			return nil, fmt.Errorf("%s: argument %s: %w", f.name, f.argLabel(i), err)
		}
		in = append(in, v)
	}
	return in, nil
}

// checkCount returns an error unless n JavaScript arguments suit f.
func (f *Func) checkCount(n int) error {
	want := len(f.params)
	switch {
	case f.variadic && n < want-1:
		return fmt.Errorf("%s: expected at least %s%s, got %d", f.name, plural(want-1, "argument"), f.paramList(), n)
	case !f.variadic && n != want:
		return fmt.Errorf("%s: expected %s%s, got %d", f.name, plural(want, "argument"), f.paramList(), n)
	}
	return nil
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
