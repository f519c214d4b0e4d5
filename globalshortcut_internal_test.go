//go:build fakeengine

package gotonium

import (
	"errors"
	"testing"

	"github.com/gotonium/gotonium/internal/engine"
)

// TestGlobalShortcutModel: a press runs fn on the pump; a key the engine
// reports taken is ErrShortcutTaken; Shutdown forgets the registrations.
func TestGlobalShortcutModel(t *testing.T) {
	e := useFake(t)
	pumpFake(t)
	ran := make(chan bool, 1)
	must(t, RegisterGlobalShortcut("CmdOrCtrl+Shift+F2", func() { ran <- true }))
	if !e.PressGlobalKey(engine.Shortcut{Key: "F2", Mods: engine.ModCtrl | engine.ModShift}) {
		t.Fatal("the engine holds no Ctrl+Shift+F2")
	}
	recv(t, ran, "the shortcut")
	release, err := e.GrabGlobalKey(engine.Shortcut{Key: "x", Mods: engine.ModAlt}, func() {})
	must(t, err) // another application's grab
	defer release()
	if err := RegisterGlobalShortcut("Alt+X", func() {}); !errors.Is(err, ErrShortcutTaken) {
		t.Fatalf("a taken key: %v", err)
	}
	Shutdown()
	e = useFake(t)
	if err := UnregisterGlobalShortcut("Ctrl+Shift+F2"); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("after Shutdown: %v; want ErrInvalidArgument (forgotten)", err)
	}
	must(t, RegisterGlobalShortcut("Ctrl+Shift+F2", func() {}))
	must(t, UnregisterGlobalShortcut("Ctrl+Shift+F2"))
}
