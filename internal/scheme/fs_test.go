package scheme

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func TestFSServer(t *testing.T) {
	fsys := fstest.MapFS{
		"index.html":     {Data: []byte("<title>root</title>")},
		"js/app.js":      {Data: []byte("let x = 1;")},
		"sub/index.html": {Data: []byte("sub")},
		"empty/x.txt":    {Data: []byte("x")},
		"big.bin":        {Data: []byte(strings.Repeat("0123456789", 100))},
	}
	h := FSServer(fsys, nil)
	for _, c := range []struct {
		method, url, rng string
		code             int
		ctype, body      string
	}{
		{"GET", "app://localhost/", "", 200, "text/html; charset=utf-8", "<title>root</title>"},
		{"GET", "app://index.html", "", 200, "text/html; charset=utf-8", "<title>root</title>"},
		{"GET", "app://localhost/js/app.js?v=2", "", 200, "text/javascript; charset=utf-8", "let x = 1;"},
		{"GET", "app://localhost/sub", "", 200, "text/html; charset=utf-8", "sub"},
		{"GET", "app://localhost/empty/", "", 404, "", ""},
		{"GET", "app://localhost/missing", "", 404, "", ""},
		{"GET", "app://localhost/%2e%2e/x", "", 403, "", ""},
		{"GET", "app://localhost/a%2fb", "", 403, "", ""},
		{"GET", "app://localhost/big.bin", "bytes=10-19", 206, "application/octet-stream", "0123456789"},
		{"POST", "app://localhost/index.html", "", 405, "", ""},
		{"HEAD", "app://localhost/index.html", "", 200, "text/html; charset=utf-8", ""},
	} {
		req := httptest.NewRequest(c.method, c.url, nil)
		if c.rng != "" {
			req.Header.Set("Range", c.rng)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		body, _ := io.ReadAll(rec.Body)
		if rec.Code != c.code {
			t.Errorf("%s %s: status %d, want %d", c.method, c.url, rec.Code, c.code)
			continue
		}
		if c.code >= 300 {
			continue
		}
		if got := rec.Header().Get("Content-Type"); got != c.ctype {
			t.Errorf("%s %s: type %q, want %q", c.method, c.url, got, c.ctype)
		}
		if string(body) != c.body {
			t.Errorf("%s %s: body %q, want %q", c.method, c.url, body, c.body)
		}
		if v := rec.Header().Values("Access-Control-Allow-Origin"); len(v) != 0 {
			t.Errorf("%s %s: CORS header %q; the core decides", c.method, c.url, v)
		}
	}
	_ = http.MethodGet
}
