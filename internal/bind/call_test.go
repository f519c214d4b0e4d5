package bind

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// call binds fn as name and calls it with args, failing the test if New
// fails.
func call(t *testing.T, fn any, name, args string) (string, error) {
	t.Helper()
	f, err := New(fn, name)
	if err != nil {
		t.Fatalf("New(%T, %q): %v", fn, name, err)
	}
	out, err := f.Call(context.Background(), []byte(args))
	return string(out), err
}

type point struct {
	X int `json:"x"`
	Y int `json:"y"`
}

type profile struct {
	Name    string            `json:"name"`
	Tags    []string          `json:"tags"`
	Home    *point            `json:"home"`
	Extra   map[string]any    `json:"extra,omitempty"`
	Scores  map[int]float64   `json:"scores,omitempty"`
	Created time.Time         `json:"created"`
	Raw     json.RawMessage   `json:"raw,omitempty"`
	Labels  map[string]string `json:"-"`
}

type color string

// shout is a string type with its own text encoding: upper case out,
// lower case in.
type shout string

func (s shout) MarshalText() ([]byte, error) { return []byte(strings.ToUpper(string(s))), nil }
func (s *shout) UnmarshalText(b []byte) error {
	*s = shout(strings.ToLower(string(b)))
	return nil
}

func TestCallRoundTrip(t *testing.T) {
	tests := []struct {
		what string
		fn   any
		args string
		want string
	}{
		{"array stays array", func(v any) any { return v }, `[[1,"a",true,null,[]]]`, `[1,"a",true,null,[]]`},
		{"null stays null", func(v any) any { return v }, `[null]`, `null`},
		{"true stays bool", func(v any) any { return v }, `[true]`, `true`},
		{"false stays bool", func(v bool) bool { return v }, `[false]`, `false`},
		{"2^53 exact in any", func(v any) any { return v }, `[9007199254740992]`, `9007199254740992`},
		{"-2^53 exact in any", func(v any) any { return v }, `[-9007199254740992]`, `-9007199254740992`},
		{"2^53 exact in int64", func(v int64) int64 { return v }, `[9007199254740992]`, `9007199254740992`},
		{"2^53+1 exact in int64", func(v int64) int64 { return v }, `[9007199254740993]`, `9007199254740993`},
		{"max uint64", func(v uint64) uint64 { return v }, `[18446744073709551615]`, `18446744073709551615`},
		{"float", func(v float64) float64 { return v }, `[1.5]`, `1.5`},
		{"float in any", func(v any) any { return v }, `[-0.125]`, `-0.125`},
		{"tiny float", func(v float64) float64 { return v }, `[5e-324]`, `5e-324`},
		{"big float", func(v float64) float64 { return v }, `[1e300]`, `1e+300`},
		{"nested objects and Unicode", func(v any) any { return v },
			`[{"b":{"ü":["😀","日本"]},"a":[{"x":null}]}]`, `{"a":[{"x":null}],"b":{"ü":["😀","日本"]}}`},
		{"quotes and backslashes", func(s string) string { return s }, `["he said \"hi\" \\ \/"]`, `"he said \"hi\" \\ /"`},
		{"script end tag escaped", func(s string) string { return s }, `["</script><b>&amp;"]`, `"\u003c/script\u003e\u003cb\u003e\u0026amp;"`},
		{"U+2028 escaped", func(s string) string { return s }, "[\"a\u2028b\u2029c\"]", `"a\u2028b\u2029c"`},
		{"U+2028 escape kept", func(s string) string { return s }, `["a\u2028b"]`, `"a\u2028b"`},
		{"surrogate pair", func(s string) string { return s }, `["\ud83d\ude00"]`, `"😀"`},
		{"lone surrogate", func(s string) string { return s }, `["\ud83d!"]`, "\"\uFFFD!\""},
		{"control chars", func(s string) string { return s }, `["\u0000\n\t\u001f"]`, `"\u0000\n\t\u001f"`},
		{"empty string", func(s string) string { return s }, `[""]`, `""`},
		{"named string", func(c color) color { return c + "!" }, `["red"]`, `"red!"`},
		{"string type with MarshalText", func() shout { return "hi" }, `[]`, `"HI"`},
		{"string type with UnmarshalText", func(s shout) string { return string(s) }, `["ABC"]`, `"abc"`},
		{"struct", func(p point) point { return point{p.Y, p.X} }, `[{"x":1,"y":2}]`, `{"x":2,"y":1}`},
		{"unknown fields ignored", func(p point) point { return p }, `[{"x":1,"y":2,"z":3,"extra":{"a":[]}}]`, `{"x":1,"y":2}`},
		{"rich struct", func(p profile) profile { return p },
			`[{"name":"n","tags":["a"],"home":{"x":1,"y":2},"extra":{"k":[1]},"scores":{"3":0.5},"created":"2024-01-02T03:04:05Z","raw":{"r": 1}}]`,
			`{"name":"n","tags":["a"],"home":{"x":1,"y":2},"extra":{"k":[1]},"scores":{"3":0.5},"created":"2024-01-02T03:04:05Z","raw":{"r":1}}`},
		{"pointer null", func(p *point) *point { return p }, `[null]`, `null`},
		{"pointer", func(p *point) *point { return p }, `[{"x":3}]`, `{"x":3,"y":0}`},
		{"slice null", func(s []int) []int { return s }, `[null]`, `null`},
		{"slice", func(s []int) []int { return s }, `[[3,2,1]]`, `[3,2,1]`},
		{"map null", func(m map[string]int) map[string]int { return m }, `[null]`, `null`},
		{"map", func(m map[string]int) map[string]int { return m }, `[{"b":2,"a":1}]`, `{"a":1,"b":2}`},
		{"raw message", func(r json.RawMessage) json.RawMessage { return r }, `[ {"a" : [1, 2]} ]`, `{"a":[1,2]}`},
		{"raw message null", func(r json.RawMessage) bool { return r == nil }, `[null]`, `true`},
		{"byte arguments are base64, byte results raw", func(b []byte) []byte { return append(b, '!') }, `["aGk="]`, `hi!`},
		{"bytes in a struct stay base64", func(b []byte) struct{ B []byte } { return struct{ B []byte }{b} }, `["aGk="]`, `{"B":"aGk="}`},
		{"time", func(tm time.Time) time.Time { return tm.Add(time.Hour) }, `["2024-01-02T03:04:05Z"]`, `"2024-01-02T04:04:05Z"`},
		{"whitespace around", func(a, b int) int { return a + b }, " \n[ 1 ,\t2 ] \r\n", `3`},
		{"no results", func(int) {}, `[1]`, `null`},
		{"no arguments, empty text", func() int { return 7 }, ``, `7`},
		{"no arguments, empty array", func() int { return 7 }, `[]`, `7`},
		{"nil error only", func() error { return nil }, `[]`, `null`},
		{"value and nil error", func() (string, error) { return "ok", nil }, `[]`, `"ok"`},
		{"nil pointer result", func() *point { return nil }, `[]`, `null`},
		{"nil any result", func() any { return nil }, `[]`, `null`},
		{"nil slice result", func() []int { return nil }, `[]`, `null`},
		{"error value as result", func() myErr { return myErr{} }, `[]`, `{}`},
	}
	for _, tt := range tests {
		got, err := call(t, tt.fn, "f", tt.args)
		if err != nil || got != tt.want {
			t.Errorf("%s: Call(%s) = %s, %v; want %s", tt.what, tt.args, got, err, tt.want)
		}
	}
}

func TestCallAnyNumbersAreFloat64(t *testing.T) {
	var got any
	_, err := call(t, func(v any) { got = v }, "f", `[[1, 9007199254740993, {"a": 2}]]`)
	if err != nil {
		t.Fatal(err)
	}
	want := []any{1.0, float64(1 << 53), map[string]any{"a": 2.0}}
	if fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", want) {
		t.Errorf("got %#v, want %#v", got, want)
	}
}

func TestCallErrors(t *testing.T) {
	type nested struct {
		Size  int   `json:"size"`
		Items []int `json:"items"`
		In    struct {
			Deep bool `json:"deep"`
		} `json:"in"`
	}
	applySetting := func(key string, value int) {}
	tests := []struct {
		what string
		fn   any
		args string
		want string
	}{
		{"wrong type", applySetting, `["a","x"]`, `apply_setting: argument 2: cannot use "x" (string) as int`},
		{"too few", applySetting, `["a"]`, `apply_setting: expected 2 arguments, got 1`},
		{"too many", applySetting, `["a",1,2]`, `apply_setting: expected 2 arguments, got 3`},
		{"none given", applySetting, ``, `apply_setting: expected 2 arguments, got 0`},
		{"one expected", func(int) {}, `[]`, `apply_setting: expected 1 argument, got 0`},
		{"none expected", func() {}, `[1]`, `apply_setting: expected 0 arguments, got 1`},
		{"null for int", applySetting, `["a",null]`, `apply_setting: argument 2: cannot use null as int`},
		{"null for string", applySetting, `[null,1]`, `apply_setting: argument 1: cannot use null as string`},
		{"null for bool", func(bool) {}, `[null]`, `apply_setting: argument 1: cannot use null as bool`},
		{"null for float", func(float64) {}, `[null]`, `apply_setting: argument 1: cannot use null as float64`},
		{"null for struct", func(point) {}, `[null]`, `apply_setting: argument 1: cannot use null as bind.point`},
		{"null for array", func([2]int) {}, `[null]`, `apply_setting: argument 1: cannot use null as [2]int`},
		{"fraction for int", applySetting, `["a",1.5]`, `apply_setting: argument 2: cannot use 1.5 (number) as int`},
		{"exponent for int", applySetting, `["a",1e3]`, `apply_setting: argument 2: cannot use 1e3 (number) as int`},
		{"overflow int8", func(int8) {}, `[300]`, `apply_setting: argument 1: cannot use 300 (number) as int8`},
		{"negative uint", func(uint) {}, `[-1]`, `apply_setting: argument 1: cannot use -1 (number) as uint`},
		{"beyond float64", func(any) {}, `[1e400]`, `apply_setting: argument 1: cannot use 1e400 (number) as any`},
		{"number for string", applySetting, `[1,1]`, `apply_setting: argument 1: cannot use 1 (number) as string`},
		{"bool for string", applySetting, `[true,1]`, `apply_setting: argument 1: cannot use true (bool) as string`},
		{"array for string", applySetting, `[[1],1]`, `apply_setting: argument 1: cannot use [1] (array) as string`},
		{"object for slice", func([]int) {}, `[{"a":1}]`, `apply_setting: argument 1: cannot use {"a":1} (object) as []int`},
		{"array for struct", func(point) {}, `[[]]`, `apply_setting: argument 1: cannot use [] (array) as bind.point`},
		{"string for named string ok, number not", func(color) {}, `[1]`, `apply_setting: argument 1: cannot use 1 (number) as bind.color`},
		{"long value cut", applySetting, `["a","` + strings.Repeat("x", 100) + `"]`,
			`apply_setting: argument 2: cannot use "` + strings.Repeat("x", 39) + `… (string) as int`},
		{"element of slice", func([]int) {}, `[[1,"a"]]`, `apply_setting: argument 1: cannot use string as int (in []int)`},
		{"element of map", func(map[string]int) {}, `[{"k":true}]`, `apply_setting: argument 1: cannot use bool as int (in map[string]int)`},
		{"field", func(nested) {}, `[{"size":"big"}]`, `apply_setting: argument 1: field "size": cannot use string as int`},
		{"nested field", func(nested) {}, `[{"in":{"deep":1}}]`, `apply_setting: argument 1: field "in.deep": cannot use number as bool`},
		{"bad time", func(time.Time) {}, `["soon"]`, `apply_setting: argument 1: cannot use "soon" (string) as time.Time: parsing time "soon" as "2006-01-02T15:04:05Z07:00": cannot parse "soon" as "2006"`},
		{"bad base64", func([]byte) {}, `["!!"]`, `apply_setting: argument 1: cannot use "!!" (string) as []uint8: illegal base64 data at input byte 0`},
		{"bad escape", func(string) {}, `["a\x"]`, `apply_setting: argument 1: invalid JSON: invalid character 'x' in string escape code`},
		{"raw control char", func(string) {}, "[\"a\nb\"]", `apply_setting: argument 1: invalid JSON: invalid character '\n' in string literal`},
		{"bad literal", func(bool) {}, `[tru]`, `apply_setting: argument 1: invalid JSON: invalid character ' ' in literal true (expecting 'e')`},
		{"bad nested JSON", func(any) {}, `[{"a":}]`, `apply_setting: argument 1: invalid JSON: invalid character '}' looking for beginning of value`},
		{"not an array", applySetting, `{"a":1}`, `apply_setting: arguments are not a JSON array: found {"a":1}, not an array`},
		{"null args", applySetting, `null`, `apply_setting: arguments are not a JSON array: found null, not an array`},
		{"trailing comma", applySetting, `["a",1,]`, `apply_setting: arguments are not a JSON array: invalid character ']' looking for beginning of value`},
		{"missing comma", applySetting, `["a" 1]`, `apply_setting: arguments are not a JSON array: invalid character '1' after array element`},
		{"leading comma", applySetting, `[,1]`, `apply_setting: arguments are not a JSON array: invalid character ',' looking for beginning of value`},
		{"trailing text", applySetting, `["a",1]x`, `apply_setting: arguments are not a JSON array: invalid character 'x' after array`},
		{"unterminated", applySetting, `["a",1`, `apply_setting: arguments are not a JSON array: unexpected end of JSON input`},
		{"unterminated string", applySetting, `["a]`, `apply_setting: arguments are not a JSON array: unexpected end of JSON input in string`},
		{"unterminated object", func(any) {}, `[{"a":[1]`, `apply_setting: arguments are not a JSON array: unexpected end of JSON input`},
		{"channel result", func() chan int { return make(chan int) }, `[]`, `apply_setting: cannot encode result: json: unsupported type: chan int`},
		{"NaN result", func() float64 { return math.NaN() }, `[]`, `apply_setting: cannot encode result: json: unsupported value: NaN`},
		{"Inf in any", func() any { return []any{math.Inf(1)} }, `[]`, `apply_setting: cannot encode result: json: unsupported value: +Inf`},
		{"func in map", func() map[string]any { return map[string]any{"f": func() {}} }, `[]`, `apply_setting: cannot encode result: json: unsupported type: func()`},
	}
	for _, tt := range tests {
		got, err := call(t, tt.fn, "apply_setting", tt.args)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: Call(%s) = %s, %v;\n want error %s", tt.what, tt.args, got, err, tt.want)
		}
		if got != "" {
			t.Errorf("%s: Call gave a result %q with its error", tt.what, got)
		}
	}
}

var errSentinel = errors.New("setting \"theme\" is read-only <b>")

func TestCallReturnedError(t *testing.T) {
	f, err := New(func(fail bool) (int, error) {
		if fail {
			return 1, errSentinel
		}
		return 2, nil
	}, "apply")
	if err != nil {
		t.Fatal(err)
	}
	out, err := f.Call(context.Background(), []byte(`[true]`))
	if err != errSentinel || out != nil {
		t.Errorf("Call = %q, %v; want the function's own error %v and no result", out, err, errSentinel)
	}
	out, err = f.Call(context.Background(), []byte(`[false]`))
	if err != nil || string(out) != "2" {
		t.Errorf("Call = %q, %v; want 2", out, err)
	}

	wrapped := fmt.Errorf("outer: %w", errSentinel)
	_, err = call(t, func() error { return wrapped }, "f", `[]`)
	if err != wrapped || !errors.Is(err, errSentinel) || err.Error() != `outer: setting "theme" is read-only <b>` {
		t.Errorf("error-only func: got %v", err)
	}
	_, err = call(t, func() error { return myErr{} }, "f", `[]`)
	if err == nil || err.Error() != "mine" {
		t.Errorf("custom error type: got %v", err)
	}
}

type badMarshaler struct{}

func (badMarshaler) MarshalJSON() ([]byte, error) { panic("marshal exploded") }

type panicUnmarshaler struct{}

func (*panicUnmarshaler) UnmarshalJSON([]byte) error { panic("unmarshal exploded") }

func TestCallPanics(t *testing.T) {
	errInner := errors.New("inner")
	tests := []struct {
		what string
		fn   any
		args string
		want string
	}{
		{"string", func() { panic("kaboom") }, `[]`, `boom: panic: kaboom`},
		{"error", func() int { panic(errInner) }, `[]`, `boom: panic: inner`},
		{"runtime error", func(s []int) int { return s[5] }, `[[1]]`, `boom: panic: runtime error: index out of range [5] with length 1`},
		{"nil map", func(k string) { var m map[string]int; m[k] = 1 }, `["k"]`, `boom: panic: assignment to entry in nil map`},
		{"value", func() { panic(point{1, 2}) }, `[]`, `boom: panic: {1 2}`},
		{"huge value cut", func() { panic(strings.Repeat("é", 2000)) }, `[]`, `boom: panic: ` + strings.Repeat("é", 500) + `…`},
		{"in MarshalJSON", func() badMarshaler { return badMarshaler{} }, `[]`, `boom: panic: marshal exploded`},
		{"in UnmarshalJSON", func(*panicUnmarshaler) {}, `[{}]`, `boom: panic: unmarshal exploded`},
	}
	for _, tt := range tests {
		got, err := call(t, tt.fn, "boom", tt.args)
		var pe *PanicError
		if !errors.As(err, &pe) {
			t.Errorf("%s: Call = %q, %v; want a *PanicError", tt.what, got, err)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("%s: error %q, want %q", tt.what, err.Error(), tt.want)
		}
		if pe.Func != "boom" || len(pe.Stack) == 0 || strings.Contains(err.Error(), "goroutine") {
			t.Errorf("%s: PanicError = %+v", tt.what, pe)
		}
		if got != "" {
			t.Errorf("%s: result %q with a panic", tt.what, got)
		}
	}
	_, err := call(t, func() { panic(errInner) }, "boom", `[]`)
	if !errors.Is(err, errInner) {
		t.Errorf("errors.Is(%v, inner) = false; want the panic value unwrapped", err)
	}
}

type ctxKey struct{}

func TestCallContext(t *testing.T) {
	f, err := New(func(ctx context.Context, greeting string) (string, error) {
		v, _ := ctx.Value(ctxKey{}).(string)
		return greeting + " " + v, ctx.Err()
	}, "greet")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Params()) != 1 {
		t.Errorf("Params() = %v; want the context left out", f.Params())
	}
	ctx := context.WithValue(context.Background(), ctxKey{}, "window 1")
	out, err := f.Call(ctx, []byte(`["hello"]`))
	if err != nil || string(out) != `"hello window 1"` {
		t.Errorf("Call = %s, %v", out, err)
	}
	//lint:ignore SA1012 a nil context is documented to work
	out, err = f.Call(nil, []byte(`["hi"]`)) //nolint:staticcheck
	if err != nil || string(out) != `"hi "` {
		t.Errorf("Call with nil ctx = %s, %v", out, err)
	}
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := f.Call(canceled, []byte(`["hi"]`)); !errors.Is(err, context.Canceled) {
		t.Errorf("Call with a canceled ctx: %v; want the function's context.Canceled", err)
	}
	if _, err := f.Call(ctx, []byte(`[]`)); err == nil || err.Error() != "greet: expected 1 argument, got 0" {
		t.Errorf("the context must not count as an argument: %v", err)
	}

	onlyCtx, _ := New(func(ctx context.Context) bool { return ctx != nil }, "only")
	if out, err := onlyCtx.Call(nil, nil); err != nil || string(out) != "true" { //nolint:staticcheck
		t.Errorf("only a context: %s, %v", out, err)
	}
}

func TestCallVariadic(t *testing.T) {
	join := func(sep string, parts ...int) string {
		s := make([]string, len(parts))
		for i, p := range parts {
			s[i] = fmt.Sprint(p)
		}
		return fmt.Sprintf("%d:%s", len(parts), strings.Join(s, sep))
	}
	tests := []struct {
		args, want, err string
	}{
		{args: `["-"]`, want: `"0:"`},
		{args: `["-",1]`, want: `"1:1"`},
		{args: `["-",1,2,3]`, want: `"3:1-2-3"`},
		{args: `[]`, err: `join: expected at least 1 argument, got 0`},
		{args: `["-",1,"x"]`, err: `join: argument 3: cannot use "x" (string) as int`},
		{args: `["-",null]`, err: `join: argument 2: cannot use null as int`},
		{args: `["-",[1,2]]`, err: `join: argument 2: cannot use [1,2] (array) as int`},
	}
	for _, tt := range tests {
		got, err := call(t, join, "join", tt.args)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("Call(%s) = %s, %v; want error %s", tt.args, got, err, tt.err)
			}
		} else if err != nil || got != tt.want {
			t.Errorf("Call(%s) = %s, %v; want %s", tt.args, got, err, tt.want)
		}
	}

	withCtx := func(ctx context.Context, items ...*point) int { return len(items) }
	if got, err := call(t, withCtx, "count", `[{"x":1},null,{}]`); err != nil || got != "3" {
		t.Errorf("variadic with context: %s, %v", got, err)
	}
	if got, err := call(t, withCtx, "count", ``); err != nil || got != "0" {
		t.Errorf("variadic with context, no args: %s, %v", got, err)
	}
	anyArgs := func(xs ...any) []any { return xs }
	if got, err := call(t, anyArgs, "all", `[1,"a",null,[true]]`); err != nil || got != `[1,"a",null,[true]]` {
		t.Errorf("variadic any: %s, %v", got, err)
	}
	if got, err := call(t, anyArgs, "all", `[]`); err != nil || got != `[]` {
		t.Errorf("variadic any, none: %s, %v; want [] (an empty, non-nil slice)", got, err)
	}
}

func TestCallConcurrent(t *testing.T) {
	var mu sync.Mutex
	total := 0
	f, err := New(func(ctx context.Context, p point, n ...int) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		total += p.X
		return p.X + len(n), nil
	}, "add")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for j := 0; j < 50; j++ {
				out, err := f.Call(context.Background(), []byte(fmt.Sprintf(`[{"x":%d},1,2]`, i)))
				if err != nil || string(out) != fmt.Sprint(i+2) {
					t.Errorf("Call = %s, %v", out, err)
					return
				}
			}
		}(i)
	}
	wg.Wait()
	if total != 50*(15*16/2) {
		t.Errorf("total = %d", total)
	}
}

func TestCallBigString(t *testing.T) {
	s := bigString()
	f, err := New(func(s string) string { return s }, "echo")
	if err != nil {
		t.Fatal(err)
	}
	args, _ := json.Marshal([]string{s})
	out, err := f.Call(context.Background(), args)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(s)
	if string(out) != string(want) {
		t.Error("a 1 MB string did not round-trip")
	}
	if strings.ContainsAny(string(out), "<>&\u2028\u2029") {
		t.Error("result holds characters that are unsafe in a script")
	}
}

// TestBlobArguments: under WithBlobs, a []byte argument sent as a blob
// reference is taken from the table, once; other parameters and a missing
// token are as before or an error.
func TestBlobArguments(t *testing.T) {
	table := map[string][]byte{"t1": []byte("bytes!")}
	take := func(tok string) ([]byte, bool) { b, ok := table[tok]; delete(table, tok); return b, ok }
	ctx := WithBlobs(context.Background(), take)
	f := mustNew(t, func(b []byte, m map[string]string) string { return fmt.Sprintf("%s %v", b, m) }, "f")
	got, err := f.Call(ctx, []byte(`[{"$gotoniumBlob":"t1"},{"$gotoniumBlob":"t1"}]`))
	if err != nil || string(got) != `"bytes! map[$gotoniumBlob:t1]"` {
		t.Fatalf("Call = %s, %v", got, err)
	}
	if _, err := f.Call(ctx, []byte(`[{"$gotoniumBlob":"t1"},{}]`)); err == nil || !strings.Contains(err.Error(), "argument 1: the bytes sent are gone") {
		t.Fatalf("a token used twice: %v", err)
	}
	if _, err := f.Call(context.Background(), []byte(`[{"$gotoniumBlob":"t1"},{}]`)); err == nil {
		t.Fatal("a blob reference without WithBlobs decoded")
	}
	// Streams.
	s := mustNew(t, func(n int) <-chan int {
		ch := make(chan int, n)
		for i := 0; i < n; i++ {
			ch <- i
		}
		close(ch)
		return ch
	}, "s")
	if !s.StreamResult() || f.StreamResult() {
		t.Fatal("StreamResult")
	}
	ch, final, err := s.CallStream(context.Background(), []byte(`[3]`))
	if err != nil || ch.Len() != 3 || final() != nil {
		t.Fatalf("CallStream = %v, %v", ch, err)
	}
	if _, _, err := f.CallStream(context.Background(), []byte(`[]`)); err == nil {
		t.Fatal("CallStream of a func without a channel result")
	}
}

// TestCallStreamCallback: a func(T) last parameter is no JavaScript
// argument; its values come on the channel in order, then the function's
// error; bad arguments fail at once; a cancelled context drops values
// instead of blocking; a panic ends the stream with a PanicError.
func TestCallStreamCallback(t *testing.T) {
	f := mustNew(t, func(ctx context.Context, n int, send func(string)) error {
		for i := 0; i < n; i++ {
			send(fmt.Sprint("v", i))
		}
		if n == 2 {
			return errors.New("two is too few")
		}
		if n == 5 {
			panic("five")
		}
		return nil
	}, "cb")
	if !f.StreamResult() || f.StreamType() != reflect.TypeFor[string]() || len(f.Params()) != 1 {
		t.Fatalf("StreamResult %v, StreamType %v, Params %v", f.StreamResult(), f.StreamType(), f.Params())
	}
	read := func(ctx context.Context, args string) ([]string, error) {
		ch, final, err := f.CallStream(ctx, []byte(args))
		if err != nil {
			t.Fatalf("CallStream(%s): %v", args, err)
		}
		var got []string
		for {
			v, ok := ch.Recv()
			if !ok {
				return got, final()
			}
			got = append(got, v.String())
		}
	}
	if got, err := read(context.Background(), `[3]`); err != nil || strings.Join(got, ",") != "v0,v1,v2" {
		t.Fatalf("3: %q, %v", got, err)
	}
	if got, err := read(context.Background(), `[2]`); err == nil || err.Error() != "two is too few" || len(got) != 2 {
		t.Fatalf("2: %q, %v", got, err)
	}
	var pe *PanicError
	if _, err := read(context.Background(), `[5]`); !errors.As(err, &pe) {
		t.Fatalf("5: %v", err)
	}
	if _, _, err := f.CallStream(context.Background(), []byte(`["x"]`)); err == nil || !strings.Contains(err.Error(), "argument 1") {
		t.Fatalf("a bad argument: %v", err)
	}
	if _, _, err := f.CallStream(context.Background(), []byte(`[1, 2]`)); err == nil {
		t.Fatal("two arguments for one")
	}
	// Nobody reads, the context is cancelled: send returns, the function ends.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ch, final, err := f.CallStream(ctx, []byte(`[1000]`))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		if _, ok := ch.Recv(); !ok {
			break
		}
		n++
	}
	if final() != nil || n > 1000 {
		t.Fatalf("after cancel: %d values, %v", n, final())
	}
	if _, err := New(func(send func(int)) int { return 0 }, "bad"); err == nil {
		t.Fatal("a streaming callback function with a result")
	}
}
