//go:build !fakeengine

package gotonium_test

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gotonium/gotonium"
)

// TestAppIDNamesTheApp: in a process that sets its app id first, the id is
// the windows' WM_CLASS and names the engine's data folder; set
// after the engine started, it is refused.
func TestAppIDNamesTheApp(t *testing.T) {
	pump(t)
	if _, err := gotonium.Screens(); err != nil { // starts the engine
		t.Fatal(err)
	}
	if err := gotonium.SetAppID("org.example.TooLate"); !errors.Is(err, gotonium.ErrEngineStarted) {
		t.Errorf("SetAppID after the engine started: %v; want ErrEngineStarted", err)
	}
	dir := engineTempDir(t, "gotonium-appid-") // the app's network process may outlive it
	bin := filepath.Join(dir, "appid")
	if out, err := exec.Command("go", "build", "-o", bin, "./testdata/appid").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "org.example.GotoniumTest")
	cmd.Env = append(os.Environ(), "XDG_DATA_HOME="+dir+"/data", "XDG_CACHE_HOME="+dir+"/cache")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	must(t, cmd.Start())
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	xid, err := strconv.ParseUint(strings.TrimSpace(line), 10, 64)
	if err != nil {
		stdin.Close()
		cmd.Wait()
		t.Fatalf("the app printed %q", line)
	}
	if got := xprop(t, xid, "WM_CLASS"); !strings.Contains(got, `"org.example.GotoniumTest", "org.example.GotoniumTest"`) {
		t.Errorf("WM_CLASS = %q", got)
	}
	stdin.Close()
	must(t, cmd.Wait())
	if _, err := os.Stat(filepath.Join(dir, "data", "org.example.GotoniumTest")); err != nil {
		t.Errorf("the engine's data folder is not named after the app id: %v", err)
	}
}
