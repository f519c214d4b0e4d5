package main

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
)

// memory is what the benchmark reads of a process tree's memory, settle
// after READY.
type memory struct {
	// pssKB is the figure the table shows: the Pss of the tree as if no other
	// WebKit program or Xvfb ran (quietPss); when there was none, or page
	// frames cannot be read, simply the sum of smaps_rollup Pss.
	pssKB int64
	// rollupKB is the sum of Pss from /proc/<pid>/smaps_rollup, and
	// recomputedKB the same figure computed from pagemap and kpagecount (a
	// check of quietPss's method; 0 when not computed).
	rollupKB, recomputedKB int64
	others                 int // processes of other programs that lower the Pss (otherSharers)
	noPFN                  bool
	procs                  int    // processes in the tree
	tree                   string // e.g. "app 1, WebKitNetworkProcess 1, WebKitWebProcess 5"
}

// measureMemory reads the memory of the tree under root.
func measureMemory(root int) (memory, error) {
	var m memory
	var err error
	// When other programs start or end between the smaps_rollup reading
	// and the page scan, the two disagree: read again.
	for try := 0; try < 5; try++ {
		var stable bool
		if m, stable, err = readMemory(root); err != nil || m.others == 0 || m.noPFN || (stable && m.deviation() <= 0.02) {
			break
		}
	}
	return m, err
}

// readMemory reads the memory of the tree under root once; stable reports
// that the set of other programs did not change meanwhile.
func readMemory(root int) (m memory, stable bool, err error) {
	all := allProcs()
	procs := treeOf(root, all)
	if len(procs) == 0 {
		return m, false, fmt.Errorf("process %d is gone", root)
	}
	m = memory{procs: len(procs), tree: summary(procs)}
	others := otherSharers(all, procs)
	m.others = len(others)
	for _, p := range procs {
		kb, err := pssKB(p.pid)
		if err != nil {
			if alive(p) {
				return m, false, err
			}
			continue // exited meanwhile
		}
		m.rollupKB += kb
	}
	m.pssKB = m.rollupKB
	if m.others == 0 {
		return m, true, nil
	}
	quiet, plain, err := quietPss(procs, others)
	switch {
	case errors.Is(err, errNoPFN):
		m.noPFN = true
		return m, true, nil
	case err != nil:
		return m, false, err
	}
	m.pssKB, m.recomputedKB = quiet, plain
	return m, samePids(others, otherSharers(allProcs(), procs)), nil
}

func samePids(a, b []procStat) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].pid != b[i].pid || a[i].start != b[i].start {
			return false
		}
	}
	return true
}

// deviation is how far the recomputed Pss is from smaps_rollup's, relative.
func (m memory) deviation() float64 {
	if m.rollupKB == 0 {
		return 0
	}
	return math.Abs(float64(m.recomputedKB-m.rollupKB)) / float64(m.rollupKB)
}

// String is the progress report of a reading.
func (m memory) String() string {
	s := fmt.Sprintf("Pss %s (%s)", megabytes(float64(m.pssKB)), m.tree)
	switch {
	case m.noPFN:
		s += fmt.Sprintf(" [lowered by %d processes of other WebKit programs or Xvfb servers]", m.others)
	case m.others > 0:
		s += fmt.Sprintf(" [%d processes of other WebKit programs or Xvfb servers left out; smaps_rollup %s, recomputed %s]",
			m.others, megabytes(float64(m.rollupKB)), megabytes(float64(m.recomputedKB)))
	}
	return s
}

// otherSharers returns the processes of other programs that map the big
// libraries a WebKit tree maps, and so lower its Pss: every living process
// outside the tree that maps WebKit or JavaScriptCore, and every Xvfb that is
// not this process's own (Xvfb maps Mesa's llvmpipe, as the web processes
// do). The X server the benchmark draws on stays: it is part of any setup.
func otherSharers(all, tree []procStat) []procStat {
	me := os.Getpid()
	in := map[int]bool{me: true}
	for _, p := range tree {
		in[p.pid] = true
	}
	var out []procStat
	for _, p := range all {
		if in[p.pid] || p.state == 'Z' {
			continue
		}
		if p.comm == "Xvfb" {
			if p.ppid != me {
				out = append(out, p)
			}
			continue
		}
		maps, err := os.ReadFile("/proc/" + strconv.Itoa(p.pid) + "/maps")
		if err == nil && (bytes.Contains(maps, []byte("/libwebkit")) || bytes.Contains(maps, []byte("/libjavascriptcore"))) {
			out = append(out, p)
		}
	}
	return out
}
