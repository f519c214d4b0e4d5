package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"image/png"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// repoRoot is the gotonium checkout this command is in.
func repoRoot(t *testing.T) string {
	t.Helper()
	abs, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// syncBuffer is a bytes.Buffer that several goroutines write.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// initApp runs gotonium init NAME in a new temp folder and returns the
// app's folder.
func initApp(t *testing.T, name string, extra ...string) string {
	t.Helper()
	root := repoRoot(t)
	dir := t.TempDir()
	t.Chdir(dir)
	var out syncBuffer
	args := append([]string{"init", "-gotonium", root}, extra...)
	if err := run(context.Background(), append(args, name), &out, &out); err != nil {
		t.Fatalf("gotonium init: %v\n%s", err, out.String())
	}
	for _, want := range []string{"creating", "tidying go.mod", "done: cd " + name} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("no progress line %q in:\n%s", want, out.String())
		}
	}
	return filepath.Join(dir, name)
}

// startX starts a private Xvfb for the test (and points DISPLAY and the
// XDG folders of the processes the test starts at it and at temp folders).
// Xvfb servers started at the same moment by other tests can race for a
// display number and one of them die: startX checks that its server
// answers and else starts another.
func startX(t *testing.T) {
	t.Helper()
	var log string
	for attempt := 0; attempt < 3; attempt++ {
		display, pid, stop, xlog, err := xvfb()
		if err == nil && serves(display, pid) {
			t.Cleanup(stop)
			t.Setenv("DISPLAY", display)
			tmp := t.TempDir()
			for _, v := range []string{"XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"} {
				t.Setenv(v, filepath.Join(tmp, v))
			}
			t.Setenv("NO_AT_BRIDGE", "1")
			t.Setenv("GSETTINGS_BACKEND", "memory")
			return
		}
		if stop != nil {
			stop()
		}
		log += fmt.Sprintf("attempt %d: %v %s\n", attempt+1, err, xlog)
	}
	t.Fatalf("no Xvfb display (apt-get install xvfb):\n%s", log)
}

// xvfb starts one Xvfb and returns its display, a func that stops it, and
// what it printed.
func xvfb() (display string, pid int, stop func(), log string, err error) {
	r, w, err := os.Pipe()
	if err != nil {
		return "", 0, nil, "", err
	}
	defer r.Close()
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp",
		"-noreset") // without it the server resets when its last client goes, writes to the closed fd and dies
	cmd.ExtraFiles = []*os.File{w}
	xlog := &syncBuffer{}
	cmd.Stderr = xlog
	err = cmd.Start()
	w.Close()
	if err != nil {
		return "", 0, nil, "", err
	}
	stop = func() { cmd.Process.Kill(); cmd.Wait() }
	r.SetReadDeadline(time.Now().Add(20 * time.Second))
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		return "", 0, stop, xlog.String(), fmt.Errorf("no display number: %v", err)
	}
	return ":" + strings.TrimSpace(line), cmd.Process.Pid, stop, xlog.String(), nil
}

// serves reports whether, within 5 s, the process pid is the server that
// answers on display's socket (the loser of a race reports a number whose
// socket another server holds).
func serves(display string, pid int) bool {
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if c, err := net.Dial("unix", "/tmp/.X11-unix/X"+strings.TrimPrefix(display, ":")); err == nil {
			peer := 0
			if raw, err := c.(*net.UnixConn).SyscallConn(); err == nil {
				raw.Control(func(fd uintptr) {
					if cred, err := syscall.GetsockoptUcred(int(fd), syscall.SOL_SOCKET, syscall.SO_PEERCRED); err == nil {
						peer = int(cred.Pid)
					}
				})
			}
			c.Close()
			if peer == pid {
				return true
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return false
}

// waitUntil polls cond every 100 ms until it holds or timeout passes.
func waitUntil(t *testing.T, timeout time.Duration, what string, cond func() bool, log func() string) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s\n%s", timeout, what, log())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestInitAppPassesItsTest: a new app builds and its own end-to-end test
// passes at once.
func TestInitAppPassesItsTest(t *testing.T) {
	app := initApp(t, "todo-app", "-id", "org.example.TodoApp")
	for _, f := range []string{"go.mod", "go.sum", "main.go", "main_test.go", "web/index.html", "web/style.css", "web/app.js", "gotonium.json", "icon.png", ".gitignore"} {
		if _, err := os.Stat(filepath.Join(app, f)); err != nil {
			t.Errorf("no %s: %v", f, err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(app, "main.go")); !bytes.Contains(b, []byte(`const appID = "org.example.TodoApp"`)) {
		t.Errorf("main.go has not the app id")
	}
	cmd := exec.Command("go", "test", "-count=1", ".")
	cmd.Dir = app
	cmd.Env = append(os.Environ(), "DISPLAY=") // gotoniumtest starts its Xvfb
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go test of the new app: %v\n%s", err, out)
	}
	// Mistakes are errors, and leave nothing behind.
	var out syncBuffer
	for _, args := range [][]string{{"init", "Bad Name"}, {"init", "-id", "noDots", "ok-name"}, {"init", "todo-app"}, {"init"}} {
		if err := run(context.Background(), args, &out, &out); err == nil {
			t.Errorf("gotonium %v: no error", args)
		}
	}
	if _, err := os.Stat("ok-name"); err == nil {
		t.Errorf("a failed init left its folder")
	}
}

// windowGeometry returns the size of the X window named title, or 0, 0.
func windowGeometry(title string) (w, h int) {
	out, err := exec.Command("xdotool", "search", "--onlyvisible", "--name", "^"+title+"$", "getwindowgeometry").Output()
	if err != nil {
		return 0, 0
	}
	_, g, ok := strings.Cut(string(out), "Geometry: ")
	if !ok {
		return 0, 0
	}
	g, _, _ = strings.Cut(g, "\n")
	ws, hs, _ := strings.Cut(strings.TrimSpace(g), "x")
	w, _ = strconv.Atoi(ws)
	h, _ = strconv.Atoi(hs)
	return w, h
}

// screenPixels counts the screen's pixels of one colour.
func screenPixels(t *testing.T, r, g, b uint8) int {
	out, err := exec.Command("import", "-window", "root", "png:-").Output()
	if err != nil {
		t.Fatalf("import (apt-get install imagemagick): %v", err)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if uint8(cr>>8) == r && uint8(cg>>8) == g && uint8(cb>>8) == b {
				n++
			}
		}
	}
	return n
}

// TestDev: gotonium dev runs the app, rebuilds and restarts it after a Go
// edit (the window's new size shows it), keeps it running through a broken
// build, reloads the page after a stylesheet edit (the new colour is on the
// screen), and stops the app when it stops.
func TestDev(t *testing.T) {
	app := initApp(t, "dev-app")
	startX(t)
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan struct{})
	var devErr error
	go func() { defer close(done); devErr = run(ctx, []string{"dev", "-C", app}, &out, &out) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Errorf("gotonium dev did not stop")
		}
	})
	edit := func(rel, old, new string) {
		t.Helper()
		p := filepath.Join(app, rel)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b, []byte(old)) {
			t.Fatalf("%s has no %q", rel, old)
		}
		if err := os.WriteFile(p, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	waitUntil(t, 180*time.Second, "the app's window", func() bool { w, _ := windowGeometry("Dev App"); return w == 520 }, out.String)
	if n := strings.Count(out.String(), "running (pid"); n != 1 {
		t.Fatalf("%d runs:\n%s", n, out.String())
	}

	// A Go edit: rebuilt and restarted with the new size.
	edit("main.go", `p.Initialize("app://index.html", 520, 420)`, `p.Initialize("app://index.html", 610, 330)`)
	waitUntil(t, 120*time.Second, "the rebuilt app's window", func() bool { w, h := windowGeometry("Dev App"); return w == 610 && h == 330 }, out.String)
	if !strings.Contains(out.String(), "rebuilding after a change of main.go") || strings.Count(out.String(), "running (pid") != 2 {
		t.Fatalf("progress:\n%s", out.String())
	}

	// A broken edit: the build fails, the app keeps running.
	edit("main.go", `func main() {`, `func main() { undefinedThing()`)
	waitUntil(t, 120*time.Second, "the failed build", func() bool { return strings.Contains(out.String(), "the build failed; the app keeps running") }, out.String)
	if w, _ := windowGeometry("Dev App"); w != 610 {
		t.Fatalf("the app went away after a failed build")
	}
	edit("main.go", `func main() { undefinedThing()`, `func main() {`)
	waitUntil(t, 120*time.Second, "the fixed build", func() bool { return strings.Count(out.String(), "running (pid") == 3 }, out.String)
	waitUntil(t, 30*time.Second, "the window after the fix", func() bool { w, _ := windowGeometry("Dev App"); return w == 610 }, out.String)

	// A stylesheet edit: the page shows it, with no rebuild.
	edit("web/style.css", "background: #f4f6fb;", "background: rgb(200, 30, 40);")
	waitUntil(t, 20*time.Second, "the new background on the screen", func() bool { return screenPixels(t, 200, 30, 40) > 610*200 }, out.String)
	if n := strings.Count(out.String(), "running (pid"); n != 3 {
		t.Fatalf("a stylesheet edit restarted the app:\n%s", out.String())
	}

	// Stopping dev stops the app.
	cancel()
	select {
	case <-done:
		if devErr != nil {
			t.Fatalf("gotonium dev: %v", devErr)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("gotonium dev did not stop")
	}
	waitUntil(t, 10*time.Second, "the window to go", func() bool { w, _ := windowGeometry("Dev App"); return w == 0 }, out.String)
	t.Logf("progress:\n%s", out.String())
}
