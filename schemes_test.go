//go:build !fakeengine

package gotonium_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// site builds a folder to serve, next to a sibling folder sharing its name's
// prefix and a secret file outside it, and returns the folder.
func site(t *testing.T) string {
	t.Helper()
	base := t.TempDir()
	root := filepath.Join(base, "site")
	files := map[string]string{
		"index.html": `<!doctype html><title>site</title><link rel="stylesheet" href="css/style.css">
<script src="app.js?v=1"></script><script type="module">import { answer } from "./js/mod.js"; window.moduleAnswer = answer;</script>
<img id="img" src="img/dot.svg"><body>`,
		"app.js":         `window.appLoaded = true;`,
		"js/mod.js":      `export const answer = 42;`,
		"css/style.css":  `body { background: rgb(1, 2, 3); }`,
		"img/dot.svg":    `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>`,
		"data.json":      `{"ok": true}`,
		"a b.txt":        `spaced`,
		"model.glb":      `glTF`,
		"sub/index.html": `<title>sub</title>`,
		"other.html":     `<title>other</title><script src="app.js"></script>`,
		"../site2/s.txt": `SECRET sibling`,
		"../secret.txt":  `SECRET outside`,
	}
	for name, content := range files {
		p := filepath.Join(root, name)
		must(t, os.MkdirAll(filepath.Dir(p), 0o755))
		must(t, os.WriteFile(p, []byte(content), 0o644))
	}
	must(t, os.Symlink(filepath.Join(base, "secret.txt"), filepath.Join(root, "link-out.txt")))
	must(t, os.Symlink(filepath.Join(root, "data.json"), filepath.Join(root, "link-in.json")))
	clip, err := os.ReadFile("testdata/media/clip.webm")
	must(t, err)
	must(t, os.WriteFile(filepath.Join(root, "clip.webm"), clip, 0o644))
	return root
}

// status fetches a URL from the page and returns "status content-type body".
func status(t *testing.T, p *gotonium.Instance, url string) string {
	t.Helper()
	got, _ := await(t, p, `fetch(`+mustJSON(url)+`).then(async r => r.status + " " + r.headers.get("content-type") + " " + (await r.text()).slice(0, 40))`).(string)
	return got
}

func TestCustomSchemeServesFolder(t *testing.T) {
	root := site(t)
	p := gotonium.New()
	must(t, p.AddCustomScheme("main", root))
	must(t, p.AddMimeTypeMapping(".GLB", "model/gltf-binary"))
	must(t, p.Initialize("main://index.html", 400, 300))
	t.Cleanup(func() { p.CloseBrowser() })
	waitFor(t, 5*time.Second, "the page's resources", func() bool {
		return eval(t, p, `window.appLoaded === true && window.moduleAnswer === 42 && document.getElementById("img").naturalWidth === 10`) == true
	})
	if got := eval(t, p, `location.href`); got != "main://localhost/index.html" {
		t.Errorf("location %v", got)
	}
	if got := eval(t, p, `getComputedStyle(document.body).backgroundColor`); got != "rgb(1, 2, 3)" {
		t.Errorf("CSS not applied: %v", got)
	}
	for url, want := range map[string]string{
		"data.json":                        `200 application/json {"ok": true}`,
		"main://localhost/data.json?x=1#f": `200 application/json {"ok": true}`,
		"a%20b.txt":                        `200 text/plain; charset=utf-8 spaced`,
		"model.glb":                        `200 model/gltf-binary glTF`,
		"sub/":                             `200 text/html; charset=utf-8 <title>sub</title>`,
		"link-in.json":                     `200 application/json {"ok": true}`,
		"missing.txt":                      `404 `,
		// WebKit resolves %2e%2e as .. before asking: still nothing outside.
		"%2e%2e/secret.txt":                `404 `,
		"%2E%2E/site2/s.txt":               `404 `,
		"sub/..%2f..%2fsecret.txt":         `403 `,
		"link-out.txt":                     `403 `,
		"main://localhost//etc/passwd":     `404 `,
		"main://localhost/%2Fetc%2Fpasswd": `403 `,
	} {
		got := status(t, p, url)
		if !strings.HasPrefix(got, want) || strings.Contains(got, "SECRET") {
			t.Errorf("fetch %s: %q, want %q", url, got, want)
		}
	}
	// The host form of a link still lands inside the folder with working
	// relative URLs.
	must(t, p.LoadURL("main://localhost/index.html"))
	eval(t, p, `location.href = "main://other.html"; 1`)
	waitFor(t, 5*time.Second, "navigation to main://other.html", func() bool {
		raw, err := p.EvaluateJavascript(`document.title + " " + location.href + " " + window.appLoaded`)
		return err == nil && string(raw) == `"other main://localhost/other.html true"`
	})
	// Bad input.
	for name, err := range map[string]error{
		"reserved":      p.AddCustomScheme("https", root),
		"invalid":       p.AddCustomScheme("1abc", root),
		"duplicate":     p.AddCustomScheme("MAIN", root),
		"not a folder":  p.AddCustomScheme("x", filepath.Join(root, "app.js")),
		"missing":       p.AddCustomScheme("y", filepath.Join(root, "nope")),
		"nil handler":   p.AddSchemeHandler("z", nil),
		"bad mime":      p.AddMimeTypeMapping("js", "not a type"),
		"bad extension": p.AddMimeTypeMapping("", "text/plain"),
	} {
		if !errors.Is(err, gotonium.ErrInvalidArgument) {
			t.Errorf("%s: %v, want ErrInvalidArgument", name, err)
		}
	}
}

func TestSchemeHandlerPostAndPerWindowSchemes(t *testing.T) {
	a, b := site(t), t.TempDir()
	must(t, os.WriteFile(filepath.Join(b, "index.html"), []byte(`<title>B</title>`), 0o644))
	p1 := gotonium.New()
	must(t, p1.AddCustomScheme("app", a))
	must(t, p1.AddSchemeHandler("api", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"method":%q,"path":%q,"body":%q,"type":%q}`, r.Method, r.URL.Path, body, r.Header.Get("Content-Type"))
	})))
	must(t, p1.Initialize("app://index.html", 300, 200))
	t.Cleanup(func() { p1.CloseBrowser() })
	// The same scheme name in another window serves another folder.
	p2 := gotonium.New()
	must(t, p2.AddCustomScheme("app", b))
	_, err := p2.CreateBrowser("app://index.html", 300, 200)
	must(t, err)
	t.Cleanup(func() { p2.CloseBrowser() })
	if got := eval(t, p2, `document.title`); got != "B" {
		t.Fatalf("window 2 title %v", got)
	}
	if got := eval(t, p1, `document.title`); got != "site" {
		t.Fatalf("window 1 title %v", got)
	}
	got := await(t, p1, `fetch("api://localhost/echo", {method: "POST", body: "hello \u00e9", headers: {"Content-Type": "text/plain"}}).then(r => r.json())`)
	if s := mustJSON(got); s != `{"body":"hello é","method":"POST","path":"/echo","type":"text/plain"}` {
		t.Fatalf("POST: %s", s)
	}
	got = await(t, p1, `new Promise(res => { const x = new XMLHttpRequest(); x.open("POST", "api://localhost/xhr"); x.onload = () => res(JSON.parse(x.responseText).body); x.send(JSON.stringify({a: 1})); })`)
	if got != `{"a":1}` {
		t.Fatalf("XHR POST: %v", got)
	}
	// Window 2 has no api scheme.
	if got, _ := await(t, p2, `fetch("api://localhost/echo").then(r => "status " + r.status, e => "failed")`).(string); got == "status 200" {
		t.Fatalf("window 2 reached window 1's handler: %v", got)
	}
	// A scheme added after the window opened works at once.
	must(t, p2.AddCustomScheme("late", a))
	if got := status(t, p2, "late://localhost/data.json"); !strings.HasPrefix(got, "200 application/json") {
		t.Fatalf("late scheme: %q", got)
	}
}

func TestSchemeVideoPlaysAndSeeks(t *testing.T) {
	p := gotonium.New()
	must(t, p.AddCustomScheme("media", site(t)))
	must(t, p.Initialize("media://localhost/index.html", 400, 300))
	t.Cleanup(func() { p.CloseBrowser() })
	got := await(t, p, `new Promise((resolve) => {
		const v = document.createElement("video");
		v.muted = true;
		v.src = "clip.webm";
		document.body.appendChild(v);
		const fail = (why) => resolve("failed: " + why + " " + (v.error ? v.error.code + " " + v.error.message : ""));
		v.onerror = () => fail("error");
		setTimeout(() => fail("timeout at " + v.currentTime + " readyState " + v.readyState), 15000);
		v.addEventListener("loadedmetadata", () => {
			v.play().catch(e => fail("play " + e));
			v.addEventListener("timeupdate", function first() {
				if (v.currentTime <= 0) return;
				v.removeEventListener("timeupdate", first);
				v.currentTime = 3;
				v.addEventListener("seeked", () => resolve("duration " + Math.round(v.duration) + " seeked to " + Math.floor(v.currentTime)), { once: true });
			});
		}, { once: true });
	})`)
	if got != "duration 4 seeked to 3" {
		t.Fatalf("video: %v", got)
	}
}

func TestSchemeStreamsLargeFile(t *testing.T) {
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "big.bin"))
	must(t, err)
	const size = 200 << 20
	must(t, f.Truncate(size)) // sparse: no disk, no memory
	f.Close()
	must(t, os.WriteFile(filepath.Join(dir, "index.html"), []byte("<title>big</title>"), 0o644))
	p := gotonium.New()
	must(t, p.AddCustomScheme("big", dir))
	must(t, p.Initialize("big://localhost/index.html", 300, 200))
	t.Cleanup(func() { p.CloseBrowser() })
	runtime.GC()
	var before, peak runtime.MemStats
	runtime.ReadMemStats(&before)
	stop, sampled := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.HeapInuse {
					peak = m
				}
			}
		}
	}()
	start := time.Now()
	got := await(t, p, `fetch("big.bin").then(async r => { const rd = r.body.getReader(); let n = 0; for (;;) { const {done, value} = await rd.read(); if (done) return r.status + " " + n; n += value.length; } })`)
	close(stop)
	<-sampled
	if got != fmt.Sprintf("200 %d", size) {
		t.Fatalf("got %v", got)
	}
	grew := int64(peak.HeapInuse) - int64(before.HeapInuse)
	t.Logf("200 MB in %v; Go heap grew by at most %d KB", time.Since(start).Round(time.Millisecond), grew>>10)
	if grew > 32<<20 {
		t.Fatalf("Go heap grew by %d MB while streaming", grew>>20)
	}
}

func TestCustomSchemeFS(t *testing.T) {
	p := gotonium.New()
	must(t, p.AddCustomSchemeFS("embedded", os.DirFS(site(t))))
	if err := p.AddCustomSchemeFS("nilfs", nil); !errors.Is(err, gotonium.ErrInvalidArgument) {
		t.Errorf("nil fs: %v", err)
	}
	must(t, p.Initialize("embedded://index.html", 300, 200))
	t.Cleanup(func() { p.CloseBrowser() })
	waitFor(t, 5*time.Second, "the page's resources", func() bool {
		return eval(t, p, `window.appLoaded === true && window.moduleAnswer === 42`) == true
	})
	for url, want := range map[string]string{
		"data.json":       `200 application/json {"ok": true}`,
		"sub/":            `200 text/html; charset=utf-8 <title>sub</title>`,
		"missing.txt":     `404 `,
		"sub/..%2fapp.js": `403 `,
		"link-out.txt":    `403 `, // a symlink out of the folder
	} {
		if got := status(t, p, url); !strings.HasPrefix(got, want) || strings.Contains(got, "SECRET") {
			t.Errorf("fetch %s: %q, want %q", url, got, want)
		}
	}
}
