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
	"net"
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
	// Xvfb servers that start at the same moment (test binaries of several
	// packages) can race for a display number; the loser reports the
	// number and dies. So a server counts once it answers and is still
	// alive, and another is started otherwise.
	var errs []error
	for attempt := 0; attempt < 3; attempt++ {
		d, err := start(bin)
		if err == nil {
			os.Setenv("DISPLAY", d.Name)
			return d, nil
		}
		errs = append(errs, err)
	}
	return nil, errors.Join(errs...)
}

// start starts one Xvfb and waits until it answers on its display.
func start(bin string) (*Display, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	cmd := exec.Command(bin, "-displayfd", "3", "-screen", "0", "1600x1000x24", "-nolisten", "tcp", "-noreset")
	cmd.ExtraFiles = []*os.File{w}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := startTied(cmd); err != nil {
		w.Close()
		return nil, fmt.Errorf("xvfb: start: %w", err)
	}
	w.Close()
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(r).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	var n string
	select {
	case n = <-line:
	case <-time.After(15 * time.Second):
		cmd.Process.Kill()
		<-exited
		return nil, errors.New("xvfb: Xvfb did not report a display in 15 s")
	}
	if n == "" {
		cmd.Process.Kill()
		<-exited
		return nil, fmt.Errorf("xvfb: Xvfb exited without a display number: %s", strings.TrimSpace(stderr.String()))
	}
	// Ours answers when the server on the display's socket is our process
	// (another one may hold the socket).
	deadline := time.Now().Add(5 * time.Second)
	for {
		if peerPID("/tmp/.X11-unix/X"+n) == cmd.Process.Pid {
			return &Display{Name: ":" + n, started: cmd}, nil
		}
		select {
		case <-exited:
			return nil, fmt.Errorf("xvfb: Xvfb on :%s died: %s", n, strings.TrimSpace(stderr.String()))
		default:
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			<-exited
			return nil, fmt.Errorf("xvfb: Xvfb on :%s does not answer", n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// peerPID returns the process id of the server listening on the unix socket
// at path, or 0.
func peerPID(path string) int {
	c, err := net.Dial("unix", path)
	if err != nil {
		return 0
	}
	defer c.Close()
	raw, err := c.(*net.UnixConn).SyscallConn()
	if err != nil {
		return 0
	}
	pid := 0
	raw.Control(func(fd uintptr) {
		if cred, err := syscall.GetsockoptUcred(int(fd), syscall.SOL_SOCKET, syscall.SO_PEERCRED); err == nil {
			pid = int(cred.Pid)
		}
	})
	return pid
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
