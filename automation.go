package gotonium

import (
	"fmt"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"

	"github.com/gotonium/gotonium/internal/engine"
)

// Automation: W3C WebDriver through WebKitWebDriver (docs/testing.md).

var automation struct {
	mu sync.Mutex
	on bool
}

// AutomationEnv is the environment variable that turns automation on as
// EnableAutomation does, when it is "1" as the engine first starts. A
// process inherits it from whoever starts it, WebKitWebDriver included:
// GOTONIUM_AUTOMATION=1 WebKitWebDriver --port=4444.
const AutomationEnv = "GOTONIUM_AUTOMATION"

// EnableAutomation lets W3C WebDriver clients drive the app through
// WebKitWebDriver (Debian's webkit2gtk-driver). It is a switch for tests:
// leave it off in what you ship.
//
// With it, every window the app opens (all that share the default data dir,
// or the first data dir a window uses) is a WebDriver window handle, and a
// session's first window is the oldest window open. WebDriver's New Window
// opens a new window of its own Instance at about:blank, whose pages reach no
// app code (see docs/security.md: only the pages an Instance opened are
// trusted). Nothing listens for a driver unless WEBKIT_INSPECTOR_SERVER
// (host:port) is set as the process starts: WebKitWebDriver sets it when it
// launches the app (capability webkitgtk:browserOptions with binary and
// args), or set it yourself and run WebKitWebDriver --target=host:port to
// attach to a running app. Any local process that can reach that port can
// drive the app's windows.
//
// Call it before anything starts the engine; afterwards it returns
// ErrEngineStarted and changes nothing. It is safe from any goroutine.
func EnableAutomation() error {
	appID.mu.Lock()
	started := appID.started
	appID.mu.Unlock()
	if started {
		return fmt.Errorf("%w: EnableAutomation comes too late: windows open without automation", ErrEngineStarted)
	}
	automation.mu.Lock()
	automation.on = true
	automation.mu.Unlock()
	return nil
}

// automationConfig returns the engine's automation settings, or nil when
// automation is off; called as the engine starts.
func automationConfig() *engine.Automation {
	env := os.Getenv(AutomationEnv)
	if env != "" && env != "0" && env != "1" {
		log().Warn("gotonium: "+AutomationEnv+" is neither 1 nor 0: automation stays off", "value", env)
	}
	automation.mu.Lock()
	on := automation.on || env == "1"
	automation.mu.Unlock()
	if !on {
		return nil
	}
	log().Warn("gotonium: automation is on: a WebDriver client may drive every window", "inspector", os.Getenv("WEBKIT_INSPECTOR_SERVER"))
	return &engine.Automation{Name: AppID(), Version: buildVersion(), NewWindow: automationWindow}
}

// automationWindow opens the window WebDriver's New Window asks for; it runs
// on the engine's UI thread.
func automationWindow() (engine.Window, error) {
	p := New()
	if _, err := p.CreateBrowser("about:blank", 800, 600); err != nil {
		return nil, err
	}
	if w := p.current().window(); w != nil {
		return w, nil
	}
	return nil, ErrNoBrowser
}

// buildVersion is the main module's version (v1.2.3 → 1, 2, 3); 0.0.0 for
// a development build.
func buildVersion() [3]uint64 {
	var v [3]uint64
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	s := strings.TrimPrefix(info.Main.Version, "v")
	if i := strings.IndexAny(s, "-+"); i >= 0 {
		s = s[:i]
	}
	for i, part := range strings.SplitN(s, ".", 3) {
		n, err := strconv.ParseUint(part, 10, 64)
		if err != nil {
			return [3]uint64{}
		}
		v[i] = n
	}
	return v
}
