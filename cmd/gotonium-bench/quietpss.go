package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strconv"
)

// errNoPFN means /proc/<pid>/pagemap shows no page frame numbers: reading
// them needs CAP_SYS_ADMIN (root).
var errNoPFN = errors.New("pagemap shows no page frame numbers (run as root for the quiet-machine Pss)")

// quietPss returns the Pss (kB) the process tree would have if the processes
// in others were not running: the kernel's Pss splits each page among every
// process that maps it, so WebKit programs running beside the benchmark (a
// test suite, a browser) and other Xvfb servers share library pages with the
// tree and lower its Pss.
// It also returns the plain Pss computed the same way, with others counted,
// as a check against smaps_rollup.
//
// Mappings that share nothing count their private pages (smaps). For the
// others, each resident page found in /proc/<pid>/pagemap counts
// pagesize × m / (M − o): m mappings of the page in the tree, M in the whole
// machine (/proc/kpagecount), o in others.
func quietPss(tree, others []procStat) (quiet, plain int64, err error) {
	inTree := map[uint64]int64{} // page frame → mappings in the tree
	var privateKB int64
	for _, p := range tree {
		pkb, err := scanShared(p, func(pfn uint64) { inTree[pfn]++ })
		if err != nil {
			return 0, 0, err
		}
		privateKB += pkb
	}
	if _, ok := inTree[0]; ok {
		return 0, 0, errNoPFN
	}
	inOthers := map[uint64]int64{}
	for _, p := range others {
		// Errors only lose precision: the process may have exited.
		scanShared(p, func(pfn uint64) {
			if _, ok := inTree[pfn]; ok {
				inOthers[pfn]++
			}
		})
	}
	kpc, err := os.Open("/proc/kpagecount")
	if err != nil {
		return 0, 0, err
	}
	defer kpc.Close()
	pageKB := float64(os.Getpagesize() / 1024)
	var quietKB, plainKB float64
	buf := make([]byte, 8)
	for pfn, m := range inTree {
		if _, err := kpc.ReadAt(buf, int64(pfn*8)); err != nil {
			return 0, 0, fmt.Errorf("/proc/kpagecount: %w", err)
		}
		total := int64(binary.LittleEndian.Uint64(buf))
		total = max(total, m) // the counts are read at different instants
		plainKB += pageKB * float64(m) / float64(total)
		quietKB += pageKB * float64(m) / float64(max(total-inOthers[pfn], m))
	}
	return privateKB + int64(quietKB), privateKB + int64(plainKB), nil
}

// scanShared calls f with the page frame number of every resident page of
// p's mappings that share pages, and returns the private memory (kB) of its
// other mappings. It returns no error for a process that has exited.
func scanShared(p procStat, f func(pfn uint64)) (int64, error) {
	pm, err := os.Open("/proc/" + strconv.Itoa(p.pid) + "/pagemap")
	if err != nil {
		if !alive(p) {
			return 0, nil
		}
		return 0, err
	}
	defer pm.Close()
	var privateKB int64
	err = scanSmaps(p.pid, func(start, end uint64, private, shared int64) error {
		if shared == 0 {
			privateKB += private
			return nil
		}
		return presentFrames(pm, start, end, f)
	})
	if err != nil && !alive(p) {
		return 0, nil
	}
	return privateKB, err
}

// presentFrames calls f with the page frame number of each resident page in
// [start, end), from a process's open /proc/<pid>/pagemap (0 when the
// numbers are hidden from us).
func presentFrames(pm *os.File, start, end uint64, f func(pfn uint64)) error {
	page := uint64(os.Getpagesize())
	buf := make([]byte, (end-start)/page*8)
	if _, err := pm.ReadAt(buf, int64(start/page*8)); err != nil {
		return fmt.Errorf("%s: %w", pm.Name(), err)
	}
	for i := 0; i+8 <= len(buf); i += 8 {
		if e := binary.LittleEndian.Uint64(buf[i:]); e&(1<<63) != 0 { // present
			f(e & (1<<55 - 1))
		}
	}
	return nil
}
