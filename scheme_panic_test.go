//go:build !fakeengine

package gotonium_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/gotonium/gotonium"
)

// TestSchemeHandlerPanics: a handler that panics before writing answers 500
// (with its CORS answer); one that panics after its first write makes the
// page's read fail instead of ending in a short body that looks complete.
func TestSchemeHandlerPanics(t *testing.T) {
	p := gotonium.New()
	must(t, p.AddSchemeHandler("boom", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/index.html":
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, "<title>boom</title>")
		case "/early":
			panic("before writing")
		case "/late":
			w.Header().Set("Content-Type", "text/plain")
			io.WriteString(w, "the first half")
			w.(http.Flusher).Flush()
			panic("after writing")
		case "/fine":
			io.WriteString(w, "complete")
		}
	})))
	must(t, p.Initialize("boom://localhost/index.html", 300, 200))
	t.Cleanup(func() { p.CloseBrowser() })
	read := func(path string) any {
		return await(t, p, `fetch(`+mustJSON(path)+`).then(async r => r.status + " " + await r.text()).catch(e => "failed: " + e.name)`)
	}
	if got := read("/early"); got != "500 internal error" {
		t.Errorf("panic before writing: %v", got)
	}
	if got := read("/late"); got != "failed: TypeError" {
		t.Errorf("panic after writing: %v; want the read to fail", got)
	}
	if got := read("/fine"); got != "200 complete" {
		t.Errorf("a good answer after the panics: %v", got)
	}
}
