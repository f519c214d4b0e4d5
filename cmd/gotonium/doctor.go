package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
)

// A need is a group of Debian/Ubuntu packages and what they are for.
type need struct {
	what     string
	packages []string
}

// needs are what building, running and testing a gotonium app take.
var needs = []need{
	{"building (cgo and WebKitGTK's headers)", []string{"gcc", "libc6-dev", "pkg-config", "libwebkit2gtk-4.1-dev"}},
	{"running (WebKitGTK and Mesa's drivers, without which WebKit aborts)", []string{"libwebkit2gtk-4.1-0", "libgl1-mesa-dri"}},
	{"testing with gotoniumtest (a display, input, screenshots)", []string{"xvfb", "xauth", "xdotool", "imagemagick", "x11-utils"}},
}

// installed reports which of pkgs dpkg knows as installed.
func installed(ctx context.Context, pkgs []string) (map[string]bool, error) {
	if _, err := exec.LookPath("dpkg-query"); err != nil {
		return nil, errors.New("dpkg-query is not here: doctor knows Debian and Ubuntu's package names only")
	}
	have := map[string]bool{}
	for _, p := range pkgs {
		out, _ := exec.CommandContext(ctx, "dpkg-query", "-W", "-f=${Status}", p).Output()
		have[p] = strings.Contains(string(out), "install ok installed")
	}
	return have, nil
}

func cmdDoctor(ctx context.Context, args []string, p *progress, errOut io.Writer) error {
	fs := flags("doctor", "doctor", errOut)
	if err := fs.Parse(args); err != nil {
		return err
	}
	var all []string
	for _, n := range needs {
		all = append(all, n.packages...)
	}
	have, err := installed(ctx, all)
	if err != nil {
		return fmt.Errorf("doctor: %v", err)
	}
	var missing []string
	for _, n := range needs {
		var m []string
		for _, pkg := range n.packages {
			if !have[pkg] {
				m = append(m, pkg)
			}
		}
		if len(m) == 0 {
			p.step("ok       %s", n.what)
		} else {
			p.step("MISSING  %s: %s", n.what, strings.Join(m, " "))
		}
		missing = append(missing, m...)
	}
	if v, err := exec.CommandContext(ctx, "go", "env", "GOVERSION").Output(); err != nil {
		p.step("MISSING  the go command (https://go.dev/doc/install)")
		missing = append(missing, "go")
	} else {
		p.step("ok       %s", strings.TrimSpace(string(v)))
	}
	if len(missing) == 0 {
		p.step("everything is installed")
		return nil
	}
	var pkgs []string
	for _, m := range missing {
		if m != "go" {
			pkgs = append(pkgs, m)
		}
	}
	if len(pkgs) > 0 {
		fmt.Fprintf(p.w, "\nInstall what is missing with:\n\n  sudo apt-get install %s\n\n", strings.Join(pkgs, " "))
	}
	return fmt.Errorf("doctor: %d missing", len(missing))
}
