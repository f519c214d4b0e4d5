package main

import (
	"bufio"
	"os"
	"strconv"
	"strings"
)

// scanSmaps calls f for every mapping of a process with its address range
// and its private and shared resident memory in kB.
func scanSmaps(pid int, f func(start, end uint64, privateKB, sharedKB int64) error) error {
	file, err := os.Open("/proc/" + strconv.Itoa(pid) + "/smaps")
	if err != nil {
		return err
	}
	defer file.Close()
	var start, end uint64
	var private, shared int64
	open := false
	flush := func() error {
		if !open {
			return nil
		}
		open = false
		return f(start, end, private, shared)
	}
	sc := bufio.NewScanner(file)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		first, rest, _ := strings.Cut(line, " ")
		if !strings.HasSuffix(first, ":") { // a mapping: "start-end perms offset dev inode path"
			lo, hi, ok := strings.Cut(first, "-")
			if !ok {
				continue
			}
			if err := flush(); err != nil {
				return err
			}
			start, _ = strconv.ParseUint(lo, 16, 64)
			end, _ = strconv.ParseUint(hi, 16, 64)
			private, shared, open = 0, 0, true
			continue
		}
		var kb int64
		if fs := strings.Fields(rest); len(fs) > 0 {
			kb, _ = strconv.ParseInt(fs[0], 10, 64)
		}
		switch first {
		case "Private_Clean:", "Private_Dirty:":
			private += kb
		case "Shared_Clean:", "Shared_Dirty:":
			shared += kb
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return flush()
}
