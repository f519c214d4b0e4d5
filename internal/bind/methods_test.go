package bind

import (
	"context"
	"strings"
	"testing"
)

type counter struct{ n int }

func (c *counter) Add(k int) int       { c.n += k; return c.n }
func (c counter) Get() int             { return c.n }
func (c *counter) Reset()              {}
func (c *counter) unexported() int     { return 0 }
func (c counter) Describe() string     { return "counter" }
func (c *counter) Fail() (int, error)  { return 0, nil }
func (c *counter) Bad() (int, int)     { return 0, 0 }
func (c *counter) Ctx(context.Context) {}

type onlyPointer struct{}

func (*onlyPointer) Do() {}

type noMethods struct{}

func TestMethodsPointer(t *testing.T) {
	c := &counter{}
	ms, err := Methods(c)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range ms {
		names = append(names, m.Name)
	}
	if got, want := strings.Join(names, ","), "Add,Bad,Ctx,Describe,Fail,Get,Reset"; got != want {
		t.Errorf("names = %s, want %s", got, want)
	}
	funcs := map[string]*Func{}
	for _, m := range ms {
		f, err := New(m.Func, m.Name)
		if m.Name == "Bad" {
			if err == nil {
				t.Error("New accepted Bad's (int, int) results")
			}
			continue
		}
		if err != nil {
			t.Fatalf("New(%s): %v", m.Name, err)
		}
		funcs[m.Name] = f
	}
	// Methods work on the object given, through the pointer.
	if out, err := funcs["Add"].Call(context.Background(), []byte(`[5]`)); err != nil || string(out) != "5" {
		t.Errorf("Add(5) = %s, %v", out, err)
	}
	if out, err := funcs["Add"].Call(context.Background(), []byte(`[2]`)); err != nil || string(out) != "7" {
		t.Errorf("Add(2) = %s, %v", out, err)
	}
	if c.n != 7 {
		t.Errorf("c.n = %d, want 7: the methods must act on the object given", c.n)
	}
	if out, err := funcs["Get"].Call(context.Background(), nil); err != nil || string(out) != "7" {
		t.Errorf("Get() = %s, %v", out, err)
	}
	if !funcs["Ctx"].TakesContext() {
		t.Error("Ctx: context not recognised in a method value")
	}
}

func TestMethodsValue(t *testing.T) {
	ms, err := Methods(counter{n: 3})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range ms {
		names = append(names, m.Name)
	}
	if got, want := strings.Join(names, ","), "Describe,Get"; got != want {
		t.Errorf("a non-pointer value's method set = %s, want only the value methods %s", got, want)
	}
	f, err := New(ms[1].Func, ms[1].Name)
	if err != nil {
		t.Fatal(err)
	}
	if out, err := f.Call(context.Background(), nil); err != nil || string(out) != "3" {
		t.Errorf("Get() = %s, %v", out, err)
	}
}

func TestMethodsErrors(t *testing.T) {
	tests := []struct {
		what string
		obj  any
		want string
	}{
		{"nil", nil, "bind: cannot take the methods of nil"},
		{"nil pointer", (*counter)(nil), "bind: cannot take the methods of a nil *bind.counter"},
		{"pointer methods only", onlyPointer{}, "bind: bind.onlyPointer has no exported methods with value receivers; pass a *bind.onlyPointer to bind its pointer methods"},
		{"no methods", noMethods{}, "bind: bind.noMethods has no exported methods"},
		{"no methods pointer", &noMethods{}, "bind: *bind.noMethods has no exported methods"},
		{"int", 3, "bind: int has no exported methods"},
	}
	for _, tt := range tests {
		ms, err := Methods(tt.obj)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: Methods = %v, %v; want error %q", tt.what, ms, err, tt.want)
		}
	}
}
