//go:build !fakeengine

package gotonium_test

import (
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// TestReload: Reload starts the page afresh from its files, keeps the state
// store, and scripts sent after it run in the reloaded page.
func TestReload(t *testing.T) {
	dir := t.TempDir()
	write := func(v string) {
		if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(`<!doctype html><title>reload</title><p id="v">`+v+`</p>`), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("one")
	p := gotonium.New()
	must(t, p.AddCustomScheme("app", dir))
	must(t, p.SetState("app", "count", 7))
	must(t, p.Initialize("app://index.html", 300, 200))
	t.Cleanup(func() { p.CloseBrowser() })
	eval(t, p, `window.marker = 1`)
	write("two")
	for i := 0; i < 3; i++ {
		must(t, p.Reload())
		// The first script after Reload sees the new page, not the old one.
		if got := eval(t, p, `[typeof window.marker, document.querySelector("#v").textContent, Gotonium.appState.getState("app", "count")]`); mustJSON(got) != `["undefined","two",7]` {
			t.Fatalf("reload %d: %s", i, mustJSON(got))
		}
		eval(t, p, `window.marker = 1`)
	}
	must(t, p.CloseBrowser())
	for _, f := range []func() error{p.Reload, p.ReloadBypassingCache} {
		if err := f(); !errors.Is(err, gotonium.ErrNoBrowser) {
			t.Errorf("after close: %v", err)
		}
	}
}

// TestReloadBypassingCache: a plain Reload revalidates cached resources; a
// reload bypassing the cache fetches them anew, without validators.
func TestReloadBypassingCache(t *testing.T) {
	var mu sync.Mutex
	var conditional []bool // for each request of /app.js: did it carry a validator?
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Cache-Control", "no-store")
		w.Write([]byte(`<!doctype html><title>cache</title><script src="/app.js"></script>`))
	})
	mux.HandleFunc("/app.js", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		conditional = append(conditional, r.Header.Get("If-None-Match") != "")
		mu.Unlock()
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Cache-Control", "max-age=0, must-revalidate")
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "text/javascript")
		w.Write([]byte(`window.loaded = (window.loaded || 0) + 1;`))
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	requests := func() []bool { mu.Lock(); defer mu.Unlock(); return append([]bool(nil), conditional...) }

	p := open(t, "http://"+ln.Addr().String()+"/", 300, 200)
	waitFor(t, 10*time.Second, "the script", func() bool { return eval(t, p, `window.loaded === 1`) == true })
	must(t, p.Reload())
	waitFor(t, 10*time.Second, "the reloaded script", func() bool { return eval(t, p, `window.loaded === 1`) == true && len(requests()) >= 2 })
	if r := requests(); !r[1] {
		t.Fatalf("Reload fetched app.js without revalidating: %v", r)
	}
	must(t, p.ReloadBypassingCache())
	waitFor(t, 10*time.Second, "the script fetched anew", func() bool { return eval(t, p, `window.loaded === 1`) == true && len(requests()) >= 3 })
	if r := requests(); r[2] {
		t.Fatalf("ReloadBypassingCache revalidated app.js: %v", r)
	}
}
