//go:build !fakeengine

package gotonium_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestExamplesRun builds every example, runs it on the test display until its
// windows are up, interrupts it, and expects a clean exit.
// lockedBuffer is a bytes.Buffer a process writes to while the test reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestExamplesRun(t *testing.T) {
	bin := t.TempDir()
	for _, c := range []struct{ name, want string }{
		{"multiwindow", "Window 1: "},
		{"settings", ""},
		{"async", ""},
		{"frameless", ""},
		{"localapp", ""},
		{"hello", ""},
		{"notes", "Notes are kept in "},
		{"tray", "tray"}, // "tray icon shown", or "no system tray here" without one
	} {
		t.Run(c.name, func(t *testing.T) {
			exe := filepath.Join(bin, c.name)
			if out, err := exec.Command("go", "build", "-o", exe, "./examples/"+c.name).CombinedOutput(); err != nil {
				t.Fatalf("build: %v\n%s", err, out)
			}
			cmd := exec.Command(exe)
			var out lockedBuffer
			cmd.Stdout, cmd.Stderr = &out, &out
			cmd.Env = os.Environ()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Up: a window of the process is on screen and it printed what
			// it should.
			pid := fmt.Sprint(cmd.Process.Pid)
			waitFor(t, 30*time.Second, c.name+"'s window", func() bool {
				return exec.Command("xdotool", "search", "--onlyvisible", "--pid", pid).Run() == nil &&
					strings.Contains(out.String(), c.want)
			})
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
