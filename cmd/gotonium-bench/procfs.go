package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// procStat is what the benchmark reads from /proc/<pid>/stat.
type procStat struct {
	pid, ppid, pgrp int
	comm            string
	state           byte
	ticks           uint64 // utime + stime, in clock ticks
	start           uint64 // starttime, in clock ticks after boot: with pid, identifies the process
}

// readStat reads /proc/<pid>/stat.
func readStat(pid int) (procStat, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return procStat{}, err
	}
	return parseStat(pid, b)
}

// parseStat parses a stat line; comm may hold spaces and parentheses, so the
// fields are counted from the last ')'.
func parseStat(pid int, b []byte) (procStat, error) {
	open, end := bytes.IndexByte(b, '('), bytes.LastIndexByte(b, ')')
	if open < 0 || end < open {
		return procStat{}, fmt.Errorf("/proc/%d/stat: malformed", pid)
	}
	f := strings.Fields(string(b[end+1:]))
	// f[0] is field 3 (state); utime, stime and starttime are fields 14, 15 and 22.
	if len(f) < 20 {
		return procStat{}, fmt.Errorf("/proc/%d/stat: %d fields", pid, len(f)+2)
	}
	num := func(i int) uint64 { n, _ := strconv.ParseUint(f[i], 10, 64); return n }
	return procStat{
		pid:   pid,
		comm:  string(b[open+1 : end]),
		state: f[0][0],
		ppid:  int(num(1)),
		pgrp:  int(num(2)),
		ticks: num(11) + num(12),
		start: num(19),
	}, nil
}

// allProcs reads the stat of every process (not thread) on the machine.
func allProcs() []procStat {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var ps []procStat
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if s, err := readStat(pid); err == nil {
			ps = append(ps, s)
		}
	}
	return ps
}

// tree returns root and all its living descendants (found through ppid
// chains), root first. It is empty when root is gone.
func tree(root int) []procStat { return treeOf(root, allProcs()) }

func treeOf(root int, all []procStat) []procStat {
	kids := map[int][]procStat{}
	var top *procStat
	for i, s := range all {
		kids[s.ppid] = append(kids[s.ppid], s)
		if s.pid == root {
			top = &all[i]
		}
	}
	if top == nil || top.state == 'Z' {
		return nil
	}
	out := []procStat{*top}
	for i := 0; i < len(out); i++ {
		for _, k := range kids[out[i].pid] {
			if k.state != 'Z' {
				out = append(out, k)
			}
		}
	}
	return out
}

// alive reports whether the process s still runs (same pid and start time,
// not a zombie).
func alive(s procStat) bool {
	now, err := readStat(s.pid)
	return err == nil && now.start == s.start && now.state != 'Z'
}

// signalProc sends sig to s unless its pid now belongs to another process.
func signalProc(s procStat, sig syscall.Signal) {
	if alive(s) {
		syscall.Kill(s.pid, sig)
	}
}

// reap collects the exit status of s if it became our child (we are a
// subreaper), so that it does not stay a zombie.
func reap(s procStat) {
	var ws syscall.WaitStatus
	syscall.Wait4(s.pid, &ws, syscall.WNOHANG, nil)
}

// becomeSubreaper makes orphaned descendants (web processes whose UI process
// died) children of this process instead of init, so that they can be reaped.
func becomeSubreaper() {
	const prSetChildSubreaper = 36
	syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0)
}

// pssKB returns the proportional set size of a process in kB, from
// /proc/<pid>/smaps_rollup.
func pssKB(pid int) (int64, error) {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/smaps_rollup")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "Pss:"); ok {
			v := strings.Fields(rest)
			if len(v) == 0 {
				break
			}
			return strconv.ParseInt(v[0], 10, 64)
		}
	}
	return 0, fmt.Errorf("/proc/%d/smaps_rollup: no Pss line", pid)
}

// summary counts processes by program name, in tree order: "app 1,
// WebKitNetworkProcess 1, WebKitWebProcess 5".
func summary(procs []procStat) string {
	n := map[string]int{}
	var names []string
	for _, p := range procs {
		name := progName(p)
		if n[name] == 0 {
			names = append(names, name)
		}
		n[name]++
	}
	parts := make([]string, len(names))
	for i, name := range names {
		parts[i] = fmt.Sprintf("%s %d", name, n[name])
	}
	return strings.Join(parts, ", ")
}

// progName is the base name of the program's argv[0]; comm, cut to 15
// characters, when that cannot be read.
func progName(p procStat) string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(p.pid) + "/cmdline")
	if err != nil || len(b) == 0 {
		return p.comm
	}
	arg0, _, _ := bytes.Cut(b, []byte{0})
	return filepath.Base(string(arg0))
}

// treeTicks returns the CPU time (utime+stime, clock ticks) of every process
// in the tree under root, by pid.
func treeTicks(root int) map[int]procStat {
	m := map[int]procStat{}
	for _, p := range tree(root) {
		m[p.pid] = p
	}
	return m
}

// ticksBetween sums the CPU ticks the tree used between two samples; a
// process that started in between counts in full.
func ticksBetween(before, after map[int]procStat) uint64 {
	var sum uint64
	for pid, a := range after {
		b, ok := before[pid]
		switch {
		case !ok || b.start != a.start:
			sum += a.ticks
		case a.ticks > b.ticks:
			sum += a.ticks - b.ticks
		}
	}
	return sum
}

// strays reaps the zombies among this process's children and returns the
// living ones that are WebKit processes (orphans that reached us as
// subreaper and outlived every stop).
func strays() []procStat {
	me := os.Getpid()
	var out []procStat
	for _, p := range allProcs() {
		if p.ppid != me {
			continue
		}
		if p.state == 'Z' {
			reap(p)
		} else if strings.HasPrefix(p.comm, "WebKit") {
			out = append(out, p)
		}
	}
	return out
}
