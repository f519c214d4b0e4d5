package gotoniumtest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/gotonium/gotonium"
	"github.com/gotonium/gotonium/internal/xvfb"
)

// An Option changes what [MainWith] sets up.
type Option func(*mainOptions)

type mainOptions struct {
	wm bool
}

// WindowManager makes [MainWith] start a window manager (openbox) on the Xvfb it
// starts, for tests of what only a window manager does: decorations (frames
// in screenshots), window activation, maximising, minimising. It is ignored
// when the test runs on an existing display: Main never starts a window
// manager on the user's desktop.
func WindowManager() Option { return func(o *mainOptions) { o.wm = true } }

// Main runs the tests of m and exits the process with their status; call it
// from TestMain. Before the tests it:
//
//   - uses the display in $DISPLAY, or, when there is none, starts a private
//     Xvfb (1600x1000, 24 bit) and sets $DISPLAY to it (and a window manager
//     with MainWith and the WindowManager option);
//   - points XDG_CONFIG_HOME, XDG_CACHE_HOME, XDG_DATA_HOME and
//     XDG_STATE_HOME at a temporary folder, so that the app under test neither
//     reads nor writes the user's files (GOCACHE stays where it was), and keeps
//     GTK from starting accessibility daemons and GSettings from needing a bus.
//
// After the tests it stops gotonium's engine if it started, the window
// manager and the Xvfb, and removes the temporary folder. When there is no
// display and Xvfb is not installed, Main prints an error naming the package
// to install and exits with status 1.
func Main(m *testing.M) {
	os.Exit(run(m, nil))
}

// MainWith is Main with options, such as WindowManager:
//
//	func TestMain(m *testing.M) { gotoniumtest.MainWith(m, gotoniumtest.WindowManager()) }
func MainWith(m *testing.M, opts ...Option) {
	os.Exit(run(m, opts))
}

func run(m *testing.M, opts []Option) int {
	var o mainOptions
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	tmp, err := os.MkdirTemp("", "gotoniumtest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "gotoniumtest:", err)
		return 1
	}
	defer os.RemoveAll(tmp)
	if os.Getenv("GOCACHE") == "" { // it follows XDG_CACHE_HOME otherwise
		if out, err := exec.Command("go", "env", "GOCACHE").Output(); err == nil {
			os.Setenv("GOCACHE", strings.TrimSpace(string(out)))
		}
	}
	for _, v := range []string{"CONFIG", "CACHE", "DATA", "STATE"} {
		dir := tmp + "/" + strings.ToLower(v)
		if err := os.Mkdir(dir, 0o700); err != nil {
			fmt.Fprintln(os.Stderr, "gotoniumtest:", err)
			return 1
		}
		os.Setenv("XDG_"+v+"_HOME", dir)
	}
	os.Setenv("NO_AT_BRIDGE", "1")
	if os.Getenv("GSETTINGS_BACKEND") == "" {
		os.Setenv("GSETTINGS_BACKEND", "memory")
	}
	d, err := startDisplay(o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gotoniumtest:", err)
		return 1
	}
	defer d.Close()
	code := m.Run()
	if gotonium.IsInitialized() {
		gotonium.Shutdown()
	}
	return code
}

// startDisplay finds or starts the X display, and the window manager.
func startDisplay(o mainOptions) (*xvfb.Display, error) {
	own := os.Getenv("DISPLAY") == ""
	if own {
		if _, err := exec.LookPath("Xvfb"); err != nil {
			return nil, errors.New("there is no display ($DISPLAY is empty) and Xvfb is not installed: install the xvfb package (apt-get install xvfb)")
		}
	}
	d, err := xvfb.Ensure()
	if err != nil {
		return nil, err
	}
	if own && o.wm {
		if _, err := exec.LookPath("openbox"); err != nil {
			d.Close()
			return nil, errors.New("the WindowManager option needs openbox: install the openbox package (apt-get install openbox)")
		}
		if err := d.StartWindowManager(); err != nil {
			d.Close()
			return nil, err
		}
	}
	return d, nil
}
