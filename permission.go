package gotonium

import (
	"github.com/gotonium/gotonium/internal/engine"
)

// Permission names a capability a page asks for.
type Permission string

// The capabilities pages ask for. A getUserMedia call for camera and
// microphone asks about PermissionCamera, then PermissionMicrophone: it is
// granted only when the hook allows both.
const (
	PermissionGeolocation   Permission = Permission(engine.PermissionGeolocation)   // navigator.geolocation
	PermissionNotifications Permission = Permission(engine.PermissionNotifications) // Notification.requestPermission
	PermissionCamera        Permission = Permission(engine.PermissionCamera)        // getUserMedia({video})
	PermissionMicrophone    Permission = Permission(engine.PermissionMicrophone)    // getUserMedia({audio})
	PermissionScreen        Permission = Permission(engine.PermissionScreen)        // getDisplayMedia
	PermissionClipboard     Permission = Permission(engine.PermissionClipboard)     // navigator.clipboard reads
	PermissionDeviceInfo    Permission = Permission(engine.PermissionDeviceInfo)    // device labels in enumerateDevices
	PermissionPointerLock   Permission = Permission(engine.PermissionPointerLock)   // element.requestPointerLock
	PermissionMediaKeys     Permission = Permission(engine.PermissionMediaKeys)     // requestMediaKeySystemAccess (EME)
	PermissionStorageAccess Permission = Permission(engine.PermissionStorageAccess) // document.requestStorageAccess
	PermissionOther         Permission = Permission(engine.PermissionOther)         // anything else the engine asks
)

// PermissionRequest is a page's request for a capability, as
// OnPermissionRequest's hook receives it.
type PermissionRequest struct {
	// Kind is the capability.
	Kind Permission
	// Origin is the origin of the window's page (scheme://host[:port], as
	// in AllowOrigins; "app://localhost" for a custom scheme). It is always
	// a trusted origin: requests of other pages never reach the hook.
	Origin string
	// URL is the address of the window's page.
	URL string
	// BrowserID is the window's id (see Instance.BrowserID).
	BrowserID int
}

// OnPermissionRequest sets the hook that decides whether a page of the
// window may use a capability (camera, microphone, geolocation,
// notifications, clipboard, …): true allows it, false denies it. The page
// waits for the answer; the hook runs on the pumping goroutine (see
// UpdateMessageLoop and RunMulti), one callback at a time.
//
// Only the app's own pages are asked about (see AllowOrigins): a request of
// an untrusted page is denied at once without calling the hook. Without a
// hook (the default, and after OnPermissionRequest(nil)) every request is
// denied at once, whether or not the app pumps. A panic in the hook, and a
// window that closes before the hook answers, deny. The answer holds for
// that one request: the engine may remember a grant for the page's origin
// (WebKit does for notifications) until the process ends. The origin
// checked is the top page's, also for a request made in an iframe.
//
// navigator.permissions.query answers "prompt" for a kind the hook would be
// asked about (trusted page, hook set) and "denied" otherwise.
func (p *Instance) OnPermissionRequest(fn func(PermissionRequest) bool) {
	p.mu.Lock()
	p.hooks.permission = fn
	p.mu.Unlock()
}

func (p *Instance) permissionHook() func(PermissionRequest) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.hooks.permission
}

// Permission is an engine event: a page asks for a capability. Untrusted
// pages, and every page when there is no hook, are denied here on the UI
// thread; otherwise the hook decides on the pumping goroutine.
func (b *browser) Permission(kind engine.Permission, pageURI string, decide func(allow bool)) {
	p := b.inst
	hook := p.permissionHook()
	if hook == nil || !p.trustedURL(pageURI) {
		decide(false)
		return
	}
	origin, _ := originOf(pageURI)
	req := PermissionRequest{Kind: Permission(kind), Origin: origin, URL: pageURI, BrowserID: b.id}
	callbacks.push(func() {
		allow := false
		defer func() { decide(allow) }() // also after a panic in the hook: deny
		if !b.isOpen() {
			return
		}
		allow = hook(req)
	})
}

// PermissionPrompt tells the engine, for navigator.permissions.query,
// whether a request of kind from a frame of origin would be put to the
// app's hook; UI thread, does not block.
func (b *browser) PermissionPrompt(kind engine.Permission, origin string) bool {
	return b.inst.permissionHook() != nil && b.inst.trustedOrigin(origin)
}
