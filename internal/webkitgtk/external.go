package webkitgtk

/*
#include <stdlib.h>
#include "webkitgtk.h"
*/
import "C"

import "fmt"

// OpenExternal hands uri to the desktop's default handler for its scheme
// (GIO: the x-scheme-handler association). It runs on the GTK thread while
// the engine runs, and on the calling goroutine otherwise.
func (Engine) OpenExternal(uri string) error {
	var err error
	if running.Load() {
		if e := call(func() { err = openExternal(uri) }); e == nil {
			return err
		}
	}
	return openExternal(uri)
}

func openExternal(uri string) error {
	p, free := cstr(uri)
	defer free()
	var msg *C.char
	if C.gtn_open_external(p, &msg) == 0 {
		defer C.g_free(C.gpointer(msg))
		return fmt.Errorf("open %s: %s", uri, C.GoString(msg))
	}
	return nil
}
