//go:build !fakeengine

package gotonium_test

import (
	"bufio"
	"crypto/sha1"
	"encoding/base64"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/gotonium/gotonium"
)

// writeFiles writes files (relative path → content) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for rel, content := range files {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const livePage = `<!doctype html><title>live</title><link rel="stylesheet" href="css/site.css"><script src="js/app.js"></script><p id="v">%s</p><input id="in">`

// TestLiveReload: a changed stylesheet is swapped in the running page; any
// other change reloads the windows using the scheme and no other; the state
// store stays.
func TestLiveReload(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"index.html":   strings.Replace(livePage, "%s", "one", 1),
		"css/site.css": "body { background: rgb(1, 2, 3); }",
		"js/app.js":    "window.appLoads = (window.appLoads || 0) + 1;",
	})
	p := gotonium.New()
	must(t, p.AddCustomScheme("live", dir, gotonium.WithLiveReload()))
	must(t, p.SetState("app", "kept", "yes"))
	must(t, p.Initialize("live://index.html", 300, 200))
	t.Cleanup(func() { p.CloseBrowser() })
	other := open(t, page(`<title>other</title>`), 200, 100) // uses no live:// file
	eval(t, p, `window.marker = 1; document.querySelector("#in").value = "typed"; 1`)
	eval(t, other, `window.marker = 1`)
	bg := func() string {
		v, _ := eval(t, p, `getComputedStyle(document.body).backgroundColor`).(string)
		return v
	}
	if got := bg(); got != "rgb(1, 2, 3)" {
		t.Fatalf("background %q", got)
	}

	// CSS only: swapped, no reload (the page's variable and input stay).
	writeFiles(t, dir, map[string]string{"css/site.css": "body { background: rgb(40, 50, 60); }"})
	waitFor(t, 10*time.Second, "the new stylesheet", func() bool { return bg() == "rgb(40, 50, 60)" })
	if got := mustJSON(eval(t, p, `[window.marker, document.querySelector("#in").value, document.querySelectorAll("link").length]`)); got != `[1,"typed",1]` {
		t.Fatalf("after a CSS change: %s (want no reload and one link)", got)
	}

	// HTML: the page reloads and sees the state store.
	writeFiles(t, dir, map[string]string{"index.html": strings.Replace(livePage, "%s", "two", 1)})
	waitFor(t, 10*time.Second, "the reloaded page", func() bool {
		return eval(t, p, `document.querySelector("#v") && document.querySelector("#v").textContent`) == "two"
	})
	if got := mustJSON(eval(t, p, `[typeof window.marker, Gotonium.appState.getState("app", "kept"), getComputedStyle(document.body).backgroundColor]`)); got != `["undefined","yes","rgb(40, 50, 60)"]` {
		t.Fatalf("after an HTML change: %s", got)
	}

	// A script in a new folder, and a stylesheet the page does not link: reloads.
	eval(t, p, `window.marker = 2`)
	writeFiles(t, dir, map[string]string{"js/app.js": "window.appLoads = 'new';", "css/unused.css": "p {}"})
	waitFor(t, 10*time.Second, "the reload for app.js", func() bool { return eval(t, p, `window.appLoads`) == "new" })
	eval(t, p, `window.marker = 3`)
	writeFiles(t, dir, map[string]string{"css/unused.css": "p { color: red }"})
	waitFor(t, 10*time.Second, "the reload for unused.css", func() bool { return eval(t, p, `typeof window.marker`) == "undefined" })

	// The window on another origin was never touched.
	if got := eval(t, other, `window.marker`); got != 1.0 {
		t.Fatalf("the other window reloaded: marker %v", got)
	}
}

// TestLiveReloadDevFolder: AddCustomSchemeFS serves its fs.FS, or in
// development mode (GOTONIUM_DEV=1) the folder of WithDevFolder, watched.
func TestLiveReloadDevFolder(t *testing.T) {
	embedded := fstest.MapFS{"index.html": {Data: []byte(`<title>fs</title><p id="v">embedded</p>`)}}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"index.html": `<title>fs</title><p id="v">disk</p>`})
	text := func(p *gotonium.Instance) any {
		return eval(t, p, `document.querySelector("#v") && document.querySelector("#v").textContent`)
	}
	prod := gotonium.New()
	must(t, prod.AddCustomSchemeFS("prodfs", embedded, gotonium.WithDevFolder(dir)))
	must(t, prod.Initialize("prodfs://index.html", 200, 100))
	t.Cleanup(func() { prod.CloseBrowser() })
	if got := text(prod); got != "embedded" {
		t.Fatalf("out of development mode: %v", got)
	}

	t.Setenv(gotonium.DevEnv, "1")
	if !gotonium.DevMode() {
		t.Fatal("DevMode with GOTONIUM_DEV=1")
	}
	dev := gotonium.New()
	must(t, dev.AddCustomSchemeFS("devfs", embedded, gotonium.WithDevFolder(dir)))
	must(t, dev.Initialize("devfs://index.html", 200, 100))
	t.Cleanup(func() { dev.CloseBrowser() })
	if got := text(dev); got != "disk" {
		t.Fatalf("in development mode: %v", got)
	}
	writeFiles(t, dir, map[string]string{"index.html": `<title>fs</title><p id="v">edited</p>`})
	waitFor(t, 10*time.Second, "the reload", func() bool { return text(dev) == "edited" })

	// Bad options are errors.
	for name, err := range map[string]error{
		"live reload of an fs.FS alone":  gotonium.New().AddCustomSchemeFS("x", embedded, gotonium.WithLiveReload()),
		"dev folder on a folder scheme":  gotonium.New().AddCustomScheme("x", dir, gotonium.WithDevFolder(dir)),
		"missing dev folder":             gotonium.New().AddCustomSchemeFS("x", embedded, gotonium.WithDevFolder(filepath.Join(dir, "nope"))),
		"dev server that is no URL":      gotonium.New().AddCustomSchemeFS("x", embedded, gotonium.WithDevServer("localhost:5173")),
		"dev server of another protocol": gotonium.New().AddCustomScheme("x", dir, gotonium.WithDevServer("ftp://localhost")),
	} {
		if !errors.Is(err, gotonium.ErrInvalidArgument) {
			t.Errorf("%s: %v, want ErrInvalidArgument", name, err)
		}
	}
}

// devServer plays a web development server: pages, a POST echo, and an HMR
// WebSocket that sends "update" to each client once it connects.
func devServer(t *testing.T) string {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, `<!doctype html><title>dev</title><p id="v">from the dev server `+r.URL.RawQuery+`</p>
<script type="module" src="/src/main.js"></script>`)
	})
	mux.HandleFunc("/src/main.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		io.WriteString(w, `window.moduleRan = true;
const ws = new WebSocket("ws://`+r.Host+`/hmr");
ws.onmessage = (e) => { document.body.dataset.hmr = e.data; };`)
	})
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		io.WriteString(w, r.Method+" "+string(b))
	})
	mux.HandleFunc("/hmr", func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get("Sec-WebSocket-Key")
		if key == "" {
			http.Error(w, "not a WebSocket", http.StatusBadRequest)
			return
		}
		sum := sha1.Sum([]byte(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
		conn, rw, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		rw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + base64.StdEncoding.EncodeToString(sum[:]) + "\r\n\r\n")
		rw.Write([]byte{0x81, 6})
		rw.WriteString("update")
		rw.Flush()
		io.Copy(io.Discard, bufio.NewReader(conn)) // until the page goes
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

// TestDevServerProxy: in development mode a scheme forwards to a dev
// server: the page keeps the app's origin and bridge, module scripts, query
// strings and POST bodies go through, and the server's HMR WebSocket
// reaches the page. A server that does not answer gives 502 with the reason.
func TestDevServerProxy(t *testing.T) {
	base := devServer(t)
	embedded := fstest.MapFS{"index.html": {Data: []byte(`<title>prod</title>`)}}
	p := gotonium.New()
	must(t, p.AddCustomSchemeFS("vite", embedded, gotonium.WithDevServer(base), gotonium.WithLiveReload()))
	must(t, p.BindFunction(func() string { return "go" }, "hello", "app"))
	must(t, p.Initialize("vite://index.html?x=1", 300, 200))
	t.Cleanup(func() { p.CloseBrowser() })
	pump(t)
	waitFor(t, 10*time.Second, "the HMR message", func() bool { return eval(t, p, `document.body && document.body.dataset.hmr`) == "update" })
	if got := mustJSON(eval(t, p, `[location.origin, document.querySelector("#v").textContent, window.moduleRan]`)); got != `["vite://localhost","from the dev server x=1",true]` {
		t.Fatalf("page: %s", got)
	}
	if got := await(t, p, `fetch("/echo", {method: "POST", body: "abc"}).then(r => r.text())`); got != "POST abc" {
		t.Fatalf("POST through the proxy: %v", got)
	}
	if got := await(t, p, `Gotonium.app.hello()`); got != "go" {
		t.Fatalf("the bridge: %v", got)
	}

	// A dev server that is not running.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	down := "http://" + ln.Addr().String()
	ln.Close()
	q := gotonium.New()
	must(t, q.AddCustomSchemeFS("down", embedded, gotonium.WithDevServer(down), gotonium.WithLiveReload()))
	must(t, q.Initialize(page(`<title>down</title>`), 200, 100))
	t.Cleanup(func() { q.CloseBrowser() })
	must(t, q.LoadURL("down://index.html"))
	waitFor(t, 10*time.Second, "the 502 page", func() bool {
		v, _ := eval(t, q, `document.body ? document.body.innerText : ""`).(string)
		return strings.Contains(v, "the dev server at "+down+" does not answer")
	})
}
