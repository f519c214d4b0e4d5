package webkitgtk

/*
#include <stdlib.h>
#include "extras.h"
*/
import "C"

import (
	"github.com/gotonium/gotonium/internal/engine"
)

// WebDriver automation. WebKit lets one web context per process be
// automated; it is the first one made once the engine has an Automation
// config (the store every window shares unless the app gave some their own
// data dir). Views in that context are made controlled by automation, which
// makes them WebDriver window handles; WebKit only listens for a driver when
// WEBKIT_INSPECTOR_SERVER is set as the process starts.

var (
	automation *engine.Automation  // set by the first Start that has one
	autoCtx    *C.WebKitWebContext // the automated context; GTK thread
	autoWarned bool                // a window outside autoCtx was logged
)

// automateContext allows automation on ctx if it is the first context made
// with automation on; GTK thread.
func automateContext(ctx *C.WebKitWebContext) {
	if automation == nil || autoCtx != nil {
		return
	}
	name, free := cstr(automation.Name)
	defer free()
	v := automation.Version
	C.gtn_automation_allow(ctx, name, C.guint64(v[0]), C.guint64(v[1]), C.guint64(v[2]))
	autoCtx = ctx
}

// automated reports whether a view made in ctx is to be controlled by
// automation; GTK thread.
func automated(ctx *C.WebKitWebContext) bool {
	if automation == nil {
		return false
	}
	if ctx != autoCtx {
		if !autoWarned {
			autoWarned = true
			logger.Warn("gotonium: automation covers the windows of one data dir only; a window with another is no WebDriver window")
		}
		return false
	}
	return true
}

// releaseAutomation forbids automation on the context before Stop frees it,
// so that the next context made may have it; GTK thread.
func releaseAutomation() {
	if autoCtx != nil {
		C.gtn_automation_forbid(autoCtx)
		autoCtx = nil
	}
}

// goAutomationView answers a session's request for a browsing context: the
// oldest open on-screen window for the session's first, else a new window
// from the core. NULL fails the request (WebKitWebDriver reports it).
//
//export goAutomationView
func goAutomationView(first C.int) *C.WebKitWebView {
	if first != 0 {
		var oldest *window
		for _, w := range windows {
			if w.ctx == autoCtx && !w.closed && w.stage == stageOpen && !w.offscreen && (oldest == nil || w.id < oldest.id) {
				oldest = w
			}
		}
		if oldest != nil {
			return oldest.view
		}
	}
	if automation == nil || automation.NewWindow == nil {
		return nil
	}
	var win engine.Window
	var err error
	safely(func() { win, err = automation.NewWindow() })
	if err != nil {
		logger.Warn("gotonium: no window for a WebDriver session", "error", err)
		return nil
	}
	w, ok := win.(*window)
	if !ok || w.closed {
		return nil
	}
	return w.view
}
