//go:build fakeengine

package gotonium

import (
	"errors"
	"testing"

	"github.com/gotonium/gotonium/internal/engine"
)

func TestParseAccelerator(t *testing.T) {
	for in, want := range map[string]string{
		"Ctrl+S": "Ctrl+S", "ctrl+shift+p": "Ctrl+Shift+P", "CmdOrCtrl+Q": "Ctrl+Q", "Alt+Enter": "Alt+Return",
		"F5": "F5", "Shift+F12": "Shift+F12", "Super+Space": "Super+space", "Ctrl++": "Ctrl+plus", "Ctrl+=": "Ctrl+equal",
		"Control+Alt+Delete": "Ctrl+Alt+Delete", "Ctrl+XF86AudioPlay": "Ctrl+XF86AudioPlay",
	} {
		a, err := parseAccelerator(in)
		if err != nil || a.String() != want {
			t.Errorf("%q: %v %v, want %s", in, a, err, want)
		}
	}
	for _, bad := range []string{"", "S", "Shift+S", "Ctrl+", "Ctrl+Ctrl+S", "Hyper+S", "F0", "F25", "Enter", "Ctrl+ +S"} {
		if a, err := parseAccelerator(bad); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("%q: %v, %v; want ErrInvalidArgument", bad, a, err)
		}
	}
}

// TestShortcutsFake: shortcuts reach the window's configuration and the
// open window; a press runs the callback on the pump; removal and
// duplicates.
func TestShortcutsFake(t *testing.T) {
	e := useFake(t)
	p := New()
	ran := make(chan string, 4)
	must(t, p.AddShortcut("Ctrl+S", func() { ran <- "save" }))
	if err := p.AddShortcut("ctrl+s", func() {}); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("a duplicate: %v", err)
	}
	if err := p.AddShortcut("Ctrl+O", nil); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("nil func: %v", err)
	}
	if err := p.Initialize(appURL, 300, 200); err != nil {
		t.Fatal(err)
	}
	w2 := e.WaitWindow(len(e.Windows()))
	if got := w2.Shortcuts(); len(got) != 1 || got[0] != (engine.Shortcut{Key: "s", Mods: engine.ModCtrl}) {
		t.Fatalf("configuration: %v", got)
	}
	must(t, p.AddShortcut("F5", func() { ran <- "reload" }))
	if got := w2.Shortcuts(); len(got) != 2 || got[1].Key != "F5" {
		t.Fatalf("after AddShortcut: %v", got)
	}
	pumpFake(t)
	w2.PressShortcut("F5", 0)
	w2.PressShortcut("s", engine.ModCtrl)
	if a, b := recv(t, ran, "the first shortcut"), recv(t, ran, "the second"); a != "reload" || b != "save" {
		t.Fatalf("ran %s, %s", a, b)
	}
	must(t, p.RemoveShortcut("Ctrl+S"))
	if got := w2.Shortcuts(); len(got) != 1 || got[0].Key != "F5" {
		t.Fatalf("after RemoveShortcut: %v", got)
	}
	if err := p.RemoveShortcut("Ctrl+S"); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("removing twice: %v", err)
	}
}
