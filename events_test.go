//go:build !fakeengine

package gotonium_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// eventLog collects events from callbacks.
type eventLog struct {
	mu  sync.Mutex
	got []string
}

func (l *eventLog) add(s string) {
	l.mu.Lock()
	l.got = append(l.got, s)
	l.mu.Unlock()
}

func (l *eventLog) has(s string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, g := range l.got {
		if g == s {
			return true
		}
	}
	return false
}

func (l *eventLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.got, " | ")
}

func TestWindowEvents(t *testing.T) {
	var log eventLog
	p := gotonium.New()
	// Registered before the window opens.
	p.OnTitleChange(func(title string) { log.add("title:" + title) })
	p.OnLoad(func(url string) { log.add("load:" + filepath.Base(url)) })
	url := filePage(t, `<title>first</title><button id="fs" style="width:200px;height:100px" onclick="document.documentElement.requestFullscreen()">fs</button>`)
	must(t, p.Initialize(url, 400, 300))
	pump(t)
	waitFor(t, 5*time.Second, "title and load events", func() bool { return log.has("title:first") && log.has("load:page.html") })
	// Registered after: address changes, including pushState.
	p.OnAddressChange(func(url string) { log.add("address:" + url[strings.LastIndex(url, "/")+1:]) })
	eval(t, p, `history.pushState({}, "", "?view=other"); document.title = "second"; 1`)
	waitFor(t, 5*time.Second, "pushState and title events", func() bool { return log.has("address:page.html?view=other") && log.has("title:second") })
	// Fullscreen needs a user gesture: click the button.
	p.OnFullscreenChange(func(on bool) { log.add(fmt.Sprint("fullscreen:", on)) })
	waitPainted(t, p)
	xid := p.NativeWindowHandle()
	xdt(t, "windowactivate", "--sync", fmt.Sprint(xid))
	xdt(t, "mousemove", "--window", fmt.Sprint(xid), "50", "30", "click", "1")
	waitFor(t, 5*time.Second, "fullscreen on", func() bool { return log.has("fullscreen:true") })
	waitFor(t, 5*time.Second, "the window manager's fullscreen", func() bool {
		return strings.Contains(xprop(t, xid, "_NET_WM_STATE"), "_NET_WM_STATE_FULLSCREEN")
	})
	eval(t, p, `document.exitFullscreen(); 1`)
	waitFor(t, 5*time.Second, "fullscreen off", func() bool { return log.has("fullscreen:false") })
	// Close.
	p.OnClose(func() { log.add("closed") })
	must(t, p.CloseBrowser())
	waitFor(t, 5*time.Second, "the close event", func() bool { return log.has("closed") })
	t.Log(log.String())
}

func TestCloseWindowRunsBeforeUnload(t *testing.T) {
	p := gotonium.New()
	unloaded := make(chan struct{}, 1)
	must(t, p.BindFunction(func() { unloaded <- struct{}{} }, "unloading", ""))
	must(t, p.Initialize(page(`<title>bu</title><script>addEventListener("beforeunload", () => Gotonium.unloading())</script>`), 300, 200))
	pump(t)
	eval(t, p, "1")
	must(t, p.CloseWindow())
	select {
	case <-unloaded:
	case <-time.After(5 * time.Second):
		t.Fatal("beforeunload did not run")
	}
	waitFor(t, 5*time.Second, "the window to close", func() bool { return !p.IsRunning() })
}

// webProcesses lists the WebKit web processes that are children of this
// process.
func webProcesses() map[int]bool {
	procs := map[int]bool{}
	entries, _ := os.ReadDir("/proc")
	me := os.Getpid()
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		s := string(stat)
		i := strings.LastIndexByte(s, ')')
		if i < 0 || !strings.Contains(s[:i], "WebKitWebProces") {
			continue
		}
		f := strings.Fields(s[i+2:])
		if ppid, _ := strconv.Atoi(f[1]); ppid == me {
			procs[pid] = true
		}
	}
	return procs
}

// processGone reports whether pid has exited (a zombie has too).
func processGone(pid int) bool {
	stat, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return true
	}
	s := string(stat)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || len(s) < i+3 || s[i+2] == 'Z' || s[i+2] == 'X'
}

func TestCrashedWindowRecovers(t *testing.T) {
	p1 := open(t, filePage(t, "<title>survivor</title>"), 300, 200)
	eval(t, p1, "window.marker = 'kept'; 1")
	before := webProcesses()
	var log eventLog
	p2 := gotonium.New()
	p2.OnCrash(func(reason string) { log.add("crash:" + reason) })
	p2.OnLoad(func(string) { log.add("load") })
	must(t, p2.Initialize(filePage(t, "<title>victim</title><script>window.loadedAt = Date.now()</script>"), 300, 200))
	t.Cleanup(func() { p2.CloseBrowser() })
	pump(t)
	eval(t, p2, "1")
	var victim int
	for pid := range webProcesses() {
		if !before[pid] {
			victim = pid
		}
	}
	if victim == 0 {
		t.Fatal("cannot find the new window's web process")
	}
	must(t, syscall.Kill(victim, syscall.SIGKILL))
	waitFor(t, 10*time.Second, "the crash event", func() bool { return log.has("crash:crashed") })
	waitFor(t, 10*time.Second, "the page to come back", func() bool {
		raw, err := p2.EvaluateJavascript(`document.title + ":" + (typeof window.loadedAt)`)
		return err == nil && string(raw) == `"victim:number"`
	})
	if got := eval(t, p1, "window.marker"); got != "kept" {
		t.Fatalf("the other window lost its page: %v", got)
	}
	if !p1.IsRunning() || !p2.IsRunning() {
		t.Fatal("a window stopped running")
	}
}

// TestCloseWhileFullscreen closes windows that are, or were, in HTML
// fullscreen: by CloseBrowser and by the window manager's close button.
// WebKit crashes the process if such a view is simply destroyed.
func TestCloseWhileFullscreen(t *testing.T) {
	for _, how := range []string{"CloseBrowser", "window manager", "lightweight", "twice"} {
		t.Run(how, func(t *testing.T) {
			var other *gotonium.Instance
			if how == "lightweight" { // the web process is shared with another window
				gotonium.SetLightweightMode(true)
				defer gotonium.SetLightweightMode(false)
				other = open(t, page("<title>sharer</title>"), 200, 100)
			}
			var log eventLog
			before := webProcesses()
			p := gotonium.New()
			p.OnFullscreenChange(func(on bool) { log.add(fmt.Sprint(on)) })
			must(t, p.Initialize(page(`<title>fs-close</title><button style="width:200px;height:100px" onclick="document.documentElement.requestFullscreen()">fs</button>`), 400, 300))
			pump(t)
			waitPainted(t, p)
			var own []int // the window's own web process (none when shared)
			for pid := range webProcesses() {
				if !before[pid] && how != "lightweight" {
					own = append(own, pid)
				}
			}
			if how != "lightweight" && len(own) != 1 {
				t.Fatalf("the window's web process: found %v", own)
			}
			xid := p.NativeWindowHandle()
			xdt(t, "windowactivate", "--sync", fmt.Sprint(xid))
			xdt(t, "mousemove", "--window", fmt.Sprint(xid), "50", "30", "click", "1")
			waitFor(t, 5*time.Second, "fullscreen", func() bool { return log.has("true") })
			if how == "twice" { // the window manager's close and CloseBrowser at once
				exec.Command("wmctrl", "-i", "-c", fmt.Sprint(xid)).Run()
				p.CloseBrowser()
				p.CloseBrowser()
				if p.IsRunning() {
					t.Fatal("still running after CloseBrowser")
				}
			} else if how != "window manager" {
				must(t, p.CloseBrowser())
				if p.IsRunning() {
					t.Fatal("still running after CloseBrowser")
				}
			} else {
				out, err := exec.Command("wmctrl", "-i", "-c", fmt.Sprint(xid)).CombinedOutput()
				if err != nil {
					t.Fatalf("wmctrl: %v %s", err, out)
				}
				waitFor(t, 5*time.Second, "the window manager's close", func() bool { return !p.IsRunning() })
			}
			// The crash came from a late message of the view's web process
			// reaching the destroyed view. Once that process has exited, and a
			// script round trip through the engine (below: through the
			// shared process when there is one, then a new window) has come
			// back, no such message is left to arrive.
			for _, pid := range own {
				waitFor(t, 5*time.Second, "the closed window's web process to exit", func() bool { return processGone(pid) })
			}
			if other != nil {
				if got := eval(t, other, "document.title"); got != "sharer" {
					t.Fatalf("the window sharing the process: %v", got)
				}
			}
			// The engine still works.
			q := open(t, page("<title>after</title>"), 200, 100)
			if got := eval(t, q, "document.title"); got != "after" {
				t.Fatalf("after closing: %v", got)
			}
		})
	}
}

// TestTitleWithNUL: WebKitGTK reports a title a script set with a NUL in it
// only up to the NUL (its C API ends the string there; the page itself keeps
// the whole title). The callback gets that much, and later titles arrive
// whole.
func TestTitleWithNUL(t *testing.T) {
	pump(t)
	p := open(t, page("<title>first</title>"), 200, 150)
	var log eventLog
	p.OnTitleChange(func(s string) { log.add("title:" + s) })
	eval(t, p, `document.title = "a\u0000b"; 1`)
	waitFor(t, 5*time.Second, "the title with a NUL", func() bool { return log.has("title:a") })
	if got := eval(t, p, "document.title"); got != "a\x00b" {
		t.Fatalf("the page's title: %q", got)
	}
	eval(t, p, `document.title = "after"; 1`)
	waitFor(t, 5*time.Second, "the next title", func() bool { return log.has("title:after") })
}
