package gotonium

import (
	"sync"
	"testing"

	"github.com/gotonium/gotonium/internal/engine"
)

// TestEventsInOrder: title, address, fullscreen and load events reach their
// callbacks on the pumping goroutine, in the order the engine reported them.
func TestEventsInOrder(t *testing.T) {
	e := useFake(t)
	p, w := openFake(t, e, appURL)
	var mu sync.Mutex
	var got []string
	add := func(s string) { mu.Lock(); got = append(got, s); mu.Unlock() }
	p.OnTitleChange(func(s string) { add("title " + s) })
	p.OnAddressChange(func(s string) { add("address " + s) })
	p.OnFullscreenChange(func(on bool) {
		if on {
			add("fullscreen")
		}
	})
	p.OnLoad(func(s string) { add("load " + s) })
	w.Load(engine.LoadStarted)
	w.URI(appURL)
	w.Load(engine.LoadCommitted)
	w.PageTitle("App")
	w.Load(engine.LoadFinished)
	w.Fullscreen(true)
	w.URI(appURL + "#x")
	callbacks.run()
	mu.Lock()
	defer mu.Unlock()
	if g, want := join(got), "address "+appURL+",title App,load "+appURL+",fullscreen,address "+appURL+"#x"; g != want {
		t.Fatalf("events:\n got %s\nwant %s", g, want)
	}
}

// TestNavigationDecisions: without a hook, trusted URLs load, untrusted web
// URLs a user clicked go to the desktop, the rest are denied, all without
// pumping; a hook decides on the pump, and one that panics denies.
func TestNavigationDecisions(t *testing.T) {
	e := useFake(t)
	p, w := loadedFake(t, e)
	for _, c := range []struct {
		nav  engine.Navigation
		want engine.NavigationAction
	}{
		{engine.Navigation{URL: "https://app.test/other.html"}, engine.NavigationAllow},
		{engine.Navigation{URL: "https://app.test/new", NewWindow: true}, engine.NavigationAllow},
		{engine.Navigation{URL: "https://web.test/", UserGesture: true}, engine.NavigationOpenExternal},
		{engine.Navigation{URL: "https://web.test/"}, engine.NavigationDeny},
		{engine.Navigation{URL: "data:text/html,hi", UserGesture: true}, engine.NavigationDeny},
		{engine.Navigation{URL: "file:///etc/passwd", UserGesture: true}, engine.NavigationDeny},
	} {
		if got, ok := w.Navigate(c.nav); !ok || got != c.want {
			t.Errorf("%+v: %v (answered %v), want %v", c.nav, got, ok, c.want)
		}
	}
	pumpFake(t)
	var seen Navigation
	p.OnNavigate(func(n Navigation) NavigationAction {
		seen = n
		if n.URL == "https://boom.test/" {
			panic("hook")
		}
		return NavigationAllow
	})
	if got, ok := w.Navigate(engine.Navigation{URL: "https://web.test/x", Redirect: true}); !ok || got != engine.NavigationAllow {
		t.Errorf("hook allow: %v %v", got, ok)
	}
	if seen.Trusted || !seen.Redirect || seen.URL != "https://web.test/x" {
		t.Errorf("the hook saw %+v", seen)
	}
	if got, ok := w.Navigate(engine.Navigation{URL: "https://boom.test/"}); !ok || got != engine.NavigationDeny {
		t.Errorf("a panicking hook: %v %v, want deny", got, ok)
	}
}

// TestPermissionAndDownloadDefaults: with no hooks, permission requests and
// downloads are refused at once, on the UI goroutine.
func TestPermissionAndDownloadDefaults(t *testing.T) {
	e := useFake(t)
	p, w := loadedFake(t, e)
	if allow, ok := w.Permission(engine.PermissionCamera, appURL); !ok || allow {
		t.Errorf("permission with no hook: %v %v", allow, ok)
	}
	if d, ok := w.Download(engine.Download{URL: "https://app.test/f.zip", PageURI: appURL}); !ok || d.Path != "" {
		t.Errorf("download with no hook: %+v %v", d, ok)
	}
	pumpFake(t)
	p.OnPermissionRequest(func(r PermissionRequest) bool { return r.Kind == PermissionCamera })
	if allow, ok := w.Permission(engine.PermissionCamera, appURL); !ok || !allow {
		t.Errorf("permission the hook grants: %v %v", allow, ok)
	}
	if allow, ok := w.Permission(engine.PermissionCamera, "https://evil.test/"); !ok || allow {
		t.Errorf("permission for an untrusted page: %v %v", allow, ok)
	}
}
