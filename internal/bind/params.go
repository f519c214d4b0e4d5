package bind

import (
	"fmt"
	"slices"
	"strings"
)

// WithParamNames returns a copy of f whose JavaScript parameters have the
// given names, in order; f itself is unchanged. The names are used by
// [WriteTypeScript] in place of arg1, arg2, … and by the errors of
// [Func.Call] ("save: argument 2 (path): …").
//
// There must be exactly one name per JavaScript parameter: a leading
// context.Context is not named, and for a variadic f the last name names
// the rest parameter (declared as ...name: T[]). Every name must be a
// JavaScript identifier, not a reserved word (strict mode's included, such
// as let, static, yield and await; see [IsReservedParamName]), and not
// given twice. WithParamNames returns an error, and no Func, otherwise.
func (f *Func) WithParamNames(names ...string) (*Func, error) {
	if len(names) != len(f.params) {
		return nil, fmt.Errorf("bind: %s: %s for %s (%s)", f.name,
			plural(len(names), "parameter name"), plural(len(f.params), "parameter"), f.paramTypes())
	}
	for i, n := range names {
		switch {
		case n == "":
			return nil, fmt.Errorf("bind: %s: parameter %d has an empty name", f.name, i+1)
		case !isIdentifier(n):
			return nil, fmt.Errorf("bind: %s: parameter name %q is not a valid JavaScript identifier (letters, digits, _ and $, not starting with a digit)", f.name, n)
		case IsReservedParamName(n):
			return nil, fmt.Errorf("bind: %s: parameter name %q is a reserved word in JavaScript", f.name, n)
		case slices.Contains(names[:i], n):
			return nil, fmt.Errorf("bind: %s: parameter name %q is given twice", f.name, n)
		}
	}
	g := *f
	g.paramNames = slices.Clone(names)
	return &g, nil
}

// ParamNames returns the names given by [Func.WithParamNames], one per
// entry of [Func.Params], or nil if f has none. The returned slice is a
// copy.
func (f *Func) ParamNames() []string { return slices.Clone(f.paramNames) }

// IsReservedParamName reports whether name may not name a parameter: a
// JavaScript reserved word, strict mode's included (TypeScript refuses them
// as parameter names, and "this" would declare no parameter at all), or
// eval or arguments, which strict mode forbids as parameter names.
func IsReservedParamName(name string) bool {
	return jsReserved[name] || name == "eval" || name == "arguments"
}

// paramTypes lists f's JavaScript parameter types as Go writes them, the
// variadic one as ...T: "Note, string" or "string, ...int".
func (f *Func) paramTypes() string {
	s := make([]string, len(f.params))
	for i, p := range f.params {
		if f.variadic && i == len(f.params)-1 {
			s[i] = "..." + typeString(p.Elem())
		} else {
			s[i] = typeString(p)
		}
	}
	return strings.Join(s, ", ")
}

// argLabel is how the errors of Call name JavaScript argument i (from 0):
// "2" without names, "2 (path)" with them; an element of the rest parameter
// tags is "3 (tags[1])".
func (f *Func) argLabel(i int) string {
	if f.paramNames == nil {
		return fmt.Sprint(i + 1)
	}
	last := len(f.params) - 1
	if f.variadic && i >= last {
		return fmt.Sprintf("%d (%s[%d])", i+1, f.paramNames[last], i-last)
	}
	return fmt.Sprintf("%d (%s)", i+1, f.paramNames[i])
}

// paramList is " (note, ...tags)" for a Func with names, "" otherwise: the
// parameters as the argument-count errors of Call show them.
func (f *Func) paramList() string {
	if len(f.paramNames) == 0 {
		return ""
	}
	s := slices.Clone(f.paramNames)
	if f.variadic {
		s[len(s)-1] = "..." + s[len(s)-1]
	}
	return " (" + strings.Join(s, ", ") + ")"
}

// tsParamName is the name of parameter i in the TypeScript declaration of
// f: its given name, or arg1, arg2, … (args for a rest parameter).
func (f *Func) tsParamName(i int) string {
	switch {
	case f.paramNames != nil:
		return f.paramNames[i]
	case f.variadic && i == len(f.params)-1:
		return "args"
	default:
		return fmt.Sprintf("arg%d", i+1)
	}
}
