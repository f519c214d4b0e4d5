// Command grabber holds a global shortcut (os.Args[1]) for another process's
// test: it prints "grabbed" and keeps it until its stdin closes.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/gotonium/gotonium"
)

func main() {
	if err := gotonium.RegisterGlobalShortcut(os.Args[1], func() {}); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	fmt.Println("grabbed")
	io.Copy(io.Discard, os.Stdin)
	gotonium.Shutdown()
}
