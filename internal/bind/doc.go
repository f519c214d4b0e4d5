// Package bind turns Go functions into functions that JavaScript can call.
//
// It is the pure logic behind gotonium's JavaScript bridge and knows
// nothing about windows or WebKit: a [Func] wraps a Go func value, [Func.Call]
// takes the arguments as a JSON array text (as produced by JSON.stringify in
// the page) and gives back the result as JSON text, and [WriteTypeScript]
// writes a TypeScript declaration file (.d.ts) describing the bound
// functions for the page's code.
//
// # Calling convention
//
// A bound function may take any parameters whose types encoding/json can
// decode. A first parameter of type [context.Context] is filled by the
// caller of [Func.Call] and is not visible to JavaScript. Variadic functions
// take their extra JavaScript arguments in the variadic slice.
//
// A bound function may return nothing, a value, an error, or a value and an
// error. Any other result shape is rejected by [New].
//
// Arguments are decoded with encoding/json, with these differences that
// make JavaScript mistakes visible instead of silent:
//
//   - A JSON null for a top-level parameter whose type cannot hold nil
//     (numbers, strings, bools, structs, arrays) is an error. Pointers,
//     slices, maps and interfaces (including any and json.RawMessage) take
//     null as nil. Inside objects and arrays encoding/json's own rules apply
//     (null leaves the zero value).
//   - Unknown object keys are ignored, as encoding/json does.
//   - Numbers for an any parameter become float64, which is exact for
//     integers up to 2^53, the limit of JavaScript's own numbers. Integer
//     parameters take only integers written without fraction or exponent,
//     as JSON.stringify writes them up to 1e21; a fraction is an error.
//   - Strings are decoded as encoding/json does: invalid UTF-8 and unpaired
//     UTF-16 surrogate escapes (which JavaScript strings may hold) become
//     U+FFFD.
//
// Results are encoded with encoding/json, which escapes <, >, &, U+2028 and
// U+2029, so the result text may be embedded in a script or evaluated as
// JavaScript as it is.
//
// # Names
//
// Every function has a JavaScript name, which must be a valid JavaScript
// identifier and not a reserved word. [New] derives it from the Go name when
// none is given; see [New] for the exact rule. Its parameters are called
// arg1, arg2, … in the TypeScript declarations unless they are named with
// [Func.WithParamNames].
//
// # Concurrency
//
// A [Func] is immutable once made and may be called from many goroutines at
// once; whether that is safe for the wrapped Go function is up to it.
package bind
