//go:build !fakeengine

package gotonium_test

import (
	"bufio"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// TestGlobalShortcut: a global shortcut fires with the real keyboard (XTest)
// while a window has the focus, whatever the lock keys, and the focused
// page does not get the key; unregistered, the key goes to the page again.
func TestGlobalShortcut(t *testing.T) {
	pump(t)
	p := gotonium.New()
	xid := menuPage(t, p, "global-keys")
	must(t, p.ExecuteJavascript(`window.keys = []; addEventListener("keydown", (e) => keys.push(e.key));`))
	fired := make(chan struct{}, 10)
	must(t, gotonium.RegisterGlobalShortcut("Ctrl+Alt+G", func() { fired <- struct{}{} }))
	t.Cleanup(func() { gotonium.UnregisterGlobalShortcut("Ctrl+Alt+G") })
	press := func(keys ...string) {
		t.Helper()
		dialogKeysTo(t, xid, keys...)
	}
	want := func(what string) {
		t.Helper()
		select {
		case <-fired:
		case <-time.After(3 * time.Second):
			t.Fatalf("%s: the global shortcut did not fire", what)
		}
	}
	press("ctrl+alt+g")
	want("Ctrl+Alt+G")
	press("Caps_Lock", "ctrl+alt+g", "Caps_Lock")
	want("with Caps Lock on")
	press("Num_Lock", "ctrl+alt+g", "Num_Lock")
	want("with Num Lock on")
	if got := evalString(t, p, `JSON.stringify(keys.filter((k) => k === "g" || k === "G"))`); got != "[]" {
		t.Errorf("the page saw the global shortcut's key: %s", got)
	}
	press("ctrl+alt+h") // not registered: no call
	select {
	case <-fired:
		t.Error("Ctrl+Alt+H fired the Ctrl+Alt+G shortcut")
	case <-time.After(300 * time.Millisecond):
	}

	must(t, gotonium.UnregisterGlobalShortcut("Ctrl+Alt+G"))
	press("ctrl+alt+g")
	waitFor(t, 3*time.Second, "the page to get the key", func() bool {
		return evalString(t, p, `String(keys.includes("g"))`) == "true"
	})
	if len(fired) != 0 {
		t.Error("an unregistered shortcut fired")
	}

	for _, bad := range []string{"", "G", "Ctrl+", "Ctrl+NoSuchKey", "Hyper+G"} {
		if err := gotonium.RegisterGlobalShortcut(bad, func() {}); !errors.Is(err, gotonium.ErrInvalidArgument) {
			t.Errorf("RegisterGlobalShortcut(%q) = %v; want ErrInvalidArgument", bad, err)
		}
	}
	if err := gotonium.RegisterGlobalShortcut("Ctrl+Alt+J", nil); !errors.Is(err, gotonium.ErrInvalidArgument) {
		t.Errorf("nil fn: %v", err)
	}
	must(t, gotonium.RegisterGlobalShortcut("Ctrl+Alt+J", func() {}))
	if err := gotonium.RegisterGlobalShortcut("ctrl+alt+j", func() {}); !errors.Is(err, gotonium.ErrInvalidArgument) {
		t.Errorf("a second registration: %v; want ErrInvalidArgument", err)
	}
	must(t, gotonium.UnregisterGlobalShortcut("Ctrl+Alt+J"))
	if err := gotonium.UnregisterGlobalShortcut("Ctrl+Alt+J"); !errors.Is(err, gotonium.ErrInvalidArgument) {
		t.Errorf("unregistering twice: %v; want ErrInvalidArgument", err)
	}
}

// TestGlobalShortcutTaken: a combination another X client holds is
// ErrShortcutTaken, and free again once that client lets go.
func TestGlobalShortcutTaken(t *testing.T) {
	pump(t)
	bin := filepath.Join(t.TempDir(), "grabber")
	if out, err := exec.Command("go", "build", "-o", bin, "./testdata/grabber").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "Ctrl+Alt+K")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	must(t, cmd.Start())
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if strings.TrimSpace(line) != "grabbed" {
		stdin.Close()
		cmd.Wait()
		t.Fatalf("the other process: %q", line)
	}
	err := gotonium.RegisterGlobalShortcut("Ctrl+Alt+K", func() {})
	if !errors.Is(err, gotonium.ErrShortcutTaken) {
		t.Errorf("a key another process holds: %v; want ErrShortcutTaken", err)
	}
	stdin.Close()
	must(t, cmd.Wait())
	must(t, gotonium.RegisterGlobalShortcut("Ctrl+Alt+K", func() {}))
	must(t, gotonium.UnregisterGlobalShortcut("Ctrl+Alt+K"))
}
