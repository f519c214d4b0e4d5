//go:build !fakeengine

package gotonium_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// attemptsJS defines attempts(bases): for each labelled scheme base URL it
// tries to read a file's body by fetch, XHR, canvas getImageData (with and
// without crossorigin), dynamic import and a module script, and returns
// {"<label> <way>": "read:<what it got>" | "blocked:<why>"}. Every attempt
// ends (a 5 s limit turns a hang into "blocked:timeout"), so the result is
// the positive signal that all of them finished.
const attemptsJS = `
async function attempts(bases) {
  const out = {};
  const limit = (p) => Promise.race([p, new Promise((_, rej) => setTimeout(() => rej(new Error("timeout")), 5000))]);
  const run = async (k, f) => { try { out[k] = "read:" + await limit(f()); } catch (e) { out[k] = "blocked:" + ((e && e.message) || e); } };
  const pixel = (cross, src) => new Promise((res, rej) => {
    const i = new Image();
    if (cross) i.crossOrigin = "anonymous";
    i.onload = () => {
      const c = document.createElement("canvas"); c.width = 10; c.height = 10;
      const g = c.getContext("2d"); g.drawImage(i, 0, 0);
      try { res(Array.from(g.getImageData(1, 1, 1, 1).data).join(",")); } catch (e) { rej(e); }
    };
    i.onerror = () => rej(new Error("img error"));
    i.src = src;
  });
  for (const [label, b] of Object.entries(bases)) {
    const r = () => "?r=" + Math.random();
    await run(label + " fetch", async () => (await fetch(b + "secret.txt" + r())).text());
    await run(label + " xhr", () => new Promise((res, rej) => {
      const x = new XMLHttpRequest(); x.open("GET", b + "secret.txt" + r());
      x.onload = () => res(x.responseText); x.onerror = () => rej(new Error("xhr error")); x.send();
    }));
    await run(label + " canvas", () => pixel(true, b + "red.svg" + r()));
    await run(label + " canvas-plain", () => pixel(false, b + "red.svg" + r()));
    await run(label + " import", async () => (await import(b + "mod.js" + r())).secret);
    await run(label + " module-script", () => new Promise((res, rej) => {
      window.leaked = undefined;
      const s = document.createElement("script"); s.type = "module"; s.src = b + "leak.js" + r();
      s.onload = () => res(String(window.leaked)); s.onerror = () => rej(new Error("script error"));
      document.head.appendChild(s);
    }));
  }
  return out;
}`

// secretFiles are served by every scheme of the CORS test.
var secretFiles = map[string]string{
	"secret.txt": "SCHEME-SECRET",
	"red.svg":    `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="red"/></svg>`,
	"mod.js":     `export const secret = "MODULE-SECRET";`,
	"leak.js":    `window.leaked = "MODULE-SECRET";`,
}

// webPage serves pages that run attempts on the scheme bases and POST the
// result to /report?who=…; reports come out of the channel as "who" → map.
type webPage struct {
	srv     *httptest.Server
	reports chan webReport
}

type webReport struct {
	who string
	got map[string]string
}

func newWebPage(t *testing.T, bases string) *webPage {
	t.Helper()
	w := &webPage{reports: make(chan webReport, 8)}
	w.srv = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/report":
			var got map[string]string
			b, _ := io.ReadAll(r.Body)
			if err := json.Unmarshal(b, &got); err != nil {
				got = map[string]string{"bad report": string(b)}
			}
			w.reports <- webReport{r.URL.Query().Get("who"), got}
		case "/page.html":
			who, _ := json.Marshal(r.URL.Query().Get("who"))
			rw.Header().Set("Content-Type", "text/html")
			fmt.Fprintf(rw, `<!doctype html><title>web page</title><script>%s
attempts(%s).then(r => fetch("/report?who=" + encodeURIComponent(%s), {method: "POST", body: JSON.stringify(r)}));
</script>`, attemptsJS, bases, who)
		default:
			http.NotFound(rw, r)
		}
	}))
	t.Cleanup(w.srv.Close)
	return w
}

// wait returns the report of who.
func (w *webPage) wait(t *testing.T, who string) map[string]string {
	t.Helper()
	timeout := time.After(60 * time.Second)
	for {
		select {
		case r := <-w.reports:
			if r.who == who {
				return r.got
			}
			t.Logf("report of %s while waiting for %s: %v", r.who, who, r.got)
		case <-timeout:
			t.Fatalf("no report from the %s page", who)
		}
	}
}

// checkReads asserts that each attempt was read (read true) or blocked.
// canvas-plain is only checked for blocking: a plain <img> of another origin
// taints the canvas whatever CORS says.
func checkReads(t *testing.T, who string, got map[string]string, labels []string, read bool) {
	t.Helper()
	for _, l := range labels {
		for _, way := range []string{"fetch", "xhr", "canvas", "canvas-plain", "import", "module-script"} {
			k := l + " " + way
			v, ok := got[k]
			switch {
			case !ok:
				t.Errorf("%s: no result for %s (%v)", who, k, got)
			case read && way == "canvas-plain":
			case read && !strings.HasPrefix(v, "read:"):
				t.Errorf("%s: %s: %s, want it read", who, k, v)
			case read && (way == "canvas") && v != "read:255,0,0,255":
				t.Errorf("%s: %s: %s, want the red pixel", who, k, v)
			case read && (way == "fetch" || way == "xhr") && v != "read:SCHEME-SECRET":
				t.Errorf("%s: %s: %s", who, k, v)
			case read && (way == "import" || way == "module-script") && v != "read:MODULE-SECRET":
				t.Errorf("%s: %s: %s", who, k, v)
			case !read && !strings.HasPrefix(v, "blocked:"):
				t.Errorf("%s: %s: %s, want it blocked", who, k, v)
			case !read && strings.Contains(v, "timeout"):
				t.Errorf("%s: %s: %s (a hang, not a refusal)", who, k, v)
			}
		}
	}
}

// TestSecuritySchemeCORS: a page the app does not trust, top level or in an
// iframe of the app's page, cannot read the body of a folder, FS or handler
// scheme's file by fetch, XHR, canvas, dynamic import or module script; the
// app's own pages and an allowed http origin can.
func TestSecuritySchemeCORS(t *testing.T) {
	dir := t.TempDir()
	for name, body := range secretFiles {
		must(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644))
	}
	must(t, os.WriteFile(filepath.Join(dir, "index.html"), []byte(`<!doctype html><title>app</title><script>`+attemptsJS+`</script>`), 0o644))
	var mu sync.Mutex
	preset := map[string][]string{} // Origin → the CORS header the handler found set
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		if o := r.Header.Get("Origin"); o != "" {
			preset[o] = append(preset[o], w.Header().Get("Access-Control-Allow-Origin"))
		}
		mu.Unlock()
		body, ok := secretFiles[strings.TrimPrefix(r.URL.Path, "/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		switch filepath.Ext(r.URL.Path) {
		case ".svg":
			w.Header().Set("Content-Type", "image/svg+xml")
		case ".js":
			w.Header().Set("Content-Type", "text/javascript")
		default:
			w.Header().Set("Content-Type", "text/plain")
		}
		io.WriteString(w, body)
	})
	const bases = `{"main": "main://localhost/", "fsys": "fsys://localhost/", "api": "api://localhost/"}`
	labels := []string{"main", "fsys", "api"}
	hostile := newWebPage(t, bases)
	allowed := newWebPage(t, bases)

	pump(t)
	p := gotonium.New()
	p.OnNavigate(func(gotonium.Navigation) gotonium.NavigationAction { return gotonium.NavigationAllow })
	must(t, p.AddCustomScheme("main", dir))
	must(t, p.AddCustomSchemeFS("fsys", os.DirFS(dir)))
	must(t, p.AddSchemeHandler("api", handler))
	must(t, p.Initialize("main://localhost/index.html", 400, 300))
	t.Cleanup(func() { p.CloseBrowser() })

	// The app's own page reads all three, across schemes too.
	raw, err := json.Marshal(await(t, p, "attempts("+bases+")"))
	must(t, err)
	var got map[string]string
	must(t, json.Unmarshal(raw, &got))
	checkReads(t, "app page", got, labels, true)

	// An untrusted iframe inside the app's page.
	must(t, p.ExecuteJavascript(`document.body.appendChild(Object.assign(document.createElement("iframe"), {src: `+mustJSON(hostile.srv.URL+"/page.html?who=iframe")+`}))`))
	checkReads(t, "untrusted iframe", hostile.wait(t, "iframe"), labels, false)

	// An untrusted page at the top.
	must(t, p.ExecuteJavascript(`location = `+mustJSON(hostile.srv.URL+"/page.html?who=top")))
	checkReads(t, "untrusted page", hostile.wait(t, "top"), labels, false)

	// An origin the app allowed.
	must(t, p.AllowOrigins(allowed.srv.URL))
	must(t, p.ExecuteJavascript(`location = `+mustJSON(allowed.srv.URL+"/page.html?who=allowed")))
	checkReads(t, "allowed origin", allowed.wait(t, "allowed"), labels, true)

	// What the handler saw: the request's Origin echoed for trusted origins
	// only, set before the handler ran.
	mu.Lock()
	defer mu.Unlock()
	if len(preset) == 0 {
		t.Fatal("the handler saw no Origin header")
	}
	for o, acao := range preset {
		for _, a := range acao {
			switch o {
			case hostile.srv.URL:
				if a != "" {
					t.Errorf("untrusted origin %s got Access-Control-Allow-Origin %q", o, a)
				}
			case allowed.srv.URL, "main://localhost", "fsys://localhost":
				if a != o {
					t.Errorf("trusted origin %s got Access-Control-Allow-Origin %q", o, a)
				}
			default:
				t.Errorf("unexpected Origin %q (ACAO %q)", o, a)
			}
		}
	}
	for _, o := range []string{hostile.srv.URL, allowed.srv.URL, "main://localhost"} {
		if preset[o] == nil {
			t.Errorf("no request from %s reached the handler with its Origin", o)
		}
	}
}

// TestSecuritySchemeAppHandlerCORS: an app's handler keeps its own CORS
// choice, and may take gotonium's away.
func TestSecuritySchemeAppHandlerCORS(t *testing.T) {
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "index.html"), []byte(`<title>app</title>`), 0o644))
	p := gotonium.New()
	must(t, p.AddCustomScheme("main", dir))
	must(t, p.AddSchemeHandler("closed", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Del("Access-Control-Allow-Origin") // this handler serves its own scheme's pages only
		io.WriteString(w, "closed")
	})))
	must(t, p.Initialize("main://localhost/index.html", 300, 200))
	t.Cleanup(func() { p.CloseBrowser() })
	if got := await(t, p, `fetch("closed://localhost/x").then(r => r.text(), e => "blocked")`); got != "blocked" {
		t.Errorf("a handler that removed the CORS header was read across schemes: %v", got)
	}
}

// TestSecuritySchemeSymlinkFS: os.DirFS served by AddCustomSchemeFS does not
// follow a symlink out of its folder, end to end.
func TestSecuritySchemeSymlinkFS(t *testing.T) {
	root := site(t)
	must(t, os.Symlink("data.json", filepath.Join(root, "link-rel.json")))
	must(t, os.Symlink("../secret.txt", filepath.Join(root, "link-up.txt")))
	must(t, os.Symlink("..", filepath.Join(root, "link-parent")))
	p := gotonium.New()
	must(t, p.AddCustomSchemeFS("fsys", os.DirFS(root)))
	must(t, p.Initialize("fsys://localhost/index.html", 300, 200))
	t.Cleanup(func() { p.CloseBrowser() })
	for url, want := range map[string]string{
		"link-rel.json":          `200 application/json {"ok": true}`,
		"link-out.txt":           `403 `,
		"link-up.txt":            `403 `,
		"link-parent/secret.txt": `403 `,
		"link-in.json":           `403 `, // an absolute target, even inside
	} {
		if got := status(t, p, url); !strings.HasPrefix(got, want) || strings.Contains(got, "SECRET") {
			t.Errorf("fetch %s: %q, want %q", url, got, want)
		}
	}
}

// mediaURL returns the bridge URL the page's media.js gives a <video> of
// src, or src itself when media.js did not run.
func mediaURL(t *testing.T, p *gotonium.Instance, src string) string {
	t.Helper()
	return evalString(t, p, `(() => { const v = document.createElement("video"); v.src = `+mustJSON(src)+`; return v.src; })()`)
}

// TestMediaBridgeIsolation: each window has its own media token, reaching
// its own schemes only; the bridge answers GET and HEAD for its own Host,
// with no CORS header; untrusted pages and iframes never get media.js.
func TestMediaBridgeIsolation(t *testing.T) {
	dirB := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dirB, "index.html"), []byte(`<title>B</title>`), 0o644))
	must(t, os.WriteFile(filepath.Join(dirB, "b-only.txt"), []byte("B ONLY"), 0o644))
	reports := make(chan string, 4)
	hostile := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/report" {
			b, _ := io.ReadAll(r.Body)
			reports <- string(b)
			return
		}
		target, _ := json.Marshal(r.URL.Query().Get("target"))
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<!doctype html><title>hostile</title><script>
const v = document.createElement("video"); v.src = "media://localhost/clip.webm";
const rewritten = v.src;
fetch(%s).then(r => r.text()).then(t => "read " + t.length, e => "blocked " + e.message)
  .then(f => fetch("/report", {method: "POST", body: JSON.stringify({rewritten, fetch: f})}));
</script>`, target)
	}))
	t.Cleanup(hostile.Close)

	pump(t)
	pA := gotonium.New()
	must(t, pA.AddCustomScheme("media", site(t)))
	must(t, pA.Initialize("media://localhost/index.html", 300, 200))
	t.Cleanup(func() { pA.CloseBrowser() })
	pB := gotonium.New()
	pB.OnNavigate(func(gotonium.Navigation) gotonium.NavigationAction { return gotonium.NavigationAllow })
	must(t, pB.AddCustomScheme("media", dirB))
	_, err := pB.CreateBrowser("media://localhost/index.html", 300, 200)
	must(t, err)
	closedB := false
	t.Cleanup(func() {
		if !closedB {
			pB.CloseBrowser()
		}
	})

	urlA, urlB := mediaURL(t, pA, "clip.webm"), mediaURL(t, pB, "b-only.txt")
	if !strings.HasPrefix(urlA, "http://127.0.0.1:") || !strings.HasPrefix(urlB, "http://127.0.0.1:") {
		t.Fatalf("media URLs %q %q", urlA, urlB)
	}
	// http://127.0.0.1:PORT/TOKEN/media/…
	partsA, partsB := strings.SplitN(urlA, "/", 6), strings.SplitN(urlB, "/", 6)
	host, tokenA, tokenB := partsA[2], partsA[3], partsB[3]
	if len(tokenA) != 64 || tokenA == tokenB {
		t.Fatalf("tokens %q %q: want one per window", tokenA, tokenB)
	}
	base := func(token string) string { return "http://" + host + "/" + token + "/media/" }

	do := func(method, url string, mod func(*http.Request)) (*http.Response, string) {
		t.Helper()
		req, err := http.NewRequest(method, url, nil)
		must(t, err)
		if mod != nil {
			mod(req)
		}
		resp, err := http.DefaultClient.Do(req)
		must(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		for k := range resp.Header {
			if strings.HasPrefix(strings.ToLower(k), "access-control-") {
				t.Errorf("%s %s: bridge answered with %s: %q", method, url, k, resp.Header.Get(k))
			}
		}
		return resp, string(b)
	}
	evil := func(r *http.Request) { r.Header.Set("Origin", hostile.URL) }
	for _, c := range []struct {
		name, method, url string
		mod               func(*http.Request)
		code              int
	}{
		{"own media", "GET", urlA, nil, 200},
		{"own media, HEAD", "HEAD", urlA, nil, 200},
		{"own media with a hostile Origin", "GET", urlA, evil, 200},
		{"range", "GET", urlA, func(r *http.Request) { r.Header.Set("Range", "bytes=0-3") }, 206},
		{"window B's file with A's token", "GET", base(tokenA) + "b-only.txt", nil, 404},
		{"window B's file with B's token", "GET", base(tokenB) + "b-only.txt", nil, 200},
		{"POST", "POST", urlA, nil, 405},
		{"PUT", "PUT", urlA, nil, 405},
		{"DELETE", "DELETE", urlA, nil, 405},
		{"rebound DNS name", "GET", urlA, func(r *http.Request) { r.Host = "evil.example:" + strings.Split(host, ":")[1] }, 403},
		{"localhost", "GET", urlA, func(r *http.Request) { r.Host = "localhost:" + strings.Split(host, ":")[1] }, 403},
		{"no port", "GET", urlA, func(r *http.Request) { r.Host = "127.0.0.1" }, 403},
		{"a made-up token", "GET", base(strings.Repeat("ab", 32)) + "clip.webm", nil, 403},
		{"no token", "GET", "http://" + host + "/media/clip.webm", nil, 403},
		{"old layout /TOKEN/WINDOW/SCHEME", "GET", "http://" + host + "/" + tokenA + "/1/media/clip.webm", nil, 404},
	} {
		resp, body := do(c.method, c.url, c.mod)
		if resp.StatusCode != c.code {
			t.Errorf("%s: %s %s: %d %q, want %d", c.name, c.method, c.url, resp.StatusCode, body, c.code)
		}
		if c.code == 200 && c.method == "GET" && c.name != "window B's file with B's token" && !strings.HasPrefix(body, "\x1a\x45\xdf\xa3") {
			t.Errorf("%s: not the WebM file (%d bytes)", c.name, len(body))
		}
		if c.code == 405 && resp.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: Allow %q", c.name, resp.Header.Get("Allow"))
		}
	}

	// A same-origin iframe of the app's page gets no media.js (top frame only).
	must(t, pA.ExecuteJavascript(`document.body.appendChild(Object.assign(document.createElement("iframe"), {id: "f", src: "sub/"}))`))
	waitFor(t, 10*time.Second, "the iframe", func() bool {
		return eval(t, pA, `(() => { const d = document.getElementById("f").contentDocument; return !!d && d.readyState === "complete" && d.title === "sub"; })()`) == true
	})
	if got := evalString(t, pA, `(() => { const v = document.getElementById("f").contentDocument.createElement("video"); v.src = "clip.webm"; return v.src; })()`); got != "media://localhost/sub/clip.webm" {
		t.Errorf("iframe's media URL %q: media.js ran in an iframe", got)
	}

	// An untrusted page in window B: no media.js, and window A's media URL
	// (were it known) is unreadable for it.
	must(t, pB.ExecuteJavascript(`location = `+mustJSON(hostile.URL+"/page.html?target="+urlA)))
	select {
	case r := <-reports:
		var got struct{ Rewritten, Fetch string }
		must(t, json.Unmarshal([]byte(r), &got))
		if got.Rewritten != "media://localhost/clip.webm" {
			t.Errorf("the untrusted page got media.js: a video's src became %q", got.Rewritten)
		}
		if !strings.HasPrefix(got.Fetch, "blocked") {
			t.Errorf("the untrusted page read window A's media: %s", got.Fetch)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no report from the untrusted page")
	}

	// A closed window's token is dead.
	pB.CloseBrowser()
	closedB = true
	if resp, _ := do("GET", base(tokenB)+"b-only.txt", nil); resp.StatusCode != 403 {
		t.Errorf("closed window's token: %d, want 403", resp.StatusCode)
	}
}

// TestMediaBridgeLateScheme: a window opened without schemes gets media.js
// for a scheme added later, and for a second one after that.
func TestMediaBridgeLateScheme(t *testing.T) {
	p := gotonium.New()
	must(t, p.Initialize(page(`<title>plain</title>`), 300, 200))
	t.Cleanup(func() { p.CloseBrowser() })
	root := site(t)
	for _, name := range []string{"late", "later"} {
		must(t, p.AddCustomScheme(name, root))
		must(t, p.LoadURL(name+"://localhost/index.html"))
		waitFor(t, 10*time.Second, name+" page", func() bool {
			raw, err := p.EvaluateJavascript(`location.protocol + document.title`)
			return err == nil && string(raw) == `"`+name+`:site"`
		})
		if got := mediaURL(t, p, "clip.webm"); !strings.HasPrefix(got, "http://127.0.0.1:") || !strings.HasSuffix(got, "/"+name+"/clip.webm") {
			t.Errorf("%s: media URL %q, want the bridge", name, got)
		}
	}
}
