package main

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

// settle is how long after READY memory and idle CPU are sampled: long
// enough for the first paint and the start-up work to be over.
const settle = 2 * time.Second

// readyTimeout bounds a start-up (20 windows on a busy machine take seconds).
const readyTimeout = 2 * time.Minute

// A variant is one program configuration under test.
type variant struct {
	label string // e.g. "gotonium lightweight"
	bin   string
	args  []string // without -windows
}

// A sample is what one start of a variant gave.
type sample struct {
	launch launchTimes
	mem    memory
}

type key struct {
	variant string
	windows int
}

// bench holds the settings and everything measured.
type bench struct {
	appBin, baseBin string
	env             []string
	clkTck          float64
	runs            int
	windows         []int
	idle            time.Duration
	url             string // -url: the page all programs load, or "" for their default
	baseScript      string // -baseline-script: a file the baseline injects, or ""
	doLaunch        bool
	doMemory        bool
	doIdle          bool

	samples  map[key][]sample
	idleCPU  map[string][]float64 // per variant label, % of one CPU
	failures []string
	leftover []procStat // processes that survived stop (should stay empty)
	warned   map[string]bool
}

func (b *bench) variants() (base, got, baseShared, gotLight, gotPump variant) {
	base = variant{label: "baseline", bin: b.baseBin}
	baseShared = variant{label: "baseline -shared", bin: b.baseBin, args: []string{"-shared"}}
	got = variant{label: "gotonium", bin: b.appBin, args: []string{"-loop", "run"}}
	gotLight = variant{label: "gotonium lightweight", bin: b.appBin, args: []string{"-loop", "run", "-lightweight"}}
	gotPump = variant{label: "gotonium pump16", bin: b.appBin, args: []string{"-loop", "pump16"}}
	if b.baseScript != "" {
		base.args = append(base.args, "-user-script", b.baseScript)
		baseShared.args = append(baseShared.args, "-user-script", b.baseScript)
	}
	if b.url != "" {
		for _, v := range []*variant{&base, &got, &baseShared, &gotLight, &gotPump} {
			v.args = append(v.args, "-url", b.url)
		}
	}
	return
}

func (v variant) start(n int, env []string) (*child, error) {
	args := append([]string{"-windows", strconv.Itoa(n)}, v.args...)
	return startChild(v.label, v.bin, args, env)
}

// once starts v with n windows, waits until all have loaded, reads the
// memory of its process tree settle later when withMemory is set, and stops
// it.
func (b *bench) once(v variant, n int, withMemory bool) (sample, error) {
	c, err := v.start(n, b.env)
	if err != nil {
		return sample{}, err
	}
	defer func() { b.leftover = append(b.leftover, c.stop()...) }()
	var s sample
	if s.launch, err = c.waitReady(n, readyTimeout); err != nil {
		return s, err
	}
	if withMemory {
		time.Sleep(settle)
		if s.mem, err = measureMemory(c.cmd.Process.Pid); err != nil {
			return s, err
		}
		if s.mem.noPFN {
			b.warnOnce(errNoPFN)
		}
	}
	return s, nil
}

// warmUp starts each program once, unmeasured, so that the first measured
// run does not pay for cold file caches and font caches.
func (b *bench) warmUp() error {
	base, got, _, _, _ := b.variants()
	for _, v := range []variant{base, got} {
		progress("warm-up: %s, 1 window", v.label)
		if _, err := b.once(v, 1, false); err != nil {
			return err
		}
	}
	return nil
}

// launchAndMemory runs the launch and memory scenarios together: each start
// gives its launch times and, settle after READY, its memory. Baseline and
// gotonium alternate, in an order that flips from run to run, so that a
// noisy moment hits both alike.
func (b *bench) launchAndMemory() {
	base, got, baseShared, gotLight, _ := b.variants()
	for r := 0; r < b.runs; r++ {
		for _, n := range b.windows {
			pairs := [][2]variant{{base, got}}
			// With one window, lightweight mode and -shared change nothing.
			if b.doMemory && n > 1 {
				pairs = append(pairs, [2]variant{baseShared, gotLight})
			}
			for _, p := range pairs {
				if r%2 == 1 {
					p[0], p[1] = p[1], p[0]
				}
				for _, v := range p {
					s, err := b.once(v, n, b.doMemory)
					if err != nil {
						b.fail("run %d, %s, %d windows: %v", r+1, v.label, n, err)
						continue
					}
					k := key{v.label, n}
					b.samples[k] = append(b.samples[k], s)
					msg := fmt.Sprintf("run %d/%d, %2d windows, %-21s first %s, all %s", r+1, b.runs, n, v.label+":",
						seconds(s.launch.first), seconds(s.launch.all))
					if b.doMemory {
						msg += ", " + s.mem.String()
					}
					progress("%s", msg)
				}
			}
		}
	}
}

// idleCPUScenario runs the idle scenario. In each run the three programs (baseline,
// gotonium with RunMulti, gotonium pumping every 16 ms) run side by side
// with one window each and are measured over the same interval, so that they
// see the same machine.
func (b *bench) idleCPUScenario() {
	base, got, _, _, gotPump := b.variants()
	vs := []variant{base, got, gotPump}
	for r := 0; r < b.runs; r++ {
		order := append(vs[r%3:len(vs):len(vs)], vs[:r%3]...)
		var cs []*child
		ok := true
		for _, v := range order {
			c, err := v.start(1, b.env)
			if err == nil {
				cs = append(cs, c)
				_, err = c.waitReady(1, readyTimeout)
			}
			if err != nil {
				b.fail("idle run %d, %s: %v", r+1, v.label, err)
				ok = false
				break
			}
		}
		if ok {
			time.Sleep(settle)
			before := make([]map[int]procStat, len(cs))
			for i, c := range cs {
				before[i] = treeTicks(c.cmd.Process.Pid)
			}
			t0 := time.Now()
			time.Sleep(b.idle)
			elapsed := time.Since(t0).Seconds()
			msg := fmt.Sprintf("idle run %d/%d, %v:", r+1, b.runs, b.idle)
			for i, c := range cs {
				after := treeTicks(c.cmd.Process.Pid)
				if len(after) == 0 {
					b.fail("idle run %d, %s: exited while idle", r+1, order[i].label)
					continue
				}
				pct := float64(ticksBetween(before[i], after)) / b.clkTck / elapsed * 100
				b.idleCPU[order[i].label] = append(b.idleCPU[order[i].label], pct)
				msg += fmt.Sprintf(" %s %.2f %%;", order[i].label, pct)
			}
			progress("%s", msg)
		}
		for _, c := range cs {
			b.leftover = append(b.leftover, c.stop()...)
		}
	}
}

// warnOnce reports err the first time it is seen.
func (b *bench) warnOnce(err error) {
	if b.warned == nil {
		b.warned = map[string]bool{}
	}
	if !b.warned[err.Error()] {
		b.warned[err.Error()] = true
		progress("warning: %v", err)
	}
}

func (b *bench) fail(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	b.failures = append(b.failures, msg)
	progress("FAILED: %s", msg)
}

// progress reports on stderr.
func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "gotonium-bench: "+format+"\n", args...)
}
