// Command baseline is the bare-WebKitGTK side of gotonium-bench: the least a
// C program needs to show N WebKitWebView windows on one GTK main loop, with
// no framework. The benchmark driver builds and starts it as a separate
// process and compares gotonium's figures with its own.
//
// It calls gtk_init, opens -windows GtkWindows each holding a WebKitWebView
// on the page -url, prints "LOADED <i> <ns>" on each view's
// WEBKIT_LOAD_FINISHED (ns: nanoseconds since the program was loaded), then
// "READY", and runs gtk_main until stdin closes or a signal ends it. -shared
// makes views 2..N use the first view as "related-view", so all share one web
// process, like gotonium's lightweight mode. Like gotonium, it sets
// WEBKIT_DISABLE_DMABUF_RENDERER=1 unless the variable is already set.
//
// The driver runs it; by hand (needs a display):
//
//	go run ./cmd/gotonium-bench/baseline -windows 5 -shared
package main

/*
#cgo pkg-config: webkit2gtk-4.1 gtk+-3.0
#include <stdlib.h>
#include "baseline.h"
*/
import "C"

import (
	"flag"
	"fmt"
	"os"
	"unsafe"
)

// defaultPage must match the gotonium app's default page.
const defaultPage = "data:text/html;charset=utf-8,%3C!doctype%20html%3E%3Ctitle%3Ebench%3C/title%3E%3Ch1%3Ebench%3C/h1%3E%3Cp%3EA%20small%20page.%3C/p%3E"

func main() {
	windows := flag.Int("windows", 1, "number of windows to open")
	shared := flag.Bool("shared", false, "views 2..N share the first view's web process (related-view)")
	url := flag.String("url", defaultPage, "page to load in every window")
	scriptFile := flag.String("user-script", "", "a file of JavaScript injected into every page at document start, with a script message handler \"gotonium\" that answers every message with gotonium's answer to a state catch-up (an experiment)")
	flag.Parse()
	if *windows < 1 {
		flag.Usage()
		os.Exit(2)
	}
	sh := C.int(0)
	if *shared {
		sh = 1
	}
	u := C.CString(*url)
	defer C.free(unsafe.Pointer(u))
	var script *C.char
	if *scriptFile != "" {
		b, err := os.ReadFile(*scriptFile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "baseline:", err)
			os.Exit(2)
		}
		script = C.CString(string(b))
		defer C.free(unsafe.Pointer(script))
	}
	os.Exit(int(C.bl_run(C.int(*windows), sh, u, script)))
}
