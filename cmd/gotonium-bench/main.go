// Command gotonium-bench measures gotonium beside a bare-WebKitGTK program
// in the same run and prints a Markdown table of the figures and their
// ratios (gotonium / baseline): launch time, memory of the whole process tree
// and idle CPU. docs/benchmarks.md explains the figures and holds the latest
// table.
//
// Run it from the repository (it builds its two child programs, ./app and
// ./baseline, with go build):
//
//	go run ./cmd/gotonium-bench [-scenarios launch,memory,idle] [-windows 1,5,20] [-idle 10s] [-runs 5]
//	go run ./cmd/gotonium-bench -quick   # smoke check: 1 run, windows 1,5, idle 3s
//
// Progress goes to stderr, the table to stdout. With no DISPLAY it starts its
// own Xvfb. Every child process tree (the program, its web and network
// processes) is ended after each start.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gotonium/gotonium/internal/xvfb"
)

func main() {
	scenarios := flag.String("scenarios", "launch,memory,idle", "comma-separated scenarios: launch, memory, idle")
	windowsFlag := flag.String("windows", "1,5,20", "comma-separated window counts for launch and memory")
	idle := flag.Duration("idle", 10*time.Second, "how long idle CPU is measured")
	runs := flag.Int("runs", 5, "runs per figure; the table shows medians")
	quick := flag.Bool("quick", false, "smoke check: -runs 1 -idle 3s -windows 1,5 (unless given)")
	baseScript := flag.String("baseline-script", "", "experiment: a JavaScript file the baseline injects into every page")
	url := flag.String("url", "", "page every program loads in every window (default: a small page without script)")
	flag.Parse()
	set := map[string]bool{}
	flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if *quick {
		if !set["runs"] {
			*runs = 1
		}
		if !set["idle"] {
			*idle = 3 * time.Second
		}
		if !set["windows"] {
			*windowsFlag = "1,5"
		}
	}

	b := &bench{runs: *runs, idle: *idle, url: *url, baseScript: *baseScript, samples: map[key][]sample{}, idleCPU: map[string][]float64{}}
	var err error
	if b.windows, err = parseWindows(*windowsFlag); err != nil {
		usage(err)
	}
	for _, s := range strings.Split(*scenarios, ",") {
		switch strings.TrimSpace(s) {
		case "launch":
			b.doLaunch = true
		case "memory":
			b.doMemory = true
		case "idle":
			b.doIdle = true
		default:
			usage(fmt.Errorf("unknown scenario %q", s))
		}
	}
	if b.runs < 1 || b.idle <= 0 {
		usage(fmt.Errorf("-runs must be ≥ 1 and -idle > 0"))
	}
	if err := run(b); err != nil {
		progress("%v", err)
		os.Exit(1)
	}
}

func usage(err error) {
	fmt.Fprintln(os.Stderr, "gotonium-bench:", err)
	flag.Usage()
	os.Exit(2)
}

func run(b *bench) error {
	began := time.Now()
	b.clkTck = clockTicks()
	becomeSubreaper()
	dir, err := os.MkdirTemp("", "gotonium-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	// Ctrl+C or SIGTERM: end every child tree, then exit.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		s := <-sigs
		progress("%v: stopping the children", s)
		stopAll()
		stopOwnXvfb()
		os.RemoveAll(dir)
		os.Exit(130)
	}()

	header := headerLines(b) // first: the load average is the machine's, not ours
	if err := build(dir, b); err != nil {
		return err
	}
	display, err := xvfb.Ensure()
	if err != nil {
		return err
	}
	defer display.Close()
	// An Xvfb that Ensure started is ended and reaped here rather than at
	// exit, so that it does not linger as a zombie of init.
	defer stopOwnXvfb()
	progress("display %s", display.Name)
	b.env = childEnv(dir)

	if err := b.warmUp(); err != nil {
		return err
	}
	if b.doLaunch || b.doMemory {
		b.launchAndMemory()
	}
	if b.doIdle {
		b.idleCPUScenario()
	}
	stopAll()
	b.leftover = append(b.leftover, strays()...)

	fmt.Println(header)
	fmt.Println()
	writeTable(os.Stdout, b.rows())
	fmt.Println()
	fmt.Println(b.notes())
	for _, f := range b.failures {
		fmt.Printf("\nFAILED: %s\n", f)
	}
	if len(b.leftover) > 0 {
		fmt.Printf("\nWARNING: %d child processes outlived their stop: %s\n", len(b.leftover), summary(b.leftover))
	} else {
		progress("no child process left")
	}
	progress("done in %v", time.Since(began).Round(time.Second))
	return nil
}

// build compiles the two child programs into dir.
func build(dir string, b *bench) error {
	const pkg = "github.com/gotonium/gotonium/cmd/gotonium-bench/"
	b.appBin, b.baseBin = filepath.Join(dir, "app"), filepath.Join(dir, "baseline")
	progress("building %sapp and %sbaseline", pkg, pkg)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, t := range [][2]string{{b.appBin, pkg + "app"}, {b.baseBin, pkg + "baseline"}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := exec.Command(goTool(), "build", "-o", t[0], t[1]).CombinedOutput()
			if err != nil {
				errs[i] = fmt.Errorf("go build %s: %v\n%s", t[1], err, out)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// headerLines describes the machine and the command.
func headerLines(b *bench) string {
	goVersion := strings.TrimSpace(strings.TrimPrefix(output(goTool(), "version"), "go version "))
	webkit := output("pkg-config", "--modversion", "webkit2gtk-4.1")
	load := "?"
	if s, err := os.ReadFile("/proc/loadavg"); err == nil {
		load = strings.Join(strings.Fields(string(s))[:3], " ")
	}
	cmd := "go run ./cmd/gotonium-bench"
	if !strings.Contains(os.Args[0], "go-build") {
		cmd = os.Args[0]
	}
	for _, a := range os.Args[1:] {
		cmd += " " + a
	}
	windows := make([]string, len(b.windows))
	for i, n := range b.windows {
		windows[i] = strconv.Itoa(n)
	}
	return fmt.Sprintf("gotonium-bench · %s · %s · WebKitGTK %s · %d CPUs · load average %s\n\n"+
		"Command: `%s` (runs %d, windows %s, idle %s)",
		time.Now().UTC().Format("2006-01-02 15:04 MST"), goVersion, webkit, runtime.NumCPU(), load,
		cmd, b.runs, strings.Join(windows, ","), human(b.idle))
}

// output runs a command and returns its trimmed output, or "?".
func output(name string, args ...string) string {
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(out))
}

// goTool is the go command: the one in PATH, else the one this was built with.
func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}

// clockTicks is the kernel's clock tick rate for /proc CPU times (getconf
// CLK_TCK; 100 on Linux).
func clockTicks() float64 {
	if n, err := strconv.Atoi(output("getconf", "CLK_TCK")); err == nil && n > 0 {
		return float64(n)
	}
	return 100
}

func parseWindows(s string) ([]int, error) {
	var ns []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("bad window count %q in -windows", f)
		}
		ns = append(ns, n)
	}
	return ns, nil
}
