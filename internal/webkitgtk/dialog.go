package webkitgtk

/*
#include <stdlib.h>
#include "dialog.h"
*/
import "C"

import (
	"unsafe"

	"github.com/gotonium/gotonium/internal/engine"
)

// openDialog is a dialog on screen, waiting for its answer; owned by the
// GTK thread. Exactly one of file and message is set, and so is its C
// object.
type openDialog struct {
	w       *window
	file    func(paths []string, err error)
	message func(button int, err error)
	chooser *C.GtkFileChooserNative
	box     *C.GtkWidget
}

// Owned by the GTK thread.
var (
	dialogs    = map[int]*openDialog{}
	nextDialog int
)

// parent is the window dialogs are transient for: none for an offscreen
// window, which the user does not see.
func (w *window) parent() *C.GtkWidget {
	if w.offscreen {
		return nil
	}
	return (*C.GtkWidget)(unsafe.Pointer(w.win))
}

func (w *window) ShowFileDialog(d engine.FileDialog, done func([]string, error)) error {
	return callErr(func() error {
		if w.closed || w.stage != stageOpen {
			return engine.ErrClosed
		}
		var c cstrings
		defer c.free()
		ch := C.gtn_file_dialog_new(w.parent(), C.int(d.Mode), c.str(d.Title), c.str(d.AcceptLabel))
		fc := (*C.GtkFileChooser)(unsafe.Pointer(ch))
		for _, f := range d.Filters {
			C.gtn_file_dialog_add_filter(ch, c.str(f.Name), c.list(f.Patterns), c.list(f.MIMETypes))
		}
		if d.Folder != "" {
			C.gtn_file_dialog_set_folder(ch, c.str(d.Folder))
		}
		if d.Mode == engine.FileSave && d.Name != "" {
			C.gtk_file_chooser_set_current_name(fc, c.str(d.Name))
		}
		if d.Mode != engine.FileSave {
			C.gtk_file_chooser_set_select_multiple(fc, cbool(d.Multiple))
		}
		C.gtk_file_chooser_set_show_hidden(fc, cbool(d.ShowHidden))
		nextDialog++
		dialogs[nextDialog] = &openDialog{w: w, file: done, chooser: ch}
		C.gtn_file_dialog_show(ch, C.int(nextDialog))
		return nil
	})
}

func (w *window) ShowMessageDialog(d engine.MessageDialog, done func(int, error)) error {
	return callErr(func() error {
		if w.closed || w.stage != stageOpen {
			return engine.ErrClosed
		}
		var c cstrings
		defer c.free()
		box := C.gtn_message_dialog_new(w.parent(), C.int(d.Kind), c.str(d.Title), c.str(d.Message), c.str(d.Detail))
		for i, b := range d.Buttons {
			C.gtk_dialog_add_button((*C.GtkDialog)(unsafe.Pointer(box)), c.str(b), C.gint(i))
		}
		nextDialog++
		dialogs[nextDialog] = &openDialog{w: w, message: done, box: box}
		C.gtn_message_dialog_show(box, C.int(d.Default), C.int(nextDialog))
		return nil
	})
}

//export goFileDialogDone
func goFileDialogDone(token C.int, accepted C.int, paths **C.char, n C.int) {
	d := dialogs[int(token)]
	if d == nil {
		return
	}
	delete(dialogs, int(token))
	var list []string
	if accepted != 0 {
		list = []string{} // chosen, even if nothing had a local path
		for _, p := range unsafe.Slice(paths, int(n)) {
			list = append(list, C.GoString(p))
		}
	}
	C.g_object_unref(C.gpointer(d.chooser)) // GObject holds its own reference during the signal
	var err error
	if d.w.closed || d.w.stage != stageOpen {
		list, err = nil, engine.ErrClosed
	}
	safely(func() { d.file(list, err) })
}

//export goMessageDialogDone
func goMessageDialogDone(token C.int, response C.int) {
	d := dialogs[int(token)]
	if d == nil {
		return
	}
	delete(dialogs, int(token))
	C.gtn_message_dialog_end(d.box, token)
	button, err := int(response), error(nil)
	if button < 0 {
		button = -1 // closed: Escape, the window manager's close button
	}
	if d.w.closed || d.w.stage != stageOpen {
		button, err = -1, engine.ErrClosed
	}
	safely(func() { d.message(button, err) })
}

// endDialogs closes the dialogs of a window that is going; their callers
// get ErrClosed. GTK thread.
func (w *window) endDialogs() {
	for token, d := range dialogs {
		if d.w != w {
			continue
		}
		delete(dialogs, token)
		if d.chooser != nil {
			C.gtn_file_dialog_end(d.chooser)
			safely(func() { d.file(nil, engine.ErrClosed) })
		} else {
			C.gtn_message_dialog_end(d.box, C.int(token))
			safely(func() { d.message(-1, engine.ErrClosed) })
		}
	}
}

// cstrings are C strings that live until free.
type cstrings []unsafe.Pointer

func (c *cstrings) str(s string) *C.char {
	p := C.CString(s)
	*c = append(*c, unsafe.Pointer(p))
	return p
}

// list returns a NULL-terminated array of C strings, or NULL for none.
func (c *cstrings) list(ss []string) **C.char {
	if len(ss) == 0 {
		return nil
	}
	arr := (**C.char)(C.calloc(C.size_t(len(ss)+1), C.size_t(unsafe.Sizeof((*C.char)(nil)))))
	*c = append(*c, unsafe.Pointer(arr))
	items := unsafe.Slice(arr, len(ss)+1)
	for i, s := range ss {
		items[i] = c.str(s)
	}
	return arr
}

func (c *cstrings) free() {
	for _, p := range *c {
		C.free(p)
	}
}
