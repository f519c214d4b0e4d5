package devwatch

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

func TestWatch(t *testing.T) {
	root := t.TempDir()
	write := func(rel, s string) {
		t.Helper()
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("index.html", "a")
	write("css/site.css", "a")
	write(".git/HEAD", "a")
	batches := make(chan []string, 10)
	w, err := Watch(root, 50*time.Millisecond, func(c []string) { batches <- c })
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	next := func(want ...string) {
		t.Helper()
		select {
		case got := <-batches:
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("batch %v, want %v", got, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no batch; want %v", want)
		}
	}
	// Many writes in a burst are one batch; ignored files are left out.
	for i := 0; i < 20; i++ {
		write("css/site.css", "b")
	}
	write("index.html", "b")
	write(".git/HEAD", "b")
	write("css/.site.css.swp", "b")
	write("css/site.css~", "b")
	next("css/site.css", "index.html")
	// A folder created while watching is watched, with what it holds.
	write("js/lib/x.js", "a")
	next("js/lib/x.js")
	write("js/lib/x.js", "b")
	next("js/lib/x.js")
	// Removal and rename count.
	if err := os.Rename(filepath.Join(root, "index.html"), filepath.Join(root, "main.html")); err != nil {
		t.Fatal(err)
	}
	next("index.html", "main.html")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	w.Close() // twice is fine
	write("index.html", "c")
	select {
	case got := <-batches:
		t.Fatalf("batch after Close: %v", got)
	case <-time.After(200 * time.Millisecond):
	}
	if _, err := Watch(filepath.Join(root, "missing"), time.Millisecond, func([]string) {}); err == nil {
		t.Fatal("Watch of a missing folder: no error")
	}
}
