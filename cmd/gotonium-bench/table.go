package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// A row of the result table: baseline and gotonium values of one figure,
// one per successful run.
type row struct {
	what      string
	base, got []float64
	format    func(float64) string
}

// rows turns what was measured into table rows.
func (b *bench) rows() []row {
	var rs []row
	pick := func(label string, n int, f func(sample) float64) []float64 {
		var v []float64
		for _, s := range b.samples[key{label, n}] {
			v = append(v, f(s))
		}
		return v
	}
	first := func(s sample) float64 { return s.launch.first.Seconds() }
	all := func(s sample) float64 { return s.launch.all.Seconds() }
	pss := func(s sample) float64 { return float64(s.mem.pssKB) }
	procs := func(label string, n int) string {
		ss := b.samples[key{label, n}]
		if len(ss) == 0 {
			return "?"
		}
		return fmt.Sprint(ss[len(ss)-1].mem.procs)
	}
	pair := func(what, baseLabel, gotLabel string, n int, f func(sample) float64, format func(float64) string) row {
		return row{what: what, base: pick(baseLabel, n, f), got: pick(gotLabel, n, f), format: format}
	}
	if b.doLaunch {
		if has(b.windows, 1) {
			rs = append(rs, pair("launch → first window loaded (1 window)", "baseline", "gotonium", 1, first, secondsF))
		}
		for _, n := range b.windows {
			if n > 1 {
				rs = append(rs, pair(fmt.Sprintf("launch → all %d windows loaded", n), "baseline", "gotonium", n, all, secondsF))
			}
		}
		if b.doMemory {
			for _, n := range b.windows {
				if n > 1 {
					rs = append(rs, pair(fmt.Sprintf("launch → all %d windows loaded, one web process (-shared / lightweight)", n),
						"baseline -shared", "gotonium lightweight", n, all, secondsF))
				}
			}
		}
	}
	if b.doMemory {
		for _, n := range b.windows {
			rs = append(rs, pair(fmt.Sprintf("memory (Pss of the tree), %d window%s [%s / %s processes]", n, plural(n),
				procs("baseline", n), procs("gotonium", n)), "baseline", "gotonium", n, pss, megabytes))
		}
		for _, n := range b.windows {
			if n > 1 {
				rs = append(rs, pair(fmt.Sprintf("memory, %d windows, one web process (-shared / lightweight) [%s / %s processes]", n,
					procs("baseline -shared", n), procs("gotonium lightweight", n)), "baseline -shared", "gotonium lightweight", n, pss, megabytes))
			}
		}
	}
	if b.doIdle {
		rs = append(rs,
			row{what: "idle CPU, 1 window, `gotonium.RunMulti` (event-driven)",
				base: b.idleCPU["baseline"], got: b.idleCPU["gotonium"], format: percent},
			row{what: "idle CPU, 1 window, `UpdateMessageLoop` + 16 ms sleep",
				base: b.idleCPU["baseline"], got: b.idleCPU["gotonium pump16"], format: percent})
	}
	return rs
}

// writeTable prints the rows as a Markdown table: medians, with the range
// over runs in brackets when there was more than one.
func writeTable(w io.Writer, rs []row) {
	fmt.Fprintln(w, "| what | baseline | gotonium | ratio |")
	fmt.Fprintln(w, "|---|---:|---:|---:|")
	for _, r := range rs {
		ratio := "—"
		if len(r.base) > 0 && len(r.got) > 0 {
			if mb := median(r.base); mb > 0 {
				ratio = fmt.Sprintf("%.2f×", median(r.got)/mb)
			}
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", r.what, cell(r.base, r.format), cell(r.got, r.format), ratio)
	}
}

// cell is the median of v with the range in brackets.
func cell(v []float64, format func(float64) string) string {
	if len(v) == 0 {
		return "failed"
	}
	s := format(median(v))
	if len(v) > 1 {
		lo, hi := minMax(v)
		s += fmt.Sprintf(" (%s–%s)", strings.Fields(format(lo))[0], strings.Fields(format(hi))[0])
	}
	return s
}

// notes explains the table, for the lines below it.
func (b *bench) notes() string {
	var ns []string
	if b.runs > 1 {
		ns = append(ns, fmt.Sprintf("Medians of %d runs, the range over the runs in brackets.", b.runs))
	} else {
		ns = append(ns, "One run.")
	}
	ns[0] += " Ratio: gotonium / baseline (of the medians)."
	if b.doLaunch {
		ns = append(ns, "Launch: from exec to the driver reading the `LOADED` line of the first / last window "+
			"(gotonium: `EvaluateJavascript(\"document.readyState\")` returned; baseline: `WEBKIT_LOAD_FINISHED`).")
	}
	if b.doMemory {
		ns = append(ns, fmt.Sprintf("Memory: Pss of the program and all its descendants (web and network processes), "+
			"from `/proc/<pid>/smaps_rollup`, %s after `READY`; [processes: baseline / gotonium]; MB = 2^20 bytes.", human(settle)))
		ns = append(ns, b.memoryCheck())
	}
	if b.doIdle {
		ns = append(ns, fmt.Sprintf("Idle CPU: %% of one CPU used by the whole tree (utime + stime) over %s from %s after `READY`; "+
			"in each run the baseline and both gotonium loops ran side by side, measured over the same interval.", human(b.idle), human(settle)))
	}
	return "- " + strings.Join(ns, "\n- ")
}

// memoryCheck says how many memory readings had to leave other programs out, and how well the recomputed Pss matched smaps_rollup.
func (b *bench) memoryCheck() string {
	var total, recomputed, lowered int
	var devs []float64
	for _, ss := range b.samples {
		for _, s := range ss {
			total++
			m := s.mem
			switch {
			case m.noPFN:
				lowered++
			case m.others > 0:
				recomputed++
				devs = append(devs, m.deviation()*100)
			}
		}
	}
	if recomputed == 0 && lowered == 0 {
		return fmt.Sprintf("No other WebKit program or Xvfb ran during the %d memory readings.", total)
	}
	var s string
	if recomputed > 0 {
		s = fmt.Sprintf("In %d of %d memory readings other WebKit programs or Xvfb servers were running; they map the same "+
			"libraries (WebKit, JavaScriptCore, Mesa), which lowers the tree's Pss. For those readings the table gives the Pss "+
			"the tree would have without them: page by page, from `/proc/<pid>/pagemap` and `/proc/kpagecount`, with the "+
			"other programs' mappings left out. Computed the same way but with them counted, it differed from `smaps_rollup` "+
			"by %.1f %% (median; at most %.1f %%).", recomputed, total, median(devs), slices.Max(devs))
		if slices.Max(devs) > 1 {
			s += " Large differences come from other programs starting or ending during a reading."
		}
	}
	if lowered > 0 {
		s += fmt.Sprintf(" %d of %d memory readings were taken while other WebKit programs ran and could not be corrected "+
			"(page frame numbers need root): they are too low.", lowered, total)
	}
	return strings.TrimSpace(s)
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	n := len(s)
	if n == 0 {
		return math.NaN()
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func minMax(v []float64) (lo, hi float64) {
	lo, hi = v[0], v[0]
	for _, x := range v[1:] {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	return
}

func secondsF(s float64) string { return fmt.Sprintf("%.2f s", s) }

func seconds(d time.Duration) string { return secondsF(d.Seconds()) }

// megabytes formats a size in kB (KiB) as MB (MiB).
func megabytes(kb float64) string { return fmt.Sprintf("%.0f MB", kb/1024) }

func percent(p float64) string { return fmt.Sprintf("%.2f %%", p) }

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func has(v []int, x int) bool {
	for _, y := range v {
		if y == x {
			return true
		}
	}
	return false
}

// human writes a duration as "10 s" or "2.5 s".
func human(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + " s"
}
