package scheme

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
)

func TestResolve(t *testing.T) {
	tr := makeTree(t)
	tests := []struct {
		path string
		want string // file relative to the real root; "" when an error is wanted
		err  error
	}{
		// plain files, directories, index.html
		{"/index.html", "index.html", nil},
		{"index.html", "index.html", nil},
		{"", "index.html", nil},
		{"/", "index.html", nil},
		{"//", "index.html", nil},
		{"/a.txt", "a.txt", nil},
		{"/a.txt/", "a.txt", nil},
		{"//a.txt", "a.txt", nil},
		{"/sub", "sub/index.html", nil},
		{"/sub/", "sub/index.html", nil},
		{"/sub//page.html", "sub/page.html", nil},
		{"/sub/deep/x.json", "sub/deep/x.json", nil},
		{"/empty", "", ErrNotFound},
		{"/empty/", "", ErrNotFound},
		{"/idxdir/", "", ErrNotFound},
		{"/missing.html", "", ErrNotFound},
		{"/sub/missing/x", "", ErrNotFound},
		{"/a.txt/x", "", ErrNotFound},
		{"/A.TXT", "", ErrNotFound},
		// percent-decoding
		{"/with%20space.txt", "with space.txt", nil},
		{"/with space.txt", "with space.txt", nil},
		{"/100%25.txt", "100%.txt", nil},
		{"/%61.txt", "a.txt", nil},
		{"/q%3Fx.txt", "q?x.txt", nil},
		{"/h%23x.txt", "h#x.txt", nil},
		{"/q?x.txt", "q?x.txt", nil}, // a path, not a URL: '?' is literal
		{"/index.html?x=1", "", ErrNotFound},
		{"/index.html#f", "", ErrNotFound},
		{"/100%.txt", "", ErrNotFound},
		{"/%zz", "", ErrNotFound},
		{"/%", "", ErrNotFound},
		{"/%2", "", ErrNotFound},
		// dot segments, encoded or not
		{"/..", "", ErrForbidden},
		{"/../secret.txt", "", ErrForbidden},
		{"../secret.txt", "", ErrForbidden},
		{"/sub/../a.txt", "", ErrForbidden},
		{"/sub/../../secret.txt", "", ErrForbidden},
		{"/./a.txt", "", ErrForbidden},
		{"/%2e%2e/secret.txt", "", ErrForbidden},
		{"/%2E%2E/secret.txt", "", ErrForbidden},
		{"/.%2e/secret.txt", "", ErrForbidden},
		{"/%2e/a.txt", "", ErrForbidden},
		{"/../root2/x.html", "", ErrForbidden},
		{"/...", "", ErrNotFound}, // an ordinary (missing) name
		// encoded slashes, backslashes, NUL
		{"/..%2fsecret.txt", "", ErrForbidden},
		{"/%2e%2e%2fsecret.txt", "", ErrForbidden},
		{"/sub%2fpage.html", "", ErrForbidden},
		{"/sub%2Fpage.html", "", ErrForbidden},
		{"/%2fetc%2fpasswd", "", ErrForbidden},
		{`/..\secret.txt`, "", ErrForbidden},
		{`/sub\page.html`, "", ErrForbidden},
		{"/..%5csecret.txt", "", ErrForbidden},
		{"/a.txt%00", "", ErrForbidden},
		{"/a.txt\x00", "", ErrForbidden},
		{"/%00", "", ErrForbidden},
		// absolute paths are taken relative to the root
		{"/etc/passwd", "", ErrNotFound},
		{"//etc/passwd", "", ErrNotFound},
		{tr.base + "/secret.txt", "", ErrNotFound},
		// symlinks inside the root
		{"/in-link", "a.txt", nil},
		{"/in-dirlink/page.html", "sub/page.html", nil},
		{"/in-dirlink", "sub/index.html", nil},
		{"/abs-in-link", "a.txt", nil},
		{"/sub/up-link", "a.txt", nil},
		{"/root-link", "index.html", nil},
		{"/root-link/root-link/a.txt", "a.txt", nil},
		// symlinks outside the root, at any depth
		{"/out-link", "", ErrForbidden},
		{"/out-dirlink", "", ErrForbidden},
		{"/out-dirlink/", "", ErrForbidden},
		{"/out-dirlink/s.txt", "", ErrForbidden},
		{"/out-dirlink/missing", "", ErrForbidden},
		{"/abs-out-link", "", ErrForbidden},
		{"/sibling-link", "", ErrForbidden},
		{"/sibling-dir/x.html", "", ErrForbidden},
		{"/sub/escape", "", ErrForbidden},
		{"/in-dirlink/escape", "", ErrForbidden},
		{"/chain", "", ErrForbidden},
		{"/outidx", "", ErrForbidden},
		{"/outidx/index.html", "", ErrForbidden},
		{"/dangling", "", ErrNotFound},
		{"/loop", "", ErrNotFound},
	}
	for _, root := range []string{tr.root, tr.rootLink, tr.root + "/", filepath.Join(tr.base, "root2", "..", "root")} {
		for _, tt := range tests {
			got, err := Resolve(root, tt.path)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Errorf("Resolve(%q, %q) = %q, %v; want error %v", root, tt.path, got, err, tt.err)
				}
				if got != "" {
					t.Errorf("Resolve(%q, %q) returned path %q with an error", root, tt.path, got)
				}
				continue
			}
			want := filepath.Join(tr.real, filepath.FromSlash(tt.want))
			if err != nil || got != want {
				t.Errorf("Resolve(%q, %q) = %q, %v; want %q", root, tt.path, got, err, want)
			}
		}
	}
}

func TestResolveErrorsWrapOneSentinel(t *testing.T) {
	tr := makeTree(t)
	for _, p := range []string{"/..", "/missing", "/%zz", "/out-link", "/loop", "/empty"} {
		_, err := Resolve(tr.root, p)
		if errors.Is(err, ErrForbidden) == errors.Is(err, ErrNotFound) {
			t.Errorf("Resolve(%q): error %v wraps neither or both sentinels", p, err)
		}
	}
}

func TestResolveRoot(t *testing.T) {
	tr := makeTree(t)
	for _, root := range []string{"", filepath.Join(tr.base, "nope"), filepath.Join(tr.root, "a.txt"), filepath.Join(tr.root, "dangling")} {
		if _, err := Resolve(root, "/index.html"); !errors.Is(err, ErrNotFound) {
			t.Errorf("Resolve(%q, /index.html) error = %v; want ErrNotFound", root, err)
		}
	}
	// A relative root is taken from the working directory.
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(wd, tr.root)
	if err != nil {
		t.Skip(err)
	}
	got, err := Resolve(rel, "/a.txt")
	if want := filepath.Join(tr.real, "a.txt"); err != nil || got != want {
		t.Errorf("Resolve(%q, /a.txt) = %q, %v; want %q", rel, got, err, want)
	}
	// The served folder is a sibling of the one sharing its prefix.
	got, err = Resolve(filepath.Join(tr.base, "root2"), "/x.html")
	if want := filepath.Join(filepath.Dir(tr.real), "root2", "x.html"); err != nil || got != want {
		t.Errorf("Resolve(root2, /x.html) = %q, %v; want %q", got, err, want)
	}
}

func TestResolveSpecialFiles(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("mkfifo test is linux-only")
	}
	tr := makeTree(t)
	if err := syscall.Mkfifo(filepath.Join(tr.root, "fifo"), 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	if _, err := Resolve(tr.root, "/fifo"); !errors.Is(err, ErrForbidden) {
		t.Errorf("Resolve(/fifo) error = %v; want ErrForbidden", err)
	}
}

func TestResolvePermission(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores permissions")
	}
	tr := makeTree(t)
	dir := filepath.Join(tr.root, "locked")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "f.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o755)
	if _, err := Resolve(tr.root, "/locked/f.txt"); !errors.Is(err, ErrForbidden) {
		t.Errorf("Resolve(/locked/f.txt) error = %v; want ErrForbidden", err)
	}
}

func TestWithin(t *testing.T) {
	tests := []struct {
		root, target string
		want         bool
	}{
		{"/x/site", "/x/site", true},
		{"/x/site", "/x/site/a", true},
		{"/x/site", "/x/site/a/b", true},
		{"/x/site", "/x/site/..a", true},
		{"/x/site", "/x/site2", false},
		{"/x/site", "/x/site2/a", false},
		{"/x/site", "/x/sit", false},
		{"/x/site", "/x", false},
		{"/x/site", "/", false},
		{"/x/site", "/y/site/a", false},
		{"/", "/", true},
		{"/", "/etc/passwd", true},
	}
	for _, tt := range tests {
		if got := within(tt.root, tt.target); got != tt.want {
			t.Errorf("within(%q, %q) = %v; want %v", tt.root, tt.target, got, tt.want)
		}
	}
}
