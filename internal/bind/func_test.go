package bind

import (
	"context"
	"reflect"
	"testing"
)

func TestNewErrors(t *testing.T) {
	tests := []struct {
		what string
		fn   any
		want string
	}{
		{"nil", nil, "bind: cannot bind nil"},
		{"int", 42, "bind: cannot bind a int: not a func"},
		{"string", "f", "bind: cannot bind a string: not a func"},
		{"nil func", (func())(nil), "bind: cannot bind a nil func()"},
		{"two values", func() (int, int) { return 0, 0 }, "bind: f: results must be none, T, error or (T, error), not (int, int)"},
		{"error first", func() (error, int) { return nil, 0 }, "bind: f: results must be none, T, error or (T, error), not (error, int)"},
		{"two errors", func() (error, error) { return nil, nil }, "bind: f: results must be none, T, error or (T, error), not (error, error)"},
		{"three", func() (int, string, error) { return 0, "", nil }, "bind: f: results must be none, T, error or (T, error), not (int, string, error)"},
	}
	for _, tt := range tests {
		f, err := New(tt.fn, "f")
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: New = %v, %v; want error %q", tt.what, f, err, tt.want)
		}
	}
}

type myErr struct{}

func (myErr) Error() string { return "mine" }

func TestNewSignatureInfo(t *testing.T) {
	tests := []struct {
		fn       any
		params   []reflect.Type
		variadic bool
		result   reflect.Type
		ctx      bool
	}{
		{fn: func() {}},
		{fn: func() error { return nil }},
		{fn: func() int { return 0 }, result: reflect.TypeFor[int]()},
		{fn: func() (string, error) { return "", nil }, result: reflect.TypeFor[string]()},
		{fn: func() myErr { return myErr{} }, result: reflect.TypeFor[myErr]()}, // not error itself: a value
		{fn: func(context.Context) {}, ctx: true},
		{fn: func(context.Context, int, ...string) {}, ctx: true, variadic: true,
			params: []reflect.Type{reflect.TypeFor[int](), reflect.TypeFor[[]string]()}},
		{fn: func(int, context.Context) {}, // only a first context is special
			params: []reflect.Type{reflect.TypeFor[int](), reflect.TypeFor[context.Context]()}},
		{fn: func(...any) {}, variadic: true, params: []reflect.Type{reflect.TypeFor[[]any]()}},
	}
	for _, tt := range tests {
		f, err := New(tt.fn, "f")
		if err != nil {
			t.Errorf("New(%T): %v", tt.fn, err)
			continue
		}
		if got := f.Params(); !reflect.DeepEqual(got, tt.params) && !(len(got) == 0 && len(tt.params) == 0) {
			t.Errorf("%T: Params() = %v, want %v", tt.fn, got, tt.params)
		}
		if f.Variadic() != tt.variadic || f.Result() != tt.result || f.TakesContext() != tt.ctx {
			t.Errorf("%T: Variadic, Result, TakesContext = %v, %v, %v; want %v, %v, %v",
				tt.fn, f.Variadic(), f.Result(), f.TakesContext(), tt.variadic, tt.result, tt.ctx)
		}
	}
}

func TestParamsIsACopy(t *testing.T) {
	f, err := New(func(int) {}, "f")
	if err != nil {
		t.Fatal(err)
	}
	f.Params()[0] = reflect.TypeFor[string]()
	if f.Params()[0] != reflect.TypeFor[int]() {
		t.Error("changing the slice Params returned changed the Func")
	}
}
