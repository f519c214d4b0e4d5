package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// devDelay is how long dev waits after the last change before rebuilding.
const devDelay = 200 * time.Millisecond

func cmdDev(ctx context.Context, args []string, p *progress, errOut io.Writer) error {
	fs := flags("dev", "dev [-C DIR] [ARGS...]", errOut)
	dir := fs.String("C", ".", "the app's folder (its main package)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	root, err := filepath.Abs(*dir)
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		return fmt.Errorf("dev: %s has no go.mod: run gotonium dev in the app's module folder (or -C DIR)", root)
	}
	tmp, err := os.MkdirTemp("", "gotonium-dev-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	d := &devRun{root: root, bin: filepath.Join(tmp, filepath.Base(root)), args: fs.Args(), p: p, errOut: errOut}

	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("dev: watching files: %v", err)
	}
	defer w.Close()
	if err := watchGoTree(w, root); err != nil {
		return fmt.Errorf("dev: watching files: %v", err)
	}

	if err := d.build(ctx); err != nil {
		return fmt.Errorf("dev: the first build failed; fix it and run gotonium dev again")
	}
	if err := d.start(); err != nil {
		return err
	}
	defer d.stop()
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	var changed []string
	for {
		select {
		case <-ctx.Done():
			p.step("stopping")
			return nil
		case err := <-d.exited:
			if err != nil {
				return fmt.Errorf("dev: the app ended: %v", err)
			}
			p.step("the app ended")
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					watchGoTree(w, ev.Name)
				}
			}
			if goSource(ev.Name) && ev.Op != fsnotify.Chmod {
				rel, _ := filepath.Rel(root, ev.Name)
				changed = append(changed, rel)
				timer.Reset(devDelay)
			}
		case err := <-w.Errors:
			p.step("watching: %v", err)
		case <-timer.C:
			p.step("rebuilding after a change of %s", strings.Join(unique(changed), ", "))
			changed = nil
			if err := d.build(ctx); err != nil {
				p.step("the build failed; the app keeps running as it was")
				continue
			}
			d.stop()
			if err := d.start(); err != nil {
				return err
			}
		}
	}
}

// devRun is the app that dev builds and runs.
type devRun struct {
	root, bin string
	args      []string
	p         *progress
	errOut    io.Writer
	cmd       *exec.Cmd
	exited    chan error // the running app's end; nil channel while none runs
}

func (d *devRun) build(ctx context.Context) error {
	d.p.step("building %s", d.root)
	start := time.Now()
	cmd := exec.CommandContext(ctx, "go", "build", "-o", d.bin, ".")
	cmd.Dir = d.root
	cmd.Stdout, cmd.Stderr = d.errOut, d.errOut
	if err := cmd.Run(); err != nil {
		return err
	}
	d.p.step("built in %.1fs", time.Since(start).Seconds())
	return nil
}

// start runs the built app with GOTONIUM_DEV=1, in the app's folder.
func (d *devRun) start() error {
	cmd := exec.Command(d.bin, d.args...)
	cmd.Dir = d.root
	cmd.Env = append(os.Environ(), "GOTONIUM_DEV=1")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("dev: starting the app: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	d.cmd, d.exited = cmd, exited
	d.p.step("running (pid %d); edit a .go file to rebuild, a page to reload it", cmd.Process.Pid)
	return nil
}

// stop ends the running app: SIGTERM to its process group, SIGKILL after 5 s.
func (d *devRun) stop() {
	if d.cmd == nil {
		return
	}
	pgid := d.cmd.Process.Pid
	syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-d.exited:
	case <-time.After(5 * time.Second):
		d.p.step("the app did not end on SIGTERM within 5 s; killing it")
		syscall.Kill(-pgid, syscall.SIGKILL)
		<-d.exited
	}
	d.cmd, d.exited = nil, nil
}

// watchGoTree watches dir and the folders below it, but not hidden ones,
// node_modules or testdata.
func watchGoTree(w *fsnotify.Watcher, dir string) error {
	return filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil || !e.IsDir() {
			return nil
		}
		if n := e.Name(); path != dir && (strings.HasPrefix(n, ".") || n == "node_modules" || n == "testdata") {
			return filepath.SkipDir
		}
		if err := w.Add(path); err != nil && path == dir {
			return err
		}
		return nil
	})
}

// goSource reports whether a change of the file name needs a rebuild: Go
// files (tests excluded), go.mod and go.sum.
func goSource(name string) bool {
	base := filepath.Base(name)
	return (strings.HasSuffix(base, ".go") && !strings.HasSuffix(base, "_test.go") && !strings.HasPrefix(base, ".")) ||
		base == "go.mod" || base == "go.sum"
}

func unique(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
