//go:build !fakeengine

package gotonium_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/gotonium/gotonium"
)

// TestNameReservedWordsAndPrototypes: functions named with JavaScript
// reserved words work from a page (Gotonium.notes.delete()); object names
// that would reach Object.prototype or replace Gotonium's own members are
// refused.
func TestNameReservedWordsAndPrototypes(t *testing.T) {
	pump(t)
	p := gotonium.New()
	var mu sync.Mutex
	var calls []string
	record := func(name string) func(int) string {
		return func(id int) string {
			mu.Lock()
			defer mu.Unlock()
			calls = append(calls, name)
			return name
		}
	}
	must(t, p.BindFunction(record("delete"), "delete", "notes"))
	must(t, p.BindFunctions([]any{record("new"), record("class")}, []string{"new", "class"}, "notes"))
	must(t, p.BindFunction(record("default"), "default", ""))
	must(t, p.BindFunction(record("constructor"), "constructor", "notes"))

	for name, err := range map[string]error{
		"object __proto__":            p.BindFunction(record("x"), "x", "__proto__"),
		"object constructor":          p.BindFunction(record("x"), "x", "constructor"),
		"object prototype":            p.BindFunction(record("x"), "x", "prototype"),
		"object hasOwnProperty":       p.BindFunction(record("x"), "x", "hasOwnProperty"),
		"object toString":             p.BindFunction(record("x"), "x", "toString"),
		"object valueOf":              p.BindFunction(record("x"), "x", "valueOf"),
		"object isPrototypeOf":        p.BindFunction(record("x"), "x", "isPrototypeOf"),
		"object propertyIsEnumerable": p.BindFunction(record("x"), "x", "propertyIsEnumerable"),
		"object toLocaleString":       p.BindFunction(record("x"), "x", "toLocaleString"),
		"object __defineGetter__":     p.BindFunction(record("x"), "x", "__defineGetter__"),
		"object __defineSetter__":     p.BindFunction(record("x"), "x", "__defineSetter__"),
		"object __lookupGetter__":     p.BindFunction(record("x"), "x", "__lookupGetter__"),
		"object __lookupSetter__":     p.BindFunction(record("x"), "x", "__lookupSetter__"),
		"object appState":             p.BindFunction(record("x"), "x", "appState"),
		"object __gotonium":           p.BindFunction(record("x"), "x", "__gotonium"),
		"function __proto__":          p.BindFunction(record("x"), "__proto__", "notes"),
		"top function __proto__":      p.BindFunction(record("x"), "__proto__", ""),
		"top function window":         p.BindFunction(record("x"), "window", ""),
		"top function appState":       p.BindFunction(record("x"), "appState", ""),
		"functions __proto__":         p.BindFunctions([]any{record("x")}, []string{"__proto__"}, "notes"),
		"not an identifier":           p.BindFunction(record("x"), "a-b", "notes"),
	} {
		if !errors.Is(err, gotonium.ErrInvalidArgument) {
			t.Errorf("%s: %v, want ErrInvalidArgument", name, err)
		}
	}
	must(t, p.Initialize(page(`<!doctype html><title>names</title>`), 300, 200))
	t.Cleanup(func() { p.CloseBrowser() })

	got := await(t, p, `Promise.all([Gotonium.notes.delete(1), Gotonium.notes.new(2), Gotonium.notes.class(3), Gotonium.default(4), Gotonium.notes.constructor(5), Pytonium.notes["delete"](6)]).then(r => r.join(","))`)
	if got != "delete,new,class,default,constructor,delete" {
		t.Fatalf("calls from the page: %v", got)
	}
	mu.Lock()
	if len(calls) != 6 {
		t.Errorf("Go saw %v", calls)
	}
	mu.Unlock()
	// Nothing reached Object.prototype, and Gotonium's own members stand.
	if got := eval(t, p, `[typeof ({}).x, typeof Object.prototype.delete, typeof Gotonium.window.close, typeof Gotonium.appState.getState, Object.getPrototypeOf(Gotonium) === Object.prototype].join(",")`); got != "undefined,undefined,function,function,true" {
		t.Errorf("page state: %v", got)
	}
	// Binding after the page loaded defines the name at once.
	must(t, p.BindFunction(record("in"), "in", "late"))
	if got := await(t, p, `Gotonium.late.in(7)`); got != "in" {
		t.Errorf("late reserved-word binding: %v", got)
	}
}
