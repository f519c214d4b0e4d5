// Package tsc runs the TypeScript compiler for tests that check generated
// declaration files: tsc from PATH, or TypeScript installed once with npm into
// the user's cache directory.
package tsc

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
)

var (
	once sync.Once
	bin  string
	err  error
)

// ErrNoNPM is returned by Path when there is no tsc and no npm to install it.
var ErrNoNPM = errors.New("tsc: no tsc in PATH and no npm to install TypeScript (install npm)")

// Path returns the path of a tsc binary, installing TypeScript 5 with npm
// into $XDG_CACHE_HOME/gotonium-tsc (or the OS cache dir) the first time.
func Path() (string, error) {
	once.Do(func() {
		if p, e := exec.LookPath("tsc"); e == nil {
			bin = p
			return
		}
		cache, e := os.UserCacheDir()
		if e != nil {
			cache = os.TempDir()
		}
		dir := filepath.Join(cache, "gotonium-tsc")
		b := filepath.Join(dir, "node_modules", ".bin", "tsc")
		if _, e := os.Stat(b); e == nil {
			bin = b
			return
		}
		npm, e := exec.LookPath("npm")
		if e != nil {
			err = ErrNoNPM
			return
		}
		if e := os.MkdirAll(dir, 0o755); e != nil {
			err = e
			return
		}
		out, e := exec.Command(npm, "install", "--prefix", dir, "--no-audit", "--no-fund", "typescript@5").CombinedOutput()
		if e != nil {
			err = fmt.Errorf("tsc: npm install typescript: %v\n%s", e, out)
			return
		}
		bin = b
	})
	return bin, err
}

// Check writes files (name → content) into a temporary folder and runs
// tsc --noEmit --strict over the .ts files among them. It returns tsc's
// output and whether the compile succeeded; err is for failures to run tsc.
func Check(files map[string]string) (output string, ok bool, err error) {
	tsc, err := Path()
	if err != nil {
		return "", false, err
	}
	dir, err := os.MkdirTemp("", "gotonium-tsc-")
	if err != nil {
		return "", false, err
	}
	defer os.RemoveAll(dir)
	args := []string{"--noEmit", "--strict", "--pretty", "false", "--target", "es2020", "--lib", "es2020,dom"}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			return "", false, err
		}
		if filepath.Ext(name) == ".ts" {
			args = append(args, name)
		}
	}
	cmd := exec.Command(tsc, args...)
	cmd.Dir = dir
	out, runErr := cmd.CombinedOutput()
	var exit *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exit) {
		return string(out), false, runErr
	}
	return string(out), runErr == nil, nil
}
