//go:build !fakeengine

package gotonium_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// singleInstanceApp builds testdata/singleinstance once per test.
func singleInstanceApp(t *testing.T) string {
	t.Helper()
	exe := filepath.Join(t.TempDir(), "singleinstance")
	if out, err := exec.Command("go", "build", "-o", exe, "./testdata/singleinstance").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return exe
}

// firstInstance is a running first process of the test app.
type firstInstance struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	lines chan string
}

func launch(t *testing.T, exe, appID string, args ...string) *firstInstance {
	t.Helper()
	cmd := exec.Command(exe, args...)
	cmd.Env = append(cmd.Environ(), "SINGLEINSTANCE_APP_ID="+appID, "GOTONIUM_TEST_CHILD=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	f := &firstInstance{cmd: cmd, stdin: stdin, lines: make(chan string, 16)}
	go func() {
		s := bufio.NewScanner(out)
		for s.Scan() {
			f.lines <- s.Text()
		}
		close(f.lines)
	}()
	t.Cleanup(func() { stdin.Close(); cmd.Process.Kill(); cmd.Wait() })
	if l := f.next(t); l != "first" {
		t.Fatalf("the first launch said %q, want first", l)
	}
	return f
}

func (f *firstInstance) next(t *testing.T) string {
	t.Helper()
	select {
	case l, ok := <-f.lines:
		if !ok {
			t.Fatal("the first instance ended")
		}
		return l
	case <-time.After(20 * time.Second):
		t.Fatal("the first instance said nothing for 20s")
	}
	return ""
}

// stop ends the first instance as an app would end and waits for it.
func (f *firstInstance) stop(t *testing.T) {
	t.Helper()
	f.stdin.Close()
	done := make(chan error, 1)
	go func() { done <- f.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the first instance: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the first instance did not exit")
	}
}

func TestSingleInstanceSecondLaunchHandsOverAndExits(t *testing.T) {
	privateSessionBus(t)
	exe := singleInstanceApp(t)
	const id = "io.gotonium.test.Single-Instance"
	first := launch(t, exe, id)

	dir := t.TempDir()
	args := []string{"--open", "a file with spaces.txt", "myapp://x?y=1", ""}
	second := exec.Command(exe, args...)
	second.Dir = dir
	second.Env = append(second.Environ(), "SINGLEINSTANCE_APP_ID="+id, "GOTONIUM_TEST_CHILD=1")
	start := time.Now()
	out, err := second.CombinedOutput()
	if err != nil {
		t.Fatalf("the second launch: %v\n%s", err, out)
	}
	if len(out) != 0 {
		t.Errorf("the second launch said %q (it should only hand over)", out)
	}
	t.Logf("the second launch took %v", time.Since(start))

	var got struct {
		Args   []string
		Dir    string
		OnPump bool
	}
	if err := json.Unmarshal([]byte(first.next(t)), &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Args, args) || got.Dir != dir {
		t.Errorf("the first got args %q in %q, want %q in %q", got.Args, got.Dir, args, dir)
	}
	if !got.OnPump {
		t.Error("onSecond did not run on the pumping goroutine")
	}

	// Another app id is another app: it runs as a first instance.
	other := launch(t, exe, id+"2")
	other.stop(t)

	// Once the first exits, the next launch is the first.
	first.stop(t)
	again := launch(t, exe, id)
	again.stop(t)
}

func TestSingleInstanceNameHeldByAnotherProgram(t *testing.T) {
	addr := privateSessionBus(t)
	exe := singleInstanceApp(t)
	const id = "io.gotonium.test.Squatted"
	c := busConn(t, addr)
	if _, err := c.RequestName(id, 0); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(cmd.Environ(), "SINGLEINSTANCE_APP_ID="+id, "GOTONIUM_TEST_CHILD=1")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 3 || !strings.Contains(string(out), "did not take the launch") {
		t.Errorf("a launch whose name another program holds: %v, %q; want SingleInstance's error", err, out)
	}
}

func TestSingleInstanceErrors(t *testing.T) {
	for _, id := range []string{"", "noDots", "com..example", "com.1example", "com.exa mple", ".com.example", "com.example.", strings.Repeat("a.", 128) + "b"} {
		if err := gotonium.SetAppID(id); !errors.Is(err, gotonium.ErrInvalidArgument) {
			t.Errorf("SetAppID(%q) = %v, want ErrInvalidArgument", id, err)
		}
	}
	// A valid id is set in a process of its own (the engine of this one may
	// have started, which makes SetAppID refuse): TestSingleInstance's and
	// TestAppIDNamesTheApp's programs.
	// No session bus: ErrUnsupported, so the app can run as a plain process.
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	if err := gotonium.SingleInstance(nil); !errors.Is(err, gotonium.ErrUnsupported) {
		t.Errorf("no bus: SingleInstance = %v, want ErrUnsupported", err)
	}
}

// The desktop launches the registered app for its scheme's URLs (xdg-open,
// as a browser or file manager would): the launch hands the URL to the
// running instance's OnDeepLink; at a cold start the app gets it itself.
func TestDeepLinkThroughTheDesktop(t *testing.T) {
	privateSessionBus(t)
	exe := singleInstanceApp(t)
	data, config := t.TempDir(), t.TempDir()
	t.Setenv("XDG_DATA_HOME", data)
	t.Setenv("XDG_CONFIG_HOME", config)
	t.Setenv("SINGLEINSTANCE_SCHEME", "gotoniumtest")
	const id = "io.gotonium.test.DeepLinks"
	t.Setenv("SINGLEINSTANCE_APP_ID", id) // for the launch by xdg-open
	t.Setenv("SINGLEINSTANCE_REGISTER", "1")
	first := launch(t, exe, id)
	os.Unsetenv("SINGLEINSTANCE_REGISTER")

	entry, err := os.ReadFile(filepath.Join(data, "applications", id+".desktop"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(entry), "MimeType=x-scheme-handler/gotoniumtest;") || !strings.Contains(string(entry), "Exec="+exe+" %u") {
		t.Errorf("the desktop entry:\n%s", entry)
	}
	if out, err := exec.Command("xdg-mime", "query", "default", "x-scheme-handler/gotoniumtest").Output(); err != nil || strings.TrimSpace(string(out)) != id+".desktop" {
		t.Errorf("xdg-mime query default: %q, %v", out, err)
	}
	if cache, err := os.ReadFile(filepath.Join(data, "applications", "mimeinfo.cache")); err != nil || !strings.Contains(string(cache), "x-scheme-handler/gotoniumtest="+id+".desktop") {
		t.Errorf("the desktop database: %q, %v", cache, err)
	}

	const link = "gotoniumtest://note/42?tab=2"
	if out, err := exec.Command("xdg-open", link).CombinedOutput(); err != nil {
		t.Fatalf("xdg-open: %v\n%s", err, out)
	}
	var second struct{ Args []string }
	if err := json.Unmarshal([]byte(first.next(t)), &second); err != nil || !reflect.DeepEqual(second.Args, []string{link}) {
		t.Fatalf("onSecond got %+v (%v), want the link", second, err)
	}
	var got struct {
		DeepLink string
		OnPump   bool
	}
	if err := json.Unmarshal([]byte(first.next(t)), &got); err != nil || got.DeepLink != link || !got.OnPump {
		t.Fatalf("OnDeepLink got %+v (%v), want %q on the pump", got, err, link)
	}
	first.stop(t)

	// A cold start with a link.
	cold := launch(t, exe, id, "GotoniumTest:other")
	if err := json.Unmarshal([]byte(cold.next(t)), &got); err != nil || got.DeepLink != "GotoniumTest:other" {
		t.Fatalf("cold start: OnDeepLink got %+v (%v)", got, err)
	}
	cold.stop(t)

	for _, s := range []string{"", "http", "HTTPS", "file", "1abc", "a b", "my_app"} {
		if err := gotonium.OnDeepLink(s, func(string) {}); !errors.Is(err, gotonium.ErrInvalidArgument) {
			t.Errorf("OnDeepLink(%q) = %v, want ErrInvalidArgument", s, err)
		}
		if err := gotonium.RegisterURLScheme(s, "x"); !errors.Is(err, gotonium.ErrInvalidArgument) {
			t.Errorf("RegisterURLScheme(%q) = %v, want ErrInvalidArgument", s, err)
		}
	}
}
