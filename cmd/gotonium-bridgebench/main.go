// Command gotonium-bridgebench measures the JavaScript → Go → JavaScript
// bridge beside a bare-WebKitGTK baseline (a script message handler with
// reply answered on the GTK thread, no framework) in the same run, and prints
// a Markdown table: sequential round trips (p50/p99, timed natively), 1000
// concurrent calls, 1 MB strings each way, 100,000 small events from native
// code to the page and 50 MB of bytes each way (timed by the page). gotonium
// is measured with an event-driven Run and with a 16 ms polling loop.
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
	events              float64         // ms for 100,000 events, native → page
	bytesUp, bytesDown  float64         // ms for 50 MB each way
	state               float64         // ms for the page's setState calls to arrive
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
		"let evt = null; window.__evts = (a) => { for (const d of a) evt(d); }; const ON = (fn) => { evt = fn; };\n" +
		"const DOWN = () => fetch('/down').then((r) => r.arrayBuffer()).then((b) => b.byteLength);\n" +
		"const UP = (u) => fetch('/up', {method: 'POST', body: u}).then((r) => r.text());\n" +
		"const SET = (k, v) => window.webkit.messageHandlers.state.postMessage([k, v]);\n" +
		pageScript(*sequential)
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

// bytesSize is how many bytes go each way in the bytes rows (BYTES in
// bench.js and in the baseline).
const bytesSize = 50 << 20

// stateChanges is how many setState calls the page makes (STATE in
// bench.js and the baseline), into a store of stateKeys values of 1 KB.
const (
	stateChanges = 10000
	stateKeys    = 1000
)

// pageScript is bench.js with its constants filled in.
func pageScript(sequential int) string {
	return strings.NewReplacer("SEQUENTIAL", strconv.Itoa(sequential), "BYTES", strconv.Itoa(bytesSize), "STATE", strconv.Itoa(stateChanges)).Replace(benchJS)
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
				Concurrent, Up, Down       float64
				Events, BytesUp, BytesDown float64
				State                      float64
				Error                      string
			}
			if err := json.Unmarshal([]byte(line[5:]), &p); err != nil || p.Error != "" {
				cmd.Process.Kill()
				return res, fmt.Errorf("page: %s %v", p.Error, err)
			}
			res.concurrent, res.up, res.dwn = p.Concurrent, p.Up, p.Down
			res.events, res.bytesUp, res.bytesDown = p.Events, p.BytesUp, p.BytesDown
			res.state = p.State
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
	var stateStart time.Time
	var stateCount int
	var stateTook time.Duration
	fill := strings.Repeat("s", 1024)
	for i := 0; i < stateKeys; i++ {
		p.SetState("bench", "k"+strconv.Itoa(i), fill)
	}
	p.AddStateHandler(gotonium.StateHandlerFunc(func(ns, key string, v any) {
		if stateCount++; stateCount == stateChanges {
			stateTook = time.Since(stateStart)
		}
	}), []string{"bench"})
	echo := func(s string) string {
		switch {
		case s == "S":
			stateStart, stateCount = time.Now(), 0
		case s == "T":
			if stateCount < stateChanges {
				return ""
			}
			return strconv.FormatFloat(float64(stateTook.Microseconds())/1000, 'f', 3, 64)
		case s == "s":
			arrivals = append(arrivals, time.Now())
		case strings.HasPrefix(s, "E"):
			n, _ := strconv.Atoi(s[1:])
			go func() {
				for i := 0; i < n; i++ {
					p.Emit("tick", i)
				}
			}()
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
	bytes := make([]byte, bytesSize)
	for i := range bytes {
		bytes[i] = 'b'
	}
	if err := p.BindFunction(func() []byte { return bytes }, "down", ""); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := p.BindFunction(func(b []byte) int { return len(b) }, "up", ""); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := p.Initialize("data:text/html,<title>echo</title>", 400, 300); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	p.ExecuteJavascript("const CALL = (s) => Gotonium.echo(s); const DONE = (s) => Gotonium.echo('R' + s);\n" +
		"const ON = (fn) => Gotonium.on('tick', fn);\n" +
		"const DOWN = () => Gotonium.down().then((u) => u.byteLength);\n" +
		"const UP = (u) => Gotonium.up(u);\n" +
		"const SET = (k, v) => Gotonium.appState.setState('bench', k, v);\n" +
		pageScript(sequential))
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
	type figures struct {
		p50, p99                                   time.Duration
		conc, up, down, events, bytesUp, bytesDown float64
		state                                      float64
	}
	stat := func(name string) figures {
		var rt []time.Duration
		var c, u, d, e, bu, bd, st []float64
		for _, r := range all[name] {
			rt = append(rt, r.rt...)
			c, u, d = append(c, r.concurrent), append(u, r.up), append(d, r.dwn)
			e, bu, bd = append(e, r.events), append(bu, r.bytesUp), append(bd, r.bytesDown)
			st = append(st, r.state)
		}
		return figures{percentile(rt, .5), percentile(rt, .99), median(c), median(u), median(d), median(e), median(bu), median(bd), median(st)}
	}
	b, r, p := stat("baseline"), stat("run"), stat("pump16")
	ms := func(d time.Duration) string { return fmt.Sprintf("%.3f ms", float64(d.Microseconds())/1000) }
	f := func(v float64) string { return fmt.Sprintf("%.0f ms", v) }
	ratio := func(a, b float64) string { return fmt.Sprintf("%.2f×", a/b) }
	fmt.Printf("%s, %d runs each, %d sequential calls per run (%d with the 16 ms pump); `go run ./cmd/gotonium-bridgebench -runs %d -sequential %d`\n\n",
		time.Now().Format("2006-01-02"), runs, sequential, sequential/10, runs, sequential)
	fmt.Println("| what | baseline | gotonium Run | ratio | gotonium 16 ms pump |")
	fmt.Println("|---|---|---|---|---|")
	row := func(what string, b, r, p float64) {
		fmt.Printf("| %s | %s | %s | %s | %s |\n", what, f(b), f(r), ratio(r, b), f(p))
	}
	fmt.Printf("| round trip p50 | %s | %s | %s | %s |\n", ms(b.p50), ms(r.p50), ratio(float64(r.p50), float64(b.p50)), ms(p.p50))
	fmt.Printf("| round trip p99 | %s | %s | %s | %s |\n", ms(b.p99), ms(r.p99), ratio(float64(r.p99), float64(b.p99)), ms(p.p99))
	row("1000 concurrent calls", b.conc, r.conc, p.conc)
	row("1 MB JS → native", b.up, r.up, p.up)
	row("1 MB native → JS", b.down, r.down, p.down)
	row("100,000 events native → JS", b.events, r.events, p.events)
	row("50 MB bytes JS → native", b.bytesUp, r.bytesUp, p.bytesUp)
	row("50 MB bytes native → JS", b.bytesDown, r.bytesDown, p.bytesDown)
	row("10,000 page setState into a 1 MB store", b.state, r.state, p.state)
	perSec := func(ms float64) string { return fmt.Sprintf("%.0fk/s", 100000/ms) }
	mbs := func(ms float64) string { return fmt.Sprintf("%.0f MB/s", 50/(ms/1000)) }
	fmt.Printf("\nEvents: baseline %s, gotonium Run %s (the baseline evaluates scripts of 1000 events each; gotonium batches what is emitted while a script is in flight). Bytes: baseline a custom URI scheme answered from memory; gotonium `[]byte` arguments and results. Run: up %s, down %s; baseline: up %s, down %s.\n",
		perSec(b.events), perSec(r.events), mbs(r.bytesUp), mbs(r.bytesDown), mbs(b.bytesUp), mbs(b.bytesDown))
	fmt.Printf("\nState: the page's %d setState calls (%d keys, 100-byte values, into a store of %d values of 1 KB) arrived in native code at %.0fk/s in the baseline (a script message handler storing them in a hash table) and %.0fk/s with gotonium Run (from the first call to the %dth state handler call).\n",
		stateChanges, stateKeys, stateKeys, stateChanges/b.state, stateChanges/r.state, stateChanges)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gotonium-bridgebench:", err)
	os.Exit(1)
}
