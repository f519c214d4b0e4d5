// Command singleinstance is the app the single-instance tests launch: the
// first process prints "first" and then one JSON line per later launch;
// later processes hand over their arguments and exit. With
// SINGLEINSTANCE_SCHEME it also prints the deep links it gets, and with
// SINGLEINSTANCE_REGISTER it registers itself as that scheme's handler. It exits when its
// standard input closes.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	"github.com/gotonium/gotonium"
)

func main() {
	if err := gotonium.SetAppID(os.Getenv("SINGLEINSTANCE_APP_ID")); err != nil {
		fmt.Println("error:", err)
		os.Exit(2)
	}
	var pumping atomic.Bool
	err := gotonium.SingleInstance(func(args []string, workingDir string) {
		json.NewEncoder(os.Stdout).Encode(map[string]any{"args": args, "dir": workingDir, "onPump": pumping.Load()})
	})
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	if scheme := os.Getenv("SINGLEINSTANCE_SCHEME"); scheme != "" {
		err := gotonium.OnDeepLink(scheme, func(url string) {
			json.NewEncoder(os.Stdout).Encode(map[string]any{"deeplink": url, "onPump": pumping.Load()})
		})
		if err == nil && os.Getenv("SINGLEINSTANCE_REGISTER") != "" {
			err = gotonium.RegisterURLScheme(scheme, "Single instance test")
		}
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(4)
		}
	}
	fmt.Println("first")
	go func() {
		io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}()
	loop := gotonium.New()
	for {
		pumping.Store(true)
		loop.UpdateMessageLoop()
		pumping.Store(false)
		time.Sleep(5 * time.Millisecond)
	}
}
