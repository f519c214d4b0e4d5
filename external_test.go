//go:build !fakeengine

package gotonium_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// openedLog is the file where the test's desktop "browser" writes each URL
// it is asked to open: TestMain registers it as the handler of http, https
// and mailto URLs in private XDG folders, as a desktop does for the user's
// browser (mimeapps.list and a .desktop file).
var openedLog string

// setupExternalOpener installs the recording handler under tmp; it must run
// before the engine starts (GIO reads the XDG folders once).
func setupExternalOpener(tmp string) error {
	config := filepath.Join(tmp, "config")
	apps := filepath.Join(tmp, "data", "applications")
	for _, d := range []string{config, apps} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	openedLog = filepath.Join(tmp, "opened.log")
	script := filepath.Join(tmp, "record-open.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\nprintf '%s\\n' \"$1\" >> '"+openedLog+"'\n"), 0o755); err != nil {
		return err
	}
	desktop := "[Desktop Entry]\nType=Application\nName=Gotonium test opener\nExec=" + script + " %u\nNoDisplay=true\n" +
		"MimeType=x-scheme-handler/http;x-scheme-handler/https;x-scheme-handler/mailto;\n"
	if err := os.WriteFile(filepath.Join(apps, "gotonium-test-opener.desktop"), []byte(desktop), 0o644); err != nil {
		return err
	}
	list := "[Default Applications]\n"
	for _, s := range []string{"http", "https", "mailto"} {
		list += "x-scheme-handler/" + s + "=gotonium-test-opener.desktop\n"
	}
	if err := os.WriteFile(filepath.Join(config, "mimeapps.list"), []byte(list), 0o644); err != nil {
		return err
	}
	os.Setenv("XDG_CONFIG_HOME", config)
	return nil
}

// opened returns the URLs handed to the desktop so far.
func opened() []string {
	b, _ := os.ReadFile(openedLog)
	s := strings.TrimSpace(string(b))
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// waitOpened waits until url has been handed to the desktop and returns
// every URL handed over since the test began (since is the count before).
func waitOpened(t *testing.T, since int, url string) []string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		all := opened()
		if len(all) > since {
			for _, u := range all[since:] {
				if u == url {
					return all[since:]
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the desktop was not asked to open %s; it got %q", url, all)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
