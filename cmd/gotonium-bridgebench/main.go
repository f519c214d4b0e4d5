// Command gotonium-bridgebench measures the JavaScript → Go → JavaScript
// bridge beside a bare-WebKitGTK baseline (a script message handler with
// reply answered on the GTK thread, no framework) in the same run, and prints
// a Markdown table: sequential round trips (p50/p99, timed natively), 1000
// concurrent calls, and 1 MB each way (timed by the page). gotonium is
// measured with an event-driven Run and with a 16 ms polling loop.
//
//	go run ./cmd/gotonium-bridgebench [-runs 3] [-sequential 2000]
//
// Every figure comes from a fresh process; the table shows the median over
// runs (round-trip percentiles over all runs' samples).
package main

import (
	"bufio"
	"context"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gotonium/gotonium"
	"github.com/gotonium/gotonium/internal/xvfb"
)

//go:embed bench.js
var benchJS string

// result is what one run measured.
type result struct {
	rt                  []time.Duration // sequential round trips
	concurrent, up, dwn float64         // ms, timed by the page
}

func main() {
	child := flag.String("child", "", "internal: run one gotonium measurement (run or pump16)")
	runs := flag.Int("runs", 3, "fresh processes per variant")
	sequential := flag.Int("sequential", 2000, "sequential calls per run (the 16 ms pump does a tenth)")
	flag.Parse()
	if *child != "" {
		os.Exit(gotoniumChild(*child, *sequential))
	}
	if _, err := xvfb.Ensure(); err != nil {
		fail(err)
	}
	tmp, err := os.MkdirTemp("", "gotonium-bridgebench-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(tmp)
	os.Setenv("NO_AT_BRIDGE", "1")
	os.Setenv("XDG_DATA_HOME", filepath.Join(tmp, "data"))
	echo := filepath.Join(tmp, "echo")
	if out, err := exec.Command("go", "build", "-o", echo, "./cmd/gotonium-bridgebench/echo").CombinedOutput(); err != nil {
		fail(fmt.Errorf("build the baseline: %v\n%s", err, out))
	}
	script := filepath.Join(tmp, "baseline.js")
	page := "const CALL = (s) => window.webkit.messageHandlers.echo.postMessage(s);\n" +
		"const DONE = (s) => window.webkit.messageHandlers.echo.postMessage('R' + s);\n" +
		strings.Replace(benchJS, "SEQUENTIAL", strconv.Itoa(*sequential), 1)
	if err := os.WriteFile(script, []byte(page), 0o644); err != nil {
		fail(err)
	}
	self, _ := os.Executable()
	variants := []struct {
		name string
		cmd  func() *exec.Cmd
	}{
		{"baseline", func() *exec.Cmd {
			return exec.Command(echo, "-script", script, "-sequential", strconv.Itoa(*sequential))
		}},
		{"run", func() *exec.Cmd { return exec.Command(self, "-child", "run", "-sequential", strconv.Itoa(*sequential)) }},
		{"pump16", func() *exec.Cmd {
			return exec.Command(self, "-child", "pump16", "-sequential", strconv.Itoa(*sequential/10))
		}},
	}
	all := map[string][]result{}
	for r := 0; r < *runs; r++ {
		for _, v := range variants {
			fmt.Fprintf(os.Stderr, "run %d/%d: %s\n", r+1, *runs, v.name)
			res, err := measure(v.cmd())
			if err != nil {
				fail(fmt.Errorf("%s: %v", v.name, err))
			}
			all[v.name] = append(all[v.name], res)
		}
	}
	printTable(all, *runs, *sequential)
}

// measure runs one measurement process and reads its output.
func measure(cmd *exec.Cmd) (result, error) {
	var res result
	out, err := cmd.StdoutPipe()
	if err != nil {
		return res, err
	}
	cmd.Stderr = nil
	if err := cmd.Start(); err != nil {
		return res, err
	}
	done := make(chan struct{})
	timer := time.AfterFunc(3*time.Minute, func() { cmd.Process.Kill() })
	defer timer.Stop()
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "RT "):
			ns, _ := strconv.ParseInt(line[3:], 10, 64)
			res.rt = append(res.rt, time.Duration(ns))
		case strings.HasPrefix(line, "PAGE "):
			var p struct {
				Concurrent, Up, Down float64
				Error                string
			}
			if err := json.Unmarshal([]byte(line[5:]), &p); err != nil || p.Error != "" {
				cmd.Process.Kill()
				return res, fmt.Errorf("page: %s %v", p.Error, err)
			}
			res.concurrent, res.up, res.dwn = p.Concurrent, p.Up, p.Down
		}
	}
	close(done)
	if err := cmd.Wait(); err != nil && len(res.rt) == 0 {
		return res, err
	}
	if len(res.rt) == 0 {
		return res, fmt.Errorf("no round trips measured")
	}
	return res, nil
}

// gotoniumChild measures gotonium in this process: the page calls a bound
// Go function; its arrival times give the round trips.
func gotoniumChild(loop string, sequential int) int {
	var arrivals []time.Time
	big := strings.Repeat("y", 1<<20)
	p := gotonium.New()
	finished := make(chan struct{})
	echo := func(s string) string {
		switch {
		case s == "s":
			arrivals = append(arrivals, time.Now())
		case strings.HasPrefix(s, "U"):
			return strconv.Itoa(len(s))
		case s == "D":
			return big
		case strings.HasPrefix(s, "R"):
			fmt.Printf("PAGE %s\n", s[1:])
			for i := 1; i < len(arrivals); i++ {
				fmt.Printf("RT %d\n", arrivals[i].Sub(arrivals[i-1]).Nanoseconds())
			}
			close(finished)
		}
		return "ok"
	}
	if err := p.BindFunction(echo, "echo", ""); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := p.Initialize("data:text/html,<title>echo</title>", 400, 300); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	p.ExecuteJavascript("const CALL = (s) => Gotonium.echo(s); const DONE = (s) => Gotonium.echo('R' + s);\n" +
		strings.Replace(benchJS, "SEQUENTIAL", strconv.Itoa(sequential), 1))
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-finished; cancel() }()
	if loop == "run" {
		gotonium.Run(ctx, p, 0)
	} else {
		for ctx.Err() == nil {
			p.UpdateMessageLoop()
			time.Sleep(16 * time.Millisecond)
		}
	}
	return 0
}

func percentile(d []time.Duration, q float64) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[int(q*float64(len(s)-1))]
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}

func printTable(all map[string][]result, runs, sequential int) {
	stat := func(name string) (p50, p99 time.Duration, conc, up, down float64) {
		var rt []time.Duration
		var c, u, d []float64
		for _, r := range all[name] {
			rt = append(rt, r.rt...)
			c, u, d = append(c, r.concurrent), append(u, r.up), append(d, r.dwn)
		}
		return percentile(rt, .5), percentile(rt, .99), median(c), median(u), median(d)
	}
	b50, b99, bc, bu, bd := stat("baseline")
	r50, r99, rc, ru, rd := stat("run")
	p50, p99, pc, pu, pd := stat("pump16")
	ms := func(d time.Duration) string { return fmt.Sprintf("%.3f ms", float64(d.Microseconds())/1000) }
	f := func(v float64) string { return fmt.Sprintf("%.0f ms", v) }
	ratio := func(a, b float64) string { return fmt.Sprintf("%.2f×", a/b) }
	fmt.Printf("%s, %d runs each, %d sequential calls per run (%d with the 16 ms pump); `go run ./cmd/gotonium-bridgebench -runs %d -sequential %d`\n\n",
		time.Now().Format("2006-01-02"), runs, sequential, sequential/10, runs, sequential)
	fmt.Println("| what | baseline | gotonium Run | ratio | gotonium 16 ms pump |")
	fmt.Println("|---|---|---|---|---|")
	fmt.Printf("| round trip p50 | %s | %s | %s | %s |\n", ms(b50), ms(r50), ratio(float64(r50), float64(b50)), ms(p50))
	fmt.Printf("| round trip p99 | %s | %s | %s | %s |\n", ms(b99), ms(r99), ratio(float64(r99), float64(b99)), ms(p99))
	fmt.Printf("| 1000 concurrent calls | %s | %s | %s | %s |\n", f(bc), f(rc), ratio(rc, bc), f(pc))
	fmt.Printf("| 1 MB JS → native | %s | %s | %s | %s |\n", f(bu), f(ru), ratio(ru, bu), f(pu))
	fmt.Printf("| 1 MB native → JS | %s | %s | %s | %s |\n", f(bd), f(rd), ratio(rd, bd), f(pd))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gotonium-bridgebench:", err)
	os.Exit(1)
}
