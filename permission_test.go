//go:build !fakeengine

package gotonium_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// permServer is an origin with one page, for permission requests.
func permServer(t *testing.T) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><title>perm</title><p>permissions`)
	}))
	t.Cleanup(s.Close)
	return s
}

// permRecorder records the requests a permission hook saw.
type permRecorder struct {
	mu   sync.Mutex
	seen []gotonium.PermissionRequest
}

func (r *permRecorder) hook(answer func(gotonium.PermissionRequest) bool) func(gotonium.PermissionRequest) bool {
	return func(q gotonium.PermissionRequest) bool {
		r.mu.Lock()
		r.seen = append(r.seen, q)
		r.mu.Unlock()
		return answer(q)
	}
}

func (r *permRecorder) kinds() []gotonium.Permission {
	r.mu.Lock()
	defer r.mu.Unlock()
	var ks []gotonium.Permission
	for _, q := range r.seen {
		ks = append(ks, q.Kind)
	}
	return ks
}

// openPerm opens a window on url for an instance with the given hook (nil:
// none), with mock capture devices (there is no camera under Xvfb).
func openPerm(t *testing.T, url string, hook func(gotonium.PermissionRequest) bool) *gotonium.Instance {
	t.Helper()
	t.Setenv("GOTONIUM_MOCK_CAPTURE", "1")
	p := gotonium.New()
	p.OnPermissionRequest(hook)
	t.Cleanup(func() { p.OnPermissionRequest(nil) })
	if err := p.Initialize(url, 400, 300); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if p.IsRunning() {
			p.CloseBrowser()
		}
	})
	waitFor(t, 10*time.Second, "page", func() bool { return evalString(t, p, "document.title") == "perm" })
	return p
}

const (
	jsNotify = `Notification.requestPermission()`
	jsMedia  = `navigator.mediaDevices.getUserMedia({video: true, audio: true}).then(s => s.getTracks().map(t => t.kind).sort().join(","))`
	jsQuery  = `navigator.permissions.query({name: "camera"}).then(s => s.state)`
)

// TestPermissionDeniedByDefault: without a hook (and without pumping),
// notifications and getUserMedia are denied at once.
func TestPermissionDeniedByDefault(t *testing.T) {
	s := permServer(t)
	p := openPerm(t, s.URL+"/", nil)
	if got := await(t, p, jsNotify); got != "denied" {
		t.Errorf("Notification.requestPermission: %v, want denied", got)
	}
	if got, _ := await(t, p, jsMedia).(string); !contains(got, "rejected") || !contains(got, "NotAllowed") && !contains(got, "denied") {
		t.Errorf("getUserMedia: %v, want rejected (not allowed)", got)
	}
	if got := await(t, p, jsQuery); got != "denied" {
		t.Errorf("permissions.query(camera): %v, want denied", got)
	}
}

// TestPermissionHookGrants: the hook is asked with the kind and the page's
// origin; true grants (a mock camera and microphone stream), false denies.
func TestPermissionHookGrants(t *testing.T) {
	pump(t)
	s := permServer(t)
	var r permRecorder
	allow := true
	var mu sync.Mutex
	p := openPerm(t, s.URL+"/", r.hook(func(gotonium.PermissionRequest) bool {
		mu.Lock()
		defer mu.Unlock()
		return allow
	}))
	if got := await(t, p, jsQuery); got != "prompt" {
		t.Errorf("permissions.query(camera): %v, want prompt", got)
	}
	if got := await(t, p, jsNotify); got != "granted" {
		t.Errorf("Notification.requestPermission: %v, want granted", got)
	}
	if got := await(t, p, jsMedia); got != "audio,video" {
		t.Errorf("getUserMedia: %v, want a stream with audio and video", got)
	}
	r.mu.Lock()
	for _, q := range r.seen {
		if q.Origin != s.URL || q.URL != s.URL+"/" || q.BrowserID != p.BrowserID() {
			t.Errorf("hook saw %+v, want origin %s", q, s.URL)
		}
	}
	r.mu.Unlock()
	want := []gotonium.Permission{gotonium.PermissionNotifications, gotonium.PermissionCamera, gotonium.PermissionMicrophone}
	if got := r.kinds(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("hook asked about %v, want %v", got, want)
	}

	// WebKit remembers a media grant while the document lives: a new page
	// asks again.
	mu.Lock()
	allow = false
	mu.Unlock()
	if err := p.LoadURL(s.URL + "/?again"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the reloaded page", func() bool {
		return evalString(t, p, "location.search + ' ' + document.readyState") == "?again complete"
	})
	if got, _ := await(t, p, `navigator.mediaDevices.getUserMedia({audio: true}).then(() => "granted")`).(string); !contains(got, "rejected") {
		t.Errorf("getUserMedia after the hook said no: %v, want rejected", got)
	}
	if got := r.kinds(); len(got) != 4 || got[3] != gotonium.PermissionMicrophone {
		t.Errorf("hook asked about %v, want a fourth request for the microphone", got)
	}
}

// TestPermissionUntrustedDenied: a page of an origin the app never opened
// (reached by the page's own navigation, allowed by the navigation hook) is
// denied without asking the hook.
func TestPermissionUntrustedDenied(t *testing.T) {
	pump(t)
	app, other := permServer(t), permServer(t)
	var r permRecorder
	p := openPerm(t, app.URL+"/", r.hook(func(gotonium.PermissionRequest) bool { return true }))
	p.OnNavigate(func(gotonium.Navigation) gotonium.NavigationAction { return gotonium.NavigationAllow })
	if err := p.ExecuteJavascript(fmt.Sprintf("location = %q", other.URL+"/")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the untrusted page", func() bool {
		return evalString(t, p, "location.origin + ' ' + document.readyState") == other.URL+" complete"
	})
	if got := await(t, p, jsNotify); got != "denied" {
		t.Errorf("Notification.requestPermission: %v, want denied", got)
	}
	if got, _ := await(t, p, jsMedia).(string); !contains(got, "rejected") {
		t.Errorf("getUserMedia: %v, want rejected", got)
	}
	if got := await(t, p, jsQuery); got != "denied" {
		t.Errorf("permissions.query(camera): %v, want denied", got)
	}
	if got := r.kinds(); len(got) != 0 {
		t.Errorf("the hook was asked about an untrusted page: %v", got)
	}
}

// TestPermissionHookPanics: a panicking hook denies.
func TestPermissionHookPanics(t *testing.T) {
	pump(t)
	s := permServer(t)
	var r permRecorder
	p := openPerm(t, s.URL+"/", r.hook(func(gotonium.PermissionRequest) bool { panic("hook panics") }))
	if got := await(t, p, jsNotify); got != "denied" {
		t.Errorf("Notification.requestPermission: %v, want denied", got)
	}
	if got := r.kinds(); len(got) != 1 {
		t.Errorf("hook asked %v, want one request", got)
	}
}
