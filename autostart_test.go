//go:build !fakeengine

package gotonium_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// TestAutostartHelper is what the autostart entry of TestAutostart runs:
// this test binary, which notes its arguments.
func TestAutostartHelper(t *testing.T) {
	if mark := os.Getenv("GOTONIUM_AUTOSTART_MARK"); mark != "" {
		os.WriteFile(mark, []byte(strings.Join(os.Args[1:], "|")), 0o644)
	}
}

// TestAutostart: the entry SetAutostart writes is valid, and launching it as
// a desktop does (gio launch) runs the program with its arguments; off
// removes it.
func TestAutostart(t *testing.T) {
	config := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", config)
	mark := filepath.Join(t.TempDir(), "ran")
	t.Setenv("GOTONIUM_AUTOSTART_MARK", mark)
	if on, err := gotonium.IsAutostart(); err != nil || on {
		t.Fatalf("IsAutostart before = %v, %v", on, err)
	}
	must(t, gotonium.SetAutostart(true, "-test.run=^TestAutostartHelper$", "--", "--hidden arg"))
	entry := filepath.Join(config, "autostart", gotonium.AppID()+".desktop")
	if out, err := exec.Command("desktop-file-validate", entry).CombinedOutput(); err != nil {
		t.Errorf("desktop-file-validate: %v\n%s", err, out)
	}
	if on, err := gotonium.IsAutostart(); err != nil || !on {
		t.Errorf("IsAutostart = %v, %v", on, err)
	}
	if out, err := exec.Command("gio", "launch", entry).CombinedOutput(); err != nil {
		t.Fatalf("gio launch: %v\n%s", err, out)
	}
	waitFor(t, 10*time.Second, "the program the entry starts", func() bool {
		b, _ := os.ReadFile(mark)
		return string(b) == "-test.run=^TestAutostartHelper$|--|--hidden arg"
	})
	must(t, gotonium.SetAutostart(false))
	if _, err := os.Stat(entry); !os.IsNotExist(err) {
		t.Errorf("the entry after SetAutostart(false): %v", err)
	}
	must(t, gotonium.SetAutostart(false)) // off again: fine
	if err := gotonium.SetAutostart(true, "a\nb"); !errors.Is(err, gotonium.ErrInvalidArgument) {
		t.Errorf("an argument with a newline: %v", err)
	}
	t.Setenv("FLATPAK_ID", "org.example.App")
	if err := gotonium.SetAutostart(true); !errors.Is(err, gotonium.ErrUnsupported) {
		t.Errorf("inside Flatpak: %v; want ErrUnsupported", err)
	}
}
