package scheme

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzResolve checks the one promise that matters: for any request path,
// Resolve either fails with an error wrapping exactly one sentinel, or returns
// a symlink-free path of a regular file that lies inside the real root.
func FuzzResolve(f *testing.F) {
	tr := makeTree(f)
	seeds := []string{
		"", "/", "//", "/index.html", "/a.txt", "/sub/", "/sub/deep/x.json",
		"..", "/..", "/../secret.txt", "/../../../../etc/passwd", "/sub/../../secret.txt",
		"/.", "/./a.txt", "/%2e", "/%2e%2e", "/%2E%2E/secret.txt", "/.%2e/secret.txt",
		"/%252e%252e/secret.txt", "/%2e%2e%2fsecret.txt", "/..%2fsecret.txt", "/..%2Fsecret.txt",
		"/%2f", "/%2fetc%2fpasswd", "/sub%2f..%2f..%2fsecret.txt",
		`\..\secret.txt`, `/..\secret.txt`, "/..%5csecret.txt", "/%5c%2e%2e%5csecret.txt",
		"/a.txt%00", "/%00", "\x00", "/a\x00b", "/%00/../secret.txt",
		"/etc/passwd", "//etc/passwd", "///../secret.txt", tr.base + "/secret.txt",
		"/out-link", "/out-dirlink/s.txt", "/out-dirlink/", "/abs-out-link", "/sibling-link",
		"/sibling-dir/x.html", "/sub/escape", "/chain", "/outidx/", "/in-dirlink/escape",
		"/root-link/../secret.txt", "/in-dirlink/../../secret.txt", "/root-link/out-link",
		"/dangling", "/loop", "/empty/", "/idxdir/",
		"%", "/%", "/%zz", "/%2", "/100%.txt", "/100%25.txt", "/%c0%ae%c0%ae/secret.txt",
		"/%e2%80%ae", "/\xff\xfe", "/C:/secret.txt", "/C:%5csecret.txt", "/?../secret.txt", "/#/../x",
		"/....//....//secret.txt", "/.../secret.txt", "/. ./secret.txt", "/.. /secret.txt",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		got, err := Resolve(tr.root, p)
		if err != nil {
			if errors.Is(err, ErrForbidden) == errors.Is(err, ErrNotFound) {
				t.Fatalf("Resolve(%q): error %v wraps neither or both sentinels", p, err)
			}
			if got != "" {
				t.Fatalf("Resolve(%q) returned %q with error %v", p, got, err)
			}
			return
		}
		real, err := filepath.EvalSymlinks(got)
		if err != nil {
			t.Fatalf("Resolve(%q) = %q, which does not resolve: %v", p, got, err)
		}
		if real != got {
			t.Fatalf("Resolve(%q) = %q, which is a symlink to %q", p, got, real)
		}
		// Checked independently of within: by prefix with a separator.
		if !strings.HasPrefix(real, tr.real+string(filepath.Separator)) {
			t.Fatalf("Resolve(%q) = %q, outside the root %q", p, real, tr.real)
		}
		fi, err := os.Stat(real)
		if err != nil || !fi.Mode().IsRegular() {
			t.Fatalf("Resolve(%q) = %q, not a regular file (%v)", p, real, err)
		}
		if b, _ := os.ReadFile(real); string(b) == "SECRET" {
			t.Fatalf("Resolve(%q) = %q served a file from outside the root", p, real)
		}
	})
}
