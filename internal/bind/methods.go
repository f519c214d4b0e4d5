package bind

import (
	"errors"
	"fmt"
	"reflect"
)

// Method is one exported method of a value, ready for [New].
type Method struct {
	// Name is the Go method name, such as "Apply". It is a valid
	// JavaScript name and should be passed to New, because the name New
	// would derive from Func is not usable (Func is made by reflect).
	Name string
	// Func is the method value: a func bound to the value given to
	// Methods, taking the method's parameters without the receiver.
	Func any
}

// Methods returns the exported methods in the method set of obj, sorted by
// name (the order reflect gives). Bind each with New(m.Func, m.Name).
//
// The method set is that of obj's dynamic type as given: for a pointer *T
// it holds the methods of both T and *T; for a non-pointer T it holds only
// the methods with value receivers, and those work on a copy of obj made
// now, so changes they make are not seen by later calls. To bind methods
// with pointer receivers, or methods that change the object, pass a
// pointer.
//
// Methods returns an error if obj is nil, a nil pointer, or has no
// exported methods (with a hint if its pointer type would have some). It
// does not check the methods' signatures; New does.
func Methods(obj any) ([]Method, error) {
	if obj == nil {
		return nil, errors.New("bind: cannot take the methods of nil")
	}
	v := reflect.ValueOf(obj)
	t := v.Type()
	if t.Kind() == reflect.Pointer && v.IsNil() {
		return nil, fmt.Errorf("bind: cannot take the methods of a nil %s", t)
	}
	n := t.NumMethod()
	if n == 0 {
		if t.Kind() != reflect.Pointer && reflect.PointerTo(t).NumMethod() > 0 {
			return nil, fmt.Errorf("bind: %s has no exported methods with value receivers; pass a *%s to bind its pointer methods", t, t)
		}
		return nil, fmt.Errorf("bind: %s has no exported methods", t)
	}
	ms := make([]Method, n)
	for i := range ms {
		ms[i] = Method{Name: t.Method(i).Name, Func: v.Method(i).Interface()}
	}
	return ms, nil
}
