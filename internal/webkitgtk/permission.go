package webkitgtk

/*
#include "webkitgtk.h"
*/
import "C"

import (
	"sync"

	"github.com/gotonium/gotonium/internal/engine"
)

// permissionKinds are the kinds of permission.c's mask, bit by bit.
var permissionKinds = []engine.Permission{
	engine.PermissionGeolocation,
	engine.PermissionNotifications,
	engine.PermissionCamera,
	engine.PermissionMicrophone,
	engine.PermissionScreen,
	engine.PermissionClipboard,
	engine.PermissionDeviceInfo,
	engine.PermissionPointerLock,
	engine.PermissionMediaKeys,
	engine.PermissionStorageAccess,
	engine.PermissionOther,
}

func kindsOf(mask C.int) []engine.Permission {
	var ks []engine.Permission
	for i, k := range permissionKinds {
		if mask&(1<<i) != 0 {
			ks = append(ks, k)
		}
	}
	if len(ks) == 0 {
		ks = append(ks, engine.PermissionOther)
	}
	return ks
}

// permission is a request waiting for the core's answer; GTK thread.
type permission struct {
	req *C.WebKitPermissionRequest // our reference, dropped by answer
	win int
}

// Owned by the GTK thread.
var (
	permissions    = map[int]*permission{}
	nextPermission int
)

// answer settles a pending request once.
func answerPermission(pid int, allow bool) {
	x := permissions[pid]
	if x == nil {
		return
	}
	delete(permissions, pid)
	C.gtn_permission_answer(x.req, C.int(cbool(allow)))
}

// goPermission asks the core about each kind the request covers (camera and
// microphone for getUserMedia({video, audio})), one after the other; the
// request is allowed only when every kind is.
//
//export goPermission
func goPermission(id C.int, mask C.int, req *C.WebKitPermissionRequest) {
	nextPermission++
	pid := nextPermission
	permissions[pid] = &permission{req: req, win: int(id)}
	kinds := kindsOf(mask)
	var ask func(i int)
	ask = func(i int) {
		w := windows[int(id)]
		if w == nil || w.stage != stageOpen || permissions[pid] == nil {
			answerPermission(pid, false)
			return
		}
		if i == len(kinds) {
			answerPermission(pid, true)
			return
		}
		uri := C.GoString(C.gtn_view_uri(w.view))
		var once sync.Once
		decide := func(allow bool) {
			once.Do(func() {
				onUI(func() {
					if !allow {
						answerPermission(pid, false)
						return
					}
					ask(i + 1)
				})
			})
		}
		var called bool
		safely(func() {
			w.ev.Permission(kinds[i], uri, decide)
			called = true
		})
		if !called { // the core panicked: deny
			decide(false)
		}
	}
	ask(0)
}

// permissionStater is what a window's Events may also implement to answer
// navigator.permissions.query: whether a request of kind from a frame of
// origin would be put to the app (then the page sees "prompt"; otherwise
// "denied").
type permissionStater interface {
	PermissionPrompt(kind engine.Permission, origin string) bool
}

//export goPermissionState
func goPermissionState(id C.int, mask C.int, origin *C.char) C.int {
	w := windows[int(id)]
	if w == nil || w.stage != stageOpen {
		return 0
	}
	ps, ok := w.ev.(permissionStater)
	if !ok {
		return 0
	}
	o := C.GoString(origin)
	for _, k := range kindsOf(mask) {
		prompt := false
		safely(func() { prompt = ps.PermissionPrompt(k, o) })
		if !prompt {
			return 0
		}
	}
	return 1
}

// goViewGone denies the window's pending permission requests and refuses its
// undecided downloads: nothing waits on a view that is gone.
//
//export goViewGone
func goViewGone(id C.int) {
	for pid, x := range permissions {
		if x.win == int(id) {
			answerPermission(pid, false)
		}
	}
	windowGoneDownloads(int(id))
}
