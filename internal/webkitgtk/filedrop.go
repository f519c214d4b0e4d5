package webkitgtk

/*
#include "extras.h"
*/
import "C"

import "unsafe"

//export goFileDrop
func goFileDrop(id C.int, paths **C.char, n C.int, x, y C.int) {
	w := windows[int(id)]
	if w == nil || w.closed || w.stage != stageOpen {
		return
	}
	list := make([]string, 0, int(n))
	for _, p := range unsafe.Slice(paths, int(n)) {
		list = append(list, C.GoString(p))
	}
	safely(func() { w.ev.FileDrop(list, int(x), int(y)) })
}
