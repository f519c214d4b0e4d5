//go:build !fakeengine

package gotonium_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestExamplesRun builds every example, runs it on the test display until its
// windows are up, interrupts it, and expects a clean exit.
func TestExamplesRun(t *testing.T) {
	bin := t.TempDir()
	for _, c := range []struct{ name, want string }{
		{"multiwindow", "Window 1: "},
		{"settings", ""},
		{"async", ""},
		{"frameless", ""},
		{"localapp", ""},
		{"hello", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			exe := filepath.Join(bin, c.name)
			if out, err := exec.Command("go", "build", "-o", exe, "./examples/"+c.name).CombinedOutput(); err != nil {
				t.Fatalf("build: %v\n%s", err, out)
			}
			cmd := exec.Command(exe)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			cmd.Env = os.Environ()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(2 * time.Second)
			cmd.Process.Signal(syscall.SIGINT)
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("exit: %v\n%s", err, out.String())
				}
			case <-time.After(15 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("did not exit after SIGINT\n%s", out.String())
			}
			if !strings.Contains(out.String(), c.want) {
				t.Fatalf("output lacks %q:\n%s", c.want, out.String())
			}
		})
	}
}
