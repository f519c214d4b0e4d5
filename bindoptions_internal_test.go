package gotonium

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type paramNote struct {
	Title string `json:"title"`
}

type paramStore struct{}

func (paramStore) Load(name string) (paramNote, error)         { return paramNote{}, nil }
func (paramStore) Save(n paramNote, path string) error         { return nil }
func (paramStore) Tag(ctx context.Context, tags ...string) int { return len(tags) }

// declarations returns the .d.ts that p generates.
func declarations(t *testing.T, p *Instance) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "gotonium.d.ts")
	must(t, p.GenerateTypescriptDefinitions(file))
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestParamsNameTheDeclarations: Params and ParamsFor name the parameters
// in the .d.ts (the rest parameter as ...name); the functions they do not
// name keep arg1, arg2, ….
func TestParamsNameTheDeclarations(t *testing.T) {
	p := New()
	must(t, p.BindFunction(func(ctx context.Context, n paramNote, path string) error { return nil }, "save", "notes",
		Params("note", "path"), InGoroutine()))
	must(t, p.BindFunction(func(sep string, parts ...int) string { return "" }, "join", "", Params("sep", "parts")))
	must(t, p.BindFunction(func(a, b int) int { return a + b }, "add", "math"))
	must(t, p.BindFunctions([]any{func(x float64) float64 { return x }, func(x, y float64) {}}, []string{"abs", "pow"}, "math",
		ParamsFor("pow", "base", "exponent")))
	must(t, p.BindFunctions([]any{func(s string) int { return 0 }}, []string{"count"}, "text", Params("text")))
	must(t, p.BindObjectMethods(paramStore{}, []string{"load", "save", "tag"}, "store",
		ParamsFor("save", "note", "path"), ParamsFor("tag", "tags")))
	decl := declarations(t, p)
	for _, want := range []string{
		"function save(note: paramNote, path: string): Promise<void>;",
		"function join(sep: string, ...parts: number[]): Promise<string>;",
		"function add(arg1: number, arg2: number): Promise<number>;",
		"function abs(arg1: number): Promise<number>;",
		"function pow(base: number, exponent: number): Promise<void>;",
		"function count(text: string): Promise<number>;",
		"function load(arg1: string): Promise<paramNote>;",
		"function tag(...tags: string[]): Promise<number>;",
	} {
		if !strings.Contains(decl, want) {
			t.Errorf("declarations lack %q:\n%s", want, decl)
		}
	}
	if n := strings.Count(decl, "function save(note: paramNote, path: string): Promise<void>;"); n != 2 {
		t.Errorf("notes.save and store.save: %d declarations with names, want 2:\n%s", n, decl)
	}
	if b := p.lookup("notes", "save"); b == nil || !b.goroutine {
		t.Error("InGoroutine was lost next to Params")
	}
}

// TestParamsRules: every misuse of Params and ParamsFor is
// ErrInvalidArgument, says what is wrong, and binds nothing.
func TestParamsRules(t *testing.T) {
	save := func(n paramNote, path string) error { return nil }
	tag := func(n paramNote, tags ...string) {}
	two := []any{save, tag}
	tests := []struct {
		what string
		bind func(p *Instance) error
		want string
	}{
		{"too few", func(p *Instance) error { return p.BindFunction(save, "f", "o", Params("note")) },
			"BindFunction: bind: f: 1 parameter name for 2 parameters (gotonium.paramNote, string)"},
		{"too many", func(p *Instance) error { return p.BindFunction(tag, "f", "o", Params("note", "tags", "more")) },
			"BindFunction: bind: f: 3 parameter names for 2 parameters (gotonium.paramNote, ...string)"},
		{"none", func(p *Instance) error { return p.BindFunction(save, "f", "o", Params()) },
			"BindFunction: bind: f: 0 parameter names for 2 parameters"},
		{"empty", func(p *Instance) error { return p.BindFunction(save, "f", "o", Params("note", "")) },
			`parameter 2 has an empty name`},
		{"not an identifier", func(p *Instance) error { return p.BindFunction(save, "f", "o", Params("note", "file-path")) },
			`parameter name "file-path" is not a valid JavaScript identifier`},
		{"rest spelled", func(p *Instance) error { return p.BindFunction(tag, "f", "o", Params("note", "...tags")) },
			`parameter name "...tags" is not a valid JavaScript identifier`},
		{"reserved", func(p *Instance) error { return p.BindFunction(save, "f", "o", Params("new", "path")) },
			`parameter name "new" is a reserved word in JavaScript`},
		{"strict reserved", func(p *Instance) error { return p.BindFunction(save, "f", "o", Params("note", "static")) },
			`parameter name "static" is a reserved word in JavaScript`},
		{"duplicate", func(p *Instance) error { return p.BindFunction(save, "f", "o", Params("x", "x")) },
			`parameter name "x" is given twice`},
		{"Params twice", func(p *Instance) error {
			return p.BindFunction(save, "f", "o", Params("note", "path"), Params("note", "path"))
		}, "BindFunction: Params is given twice"},
		{"Params for several", func(p *Instance) error {
			return p.BindFunctions(two, []string{"f", "g"}, "o", Params("note", "path"))
		}, "BindFunctions: Params names the parameters of one function, but the call binds 2; use ParamsFor"},
		{"Params for methods", func(p *Instance) error {
			return p.BindObjectMethods(paramStore{}, nil, "o", Params("name"))
		}, "BindObjectMethods: Params names the parameters of one function, but the call binds 3; use ParamsFor"},
		{"ParamsFor unknown", func(p *Instance) error {
			return p.BindFunctions(two, []string{"f", "g"}, "o", ParamsFor("h", "a", "b"))
		}, `BindFunctions: ParamsFor("h"): the call binds no function of that name (it binds f, g)`},
		{"ParamsFor Go name after renaming", func(p *Instance) error {
			return p.BindObjectMethods(paramStore{}, []string{"load", "save", "tag"}, "o", ParamsFor("Save", "note", "path"))
		}, `BindObjectMethods: ParamsFor("Save"): the call binds no function of that name (it binds load, save, tag)`},
		{"ParamsFor twice", func(p *Instance) error {
			return p.BindFunctions(two, []string{"f", "g"}, "o", ParamsFor("f", "a", "b"), ParamsFor("f", "c", "d"))
		}, `BindFunctions: ParamsFor("f"): the parameters of f are named twice`},
		{"ParamsFor and Params", func(p *Instance) error {
			return p.BindFunction(save, "f", "o", Params("a", "b"), ParamsFor("f", "c", "d"))
		}, `BindFunction: ParamsFor("f"): the parameters of f are named twice`},
		{"ParamsFor bad names", func(p *Instance) error {
			return p.BindFunctions(two, []string{"f", "g"}, "o", ParamsFor("g", "note", "delete"))
		}, `BindFunctions: bind: g: parameter name "delete" is a reserved word in JavaScript`},
	}
	for _, tt := range tests {
		p := New()
		err := tt.bind(p)
		if !errors.Is(err, ErrInvalidArgument) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v; want ErrInvalidArgument with %q", tt.what, err, tt.want)
		}
		for _, name := range []string{"f", "g", "Load", "Save", "Tag", "load", "save", "tag"} {
			if p.lookup("o", name) != nil {
				t.Errorf("%s: o.%s was bound despite the error", tt.what, name)
			}
		}
	}
	p := New()
	if err := p.BindFunction(save, "f", "o", ParamsFor("f", "note", "path")); err != nil {
		t.Errorf("ParamsFor with BindFunction: %v", err)
	}
	if err := p.BindFunction(func() {}, "none", "o", Params()); err != nil {
		t.Errorf("Params() for a function without parameters: %v", err)
	}
}

// TestParamsNameTheCallErrors: a page's wrong call of a function with named
// parameters is rejected with a message naming the parameter.
func TestParamsNameTheCallErrors(t *testing.T) {
	e := useFake(t)
	p := New()
	must(t, p.BindFunction(func(n paramNote, path string) error { return nil }, "save", "notes", Params("note", "path")))
	must(t, p.BindFunction(func(n paramNote, tags ...string) {}, "tag", "notes", Params("note", "tags"), InGoroutine()))
	_, w := openFake2(t, e, p)
	pumpFake(t)
	for _, c := range []struct{ body, want string }{
		{callMsg("notes", "save", `[{"title":"t"},5]`), "notes.save: argument 2 (path): cannot use 5 (number) as string"},
		{callMsg("notes", "save", `[{"title":"t"}]`), "notes.save: expected 2 arguments (note, path), got 1"},
		{callMsg("notes", "tag", `[{},"a",true]`), "notes.tag: argument 3 (tags[1]): cannot use true (bool) as string"},
	} {
		if msg := failedWith(send(p, w, c.body)); msg != c.want {
			t.Errorf("%q: rejected with %q; want %q", c.body, msg, c.want)
		}
	}
	if v, err := send(p, w, callMsg("notes", "save", `[{"title":"t"},"/tmp/n"]`)); err != nil || v != "" {
		t.Errorf("a right call: %q, %v", v, err)
	}
}
