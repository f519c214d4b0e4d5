package scheme

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// serve runs one request through h and returns the recorded response.
func serve(t *testing.T, h http.Handler, method, target string, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req, err := http.NewRequest(method, target, nil)
	if err != nil {
		t.Fatalf("NewRequest(%s %q): %v", method, target, err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func TestFileServerStatus(t *testing.T) {
	tr := makeTree(t)
	h := FileServer(tr.root, nil)
	tests := []struct {
		target string
		code   int
		body   string // wanted body for 200
		ctype  string
	}{
		{"main://localhost/index.html", 200, "<h1>root</h1>", "text/html; charset=utf-8"},
		{"main://localhost/", 200, "<h1>root</h1>", "text/html; charset=utf-8"},
		{"main://localhost", 200, "<h1>root</h1>", "text/html; charset=utf-8"},
		{"main://", 200, "<h1>root</h1>", "text/html; charset=utf-8"},
		{"main://index.html", 200, "<h1>root</h1>", "text/html; charset=utf-8"},
		{"main://a.txt?x=1#frag", 200, "A", "text/plain; charset=utf-8"},
		{"main://localhost/app.js?v=3", 200, "console.log(1)", "text/javascript; charset=utf-8"},
		{"main://localhost/style.CSS", 200, "body{}", "text/css; charset=utf-8"},
		{"main://localhost/noext", 200, "x", DefaultMimeType},
		{"main://sub/page.html", 200, "page", "text/html; charset=utf-8"},
		{"main://localhost/sub", 200, "<h1>sub</h1>", "text/html; charset=utf-8"},
		{"main://localhost/sub/", 200, "<h1>sub</h1>", "text/html; charset=utf-8"},
		{"main://localhost/with%20space.txt", 200, "space", "text/plain; charset=utf-8"},
		{"main://localhost/100%25.txt", 200, "percent", "text/plain; charset=utf-8"},
		{"main://localhost/q%3Fx.txt", 200, "question", "text/plain; charset=utf-8"},
		{"main://localhost/in-link", 200, "A", "text/plain; charset=utf-8"},
		{"main://localhost/in-dirlink/page.html", 200, "page", "text/html; charset=utf-8"},
		{"app://localhost/sub/deep/x.json", 200, `{"x":1}`, "application/json"},
		{"main://localhost/missing.html", 404, "", ""},
		{"main://missing.html", 404, "", ""},
		{"main://localhost/empty/", 404, "", ""},
		{"main://localhost/dangling", 404, "", ""},
		{"main://localhost/../secret.txt", 403, "", ""},
		{"main://../secret.txt", 403, "", ""},
		{"main://localhost/%2e%2e/secret.txt", 403, "", ""},
		{"main://localhost/..%2fsecret.txt", 403, "", ""},
		{"main://localhost/sub%2fpage.html", 403, "", ""},
		{"main://localhost/a.txt%00", 403, "", ""},
		{"main://localhost/..%5csecret.txt", 403, "", ""},
		{"main://localhost/out-link", 403, "", ""},
		{"main://localhost/out-dirlink/s.txt", 403, "", ""},
		{"main://localhost/abs-out-link", 403, "", ""},
		{"main://localhost/sibling-link", 403, "", ""},
		{"main://localhost/sibling-dir/x.html", 403, "", ""},
		{"main://localhost/outidx/", 403, "", ""},
	}
	for _, tt := range tests {
		w := serve(t, h, "GET", tt.target, nil)
		if w.Code != tt.code {
			t.Errorf("GET %s: code %d; want %d (body %q)", tt.target, w.Code, tt.code, w.Body.String())
			continue
		}
		if got := w.Header().Values("Access-Control-Allow-Origin"); len(got) != 0 {
			t.Errorf("GET %s: Access-Control-Allow-Origin %q; want none (the core decides)", tt.target, got)
		}
		if got := w.Header().Get("Cache-Control"); got != "no-cache" {
			t.Errorf("GET %s: Cache-Control %q; want no-cache", tt.target, got)
		}
		body := w.Body.String()
		if tt.code != 200 {
			if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
				t.Errorf("GET %s: error Content-Type %q; want text/plain", tt.target, ct)
			}
			if len(body) > 64 || strings.Contains(body, tr.base) || strings.Contains(body, "SECRET") {
				t.Errorf("GET %s: error body %q is not short and path-free", tt.target, body)
			}
			continue
		}
		if body != tt.body {
			t.Errorf("GET %s: body %q; want %q", tt.target, body, tt.body)
		}
		if got := w.Header().Get("Content-Type"); got != tt.ctype {
			t.Errorf("GET %s: Content-Type %q; want %q", tt.target, got, tt.ctype)
		}
	}
}

func TestFileServerMethods(t *testing.T) {
	tr := makeTree(t)
	h := FileServer(tr.root, nil)
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "PROPFIND"} {
		w := serve(t, h, m, "main://localhost/index.html", nil)
		if w.Code != http.StatusMethodNotAllowed {
			t.Errorf("%s: code %d; want 405", m, w.Code)
		}
		if got := w.Header().Get("Allow"); got != "GET, HEAD" {
			t.Errorf("%s: Allow %q; want \"GET, HEAD\"", m, got)
		}
	}
	// An empty method means GET.
	req := &http.Request{URL: mustParse(t, "main://localhost/a.txt"), Header: http.Header{}}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != 200 || w.Body.String() != "A" {
		t.Errorf("empty method: %d %q; want 200 \"A\"", w.Code, w.Body.String())
	}
}

func TestFileServerHead(t *testing.T) {
	tr := makeTree(t)
	h := FileServer(tr.root, nil)
	w := serve(t, h, "HEAD", "main://localhost/video.mp4", nil)
	if w.Code != 200 || w.Body.Len() != 0 {
		t.Errorf("HEAD: code %d, %d body bytes; want 200 and none", w.Code, w.Body.Len())
	}
	if got := w.Header().Get("Content-Length"); got != fmt.Sprint(videoSize) {
		t.Errorf("HEAD: Content-Length %q; want %d", got, videoSize)
	}
	if got := w.Header().Get("Content-Type"); got != "video/mp4" {
		t.Errorf("HEAD: Content-Type %q; want video/mp4", got)
	}
	if got := w.Header().Get("Accept-Ranges"); got != "bytes" {
		t.Errorf("HEAD: Accept-Ranges %q; want bytes", got)
	}
	// Errors and ranges on HEAD carry no body either.
	for _, tc := range []struct {
		target string
		rng    string
		code   int
	}{
		{"main://localhost/missing", "", 404},
		{"main://localhost/../x", "", 403},
		{"main://localhost/video.mp4", "bytes=0-9", 206},
		{"main://localhost/video.mp4", fmt.Sprintf("bytes=%d-", videoSize), 416},
	} {
		var hdr map[string]string
		if tc.rng != "" {
			hdr = map[string]string{"Range": tc.rng}
		}
		w := serve(t, h, "HEAD", tc.target, hdr)
		if w.Code != tc.code || w.Body.Len() != 0 {
			t.Errorf("HEAD %s (Range %q): code %d, body %q; want %d and no body", tc.target, tc.rng, w.Code, w.Body.String(), tc.code)
		}
	}
}

func TestFileServerRange(t *testing.T) {
	tr := makeTree(t)
	h := FileServer(tr.root, nil)
	video, err := os.ReadFile(filepath.Join(tr.root, "video.mp4"))
	if err != nil {
		t.Fatal(err)
	}
	n := int64(len(video))
	tests := []struct {
		rng          string
		code         int
		first, last  int64 // for 206
		contentRange string
	}{
		{"bytes=0-0", 206, 0, 0, fmt.Sprintf("bytes 0-0/%d", n)},
		{"bytes=10-19", 206, 10, 19, fmt.Sprintf("bytes 10-19/%d", n)},
		{"bytes=9000-", 206, 9000, n - 1, fmt.Sprintf("bytes 9000-%d/%d", n-1, n)},
		{"bytes=-5", 206, n - 5, n - 1, fmt.Sprintf("bytes %d-%d/%d", n-5, n-1, n)},
		{"bytes=9990-20000", 206, 9990, n - 1, fmt.Sprintf("bytes 9990-%d/%d", n-1, n)},
		{fmt.Sprintf("bytes=%d-", n), 416, 0, 0, fmt.Sprintf("bytes */%d", n)},
		{"bytes=20000-30000", 416, 0, 0, fmt.Sprintf("bytes */%d", n)},
	}
	for _, tt := range tests {
		w := serve(t, h, "GET", "main://localhost/video.mp4", map[string]string{"Range": tt.rng})
		if w.Code != tt.code {
			t.Errorf("Range %q: code %d; want %d", tt.rng, w.Code, tt.code)
			continue
		}
		if got := w.Header().Get("Content-Range"); got != tt.contentRange {
			t.Errorf("Range %q: Content-Range %q; want %q", tt.rng, got, tt.contentRange)
		}
		if tt.code != 206 {
			continue
		}
		if want := video[tt.first : tt.last+1]; !bytes.Equal(w.Body.Bytes(), want) {
			t.Errorf("Range %q: got %d bytes, not bytes %d-%d of the file", tt.rng, w.Body.Len(), tt.first, tt.last)
		}
		if got := w.Header().Get("Content-Length"); got != fmt.Sprint(tt.last-tt.first+1) {
			t.Errorf("Range %q: Content-Length %q; want %d", tt.rng, got, tt.last-tt.first+1)
		}
		if got := w.Header().Get("Content-Type"); got != "video/mp4" {
			t.Errorf("Range %q: Content-Type %q; want video/mp4", tt.rng, got)
		}
	}
	// Several ranges come back as multipart/byteranges.
	w := serve(t, h, "GET", "main://localhost/video.mp4", map[string]string{"Range": "bytes=0-1,100-101"})
	if w.Code != 206 || !strings.HasPrefix(w.Header().Get("Content-Type"), "multipart/byteranges") {
		t.Errorf("multi-range: code %d, Content-Type %q; want 206 multipart/byteranges", w.Code, w.Header().Get("Content-Type"))
	}
}

func TestFileServerMimeOverride(t *testing.T) {
	tr := makeTree(t)
	for _, name := range []string{"m.glb", "m.weird", "m.GLTF"} {
		if err := os.WriteFile(filepath.Join(tr.root, name), []byte("3d"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tab := NewMimeTable()
	if err := tab.Set("glb", "model/x-test"); err != nil { // without dot
		t.Fatal(err)
	}
	if err := tab.Set(".weird", "application/x-weird"); err != nil { // with dot
		t.Fatal(err)
	}
	if err := tab.Set(".Gltf", "model/x-gltf"); err != nil { // case-insensitive
		t.Fatal(err)
	}
	h := FileServer(tr.root, tab)
	for name, want := range map[string]string{
		"m.glb": "model/x-test", "m.weird": "application/x-weird", "m.GLTF": "model/x-gltf",
		"index.html": "text/html; charset=utf-8",
	} {
		w := serve(t, h, "GET", "main://localhost/"+name, nil)
		if got := w.Header().Get("Content-Type"); w.Code != 200 || got != want {
			t.Errorf("GET %s: %d, Content-Type %q; want 200, %q", name, w.Code, got, want)
		}
	}
	// Overrides take effect on a running server.
	if err := tab.Set("html", "text/x-later"); err != nil {
		t.Fatal(err)
	}
	if got := serve(t, h, "GET", "main://localhost/", nil).Header().Get("Content-Type"); got != "text/x-later" {
		t.Errorf("after a later Set: Content-Type %q; want text/x-later", got)
	}
}

func TestFileServerRootSymlinkAndMissing(t *testing.T) {
	tr := makeTree(t)
	w := serve(t, FileServer(tr.rootLink, nil), "GET", "main://localhost/a.txt", nil)
	if w.Code != 200 || w.Body.String() != "A" {
		t.Errorf("root symlink: %d %q; want 200 \"A\"", w.Code, w.Body.String())
	}
	w = serve(t, FileServer(filepath.Join(tr.base, "nope"), nil), "GET", "main://localhost/a.txt", nil)
	if w.Code != 404 {
		t.Errorf("missing root: code %d; want 404", w.Code)
	}
}

// countingWriter is a ResponseWriter that only counts body bytes.
type countingWriter struct {
	header http.Header
	code   int
	n      int64
}

func (w *countingWriter) Header() http.Header         { return w.header }
func (w *countingWriter) WriteHeader(code int)        { w.code = code }
func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

// TestFileServerLargeFileBoundedMemory serves a 200 MB sparse file and checks
// that the heap does not grow with it: the file is streamed, not loaded.
func TestFileServerLargeFileBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 200 MB")
	}
	const size = 200 << 20
	const limit = 16 << 20
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "big.mp4"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte("end"), size-3); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	h := FileServer(dir, nil)
	for _, tc := range []struct {
		rng  string
		code int
		want int64
	}{
		{"", 200, size},
		{"bytes=104857600-", 206, size - 100<<20},
	} {
		req, err := http.NewRequest("GET", "main://localhost/big.mp4", nil)
		if err != nil {
			t.Fatal(err)
		}
		if tc.rng != "" {
			req.Header.Set("Range", tc.rng)
		}
		w := &countingWriter{header: http.Header{}}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		h.ServeHTTP(w, req)
		runtime.ReadMemStats(&after)
		if w.code != tc.code || w.n != tc.want {
			t.Fatalf("Range %q: code %d, %d bytes; want %d, %d", tc.rng, w.code, w.n, tc.code, tc.want)
		}
		inuse := int64(after.HeapInuse) - int64(before.HeapInuse)
		alloc := after.TotalAlloc - before.TotalAlloc
		t.Logf("Range %q: heap in use grew %d bytes, %d bytes allocated while serving %d", tc.rng, inuse, alloc, w.n)
		if inuse > limit {
			t.Errorf("Range %q: heap in use grew by %d bytes (limit %d)", tc.rng, inuse, limit)
		}
		if alloc > limit {
			t.Errorf("Range %q: %d bytes allocated while serving (limit %d)", tc.rng, alloc, limit)
		}
	}
}

// TestFileServerStreamsToWriter checks that the body goes out through the
// ResponseWriter as the file is read, in pieces, not as one buffer.
func TestFileServerStreamsToWriter(t *testing.T) {
	dir := t.TempDir()
	data := bytes.Repeat([]byte("0123456789abcdef"), 64<<10) // 1 MiB
	if err := os.WriteFile(filepath.Join(dir, "f.bin"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest("GET", "main://localhost/f.bin", nil)
	if err != nil {
		t.Fatal(err)
	}
	pr, pw := io.Pipe()
	w := &pipeWriter{header: http.Header{}, w: pw}
	go func() {
		FileServer(dir, nil).ServeHTTP(w, req)
		pw.Close()
	}()
	got, err := io.ReadAll(pr)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("streamed body: %d bytes, %v; want the file's %d bytes", len(got), err, len(data))
	}
	if w.writes < 2 || w.max > 1<<20-1 {
		t.Errorf("body written in %d writes, largest %d bytes; want it streamed in pieces", w.writes, w.max)
	}
}

// pipeWriter is a ResponseWriter that forwards the body to a pipe.
type pipeWriter struct {
	header      http.Header
	w           io.Writer
	writes, max int
}

func (w *pipeWriter) Header() http.Header { return w.header }
func (w *pipeWriter) WriteHeader(int)     {}
func (w *pipeWriter) Write(p []byte) (int, error) {
	w.writes++
	if len(p) > w.max {
		w.max = len(p)
	}
	return w.w.Write(p)
}
