// Command gotonium makes, runs and packages gotonium apps.
//
//	gotonium init NAME      a new app module in the folder NAME
//	gotonium dev            build and run the app in this folder; rebuild and
//	                        restart on Go changes, live-reload page changes
//	gotonium package        .deb, .rpm and .tar.gz of the app in this folder
//	gotonium doctor         which system packages are missing, and the apt line
//
// Install it with
//
//	go install github.com/gotonium/gotonium/cmd/gotonium@latest
//
// It lives in a module of its own, so that what packaging needs (nfpm) never
// becomes a dependency of apps that import gotonium.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// usage is the command's help text.
const usage = `gotonium makes, runs and packages gotonium apps.

Usage:
  gotonium init [-module PATH] [-id APP_ID] [-gotonium DIR] NAME
  gotonium dev [-C DIR] [ARGS...]
  gotonium package [-C DIR] [-o DIR] [-version V] [-arch ARCH]
  gotonium doctor

Run "gotonium COMMAND -h" for a command's options.
`

// errUsage is a mistake in the command line; the usage has been printed.
var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil:
	case errors.Is(err, errUsage), errors.Is(err, flag.ErrHelp):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "gotonium:", err)
		os.Exit(1)
	}
}

// run runs one command line; progress goes to out, problems to errOut.
func run(ctx context.Context, args []string, out, errOut io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(errOut, usage)
		return errUsage
	}
	cmd, rest := args[0], args[1:]
	p := &progress{w: out}
	switch cmd {
	case "init":
		return cmdInit(ctx, rest, p, errOut)
	case "dev":
		return cmdDev(ctx, rest, p, errOut)
	case "package":
		return cmdPackage(ctx, rest, p, errOut)
	case "doctor":
		return cmdDoctor(ctx, rest, p, errOut)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(out, usage)
		return nil
	}
	fmt.Fprintf(errOut, "gotonium: unknown command %q\n\n%s", cmd, usage)
	return errUsage
}

// progress prints one line for every step.
type progress struct{ w io.Writer }

func (p *progress) step(format string, args ...any) {
	fmt.Fprintf(p.w, "gotonium: "+format+"\n", args...)
}

// flags returns a flag set for a command that prints its errors to errOut.
func flags(name, synopsis string, errOut io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(errOut)
	fs.Usage = func() {
		fmt.Fprintf(errOut, "usage: gotonium %s\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}
