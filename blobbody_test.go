//go:build !fakeengine

package gotonium_test

import (
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// TestBlobBodiesToSchemes: the app's page sends a Blob, a FormData holding
// a file and an XMLHttpRequest Blob to its scheme handler, which gets the
// bytes. (WebKit 2.50 crashes the process reading such a body itself: the
// page runtime sends the bytes instead.)
func TestBlobBodiesToSchemes(t *testing.T) {
	p := gotonium.New()
	must(t, p.AddSchemeHandler("api", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/form" {
			if err := r.ParseMultipartForm(1 << 20); err != nil {
				http.Error(w, err.Error(), 400)
				return
			}
			f, h, err := r.FormFile("file")
			if err != nil {
				http.Error(w, err.Error(), 400)
				return
			}
			b, _ := io.ReadAll(f)
			fmt.Fprintf(w, "%s|%s|%s|%s", r.FormValue("field"), h.Filename, h.Header.Get("Content-Type"), b)
			return
		}
		b, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "%s %s %s", r.Method, r.Header.Get("Content-Type"), b)
	})))
	must(t, p.Initialize("api://localhost/page", 200, 150))
	t.Cleanup(func() { p.CloseBrowser() })
	for _, c := range []struct{ expr, want string }{
		{`fetch("api://localhost/x", {method: "POST", body: new Blob(["blob body"], {type: "text/plain"})}).then((r) => r.text())`, "POST text/plain blob body"},
		{`(() => { const f = new FormData(); f.append("field", "v\u00e9"); f.append("file", new File(["file body"], "a \"b\".txt", {type: "text/x-test"})); return fetch("api://localhost/form", {method: "POST", body: f}).then((r) => r.text()); })()`, `vé|a %22b%22.txt|text/x-test|file body`},
		{`new Promise((resolve) => { const x = new XMLHttpRequest(); x.open("POST", "api://localhost/x"); x.onload = () => resolve(x.responseText); x.send(new Blob(["xhr body"])); })`, "POST  xhr body"},
		// A synchronous XHR cannot wait for a Blob's bytes: a TypeError, not
		// WebKit's crash; with text it is sent as usual.
		{`(() => { const x = new XMLHttpRequest(); x.open("POST", "api://localhost/x", false); try { x.send(new Blob(["sync"])); return "sent"; } catch (e) { return e.name + ": " + e.message.slice(0, 57); } })()`, "TypeError: Gotonium: a synchronous XMLHttpRequest cannot send a Blob"},
		{`(() => { const x = new XMLHttpRequest(); x.open("POST", "api://localhost/x", false); x.setRequestHeader("Content-Type", "text/plain"); x.send("sync text"); return x.responseText; })()`, "POST text/plain sync text"},
	} {
		if got := await(t, p, c.expr); got != c.want {
			t.Errorf("%s = %v; want %s", c.expr, got, c.want)
		}
	}
}

// TestSecurityHostileBlobPost: an iframe of another site posting a Blob (or
// any body) to the app's scheme with fetch reaches no handler and cannot
// crash the app (WebKit 2.50 crashes reading a Blob body: the core never
// reads the body of a request with neither a trusted Origin nor the
// window's secret, which the app's own pages send to their own origin).
func TestSecurityHostileBlobPost(t *testing.T) {
	var hits atomic.Int32
	evil := newOrigin(t)
	p := gotonium.New()
	must(t, p.AddSchemeHandler("api", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/page" {
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, `<title>app</title><script>window.done = []; addEventListener("message", (e) => window.done.push(e.data));</script><iframe src="`+evil.URL+`/frame.html"></iframe>`)
			return
		}
		hits.Add(1)
		io.ReadAll(r.Body) // as an API handler would
	})))
	evil.page("/frame.html", `<script>
const post = (body, mode) => fetch("api://localhost/hit", {method: "POST", body, mode}).then((r) => "status " + r.status, (e) => "failed " + e.name);
(async () => {
  const f = new FormData(); f.append("file", new Blob(["x"]), "x.bin");
  const r = [];
  for (const mode of ["cors", "no-cors"]) r.push(await post(new Blob(["x".repeat(1000)]), mode), await post(f, mode), await post("text", mode));
  // A forged header is refused too (it sends a preflight in cors mode).
  r.push(await fetch("api://localhost/hit", {method: "POST", body: new Blob(["x"]), mode: "no-cors", headers: {"X-Gotonium-Page": "guess"}}).then(() => "sent", () => "failed"));
  parent.postMessage(r.join(), "*");
})();
</script>`)
	must(t, p.Initialize("api://localhost/page", 300, 200))
	t.Cleanup(func() { p.CloseBrowser() })
	waitFor(t, 10*time.Second, "the hostile frame's posts", func() bool { v, _ := eval(t, p, `window.done.length`).(float64); return v == 1 })
	if n := hits.Load(); n != 0 {
		t.Fatalf("the handler ran %d times for the hostile frame", n)
	}
	if !p.IsRunning() {
		t.Fatal("the window is gone")
	}
	t.Logf("the hostile frame saw: %v", eval(t, p, `window.done[0]`))
}
