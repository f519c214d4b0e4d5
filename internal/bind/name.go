package bind

import (
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"unicode"
)

// deriveName returns the JavaScript name for the func value fn, derived from
// its Go name as reported by runtime.FuncForPC. See New for the rule.
func deriveName(fn reflect.Value) (string, error) {
	full, err := symbol(fn)
	if err != nil {
		return "", err
	}
	return nameFromGoName(full)
}

// GoName returns the short Go name of the func value fn ("getAppName" for
// main.getAppName, "Apply" for the method value s.Apply), by the rule New
// uses for empty names, without checking that it is a JavaScript name. Func
// literals (closures) and funcs made by reflect have no usable name: error.
func GoName(fn any) (string, error) {
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func || v.IsNil() {
		return "", errors.New("bind: not a func")
	}
	full, err := symbol(v)
	if err != nil {
		return "", err
	}
	return shortName(full)
}

// symbol returns the Go symbol name of a func value.
func symbol(fn reflect.Value) (string, error) {
	rf := runtime.FuncForPC(fn.Pointer())
	if rf == nil || rf.Name() == "" {
		return "", errors.New("bind: cannot derive a name for the function; give one explicitly")
	}
	return rf.Name(), nil
}

// nameFromGoName applies the naming rule of New to a Go symbol name such as
// "main.getAppName", "example.com/app.(*Settings).Apply-fm" or
// "main.main.func1": the short name, which must be a JavaScript name.
func nameFromGoName(full string) (string, error) {
	name, err := shortName(full)
	if err != nil {
		return "", err
	}
	if err := checkName(name); err != nil {
		return "", fmt.Errorf("bind: cannot derive a name from %s: %w", full, err)
	}
	return name, nil
}

// shortName is the last element of a Go symbol name, refusing closures and
// funcs made by reflect.
func shortName(full string) (string, error) {
	s := strings.ReplaceAll(full, "[...]", "") // generic instantiations
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		s = s[i+1:]
	}
	elems := strings.Split(s, ".")
	if len(elems) < 2 || elems[0] == "reflect" {
		// Funcs made by reflect (MakeFunc, Value.Method) all share a
		// stub's name, which says nothing about them.
		return "", fmt.Errorf("bind: cannot derive a name for %s; give one explicitly", full)
	}
	rest := elems[1:]
	rest[len(rest)-1] = strings.TrimSuffix(rest[len(rest)-1], "-fm") // method value
	for _, e := range rest[1:] {
		if isClosureElem(e) {
			return "", fmt.Errorf("bind: %s is a func literal (closure); give it a name explicitly", full)
		}
	}
	return rest[len(rest)-1], nil
}

// isClosureElem reports whether one dot-separated element of a Go symbol
// name marks a func literal: "func" followed by digits, a bare number
// (nested literals) or empty (as in "main.glob..func1").
func isClosureElem(e string) bool {
	if e == "" {
		return true
	}
	digits := strings.TrimPrefix(e, "func")
	if digits == "" {
		return false
	}
	for _, r := range digits {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// reservedWords are the words that may not name a function or namespace:
// the JavaScript reserved words, which TypeScript refuses as declaration
// names, and __proto__, which cannot be set as an ordinary property.
var reservedWords = map[string]bool{
	"break": true, "case": true, "catch": true, "class": true, "const": true,
	"continue": true, "debugger": true, "default": true, "delete": true,
	"do": true, "else": true, "enum": true, "export": true, "extends": true,
	"false": true, "finally": true, "for": true, "function": true, "if": true,
	"import": true, "in": true, "instanceof": true, "new": true, "null": true,
	"return": true, "super": true, "switch": true, "this": true, "throw": true,
	"true": true, "try": true, "typeof": true, "var": true, "void": true,
	"while": true, "with": true, "__proto__": true,
}

// isIdentifier reports whether s is a JavaScript identifier made of
// letters, digits, '_' and '$', not starting with a digit.
func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || r == '$' || unicode.IsLetter(r):
		case i > 0 && unicode.IsDigit(r):
		default:
			return false
		}
	}
	return true
}

// checkName returns an error unless name can name a bound function or a
// namespace.
func checkName(name string) error {
	if !isIdentifier(name) {
		return fmt.Errorf("%q is not a valid JavaScript identifier (letters, digits, _ and $, not starting with a digit)", name)
	}
	if reservedWords[name] {
		return fmt.Errorf("%q is a reserved word in JavaScript", name)
	}
	return nil
}

// NewBound is New with the naming rule of functions bound to pages: name
// (or, when it is empty, the name derived from fn's Go name as New derives
// it) may be any JavaScript identifier name, reserved words included, since
// pages only ever use it as a property (Gotonium.notes.delete() is valid
// JavaScript); only "__proto__", which cannot be set as an ordinary
// property, is refused. New keeps the stricter rule, because a TypeScript
// declaration such as "function delete()" is not valid.
func NewBound(fn any, name string) (*Func, error) {
	if name == "" {
		v := reflect.ValueOf(fn)
		if fn == nil || v.Kind() != reflect.Func || v.IsNil() {
			return New(fn, name) // New's errors for what is not a func
		}
		full, err := symbol(v)
		if err != nil {
			return nil, err
		}
		short, err := shortName(full)
		if err != nil {
			return nil, err
		}
		if err := checkBoundName(short); err != nil {
			return nil, fmt.Errorf("bind: cannot derive a name from %s: %w", full, err)
		}
		name = short
	} else if err := checkBoundName(name); err != nil {
		return nil, fmt.Errorf("bind: bad name: %w", err)
	}
	if !reservedWords[name] {
		return New(fn, name)
	}
	// New refuses reserved words: check fn under a stand-in name, then name
	// it, so its errors still name the function.
	f, err := New(fn, "_")
	if err != nil {
		return nil, errors.New(strings.Replace(err.Error(), "bind: _: ", "bind: "+name+": ", 1))
	}
	f.name = name
	return f, nil
}

// checkBoundName returns an error unless name can name a function bound to
// pages: a JavaScript identifier name other than "__proto__".
func checkBoundName(name string) error {
	if !isIdentifier(name) {
		return fmt.Errorf("%q is not a valid JavaScript identifier (letters, digits, _ and $, not starting with a digit)", name)
	}
	if name == "__proto__" {
		return fmt.Errorf("%q cannot name a function: it is the object's prototype in JavaScript", name)
	}
	return nil
}

// IsReservedWord reports whether name is a JavaScript reserved word (or
// "__proto__"): such a name can be bound with NewBound but cannot be
// declared as a TypeScript function.
func IsReservedWord(name string) bool { return reservedWords[name] }
