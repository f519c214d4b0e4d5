package bind

import (
	"reflect"
	"strings"
	"testing"
)

func getAppName() string { return "app" }

type Settings struct {
	Theme string `json:"theme"`
	Size  int    `json:"size,omitempty"`
}

func (s *Settings) Apply(theme string) { s.Theme = theme }
func (s Settings) Current() Settings   { return s }

func Identity[T any](v T) T { return v }

func TestNameFromGoName(t *testing.T) {
	tests := []struct {
		goName, want, err string
	}{
		{goName: "main.getAppName", want: "getAppName"},
		{goName: "main.(*Settings).Apply-fm", want: "Apply"},
		{goName: "main.Settings.Current-fm", want: "Current"},
		{goName: "main.(*Settings).Apply", want: "Apply"}, // method expression
		{goName: "github.com/x/y.Get", want: "Get"},
		{goName: "gopkg.in/yaml%2ev3.Marshal", want: "Marshal"},
		{goName: "main.Identity[...]", want: "Identity"},
		{goName: "main.(*List[...]).Push-fm", want: "Push"},
		{goName: "main.func1", want: "func1"}, // a top-level func named func1
		{goName: "main.functional", want: "functional"},
		{goName: "main.$x", want: "$x"},
		{goName: "main.main.func1", err: "func literal"},
		{goName: "pkg.F.func2", err: "func literal"},
		{goName: "main.F.func1.1", err: "func literal"},
		{goName: "main.(*T).M.func3", err: "func literal"},
		{goName: "main.glob..func1", err: "func literal"},
		{goName: "example.com/m.Identity[...].func1", err: "func literal"},
		{goName: "reflect.makeFuncStub", err: "give one explicitly"},
		{goName: "reflect.methodValueCall", err: "give one explicitly"},
		{goName: "nodot", err: "give one explicitly"},
		{goName: "main.(*T).delete", err: `"delete" is a reserved word`},
	}
	for _, tt := range tests {
		got, err := nameFromGoName(tt.goName)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("nameFromGoName(%q) = %q, %v; want error containing %q", tt.goName, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("nameFromGoName(%q) = %q, %v; want %q", tt.goName, got, err, tt.want)
		}
	}
}

func TestNewDerivesName(t *testing.T) {
	s := &Settings{}
	tests := []struct {
		what string
		fn   any
		want string
	}{
		{"top-level func", getAppName, "getAppName"},
		{"pointer method value", s.Apply, "Apply"},
		{"value method value", s.Current, "Current"},
		{"method expression", (*Settings).Apply, "Apply"},
		{"generic func", Identity[int], "Identity"},
		{"std func", strings.ToUpper, "ToUpper"},
	}
	for _, tt := range tests {
		f, err := New(tt.fn, "")
		if err != nil {
			t.Errorf("%s: New: %v", tt.what, err)
			continue
		}
		if f.Name() != tt.want {
			t.Errorf("%s: Name() = %q, want %q", tt.what, f.Name(), tt.want)
		}
	}
}

func TestNewNeedsNameForClosures(t *testing.T) {
	x := 1
	closure := func() int { return x }
	made := reflect.MakeFunc(reflect.TypeOf(closure), func([]reflect.Value) []reflect.Value {
		return []reflect.Value{reflect.ValueOf(2)}
	}).Interface()
	for what, fn := range map[string]any{
		"closure":          closure,
		"func literal":     func() {},
		"reflect.MakeFunc": made,
		"reflect method":   reflect.ValueOf(s0).Method(0).Interface(),
	} {
		_, err := New(fn, "")
		if err == nil || !strings.Contains(err.Error(), "explicitly") {
			t.Errorf("%s: New(fn, \"\") error = %v; want one asking for an explicit name", what, err)
		}
		f, err := New(fn, "named")
		if err != nil || f.Name() != "named" {
			t.Errorf("%s: New(fn, \"named\") = %v, %v", what, f, err)
		}
	}
}

var s0 = Settings{}

func TestCheckName(t *testing.T) {
	good := []string{"a", "_", "$", "get_app_name", "getAppName2", "$x_1", "ünïcode", "名前"}
	for _, n := range good {
		if _, err := New(getAppName, n); err != nil {
			t.Errorf("New(fn, %q): %v", n, err)
		}
	}
	bad := map[string]string{
		"1abc":      "not a valid JavaScript identifier",
		"a-b":       "not a valid JavaScript identifier",
		"a.b":       "not a valid JavaScript identifier",
		"a b":       "not a valid JavaScript identifier",
		" a":        "not a valid JavaScript identifier",
		"delete":    `bind: bad name: "delete" is a reserved word in JavaScript`,
		"new":       "reserved word",
		"class":     "reserved word",
		"null":      "reserved word",
		"__proto__": "reserved word",
	}
	for n, want := range bad {
		_, err := New(getAppName, n)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("New(fn, %q) error = %v; want it to contain %q", n, err, want)
		}
	}
}

func TestNewBound(t *testing.T) {
	for _, n := range []string{"delete", "new", "default", "class", "null", "constructor", "prototype", "toString", "a", "$x", "名前"} {
		f, err := NewBound(getAppName, n)
		if err != nil || f.Name() != n {
			t.Errorf("NewBound(fn, %q) = %v, %v", n, f, err)
		}
	}
	for n, want := range map[string]string{
		"__proto__": "prototype",
		"1abc":      "not a valid JavaScript identifier",
		"a.b":       "not a valid JavaScript identifier",
		"a-b":       "not a valid JavaScript identifier",
	} {
		if _, err := NewBound(getAppName, n); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("NewBound(fn, %q) error = %v; want it to contain %q", n, err, want)
		}
	}
	if f, err := NewBound(getAppName, ""); err != nil || f.Name() != "getAppName" {
		t.Errorf("derived: %v, %v", f, err)
	}
	if _, err := NewBound(func() {}, ""); err == nil || !strings.Contains(err.Error(), "func literal") {
		t.Errorf("closure: %v", err)
	}
	for _, bad := range []any{nil, 3, (func())(nil)} {
		if _, err := NewBound(bad, "x"); err == nil {
			t.Errorf("NewBound(%v): no error", bad)
		}
		if _, err := NewBound(bad, ""); err == nil {
			t.Errorf("NewBound(%v, \"\"): no error", bad)
		}
	}
	// A reserved name still checks the function.
	if _, err := NewBound(func() (int, int) { return 0, 0 }, "delete"); err == nil || !strings.Contains(err.Error(), "bind: delete: results must be") {
		t.Errorf("NewBound of a func with two results: %v", err)
	}
	// New keeps refusing reserved words (TypeScript declarations).
	if _, err := New(getAppName, "delete"); err == nil {
		t.Error("New accepted delete")
	}
	if !IsReservedWord("delete") || IsReservedWord("notes") {
		t.Error("IsReservedWord")
	}
}
