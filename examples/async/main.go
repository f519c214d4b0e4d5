// Command async is the asyncio example of Pytonium's multi-window page in Go:
// RunMulti drives two windows while a goroutine pushes a timestamp into the
// first window's state every second. The page subscribes to the "data"
// namespace and shows each update.
//
//	scripts/example.sh async
package main

import (
	"context"
	"encoding/base64"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/gotonium/gotonium"
)

const dashboard = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Data</title>
<style>body{font:20px system-ui,sans-serif;display:grid;place-items:center;height:100vh;margin:0;background:#0f172a;color:#e2e8f0}</style>
</head><body><main><h1>Pushed from Go</h1><p id="ts">waiting…</p><p id="n"></p></main>
<script>
  let updates = 0;
  Pytonium.appState.registerForStateUpdates("data-changed", ["data"], false, true);
  document.addEventListener("data-changed", (e) => {
    document.getElementById("ts").textContent = new Date(e.detail.value * 1000).toLocaleTimeString();
    document.getElementById("n").textContent = ++updates + " updates";
  });
</script></body></html>`

const second = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Second</title></head>
<body style="font:20px system-ui,sans-serif"><h1>Second window</h1><p>Close both windows to quit.</p></body></html>`

func dataURL(html string) string {
	return "data:text/html;base64," + base64.StdEncoding.EncodeToString([]byte(html))
}

// backgroundDataFetch periodically pushes data to the browser.
func backgroundDataFetch(ctx context.Context, p *gotonium.Instance) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for p.IsRunning() {
		if err := p.SetState("data", "timestamp", float64(time.Now().UnixNano())/1e9); err != nil {
			log.Print(err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	p1, p2, err := open()
	if err != nil {
		log.Fatal(err)
	}
	if err := run(ctx, p1, p2); err != nil && err != context.Canceled {
		log.Print(err)
	}
	gotonium.Shutdown()
}

// open opens the dashboard (p1) and the second window (main_test.go tests
// them).
func open() (p1, p2 *gotonium.Instance, err error) {
	p1 = gotonium.New()
	if err := p1.Initialize(dataURL(dashboard), 800, 600); err != nil {
		return nil, nil, err
	}
	p2 = gotonium.New()
	if _, err := p2.CreateBrowser(dataURL(second), 600, 400); err != nil {
		p1.CloseBrowser()
		return nil, nil, err
	}
	return p1, p2, nil
}

// run pushes data to the dashboard while it drives both windows, until both
// are closed (nil) or ctx is done (ctx.Err()).
func run(ctx context.Context, p1, p2 *gotonium.Instance) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // the pushes stop with the loop
	go backgroundDataFetch(ctx, p1)
	// Event-driven: no polling interval, idle CPU near zero.
	return gotonium.RunMulti(ctx, []*gotonium.Instance{p1, p2}, 0)
}
