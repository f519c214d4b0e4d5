//go:build !fakeengine

package gotonium_test

import (
	"testing"

	"github.com/gotonium/gotonium"
)

// TestSchemeVideoHostForm: <video src="media://clip.webm"> (the host form
// Pytonium apps write) plays the same file as media://localhost/clip.webm.
func TestSchemeVideoHostForm(t *testing.T) {
	p := gotonium.New()
	must(t, p.AddCustomScheme("media", site(t)))
	must(t, p.Initialize("media://localhost/index.html", 400, 300))
	t.Cleanup(func() { p.CloseBrowser() })
	got := await(t, p, `new Promise((resolve) => {
		const v = document.createElement("video");
		v.muted = true;
		v.src = "media://clip.webm";
		document.body.appendChild(v);
		v.onerror = () => resolve("failed: " + (v.error && v.error.code));
		setTimeout(() => resolve("timeout, readyState " + v.readyState), 15000);
		v.addEventListener("loadedmetadata", () => resolve("duration " + Math.round(v.duration)), { once: true });
	})`)
	if got != "duration 4" {
		t.Fatalf("host-form video: %v", got)
	}
}
