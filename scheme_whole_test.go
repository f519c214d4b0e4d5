//go:build !fakeengine

package gotonium_test

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// TestSchemeWholeBody: a handler that sets Content-Length and writes the
// whole body at once (as http.ServeContent does for small files, and the
// []byte results do) has it sent in one piece. The page reads exactly the
// body, whatever its size; a write beyond the Content-Length is an error the
// handler sees, and a panic after the whole body leaves the body complete.
func TestSchemeWholeBody(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789abcdef"), 1<<18) // 4 MB
	extra := make(chan error, 1)
	p := gotonium.New()
	must(t, p.AddSchemeHandler("whole", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := big
		switch r.URL.Path {
		case "/index.html":
			io.WriteString(w, "<title>whole</title>")
			return
		case "/small", "/more", "/panic", "/created":
			body = []byte("ten bytes!")
		case "/file": // http.ServeContent: WriteHeader, then one Write of up to 32 KB
			http.ServeContent(w, r, "f.txt", time.Time{}, strings.NewReader("a small file"))
			return
		case "/status-then-panic":
			w.WriteHeader(http.StatusAccepted)
			panic("before writing")
		}
		if r.URL.Path == "/created" {
			w.Header().Set("Content-Length", "10")
			w.WriteHeader(http.StatusCreated)
		}
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
		switch r.URL.Path {
		case "/more":
			_, err := w.Write([]byte("beyond"))
			extra <- err
		case "/panic":
			panic("after the whole body")
		}
	})))
	must(t, p.Initialize("whole://localhost/index.html", 300, 200))
	t.Cleanup(func() { p.CloseBrowser() })
	pump(t)
	read := func(path string) string {
		t.Helper()
		return mustJSON(await(t, p, `fetch(`+mustJSON(path)+`).then(async (r) => { const t = await r.text(); return r.status + " " + r.headers.get("content-type") + " " + t.length + " " + t.slice(0, 10) + " " + t.slice(-6); }).catch((e) => "failed: " + e.name)`))
	}
	if got := read("/big"); got != `"200 text/plain 4194304 0123456789 abcdef"` {
		t.Errorf("4 MB written at once: %s", got)
	}
	if got := read("/small"); got != `"200 text/plain 10 ten bytes! bytes!"` {
		t.Errorf("10 bytes written at once: %s", got)
	}
	if got := read("/more"); got != `"200 text/plain 10 ten bytes! bytes!"` {
		t.Errorf("a write beyond the Content-Length: the page read %s", got)
	}
	if err := <-extra; err == nil {
		t.Error("a write beyond the Content-Length returned no error")
	}
	if got := read("/created"); got != `"201 text/plain 10 ten bytes! bytes!"` {
		t.Errorf("WriteHeader(201), then the whole body: %s", got)
	}
	if got := read("/file"); got != `"200 text/plain; charset=utf-8 12 a small fi l file"` {
		t.Errorf("http.ServeContent of a small file: %s", got)
	}
	if got := read("/status-then-panic"); !strings.HasPrefix(got, `"500 `) {
		t.Errorf("WriteHeader(202), then a panic before writing: %s; want a 500", got)
	}
	if got := read("/panic"); got != `"200 text/plain 10 ten bytes! bytes!"` {
		t.Errorf("a panic after the whole body: the page read %s", got)
	}
}
