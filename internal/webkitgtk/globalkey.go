package webkitgtk

/*
#include "extras.h"
*/
import "C"

import "github.com/gotonium/gotonium/internal/engine"

// Owned by the GTK thread: what each grabbed key calls.
var (
	globalKeys    = map[int]func(){}
	nextGlobalKey int
)

// GrabGlobalKey grabs s for the whole X display.
func (Engine) GrabGlobalKey(s engine.Shortcut, fired func()) (release func(), err error) {
	var token int
	e := call(func() {
		p, free := cstr(gtkAccelerator(s))
		defer free()
		nextGlobalKey++
		switch C.gtn_global_grab(p, C.int(nextGlobalKey)) {
		case 0:
			token = nextGlobalKey
			globalKeys[token] = fired
		case 1:
			err = engine.ErrUnknownKey
		case 2:
			err = engine.ErrTaken
		default:
			err = engine.ErrUnsupported
		}
	})
	if e != nil {
		return nil, e
	}
	if err != nil {
		return nil, err
	}
	return func() {
		post(func() {
			if _, ok := globalKeys[token]; ok {
				delete(globalKeys, token)
				C.gtn_global_ungrab(C.int(token))
			}
		})
	}, nil
}

// releaseGlobalKeys ungrabs every key; GTK thread (Stop).
func releaseGlobalKeys() {
	for token := range globalKeys {
		delete(globalKeys, token)
		C.gtn_global_ungrab(C.int(token))
	}
}

//export goGlobalKey
func goGlobalKey(token C.int) {
	if f := globalKeys[int(token)]; f != nil {
		safely(f)
	}
}
