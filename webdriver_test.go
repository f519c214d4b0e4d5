//go:build !fakeengine

package gotonium_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// TestWebDriverSelenium drives a two-window gotonium app (testdata/webdriver)
// with Selenium's official JavaScript bindings (selenium-webdriver from npm)
// through WebKitWebDriver, in both process models: the driver launches the
// app, and the driver attaches to a running app. The client finds elements,
// types, clicks, reads what a bound Go function computed, switches windows,
// opens one and takes screenshots; ending a launched session leaves no
// process behind, ending an attached one leaves the app running.
func TestWebDriverSelenium(t *testing.T) {
	driverBin, dir, app := webDriverSetup(t)
	modules := seleniumModules(t)
	client := func(t *testing.T, server, mode, shots string, env ...string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "node", "testdata/webdriver/selenium.cjs", server, mode, "io.gotonium.app", shots)
		cmd.Env = append(automationEnv(), append(env, "NODE_PATH="+modules)...)
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "all checks passed") {
			t.Fatalf("selenium (%s): %v\n%s", mode, err, out)
		}
		checkShot(t, filepath.Join(shots, "main.png"), 20, 120, 200) // the page's blue
		checkShot(t, filepath.Join(shots, "second.png"), 255, 255, 255)
	}

	t.Run("launch", func(t *testing.T) {
		pidfile := filepath.Join(dir, "launch.pid")
		server, driverPid := startDriver(t, driverBin, nil, "WEBDRIVER_PIDFILE="+pidfile)
		t.Cleanup(func() { // after a failure: the app the driver launched
			for _, pid := range liveProcessesWith(pidfile, driverPid) {
				syscall.Kill(pid, syscall.SIGKILL)
			}
		})
		client(t, server, "launch", mkdir(t, dir, "launch"), "WEBDRIVER_APP="+app)
		pid := readPid(t, pidfile)
		waitFor(t, 15*time.Second, "the app and its WebKit processes to end with the session", func() bool {
			return len(liveProcessesWith(pidfile, driverPid)) == 0
		})
		if alive(pid) {
			t.Errorf("the app (pid %d) outlived its session", pid)
		}
	})

	t.Run("attach", func(t *testing.T) {
		pidfile := filepath.Join(dir, "attach.pid")
		target := freeAddr(t)
		cmd, exited := startInspectedApp(t, app, target, "GOTONIUM_AUTOMATION=1", "WEBDRIVER_PIDFILE="+pidfile)
		server, _ := startDriver(t, driverBin, []string{"--target=" + target})
		client(t, server, "attach", mkdir(t, dir, "attach"))
		select {
		case err := <-exited:
			t.Fatalf("the app ended with an attached session: %v", err)
		case <-time.After(500 * time.Millisecond): // it stays; a positive check follows
		}
		must(t, cmd.Process.Signal(syscall.SIGTERM))
		select {
		case err := <-exited:
			if err != nil {
				t.Errorf("the app after SIGTERM: %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Fatal("the app did not exit on SIGTERM")
		}
	})
}

// TestWebDriverOffByDefault: an app that did not turn automation on gives a
// driver no session, even with the inspector server's variable set (WebKit
// lets the request wait: with automation on it is answered in well under a
// second, so 5 s without an answer is a refusal).
func TestWebDriverOffByDefault(t *testing.T) {
	driverBin, _, app := webDriverSetup(t)
	target := freeAddr(t)
	startInspectedApp(t, app, target, "GOTONIUM_AUTOMATION=")
	server, _ := startDriver(t, driverBin, []string{"--target=" + target})
	c := http.Client{Timeout: 5 * time.Second}
	r, err := c.Post(server+"/session", "application/json", strings.NewReader(`{"capabilities":{}}`))
	if err == nil {
		var body bytes.Buffer
		body.ReadFrom(r.Body)
		r.Body.Close()
		if strings.Contains(body.String(), "sessionId") {
			t.Fatalf("a driver got a session of an app without automation: %s", body.String())
		}
	}
}

// TestEnableAutomationTooLate: once the engine has started (windows exist
// without automation), EnableAutomation is refused.
func TestEnableAutomationTooLate(t *testing.T) {
	if _, err := gotonium.Screens(); err != nil { // starts the engine
		t.Fatal(err)
	}
	if err := gotonium.EnableAutomation(); !errors.Is(err, gotonium.ErrEngineStarted) {
		t.Fatalf("EnableAutomation after the engine started: %v; want ErrEngineStarted", err)
	}
}

// automationEnv is the test's environment without the DMA-BUF setting the
// engine made in this process (WebKit answers no WebDriver screenshot
// without that renderer).
func automationEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "WEBKIT_DISABLE_DMABUF_RENDERER=") {
			env = append(env, kv)
		}
	}
	return env
}

// seleniumModules returns the node_modules folder holding selenium-webdriver:
// $GOTONIUM_SELENIUM (scripts/deps.sh installs it before the tests), or one
// installed under ~/.cache the first time.
func seleniumModules(t *testing.T) string {
	if d := os.Getenv("GOTONIUM_SELENIUM"); d != "" {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(home, ".cache", "gotonium-selenium")
	modules := filepath.Join(dir, "node_modules")
	if _, err := os.Stat(filepath.Join(modules, "selenium-webdriver")); err == nil {
		return modules
	}
	t.Logf("installing selenium-webdriver 4 with npm into %s (once)", dir)
	out, err := exec.Command("npm", "install", "--prefix", dir, "--no-audit", "--no-fund", "--loglevel=error", "selenium-webdriver@4").CombinedOutput()
	if err != nil {
		t.Fatalf("npm install selenium-webdriver: %v\n%s", err, out)
	}
	return modules
}

// startDriver starts WebKitWebDriver on a free port and returns its URL once
// it answers, and its pid; it is stopped when the test ends.
func startDriver(t *testing.T, bin string, args []string, env ...string) (string, int) {
	t.Helper()
	addr := freeAddr(t)
	_, port, _ := net.SplitHostPort(addr)
	cmd := exec.Command(bin, append([]string{"--port=" + port}, args...)...)
	cmd.Env = append(automationEnv(), env...)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	cmd.WaitDelay = 5 * time.Second // an app it launched holds its output open
	must(t, cmd.Start())
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("WebKitWebDriver's output:\n%s", log.String())
		}
	})
	url := "http://" + addr
	waitFor(t, 10*time.Second, "WebKitWebDriver to answer", func() bool {
		r, err := http.Get(url + "/status")
		if err == nil {
			r.Body.Close()
		}
		return err == nil
	})
	return url, cmd.Process.Pid
}

// webDriverSetup finds WebKitWebDriver and builds the test app into a
// temporary folder; it returns the driver, the folder and the app.
func webDriverSetup(t *testing.T) (driver, dir, app string) {
	t.Helper()
	driver, err := exec.LookPath("WebKitWebDriver")
	if err != nil {
		t.Fatal("WebKitWebDriver is missing: apt-get install webkit2gtk-driver")
	}
	dir = engineTempDir(t, "gotonium-webdriver-")
	app = filepath.Join(dir, "app")
	if out, err := exec.Command("go", "build", "-o", app, "./testdata/webdriver").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return driver, dir, app
}

// startInspectedApp starts app with its inspector server at target and
// waits until the server accepts; the app is killed when the test ends.
// exited receives the app's end.
func startInspectedApp(t *testing.T, app, target string, env ...string) (*exec.Cmd, <-chan error) {
	t.Helper()
	cmd := exec.Command(app)
	cmd.Env = append(automationEnv(), append(env, "WEBKIT_INSPECTOR_SERVER="+target)...)
	must(t, cmd.Start())
	exited, done := make(chan error, 1), make(chan struct{})
	go func() { exited <- cmd.Wait(); close(done) }()
	t.Cleanup(func() { cmd.Process.Kill(); <-done })
	waitFor(t, 20*time.Second, "the app's inspector server", func() bool {
		c, err := net.Dial("tcp", target)
		if err == nil {
			c.Close()
		}
		return err == nil
	})
	return cmd, exited
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func mkdir(t *testing.T, parent, name string) string {
	d := filepath.Join(parent, name)
	must(t, os.MkdirAll(d, 0o755))
	return d
}

func readPid(t *testing.T, file string) int {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("the app wrote no pid: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	return pid
}

// alive reports whether pid runs (a zombie does not).
func alive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	return len(f) > 0 && f[0] != "Z"
}

// liveProcessesWith lists the running processes whose environment holds
// marker, but for the one given: the app and the WebKit processes it
// started, which inherit it.
func liveProcessesWith(marker string, but int) []int {
	var pids []int
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() || pid == but {
			continue
		}
		env, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid))
		if err == nil && bytes.Contains(env, []byte(marker)) && alive(pid) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// checkShot checks that a WebDriver screenshot is a PNG of a page whose
// background, near the bottom right corner, is r, g, b.
func checkShot(t *testing.T, file string, wr, wg, wb uint32) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	b := img.Bounds()
	if b.Dx() < 100 || b.Dy() < 100 {
		t.Fatalf("screenshot is %v", b)
	}
	r, g, bl, _ := img.At(b.Max.X-5, b.Max.Y-5).RGBA()
	if r>>8 != wr || g>>8 != wg || bl>>8 != wb {
		if b, err := os.ReadFile(file); err == nil {
			os.WriteFile(filepath.Join(os.TempDir(), "gotonium-webdriver-"+filepath.Base(file)), b, 0o644) // kept for a look
		}
		t.Errorf("%s: pixel %d,%d,%d; want the page's %d,%d,%d", filepath.Base(file), r>>8, g>>8, bl>>8, wr, wg, wb)
	}
}
