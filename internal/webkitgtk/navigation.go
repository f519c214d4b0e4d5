package webkitgtk

/*
#include "webkitgtk.h"
*/
import "C"

import (
	"net/url"
	"strings"
	"sync/atomic"

	"github.com/gotonium/gotonium/internal/engine"
)

// navInfo is what a navigation action told about a URL whose response the
// main frame may receive later: WebKit does not say at action time which
// frame navigates.
type navInfo struct{ gesture, redirect bool }

// maxNavInfo bounds the URLs remembered between action and response
// (iframes add entries that no main-frame response consumes).
const maxNavInfo = 64

//export goNavigationAction
func goNavigationAction(id C.int, d *C.WebKitPolicyDecision, newWindow C.int, uri *C.char, gesture, redirect C.int) C.int {
	w := windows[int(id)]
	if w == nil || w.stage != stageOpen {
		return 0
	}
	u := C.GoString(uri)
	nav := engine.Navigation{URL: u, NewWindow: newWindow != 0, UserGesture: gesture != 0, Redirect: redirect != 0}
	if !nav.NewWindow {
		if nav.Redirect {
			nav.UserGesture = w.lastGesture // a redirect carries on the navigation that led to it
		} else {
			w.lastGesture = nav.UserGesture
		}
		if w.answers(u) {
			if len(w.navInfo) >= maxNavInfo {
				clear(w.navInfo)
			}
			w.navInfo[stripFragment(u)] = navInfo{nav.UserGesture, nav.Redirect}
			return 0 // decided when the main frame's response arrives, if it is the main frame
		}
		if s := schemeOf(u); s == "about" || s == "data" || s == "blob" || s == "javascript" || s == "" {
			return 0 // frames of the page itself; the gate keeps the bridge out of them
		}
	}
	w.ask(d, nav)
	return 1
}

//export goNavigationResponse
func goNavigationResponse(id C.int, d *C.WebKitPolicyDecision, uri *C.char) C.int {
	w := windows[int(id)]
	if w == nil || w.stage != stageOpen {
		return 0
	}
	u := stripFragment(C.GoString(uri))
	info := w.navInfo[u]
	clear(w.navInfo)
	if w.takePreapproved(u) { // the app's own LoadURL: nothing to ask
		w.pullStartScripts()
		return 0
	}
	w.ask(d, engine.Navigation{URL: u, UserGesture: info.gesture, Redirect: info.redirect})
	return 1
}

// pullStartScripts gives the page about to start the core's current start
// scripts; GTK thread.
func (w *window) pullStartScripts() {
	var scripts []string
	var changed bool
	safely(func() { scripts, changed = w.ev.StartScripts() })
	if changed {
		w.setStartScripts(scripts)
	}
}

//export goNavigationCreate
func goNavigationCreate(id C.int, uri *C.char, gesture C.int) {
	w := windows[int(id)]
	if w == nil || w.stage != stageOpen {
		return
	}
	u := C.GoString(uri)
	if u == "" || u == "about:blank" {
		return // a blank popup to be scripted by its opener: never made
	}
	w.ask(nil, engine.Navigation{URL: u, NewWindow: true, UserGesture: gesture != 0})
}

//export goNavigationFailed
func goNavigationFailed(id C.int, uri *C.char) C.int {
	w := windows[int(id)]
	if w == nil || w.stage != stageOpen {
		return 0
	}
	u := stripFragment(C.GoString(uri))
	if w.isPreapproved(u) {
		return 0 // the app's own load: WebKit's error page tells what went wrong
	}
	info, ok := w.navInfo[u]
	if !ok {
		return 0
	}
	delete(w.navInfo, u)
	w.ask(nil, engine.Navigation{URL: u, UserGesture: info.gesture, Redirect: info.redirect})
	return 1
}

// maxPreapproved bounds the URLs the app asked for whose responses have not
// come yet (loads the app replaced quickly never get one).
const maxPreapproved = 16

// preapprove records a URL the app itself asked the window to load.
func (w *window) preapprove(u string) {
	if len(w.preapproved) >= maxPreapproved {
		w.preapproved = w.preapproved[1:]
	}
	w.preapproved = append(w.preapproved, u)
}

// isPreapproved reports whether the app asked for u.
func (w *window) isPreapproved(u string) bool {
	for _, p := range w.preapproved {
		if sameURL(p, u) {
			return true
		}
	}
	return false
}

// takePreapproved is isPreapproved, and forgets u.
func (w *window) takePreapproved(u string) bool {
	for i, p := range w.preapproved {
		if sameURL(p, u) {
			w.preapproved = append(w.preapproved[:i:i], w.preapproved[i+1:]...)
			return true
		}
	}
	return false
}

// answers reports whether WebKit will fetch u with a response (so that the
// main frame can be told from iframes then).
func (w *window) answers(u string) bool {
	switch s := schemeOf(u); s {
	case "http", "https", "file", "data":
		return true
	default:
		return registered[w.ctx][s]
	}
}

// ask hands a navigation to the core and applies its answer; GTK thread. d
// is nil for window.open, which WebKit asks about through "create" instead.
func (w *window) ask(d *C.WebKitPolicyDecision, nav engine.Navigation) {
	C.gtn_decision_ref(d)
	var once atomic.Bool
	w.ev.Navigate(nav, func(a engine.NavigationAction) {
		if once.Swap(true) {
			return
		}
		onUI(func() {
			switch {
			case a == engine.NavigationAllow && nav.NewWindow:
				C.gtn_decision_finish(d, 1)
				if !w.closed && w.stage == stageOpen {
					w.preapprove(nav.URL)
					p, free := cstr(nav.URL)
					C.gtn_load_uri(w.view, p)
					free()
				}
			case a == engine.NavigationAllow:
				if d != nil && !w.closed {
					w.pullStartScripts()
				}
				C.gtn_decision_finish(d, 0)
			case a == engine.NavigationOpenExternal:
				C.gtn_decision_finish(d, 1)
				if err := openExternal(nav.URL); err != nil {
					logger.Warn("gotonium: cannot open a URL with the desktop's handler", "url", nav.URL, "error", err)
				}
			default:
				C.gtn_decision_finish(d, 1)
			}
		})
	})
}

func schemeOf(u string) string {
	s, _, ok := strings.Cut(u, ":")
	if !ok {
		return ""
	}
	return strings.ToLower(s)
}

func stripFragment(u string) string {
	if i := strings.IndexByte(u, '#'); i >= 0 {
		return u[:i]
	}
	return u
}

// sameURL compares two URLs as WebKit may rewrite them (an empty path is
// "/", the fragment is not sent).
func sameURL(a, b string) bool {
	if stripFragment(a) == stripFragment(b) {
		return true
	}
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	if err1 != nil || err2 != nil {
		return false
	}
	norm := func(u *url.URL) string {
		u.Fragment, u.RawFragment = "", ""
		if u.Path == "" && u.Host != "" {
			u.Path = "/"
		}
		u.Scheme = strings.ToLower(u.Scheme)
		u.Host = strings.ToLower(u.Host)
		return u.String()
	}
	return norm(ua) == norm(ub)
}
