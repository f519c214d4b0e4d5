package webkitgtk

/*
#include "extras.h"
*/
import "C"

import "sync"

// Owned by the GTK thread: the withdraw funcs of the page notifications
// that show.
var pageNotes = map[*C.WebKitNotification]func(){}

//export goPageNotification
func goPageNotification(id C.int, n *C.WebKitNotification, title, body *C.char) {
	w := windows[int(id)]
	var once sync.Once
	done := func(clicked bool) {
		once.Do(func() {
			post(func() {
				delete(pageNotes, n)
				C.gtn_page_notification_done(n, cbool(clicked))
			})
		})
	}
	if w == nil || w.closed {
		done(false)
		return
	}
	var withdraw func()
	safely(func() { withdraw = w.ev.PageNotification(C.GoString(title), C.GoString(body), done) })
	if withdraw != nil {
		pageNotes[n] = withdraw
	}
}

//export goPageNotificationWithdrawn
func goPageNotificationWithdrawn(n *C.WebKitNotification) {
	if f := pageNotes[n]; f != nil {
		delete(pageNotes, n)
		safely(f)
	}
}
