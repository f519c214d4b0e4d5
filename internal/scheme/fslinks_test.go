package scheme

import (
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// openOnly hides every method of an fs.FS but Open, as an os.DirFS of Go
// before 1.25 looks.
type openOnly struct{ fs.FS }

func (o openOnly) Open(name string) (fs.File, error) { return o.FS.Open(name) }

// fsLinkCases are requests into makeTree's root through an FS server, with
// the status and body wanted.
var fsLinkCases = []struct {
	path string
	code int
	body string
}{
	{"/a.txt", 200, "A"},
	{"/", 200, "<h1>root</h1>"},
	{"/in-link", 200, "A"},
	{"/in-dirlink/page.html", 200, "page"},
	{"/in-dirlink/", 200, "<h1>sub</h1>"},
	{"/sub/up-link", 200, "A"},
	{"/root-link/a.txt", 200, "A"},
	{"/root-link/root-link/in-link", 200, "A"},
	{"/out-link", 403, ""},
	{"/out-dirlink/s.txt", 403, ""},
	{"/out-dirlink/", 403, ""},
	{"/abs-in-link", 403, ""}, // absolute targets cannot be mapped into an fs.FS
	{"/abs-out-link", 403, ""},
	{"/sibling-link", 403, ""},
	{"/sibling-dir/x.html", 403, ""},
	{"/sub/escape", 403, ""},
	{"/chain", 403, ""},
	{"/in-dirlink/escape", 403, ""},
	{"/outidx/", 403, ""},
	{"/dangling", 404, ""},
	{"/loop", 404, ""},
	{"/missing", 404, ""},
	{"/empty/", 404, ""},
	{"/idxdir/", 404, ""},
}

func checkFSLinks(t *testing.T, h http.Handler) {
	t.Helper()
	for _, c := range fsLinkCases {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "app://localhost"+c.path, nil))
		body, _ := io.ReadAll(rec.Body)
		if rec.Code != c.code {
			t.Errorf("GET %s: %d %q, want %d", c.path, rec.Code, body, c.code)
			continue
		}
		if strings.Contains(string(body), "SECRET") || strings.Contains(string(body), "sibling") {
			t.Errorf("GET %s: served a file from outside: %q", c.path, body)
		}
		if c.code == 200 && string(body) != c.body {
			t.Errorf("GET %s: body %q, want %q", c.path, body, c.body)
		}
	}
}

func TestFSServerSymlinksDirFS(t *testing.T) {
	tr := makeTree(t)
	checkFSLinks(t, FSServer(os.DirFS(tr.root), nil))
	// Through a symlinked root, as the folder server allows.
	checkFSLinks(t, FSServer(os.DirFS(tr.rootLink), nil))
}

// TestFSServerSymlinksOldDirFS checks the fallback for an os.DirFS without
// Lstat and ReadLink (Go before 1.25).
func TestFSServerSymlinksOldDirFS(t *testing.T) {
	tr := makeTree(t)
	links := dirLinks(os.DirFS(tr.root))
	if links == nil {
		t.Fatal("dirLinks does not recognise os.DirFS")
	}
	if dirLinks(fstest.MapFS{}) != nil || dirLinks(nil) != nil || dirLinks(openOnly{os.DirFS(tr.root)}) != nil {
		t.Fatal("dirLinks recognises other file systems")
	}
	checkFSLinks(t, &fsServer{fsys: openOnly{os.DirFS(tr.root)}, links: links})
	// Without any symlink support the server cannot see links: the limit
	// FSServer documents.
	if _, ok := FSServer(openOnly{os.DirFS(tr.root)}, nil).(*fsServer); !ok {
		t.Fatal("FSServer type")
	}
}

func TestFSServerSymlinksMapFS(t *testing.T) {
	fsys := fstest.MapFS{
		"site/a.txt":      {Data: []byte("A")},
		"site/in":         {Data: []byte("a.txt"), Mode: fs.ModeSymlink},
		"site/out":        {Data: []byte("../secret.txt"), Mode: fs.ModeSymlink},
		"site/abs":        {Data: []byte("/site/a.txt"), Mode: fs.ModeSymlink},
		"site/index.html": {Data: []byte("idx")},
		"secret.txt":      {Data: []byte("SECRET")},
	}
	if _, ok := any(fsys).(LinkFS); !ok {
		t.Skip("fstest.MapFS reports no symlinks before Go 1.25")
	}
	sub, err := fs.Sub(fsys, "site")
	if err != nil {
		t.Fatal(err)
	}
	h := FSServer(sub, nil)
	for p, want := range map[string]int{"/a.txt": 200, "/in": 200, "/out": 403, "/abs": 403, "/": 200} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "app://localhost"+p, nil))
		if rec.Code != want || strings.Contains(rec.Body.String(), "SECRET") {
			t.Errorf("GET %s: %d %q, want %d", p, rec.Code, rec.Body.String(), want)
		}
	}
}

func TestDotfilesHidden(t *testing.T) {
	root := t.TempDir()
	for name, body := range map[string]string{".env": "SECRET", ".git/config": "SECRET", "sub/.hidden": "SECRET", "ok.txt": "ok"} {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, h := range []http.Handler{FileServer(root, nil), FSServer(os.DirFS(root), nil), FSServer(fstest.MapFS{".env": {Data: []byte("SECRET")}}, nil)} {
		for _, p := range []string{"/.env", "/.git/config", "/sub/.hidden", "/%2eenv", "/.git/"} {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "app://localhost"+p, nil))
			if rec.Code != 404 || strings.Contains(rec.Body.String(), "SECRET") {
				t.Errorf("%T GET %s: %d %q, want 404", h, p, rec.Code, rec.Body.String())
			}
		}
	}
	if _, err := Resolve(root, "/ok.txt"); err != nil {
		t.Fatal(err)
	}
	if _, err := Resolve(root, "/.env"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Resolve .env: %v", err)
	}
}

// FuzzResolveFS: for any request path, the FS server's resolution through
// os.DirFS either fails with exactly one sentinel or names a symlink-free
// path inside the root.
func FuzzResolveFS(f *testing.F) {
	tr := makeTree(f)
	for _, c := range fsLinkCases {
		f.Add(c.path)
	}
	for _, s := range []string{"", "/", "/..", "/../secret.txt", "/root-link/../secret.txt", "/in-dirlink/../../secret.txt", "/%2e%2e/x", "/a%00", "/.env"} {
		f.Add(s)
	}
	links := dirLinks(os.DirFS(tr.root))
	f.Fuzz(func(t *testing.T, p string) {
		segs, err := splitPath(p)
		if err != nil {
			return
		}
		name := strings.Join(segs, "/")
		if name == "" {
			name = "."
		}
		if !fs.ValidPath(name) {
			return
		}
		got, err := ResolveFS(links, name)
		if err != nil {
			if errors.Is(err, ErrForbidden) == errors.Is(err, ErrNotFound) {
				t.Fatalf("ResolveFS(%q): error %v wraps neither or both sentinels", name, err)
			}
			return
		}
		if !fs.ValidPath(got) {
			t.Fatalf("ResolveFS(%q) = %q, not a valid path", name, got)
		}
		full := filepath.Join(tr.real, filepath.FromSlash(got))
		real, err := filepath.EvalSymlinks(full)
		if err != nil || real != full {
			t.Fatalf("ResolveFS(%q) = %q: not symlink-free (%q, %v)", name, got, real, err)
		}
		if full != tr.real && !strings.HasPrefix(full, tr.real+string(filepath.Separator)) {
			t.Fatalf("ResolveFS(%q) = %q, outside the root", name, got)
		}
		if b, err := os.ReadFile(full); err == nil && (string(b) == "SECRET" || path.Base(got) == "x.html") {
			t.Fatalf("ResolveFS(%q) = %q, a file from outside", name, got)
		}
	})
}
