//go:build !fakeengine

package gotonium_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// TestShortcuts presses shortcuts with the real X keyboard while the page's
// input has the focus: the callbacks run, typing still works, the page does
// not see the shortcut's key, and a removed shortcut is the page's again.
func TestShortcuts(t *testing.T) {
	pump(t)
	p := gotonium.New()
	var log eventLog
	must(t, p.AddShortcut("Ctrl+S", func() { log.add("save") })) // before the window opens
	must(t, p.Initialize(page(`<title>keys</title><input id=i><script>
		window.keys = []; addEventListener("keydown", (e) => { if (!["Control", "Shift", "Alt", "Meta"].includes(e.key)) keys.push((e.ctrlKey ? "C-" : "") + e.key); }, true);
	</script>`), 400, 200))
	t.Cleanup(func() { p.CloseBrowser() })
	must(t, p.AddShortcut("Ctrl+Shift+P", func() { log.add("palette") }))
	must(t, p.AddShortcut("F5", func() { log.add("f5") }))
	waitPainted(t, p)
	xid := fmt.Sprint(p.NativeWindowHandle())
	xdt(t, "windowactivate", "--sync", xid)
	eval(t, p, `document.getElementById("i").focus(), 1`)
	xdt(t, "type", "abc")
	xdt(t, "key", "ctrl+s", "ctrl+shift+p", "F5")
	waitFor(t, 5*time.Second, "the shortcuts", func() bool { return log.has("save") && log.has("palette") && log.has("f5") })
	if got := eval(t, p, `document.getElementById("i").value`); got != "abc" {
		t.Fatalf("typing with shortcuts on: %q", got)
	}
	if got := mustJSON(eval(t, p, "keys")); got != `["a","b","c"]` {
		t.Fatalf("the page saw %s; the shortcuts' keys are the app's", got)
	}
	// Removed: the page gets Ctrl+S again.
	must(t, p.RemoveShortcut("ctrl+s"))
	xdt(t, "key", "ctrl+s")
	waitFor(t, 5*time.Second, "the page's Ctrl+S", func() bool { return mustJSON(eval(t, p, "keys")) == `["a","b","c","C-s"]` })
	for _, bad := range []string{"S", "Ctrl+NoSuchKey", "Ctrl+Shift+P"} {
		if err := p.AddShortcut(bad, func() {}); !errors.Is(err, gotonium.ErrInvalidArgument) {
			t.Errorf("AddShortcut(%q): %v", bad, err)
		}
	}
}
