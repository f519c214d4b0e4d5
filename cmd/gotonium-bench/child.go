package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// A child is one started app or baseline process.
type child struct {
	name   string
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	start  time.Time        // just before exec
	lines  chan stampedLine // stdout, each line with when the driver read it
	stderr *tail
	exited chan struct{} // closed when the process has been waited for
	seen   []procStat    // every process seen in its tree, for the final check
}

type stampedLine struct {
	text string
	at   time.Duration // since start
}

// live holds the children not yet stopped, so that an interrupt can stop them.
var live = struct {
	sync.Mutex
	m map[*child]bool
}{m: map[*child]bool{}}

// startChild starts bin with args and env. The child gets its own process
// group and SIGKILL when the driver dies.
func startChild(name, bin string, args, env []string) (*child, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	c := &child{name: name, cmd: cmd, lines: make(chan stampedLine, 256), stderr: &tail{max: 4096}, exited: make(chan struct{})}
	var err error
	if c.stdin, err = cmd.StdinPipe(); err != nil {
		return nil, err
	}
	// Pipes of our own: the web processes inherit stdout and stderr and keep
	// them open after the child exits, which must not delay Wait.
	outR, outW, err := os.Pipe()
	if err != nil {
		c.stdin.Close()
		return nil, err
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		outR.Close()
		outW.Close()
		c.stdin.Close()
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = outW, errW
	c.start = time.Now()
	err = cmd.Start()
	outW.Close()
	errW.Close()
	if err != nil {
		outR.Close()
		errR.Close()
		c.stdin.Close()
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	live.Lock()
	live.m[c] = true
	live.Unlock()
	go func() {
		defer outR.Close()
		sc := bufio.NewScanner(outR)
		for sc.Scan() {
			l := stampedLine{text: sc.Text(), at: time.Since(c.start)}
			select {
			case c.lines <- l:
			default: // nobody reads any more
			}
		}
		close(c.lines)
	}()
	go func() {
		defer errR.Close()
		io.Copy(c.stderr, errR)
	}()
	go func() {
		cmd.Wait()
		close(c.exited)
	}()
	return c, nil
}

// launchTimes is what the driver saw of a start-up: when the first and the
// last window reported their page loaded, measured from exec.
type launchTimes struct {
	first, all time.Duration
}

// waitReady reads LOADED lines until READY and checks that all n windows
// reported.
func (c *child) waitReady(n int, timeout time.Duration) (launchTimes, error) {
	var t launchTimes
	got := 0
	deadline := time.After(timeout)
	exited := c.exited
	for {
		select {
		case l, ok := <-c.lines:
			if !ok {
				<-c.exited
				return t, c.failure(fmt.Sprintf("exited before READY (%v)", c.cmd.ProcessState))
			}
			switch {
			case strings.HasPrefix(l.text, "LOADED "):
				if got == 0 {
					t.first = l.at
				}
				t.all = l.at
				got++
			case l.text == "READY":
				if got != n {
					return t, c.failure(fmt.Sprintf("READY after %d of %d windows", got, n))
				}
				c.remember()
				return t, nil
			}
		case <-exited: // read what it wrote, then give up
			exited = nil
			deadline = time.After(200 * time.Millisecond)
			timeout = -1
		case <-deadline:
			if timeout < 0 {
				return t, c.failure(fmt.Sprintf("exited before READY (%v)", c.cmd.ProcessState))
			}
			return t, c.failure(fmt.Sprintf("no READY within %v (%d of %d windows loaded)", timeout, got, n))
		}
	}
}

func (c *child) failure(what string) error {
	msg := fmt.Sprintf("%s: %s", c.name, what)
	if s := strings.TrimSpace(c.stderr.String()); s != "" {
		msg += "; its stderr ends with:\n" + s
	}
	return errors.New(msg)
}

// remember records the processes now in the child's tree.
func (c *child) remember() {
	c.seen = append(c.seen, tree(c.cmd.Process.Pid)...)
}

// stop ends the child and every process it started: stdin closed and SIGTERM
// first, SIGKILL for whatever is left after a grace period. It returns the
// processes of the tree that are still alive afterwards (none, normally).
func (c *child) stop() []procStat {
	live.Lock()
	delete(live.m, c)
	live.Unlock()
	root := c.cmd.Process.Pid
	c.remember()
	procs := uniq(c.seen)

	c.stdin.Close()
	syscall.Kill(root, syscall.SIGTERM)
	select {
	case <-c.exited:
	case <-time.After(3 * time.Second):
	}
	// Web processes end by themselves when their UI process goes; ask anyway.
	for _, p := range procs {
		signalProc(p, syscall.SIGTERM)
	}
	deadline := time.Now().Add(2 * time.Second)
	for anyAlive(procs) && time.Now().Before(deadline) {
		for _, p := range procs {
			reap(p)
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, p := range procs {
		signalProc(p, syscall.SIGKILL)
	}
	syscall.Kill(-root, syscall.SIGKILL) // the process group, in case something escaped the tree walk
	<-c.exited
	// Wait until every process is gone: reaped, or a zombie of someone else.
	// A zombie of ours may not be reapable yet, while its other threads are
	// still exiting.
	me := os.Getpid()
	var left []procStat
	for i := 0; i < 100; i++ {
		left = left[:0]
		pending := false
		for _, p := range procs {
			if alive(p) {
				left = append(left, p)
				pending = true
			} else if now, err := readStat(p.pid); err == nil && now.start == p.start && now.ppid == me {
				reap(p)
				pending = true
			}
		}
		if !pending {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	return left
}

// stopAll stops every child still running (on interrupt or error).
func stopAll() {
	live.Lock()
	var cs []*child
	for c := range live.m {
		cs = append(cs, c)
	}
	live.Unlock()
	for _, c := range cs {
		c.stop()
	}
}

func anyAlive(ps []procStat) bool {
	for _, p := range ps {
		if alive(p) {
			return true
		}
	}
	return false
}

func uniq(ps []procStat) []procStat {
	type key struct {
		pid   int
		start uint64
	}
	seen := map[key]bool{}
	var out []procStat
	for _, p := range ps {
		k := key{p.pid, p.start}
		if !seen[k] {
			seen[k] = true
			out = append(out, p)
		}
	}
	return out
}

// tail keeps the last max bytes written to it.
type tail struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.max {
		t.buf = t.buf[len(t.buf)-t.max:]
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(bytes.ToValidUTF8(t.buf, nil))
}

// childEnv is the environment of every child: the driver's, with GTK kept
// from starting accessibility daemons and WebKit's caches in dir.
// WEBKIT_DISABLE_DMABUF_RENDERER is left alone: both children apply the same
// default.
func childEnv(dir string) []string {
	env := os.Environ()
	set := map[string]string{
		"NO_AT_BRIDGE":   "1",
		"XDG_CACHE_HOME": dir + "/cache",
		"XDG_DATA_HOME":  dir + "/data",
	}
	out := env[:0:0]
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		if _, ok := set[k]; !ok {
			out = append(out, kv)
		}
	}
	for k, v := range set {
		out = append(out, k+"="+v)
	}
	return out
}

// stopOwnXvfb ends the Xvfb that xvfb.Ensure started for this process (a
// child of ours) and reaps it.
func stopOwnXvfb() {
	me := os.Getpid()
	for _, p := range allProcs() {
		if p.ppid != me || p.comm != "Xvfb" {
			continue
		}
		signalProc(p, syscall.SIGTERM)
		for i := 0; i < 50 && alive(p); i++ {
			time.Sleep(20 * time.Millisecond)
		}
		signalProc(p, syscall.SIGKILL)
		var ws syscall.WaitStatus
		syscall.Wait4(p.pid, &ws, 0, nil)
	}
}
