// Command appid opens a window under the app id os.Args[1] for a test: the
// page stores something in localStorage, the program prints the window's
// X id, and it exits when its stdin closes.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/gotonium/gotonium"
)

func main() {
	if err := gotonium.SetAppID(os.Args[1]); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	p := gotonium.New()
	if err := p.Initialize("data:text/html,<title>appid</title>", 200, 100); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	if err := gotonium.SetAppID("org.example.Later"); err == nil {
		fmt.Println("SetAppID after the start was accepted")
		os.Exit(1)
	}
	ctx, stop := context.WithCancel(context.Background())
	go func() { io.Copy(io.Discard, os.Stdin); stop() }()
	fmt.Println(p.NativeWindowHandle())
	gotonium.Run(ctx, p, 0)
	gotonium.Shutdown()
}
