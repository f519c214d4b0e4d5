// Command app is the gotonium side of gotonium-bench: a plain gotonium
// program, built and started by the benchmark driver as a separate process.
//
// It opens -windows windows on the page -url (the first with Initialize, the
// rest with CreateBrowser), prints "LOADED <i> <ns>" for each window once its
// page has loaded (ns: nanoseconds since the program started), then "READY",
// and idles in its message loop until stdin closes or it gets SIGTERM or
// SIGINT. -lightweight calls gotonium.SetLightweightMode(true); -loop chooses
// the event-driven gotonium.RunMulti (run) or the Pytonium-style
// UpdateMessageLoop + 16 ms sleep (pump16).
//
// The driver runs it; by hand (needs a display):
//
//	go run ./cmd/gotonium-bench/app -windows 5 -loop run
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/gotonium/gotonium"
)

// start approximates the process start: package variables are initialised
// before main runs, a few milliseconds after exec.
var start = time.Now()

// defaultPage must match the baseline's default page.
const defaultPage = "data:text/html;charset=utf-8,%3C!doctype%20html%3E%3Ctitle%3Ebench%3C/title%3E%3Ch1%3Ebench%3C/h1%3E%3Cp%3EA%20small%20page.%3C/p%3E"

func main() {
	windows := flag.Int("windows", 1, "number of windows to open")
	lightweight := flag.Bool("lightweight", false, "call gotonium.SetLightweightMode(true): windows share one web process")
	loop := flag.String("loop", "run", "message loop: run (gotonium.RunMulti, event-driven) or pump16 (UpdateMessageLoop + 16 ms sleep)")
	url := flag.String("url", defaultPage, "page to load in every window")
	flag.Parse()
	if *windows < 1 || (*loop != "run" && *loop != "pump16") {
		flag.Usage()
		os.Exit(2)
	}

	// SIGTERM, SIGINT or stdin closing (the driver going away) end the loop.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		io.Copy(io.Discard, os.Stdin)
		cancel()
	}()

	gotonium.SetLightweightMode(*lightweight)
	instances := make([]*gotonium.Instance, *windows)
	var out sync.Mutex // one line at a time on stdout
	var loaded sync.WaitGroup
	for i := range instances {
		p := gotonium.New()
		var err error
		if i == 0 {
			err = p.Initialize(*url, 640, 480)
		} else {
			_, err = p.CreateBrowser(*url, 640, 480)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "app: window %d: %v\n", i, err)
			os.Exit(1)
		}
		instances[i] = p
		loaded.Add(1)
		go func(i int) {
			defer loaded.Done()
			// EvaluateJavascript waits until the page has loaded.
			if _, err := p.EvaluateJavascript("document.readyState"); err != nil {
				fmt.Fprintf(os.Stderr, "app: window %d: %v\n", i, err)
				os.Exit(1)
			}
			out.Lock()
			fmt.Printf("LOADED %d %d\n", i, time.Since(start).Nanoseconds())
			out.Unlock()
		}(i)
	}
	go func() {
		loaded.Wait()
		out.Lock()
		fmt.Println("READY")
		out.Unlock()
	}()

	switch *loop {
	case "run":
		gotonium.RunMulti(ctx, instances, 0)
	case "pump16":
		for ctx.Err() == nil && anyRunning(instances) {
			instances[0].UpdateMessageLoop()
			time.Sleep(16 * time.Millisecond)
		}
	}
	gotonium.Shutdown()
}

// anyRunning is the condition of the Pytonium-style loop.
func anyRunning(instances []*gotonium.Instance) bool {
	for _, p := range instances {
		if p.IsRunning() {
			return true
		}
	}
	return false
}
