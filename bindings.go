package gotonium

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/gotonium/gotonium/internal/bind"
	"github.com/gotonium/gotonium/internal/jsruntime"
)

type boundFunc struct {
	fn        *bind.Func
	object    string
	goroutine bool
}

// qualified is the function's name as pages write it after Gotonium.
func (b *boundFunc) qualified() string {
	if b.object == "" {
		return b.fn.Name()
	}
	return b.object + "." + b.fn.Name()
}

var jsIdent = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

// reservedObjectNames may not name a javascriptObject: the members every
// JavaScript object inherits from Object.prototype (Gotonium.__proto__ as an
// object would make the bindings land on Object.prototype, polluting every
// object of the page; the others would replace inherited methods that page
// code relies on), and Gotonium's own objects. "window" is not among them:
// bindings into it add to Gotonium.window.
var reservedObjectNames = map[string]bool{
	"__proto__": true, "constructor": true, "prototype": true,
	"hasOwnProperty": true, "isPrototypeOf": true, "propertyIsEnumerable": true,
	"toString": true, "toLocaleString": true, "valueOf": true,
	"__defineGetter__": true, "__defineSetter__": true, "__lookupGetter__": true, "__lookupSetter__": true,
	bind.AppStateNamespace: true, "__gotonium": true, "on": true, "off": true,
}

// reservedTopNames may not name a function bound on Gotonium itself:
// Gotonium's own members, which it would replace.
var reservedTopNames = map[string]bool{
	bind.AppStateNamespace: true, "__gotonium": true, "window": true, "on": true, "off": true,
}

// BindFunction makes fn callable from the pages of this instance's window as
// Gotonium.<javascriptObject>.<name>(...) (or Gotonium.<name>(...) when
// javascriptObject is ""); window.Pytonium is the same object. Every call
// returns a Promise.
//
// fn may be any func. Its arguments are decoded from the JavaScript values
// as encoding/json decodes JSON into the parameter types; a first parameter of
// type context.Context receives a context that is cancelled when the page
// navigates away or the window closes. Its results may be none, T, error or
// (T, error): the promise resolves with T (undefined when there is none) or
// rejects with an Error carrying the error's text. A []byte result resolves
// as a Uint8Array (null for a nil slice), sent as bytes; do not change the
// slice after returning it. A channel result streams: the promise resolves
// with an async iterator of the values Go sends (docs/javascript.md). So
// does a last parameter of type func(T), which the page does not pass: fn
// then runs in a goroutine of its own, each value it passes to the func
// reaches the iterator, and fn returns nothing or an error, which the
// iterator throws after the values. A wrong argument count or
// type, an unknown function, and a panic in fn reject too, with a message
// naming the function; a panic never stops the app.
//
// An empty name means fn's Go name (getAppName for a func getAppName; a func
// literal needs a name). A name used twice in one object is an error; the
// same name in different objects is fine.
//
// Names: a function name may be any JavaScript identifier name, reserved
// words included (Gotonium.notes.delete() is valid JavaScript), except
// "__proto__"; at the top level (javascriptObject ""), "appState", "window",
// "on", "off" and "__gotonium" are Gotonium's own. A javascriptObject must be an ASCII
// identifier and may not be a member every object inherits ("__proto__",
// "constructor", "prototype", "hasOwnProperty", "toString", "valueOf", …)
// or one of Gotonium's own ("appState", "on", "off", "__gotonium"); "window" adds to the
// built-in Gotonium.window. Bad names are ErrInvalidArgument. Functions with
// reserved-word names cannot be declared in TypeScript as functions (see
// GenerateTypescriptDefinitions).
//
// The parameters are arg1, arg2, … in the declarations that
// GenerateTypescriptDefinitions writes, unless the Params option names them
// (see Params for the rules).
//
// Calls run on the goroutine that pumps (see UpdateMessageLoop) unless the
// InGoroutine option is given. BindFunction may be called before or after the
// window opens: pages loaded afterwards see the function, and so does the page
// that is open at the time of the call.
func (p *Instance) BindFunction(fn any, name, javascriptObject string, opts ...BindOption) error {
	s, err := applyBindOptions(opts)
	if err != nil {
		return fmt.Errorf("%w: BindFunction: %v", ErrInvalidArgument, err)
	}
	f, err := bind.NewBound(fn, name)
	if err != nil {
		return fmt.Errorf("%w: BindFunction: %v", ErrInvalidArgument, err)
	}
	funcs, err := s.nameParams([]*bind.Func{f})
	if err != nil {
		return fmt.Errorf("%w: BindFunction: %v", ErrInvalidArgument, err)
	}
	return p.addBindings(javascriptObject, funcs, s)
}

// BindFunctions binds several functions into one JavaScript object, as
// BindFunction does; names[i] names fns[i] (missing or empty names are
// derived). Either all are bound or, on error, none. The options apply to
// every function; ParamsFor names the parameters of one of them (Params
// only serves when fns holds one function).
func (p *Instance) BindFunctions(fns []any, names []string, javascriptObject string, opts ...BindOption) error {
	s, err := applyBindOptions(opts)
	if err != nil {
		return fmt.Errorf("%w: BindFunctions: %v", ErrInvalidArgument, err)
	}
	if len(names) > len(fns) {
		return fmt.Errorf("%w: BindFunctions: %d names for %d functions", ErrInvalidArgument, len(names), len(fns))
	}
	funcs := make([]*bind.Func, 0, len(fns))
	for i, fn := range fns {
		name := ""
		if i < len(names) {
			name = names[i]
		}
		f, err := bind.NewBound(fn, name)
		if err != nil {
			return fmt.Errorf("%w: BindFunctions: function %d: %v", ErrInvalidArgument, i, err)
		}
		funcs = append(funcs, f)
	}
	funcs, err = s.nameParams(funcs)
	if err != nil {
		return fmt.Errorf("%w: BindFunctions: %v", ErrInvalidArgument, err)
	}
	return p.addBindings(javascriptObject, funcs, s)
}

// BindObjectMethods binds the exported methods of obj (sorted by name) into
// one JavaScript object, as BindFunction does. names[i] renames the i-th
// method; missing or empty names keep the Go method name. Pass a pointer to
// bind methods with pointer receivers. The options apply to every method;
// ParamsFor names the parameters of one of them, by the name the page
// calls it.
func (p *Instance) BindObjectMethods(obj any, names []string, javascriptObject string, opts ...BindOption) error {
	s, err := applyBindOptions(opts)
	if err != nil {
		return fmt.Errorf("%w: BindObjectMethods: %v", ErrInvalidArgument, err)
	}
	methods, err := bind.Methods(obj)
	if err != nil {
		return fmt.Errorf("%w: BindObjectMethods: %v", ErrInvalidArgument, err)
	}
	if len(names) > len(methods) {
		return fmt.Errorf("%w: BindObjectMethods: %d names for %d methods", ErrInvalidArgument, len(names), len(methods))
	}
	funcs := make([]*bind.Func, 0, len(methods))
	for i, m := range methods {
		name := m.Name
		if i < len(names) && names[i] != "" {
			name = names[i]
		}
		f, err := bind.NewBound(m.Func, name)
		if err != nil {
			return fmt.Errorf("%w: BindObjectMethods: method %s: %v", ErrInvalidArgument, m.Name, err)
		}
		funcs = append(funcs, f)
	}
	funcs, err = s.nameParams(funcs)
	if err != nil {
		return fmt.Errorf("%w: BindObjectMethods: %v", ErrInvalidArgument, err)
	}
	return p.addBindings(javascriptObject, funcs, s)
}

// bindingTable is an instance's bound functions, in binding order.
type bindingTable struct {
	objects []string                         // in first-binding order; "" for top level
	funcs   map[string]map[string]*boundFunc // object → name → function
	order   map[string][]string              // object → names in binding order
}

func (p *Instance) addBindings(object string, funcs []*bind.Func, s *bindSettings) error {
	if object != "" && !jsIdent.MatchString(object) {
		return fmt.Errorf("%w: javascript object name %q is not a JavaScript identifier", ErrInvalidArgument, object)
	}
	if reservedObjectNames[object] {
		return fmt.Errorf("%w: javascript object name %q is reserved", ErrInvalidArgument, object)
	}
	p.mu.Lock()
	t := &p.bindings
	if t.funcs == nil {
		t.funcs = map[string]map[string]*boundFunc{}
		t.order = map[string][]string{}
	}
	seen := map[string]bool{}
	for _, f := range funcs {
		n := f.Name()
		if object == "" && reservedTopNames[n] {
			p.mu.Unlock()
			return fmt.Errorf("%w: function name %q is reserved", ErrInvalidArgument, n)
		}
		if t.funcs[object][n] != nil || seen[n] {
			p.mu.Unlock()
			return fmt.Errorf("%w: %s is already bound", ErrInvalidArgument, qualify(object, n))
		}
		if object == "" && t.funcs[n] != nil {
			p.mu.Unlock()
			return fmt.Errorf("%w: %s would hide the javascript object of the same name", ErrInvalidArgument, n)
		}
		if object != "" && t.funcs[""][object] != nil {
			p.mu.Unlock()
			return fmt.Errorf("%w: javascript object %s would replace the function of the same name", ErrInvalidArgument, object)
		}
		seen[n] = true
	}
	if t.funcs[object] == nil {
		t.funcs[object] = map[string]*boundFunc{}
		t.objects = append(t.objects, object)
	}
	for _, f := range funcs {
		t.funcs[object][f.Name()] = &boundFunc{fn: f, object: object, goroutine: s.goroutine}
		t.order[object] = append(t.order[object], f.Name())
	}
	b := p.b
	p.mu.Unlock()
	if b != nil && b.isOpen() {
		b.refreshScripts()
		for _, f := range funcs {
			b.run(jsruntime.Define(object, f.Name()))
		}
	}
	return nil
}

func qualify(object, name string) string {
	if object == "" {
		return name
	}
	return object + "." + name
}

// lookup finds a bound function.
func (p *Instance) lookup(object, name string) *boundFunc {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.bindings.funcs[object][name]
}

// runtimeScript is the page runtime with this instance's bindings.
func (p *Instance) runtimeScript(frameless bool, gate, secret string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	t := &p.bindings
	table := make([]jsruntime.Binding, 0, len(t.objects))
	for _, o := range t.objects {
		table = append(table, jsruntime.Binding{Object: o, Names: append([]string(nil), t.order[o]...)})
	}
	return jsruntime.Script(table, frameless, gate, secret)
}

var errNavigated = errors.New("the page navigated away before the call finished")
