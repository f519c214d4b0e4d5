//go:build fakeengine

package gotonium

import (
	"reflect"
	"strings"
	"testing"
)

// TestFileDropModel: a drop reaches OnFileDrop on the pumping goroutine and
// the page only behind the trust gate, with the paths as JSON.
func TestFileDropModel(t *testing.T) {
	e := useFake(t)
	pumpFake(t)
	p, w := loadedFake(t, e)
	got := make(chan []string, 1)
	p.OnFileDrop(func(paths []string, x, y int) {
		if x != 5 || y != 7 {
			t.Errorf("OnFileDrop at %d,%d", x, y)
		}
		got <- paths
	})
	w.DropFiles([]string{"/a b/c.txt", `/q"uote`}, 5, 7)
	if paths := recv(t, got, "OnFileDrop"); !reflect.DeepEqual(paths, []string{"/a b/c.txt", `/q"uote`}) {
		t.Fatalf("OnFileDrop paths %q", paths)
	}
	var push string
	e.WaitFor(func() bool {
		for _, s := range w.Scripts() {
			if strings.Contains(s.Code, "fileDrop(") {
				push = s.Code
			}
		}
		return push != ""
	})
	want := "if (" + p.gate() + ") { window.Gotonium.__gotonium.fileDrop({\"paths\":[\"/a b/c.txt\",\"/q\\\"uote\"],\"x\":5,\"y\":7}); }"
	if push != want {
		t.Fatalf("the page got\n%s\nwant\n%s", push, want)
	}
}
