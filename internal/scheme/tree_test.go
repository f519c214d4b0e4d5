package scheme

import (
	"os"
	"path/filepath"
	"testing"
)

// tree is a served folder built for tests, with symlinks in and out of it.
type tree struct {
	base     string // holds everything below
	root     string // base/root: the served folder
	rootLink string // base/rootlink -> root
	real     string // root after EvalSymlinks
}

// videoSize is the size of root/video.mp4, whose byte i is byte(i % 251).
const videoSize = 10000

// makeTree builds, under a temporary directory:
//
//	root/index.html, a.txt, app.js, style.CSS, data.json, video.mp4,
//	     noext, "with space.txt", "100%.txt", "q?x.txt", "h#x.txt"
//	root/sub/index.html, sub/page.html, sub/deep/x.json
//	root/empty/               (no index.html)
//	root/idxdir/index.html/   (index.html is a directory)
//	root/in-link      -> a.txt            (file symlink inside)
//	root/in-dirlink   -> sub              (directory symlink inside)
//	root/abs-in-link  -> <abs>/root/a.txt (absolute symlink inside)
//	root/sub/up-link  -> ../a.txt         (inside, via the parent)
//	root/root-link    -> .                (the root itself)
//	root/out-link     -> ../secret.txt    (file symlink outside)
//	root/out-dirlink  -> ../outside       (directory symlink outside)
//	root/abs-out-link -> <abs>/secret.txt (absolute symlink outside)
//	root/sibling-link -> ../root2/x.html  (sibling sharing the prefix)
//	root/sibling-dir  -> ../root2
//	root/sub/escape   -> ../../secret.txt
//	root/chain        -> in-dirlink/escape (inside link to a link outside)
//	root/outidx/index.html -> ../../secret.txt
//	root/dangling     -> nope
//	root/loop         -> loop
//	root2/x.html, root2/index.html
//	secret.txt, outside/s.txt, outside/index.html
//	rootlink -> root
func makeTree(tb testing.TB) tree {
	tb.Helper()
	base := tb.TempDir()
	t := tree{
		base:     base,
		root:     filepath.Join(base, "root"),
		rootLink: filepath.Join(base, "rootlink"),
	}
	video := make([]byte, videoSize)
	for i := range video {
		video[i] = byte(i % 251)
	}
	files := map[string]string{
		"root/index.html":          "<h1>root</h1>",
		"root/a.txt":               "A",
		"root/app.js":              "console.log(1)",
		"root/style.CSS":           "body{}",
		"root/data.json":           "{}",
		"root/video.mp4":           string(video),
		"root/noext":               "x",
		"root/with space.txt":      "space",
		"root/100%.txt":            "percent",
		"root/q?x.txt":             "question",
		"root/h#x.txt":             "hash",
		"root/sub/index.html":      "<h1>sub</h1>",
		"root/sub/page.html":       "page",
		"root/sub/deep/x.json":     `{"x":1}`,
		"root/idxdir/index.html/f": "f",
		"root2/x.html":             "sibling",
		"root2/index.html":         "sibling index",
		"secret.txt":               "SECRET",
		"outside/s.txt":            "SECRET",
		"outside/index.html":       "SECRET",
	}
	for name, body := range files {
		p := filepath.Join(base, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	for _, d := range []string{"root/empty", "root/outidx"} {
		if err := os.MkdirAll(filepath.Join(base, d), 0o755); err != nil {
			tb.Fatal(err)
		}
	}
	links := []struct{ name, target string }{
		{"root/in-link", "a.txt"},
		{"root/in-dirlink", "sub"},
		{"root/abs-in-link", filepath.Join(base, "root", "a.txt")},
		{"root/sub/up-link", "../a.txt"},
		{"root/root-link", "."},
		{"root/out-link", "../secret.txt"},
		{"root/out-dirlink", "../outside"},
		{"root/abs-out-link", filepath.Join(base, "secret.txt")},
		{"root/sibling-link", "../root2/x.html"},
		{"root/sibling-dir", "../root2"},
		{"root/sub/escape", "../../secret.txt"},
		{"root/chain", "in-dirlink/escape"},
		{"root/outidx/index.html", "../../secret.txt"},
		{"root/dangling", "nope"},
		{"root/loop", "loop"},
		{"rootlink", "root"},
	}
	for _, l := range links {
		if err := os.Symlink(l.target, filepath.Join(base, filepath.FromSlash(l.name))); err != nil {
			tb.Skipf("symlinks not available: %v", err)
		}
	}
	real, err := filepath.EvalSymlinks(t.root)
	if err != nil {
		tb.Fatal(err)
	}
	t.real = real
	return t
}
