package bind

import (
	"context"
	"slices"
	"strings"
	"testing"
)

type note struct {
	Title string `json:"title"`
}

func mustName(t *testing.T, f *Func, names ...string) *Func {
	t.Helper()
	g, err := f.WithParamNames(names...)
	if err != nil {
		t.Fatalf("WithParamNames(%q): %v", names, err)
	}
	return g
}

func TestWithParamNames(t *testing.T) {
	f := mustNew(t, func(ctx context.Context, n note, path string) error { return nil }, "save")
	g := mustName(t, f, "note", "path")
	if got := g.ParamNames(); !slices.Equal(got, []string{"note", "path"}) {
		t.Errorf("ParamNames = %q", got)
	}
	g.ParamNames()[0] = "changed"
	if got := g.ParamNames(); got[0] != "note" {
		t.Errorf("ParamNames is not a copy: %q", got)
	}
	if f.ParamNames() != nil {
		t.Errorf("the original Func got names: %q", f.ParamNames())
	}
	if g.Name() != "save" || !g.TakesContext() || len(g.Params()) != 2 {
		t.Errorf("the named copy is not the same function: %s %v %v", g.Name(), g.TakesContext(), g.Params())
	}
	if out, err := g.Call(context.Background(), []byte(`[{"title":"t"},"/tmp/x"]`)); err != nil || string(out) != "null" {
		t.Errorf("named copy: Call = %s, %v", out, err)
	}
	names := []string{"a"}
	h := mustName(t, mustNew(t, func(int) {}, "one"), names...)
	names[0] = "b"
	if got := h.ParamNames(); got[0] != "a" {
		t.Errorf("WithParamNames keeps the caller's slice: %q", got)
	}
	if _, err := mustNew(t, func() {}, "none").WithParamNames(); err != nil {
		t.Errorf("no names for no parameters: %v", err)
	}
	// Unicode identifiers, '$' and '_' are JavaScript identifiers.
	mustName(t, mustNew(t, func(a, b, c int) {}, "f"), "größe", "$el", "_")
}

func TestWithParamNamesErrors(t *testing.T) {
	save := mustNew(t, func(ctx context.Context, n note, path string) error { return nil }, "save")
	tag := mustNew(t, func(n note, tags ...string) {}, "tag")
	tests := []struct {
		f     *Func
		names []string
		want  string
	}{
		{save, []string{"note"}, `bind: save: 1 parameter name for 2 parameters (bind.note, string)`},
		{save, []string{"ctx", "note", "path"}, `bind: save: 3 parameter names for 2 parameters (bind.note, string)`},
		{save, nil, `bind: save: 0 parameter names for 2 parameters (bind.note, string)`},
		{tag, []string{"note"}, `bind: tag: 1 parameter name for 2 parameters (bind.note, ...string)`},
		{tag, []string{"note", "tags", "more"}, `bind: tag: 3 parameter names for 2 parameters (bind.note, ...string)`},
		{save, []string{"note", ""}, `bind: save: parameter 2 has an empty name`},
		{save, []string{"note", "2nd"}, `bind: save: parameter name "2nd" is not a valid JavaScript identifier (letters, digits, _ and $, not starting with a digit)`},
		{save, []string{"a-b", "path"}, `bind: save: parameter name "a-b" is not a valid JavaScript identifier (letters, digits, _ and $, not starting with a digit)`},
		{tag, []string{"note", "...tags"}, `bind: tag: parameter name "...tags" is not a valid JavaScript identifier (letters, digits, _ and $, not starting with a digit)`},
		{save, []string{"note", "new"}, `bind: save: parameter name "new" is a reserved word in JavaScript`},
		{save, []string{"this", "path"}, `bind: save: parameter name "this" is a reserved word in JavaScript`},
		{save, []string{"let", "path"}, `bind: save: parameter name "let" is a reserved word in JavaScript`},
		{save, []string{"note", "await"}, `bind: save: parameter name "await" is a reserved word in JavaScript`},
		{save, []string{"eval", "path"}, `bind: save: parameter name "eval" is a reserved word in JavaScript`},
		{save, []string{"note", "arguments"}, `bind: save: parameter name "arguments" is a reserved word in JavaScript`},
		{save, []string{"path", "path"}, `bind: save: parameter name "path" is given twice`},
	}
	for _, tt := range tests {
		g, err := tt.f.WithParamNames(tt.names...)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s.WithParamNames(%q) = %v, %v; want error %s", tt.f.Name(), tt.names, g, err, tt.want)
		}
		if g != nil {
			t.Errorf("%s.WithParamNames(%q) returned a Func with its error", tt.f.Name(), tt.names)
		}
	}
}

func TestIsReservedParamName(t *testing.T) {
	for _, w := range []string{"new", "delete", "class", "this", "let", "static", "yield", "await", "implements", "eval", "arguments"} {
		if !IsReservedParamName(w) {
			t.Errorf("%q is not reserved", w)
		}
	}
	for _, w := range []string{"note", "string", "type", "of", "async", "undefined", "args", "arg1"} {
		if IsReservedParamName(w) {
			t.Errorf("%q is reserved", w)
		}
	}
}

// TestCallErrorsNameParams: with names, the errors of Call name the
// parameter after its position; without, they stay as they were.
func TestCallErrorsNameParams(t *testing.T) {
	save := mustName(t, mustNew(t, func(ctx context.Context, n note, path string) error { return nil }, "save"), "note", "path")
	tag := mustName(t, mustNew(t, func(n note, tags ...string) {}, "tag"), "note", "tags")
	tests := []struct {
		f          *Func
		args, want string
	}{
		{save, `[{"title":"t"},5]`, `save: argument 2 (path): cannot use 5 (number) as string`},
		{save, `[{"title":5},"p"]`, `save: argument 1 (note): field "title": cannot use number as string`},
		{save, `[{}]`, `save: expected 2 arguments (note, path), got 1`},
		{tag, `[]`, `tag: expected at least 1 argument (note, ...tags), got 0`},
		{tag, `[null]`, `tag: argument 1 (note): cannot use null as bind.note`},
		{tag, `[{},"a",1]`, `tag: argument 3 (tags[1]): cannot use 1 (number) as string`},
		{tag, `[{},2]`, `tag: argument 2 (tags[0]): cannot use 2 (number) as string`},
	}
	for _, tt := range tests {
		out, err := tt.f.Call(context.Background(), []byte(tt.args))
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s(%s) = %s, %v; want error %s", tt.f.Name(), tt.args, out, err, tt.want)
		}
	}
	if _, err := call(t, func(n note, path string) {}, "save", `[{},5]`); err == nil || err.Error() != `save: argument 2: cannot use 5 (number) as string` {
		t.Errorf("without names: %v", err)
	}
}

// TestTypeScriptParamNames: named parameters are declared by name, the
// rest parameter as ...name; functions without names keep arg1, args.
func TestTypeScriptParamNames(t *testing.T) {
	got := writeTS(t, []Namespace{{Name: "notes", Funcs: []*Func{
		mustName(t, mustNew(t, func(ctx context.Context, n note, path string) error { return nil }, "save"), "note", "path"),
		mustName(t, mustNew(t, func(n note, tags ...string) int { return 0 }, "tag"), "note", "tags"),
		mustName(t, mustNew(t, func(xs ...int) {}, "sum"), "numbers"),
		mustNew(t, func(n note, tags ...string) {}, "unnamed"),
	}}})
	for _, want := range []string{
		"    function save(note: note, path: string): Promise<void>;\n",
		"    function sum(...numbers: number[]): Promise<void>;\n",
		"    function tag(note: note, ...tags: string[]): Promise<number>;\n",
		"    function unnamed(arg1: note, ...args: string[]): Promise<void>;\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("declarations lack %q:\n%s", want, got)
		}
	}
}
