//go:build !fakeengine

package gotonium_test

import (
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/gotonium/gotonium"
)

// Accept the downloads of the app's own pages into the user's Downloads
// folder, never overwriting a file, and log how they go. Without OnDownload
// every download is refused and nothing is written.
func ExampleInstance_OnDownload() {
	p := gotonium.New()
	dir := filepath.Join(os.Getenv("HOME"), "Downloads")
	p.OnDownload(func(d gotonium.Download) (string, bool) {
		name := filepath.Base(d.SuggestedFilename) // it comes from the web
		if !d.Trusted || name == "." || name == ".." || name == "/" || strings.HasPrefix(name, ".") {
			return "", false
		}
		return filepath.Join(dir, name), true
	})
	p.OnDownloadProgress(func(ev gotonium.DownloadProgress) {
		switch {
		case !ev.Done:
			log.Printf("download %d: %d of %d bytes", ev.ID, ev.Received, ev.Total)
		case ev.Err != nil:
			log.Printf("download %d failed: %v", ev.ID, ev.Err)
		default:
			log.Printf("download %d saved as %s", ev.ID, ev.Path)
		}
	})
}

// Let the app's own pages use the camera and microphone, and nothing else.
// Pages of other origins are denied without asking; without the hook
// everything is denied.
func ExampleInstance_OnPermissionRequest() {
	p := gotonium.New()
	p.OnPermissionRequest(func(r gotonium.PermissionRequest) bool {
		return r.Kind == gotonium.PermissionCamera || r.Kind == gotonium.PermissionMicrophone
	})
}
