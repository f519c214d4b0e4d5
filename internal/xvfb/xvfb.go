// Package xvfb gives tests and benchmarks an X display: the one in $DISPLAY,
// or a private Xvfb it starts. It also takes screenshots and starts a window
// manager where a test needs one.
package xvfb

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"time"
)

// Display is an X display that Ensure found or started.
type Display struct {
	Name    string // as in $DISPLAY, e.g. ":99"
	started *exec.Cmd
	wm      *exec.Cmd
}

// Ensure returns the display in $DISPLAY, or starts Xvfb (1600x1000, 24 bit)
// on a free display number and sets $DISPLAY to it. Call Close when done.
func Ensure() (*Display, error) {
	if d := os.Getenv("DISPLAY"); d != "" {
		return &Display{Name: d}, nil
	}
	bin, err := exec.LookPath("Xvfb")
	if err != nil {
		return nil, errors.New("xvfb: no DISPLAY and no Xvfb in PATH (install the xvfb package, or run scripts/test.sh)")
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	cmd := exec.Command(bin, "-displayfd", "3", "-screen", "0", "1600x1000x24", "-nolisten", "tcp", "-noreset")
	cmd.ExtraFiles = []*os.File{w}
	if err := startTied(cmd); err != nil {
		w.Close()
		return nil, fmt.Errorf("xvfb: start: %w", err)
	}
	w.Close()
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(r).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	select {
	case n := <-line:
		if n == "" {
			cmd.Process.Kill()
			cmd.Wait()
			return nil, errors.New("xvfb: Xvfb exited without a display number")
		}
		d := &Display{Name: ":" + n, started: cmd}
		os.Setenv("DISPLAY", d.Name)
		return d, nil
	case <-time.After(15 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		return nil, errors.New("xvfb: Xvfb did not report a display in 15 s")
	}
}

// StartWindowManager starts openbox on the display, for tests of what only a
// window manager does (maximise, minimise, fullscreen, decorations).
func (d *Display) StartWindowManager() error {
	if d.wm != nil {
		return nil
	}
	bin, err := exec.LookPath("openbox")
	if err != nil {
		return errors.New("xvfb: openbox not in PATH (install the openbox package)")
	}
	cmd := exec.Command(bin, "--sm-disable")
	cmd.Env = append(os.Environ(), "DISPLAY="+d.Name)
	if err := startTied(cmd); err != nil {
		return err
	}
	d.wm = cmd
	// Wait until the window manager announces itself on the root window.
	for i := 0; i < 100; i++ {
		out, _ := exec.Command("xprop", "-display", d.Name, "-root", "_NET_SUPPORTING_WM_CHECK").Output()
		if bytes.Contains(out, []byte("window id")) {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return errors.New("xvfb: openbox did not start")
}

// Close stops the window manager. The Xvfb that Ensure started lives until
// the process exits: killing it earlier would make GTK, still connected, exit
// the process with status 1.
func (d *Display) Close() {
	if d.wm != nil && d.wm.Process != nil {
		d.wm.Process.Kill()
		d.wm.Wait()
		d.wm = nil
	}
}

// startTied starts cmd so that it gets SIGKILL when this process exits. The
// parent-death signal follows the OS thread that started the child, so the
// start happens on a locked thread that never exits.
func startTied(cmd *exec.Cmd) error {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	errc := make(chan error)
	go func() {
		runtime.LockOSThread()
		errc <- cmd.Start()
		select {} // keep the thread, and so the child, for the life of the process
	}()
	return <-errc
}

// Screenshot captures the whole screen (with ImageMagick's import).
func Screenshot() (image.Image, error) {
	return capture("root")
}

// WindowScreenshot captures one X window by id.
func WindowScreenshot(xid uint64) (image.Image, error) {
	return capture(fmt.Sprintf("0x%x", xid))
}

func capture(window string) (image.Image, error) {
	out, err := exec.Command("import", "-window", window, "-depth", "8", "png:-").Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return nil, fmt.Errorf("xvfb: import: %v: %s", err, ee.Stderr)
		}
		return nil, fmt.Errorf("xvfb: import (install imagemagick): %w", err)
	}
	return png.Decode(bytes.NewReader(out))
}

// Count returns how many pixels of img have exactly the colour r, g, b.
func Count(img image.Image, r, g, b uint8) int {
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
