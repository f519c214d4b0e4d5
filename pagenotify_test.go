//go:build !fakeengine

package gotonium_test

import (
	"strings"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// TestPageNotification: a page the app let show notifications shows them
// through the desktop's notification server as Notify does; a click comes
// back to the page's onclick, and the page's close() withdraws it.
func TestPageNotification(t *testing.T) {
	startDunst(t)
	pump(t)
	app := newOrigin(t)
	p := gotonium.New()
	p.OnPermissionRequest(func(r gotonium.PermissionRequest) bool { return r.Kind == gotonium.PermissionNotifications })
	must(t, p.Initialize(app.page("/n.html", `<title>notes</title><script>window.events = [];</script>`), 300, 200))
	t.Cleanup(func() { p.CloseBrowser() })
	waitPainted(t, p)
	if got := await(t, p, `Notification.requestPermission()`); got != "granted" {
		t.Fatalf("requestPermission → %v", got)
	}
	displayed := func(n string) func() bool {
		return func() bool { return strings.TrimSpace(dunstctl(t, "count", "displayed")) == n }
	}
	must(t, p.ExecuteJavascript(`window.n1 = new Notification("Saved", {body: "notes.md was saved"});
n1.onclick = () => events.push("click"); n1.onclose = () => events.push("close");`))
	waitFor(t, 10*time.Second, "dunst to show the page's notification", displayed("1"))
	dunstctl(t, "action", "0") // the default action: a click
	waitFor(t, 10*time.Second, "the page's onclick", func() bool {
		return evalString(t, p, `events.join(",")`) == "click,close"
	})
	waitFor(t, 10*time.Second, "the notification to go", displayed("0"))
	if h := dunstHistory(t); len(h) == 0 || h[0]["summary"] != "Saved" || h[0]["body"] != "notes.md was saved" {
		t.Errorf("dunst got %v", h)
	}

	// The page closes its notification.
	must(t, p.ExecuteJavascript(`window.n2 = new Notification("Working…"); n2.onshow = () => setTimeout(() => n2.close(), 300);`))
	waitFor(t, 10*time.Second, "the second notification", displayed("1"))
	waitFor(t, 10*time.Second, "the page's close() to withdraw it", displayed("0"))
}
