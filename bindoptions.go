package gotonium

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gotonium/gotonium/internal/bind"
)

// A BindOption changes how the functions of one BindFunction, BindFunctions
// or BindObjectMethods call are bound: how they are called (InGoroutine) or
// what their parameters are called (Params, ParamsFor). A misused option
// makes that call return ErrInvalidArgument, and it binds nothing.
type BindOption func(*bindSettings)

// bindSettings is what the options of one Bind call ask for.
type bindSettings struct {
	goroutine bool
	params    []string // from Params; nil without
	hasParams bool
	paramsFor []paramsFor // from ParamsFor, in the order given
	err       error       // the first misuse of an option
}

type paramsFor struct {
	function string
	names    []string
}

// InGoroutine runs each call of the bound function on a goroutine of its own
// as soon as the page makes it, instead of on the pumping goroutine: for slow
// work that must not hold up other callbacks, or for functions that must
// answer while nobody pumps. The function must then be safe for concurrent
// use.
func InGoroutine() BindOption { return func(s *bindSettings) { s.goroutine = true } }

// Params names the parameters of the function that the Bind call binds, in
// order. The declarations GenerateTypescriptDefinitions writes use them
// (function save(note: Note, path: string) rather than arg1, arg2), and so
// do the messages of calls with bad arguments ("notes.save: argument 2
// (path): cannot use 5 (number) as string", "notes.save: expected 2
// arguments (note, path), got 1").
//
// There must be one name per parameter the page passes: a leading
// context.Context is not named, and for a variadic function the last name
// names the rest parameter (Params("note", "tags") declares
// save(note: Note, ...tags: string[])). Each name must be a JavaScript
// identifier (letters, digits, '_' and '$', not starting with a digit),
// must not be a reserved word, strict mode's included ("new", "delete",
// "let", "static", "yield", "await", "eval", "arguments", …), and must not
// be given twice.
//
// Params applies to a call that binds one function: BindFunction, or
// BindFunctions and BindObjectMethods when they bind exactly one. To name
// the parameters of functions that a call binds together, use ParamsFor.
// Breaking a rule, giving Params twice, or giving it to a call that binds
// several functions makes the call return ErrInvalidArgument, and nothing
// is bound. Functions bound without names keep arg1, arg2, … (and ...args).
func Params(names ...string) BindOption {
	names = append([]string{}, names...) // the caller may reuse its slice
	return func(s *bindSettings) {
		if s.hasParams {
			s.fail(errors.New("Params is given twice"))
		}
		s.params, s.hasParams = names, true
	}
}

// ParamsFor names the parameters of one of the functions a Bind call binds:
// the one that the page calls function, that is its name after any renaming
// by the call's names argument (for BindObjectMethods without names, the Go
// method name). The names follow the rules of Params. Give one ParamsFor for
// each function to name, as in
//
//	p.BindObjectMethods(&store, []string{"load", "save"}, "store",
//		gotonium.ParamsFor("load", "name"),
//		gotonium.ParamsFor("save", "note", "path"))
//
// Functions not named by any ParamsFor keep arg1, arg2, …. A function that
// the call does not bind, or one whose parameters are named twice (by two
// ParamsFor, or by ParamsFor and Params), makes the call return
// ErrInvalidArgument, and nothing is bound.
func ParamsFor(function string, names ...string) BindOption {
	pf := paramsFor{function: function, names: append([]string{}, names...)}
	return func(s *bindSettings) { s.paramsFor = append(s.paramsFor, pf) }
}

func (s *bindSettings) fail(err error) {
	if s.err == nil {
		s.err = err
	}
}

// applyBindOptions applies opts, in order, and returns what they ask for or
// the first misuse. A nil option is skipped.
func applyBindOptions(opts []BindOption) (*bindSettings, error) {
	s := &bindSettings{}
	for _, o := range opts {
		if o != nil {
			o(s)
		}
	}
	return s, s.err
}

// nameParams returns funcs with the parameter names that Params and
// ParamsFor give them (funcs itself is unchanged), or an error saying which
// option is wrong.
func (s *bindSettings) nameParams(funcs []*bind.Func) ([]*bind.Func, error) {
	if !s.hasParams && len(s.paramsFor) == 0 {
		return funcs, nil
	}
	named := make(map[string][]string, len(s.paramsFor)+1)
	if s.hasParams {
		if len(funcs) != 1 {
			return nil, fmt.Errorf("Params names the parameters of one function, but the call binds %d; use ParamsFor", len(funcs))
		}
		named[funcs[0].Name()] = s.params
	}
	for _, pf := range s.paramsFor {
		if _, dup := named[pf.function]; dup {
			return nil, fmt.Errorf("ParamsFor(%q): the parameters of %s are named twice", pf.function, pf.function)
		}
		named[pf.function] = pf.names
	}
	out := make([]*bind.Func, len(funcs))
	for i, f := range funcs {
		out[i] = f
		names, ok := named[f.Name()]
		if !ok {
			continue
		}
		delete(named, f.Name())
		g, err := f.WithParamNames(names...)
		if err != nil {
			return nil, err
		}
		out[i] = g
	}
	for _, pf := range s.paramsFor { // in the order given, for a stable message
		if _, left := named[pf.function]; left {
			bound := make([]string, len(funcs))
			for i, f := range funcs {
				bound[i] = f.Name()
			}
			return nil, fmt.Errorf("ParamsFor(%q): the call binds no function of that name (it binds %s)", pf.function, strings.Join(bound, ", "))
		}
	}
	return out, nil
}
