//go:build !fakeengine

package gotonium_test

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// sessionBusConfig is Debian's session bus configuration (session.conf)
// without its service directories: the test's bus starts no service on
// demand (such as an installed dunst), so only what a test starts answers.
const sessionBusConfig = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`

// privateSessionBus starts a D-Bus session bus of the test's own
// (dbus-daemon --print-address --nofork with sessionBusConfig) and points
// DBUS_SESSION_BUS_ADDRESS of the test process, and so of its children, at
// it; the bus stops when the test ends.
func privateSessionBus(t *testing.T) string {
	t.Helper()
	conf := filepath.Join(t.TempDir(), "session.conf")
	if err := os.WriteFile(conf, []byte(sessionBusConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("dbus-daemon", "--config-file="+conf, "--print-address", "--nofork")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer // says it cannot raise its fd limit, unless root
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatalf("dbus-daemon: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() && logs.Len() > 0 {
			t.Logf("dbus-daemon said:\n%s", logs.String())
		}
	})
	line := make(chan string, 1)
	go func() {
		l, _ := bufio.NewReader(out).ReadString('\n')
		line <- strings.TrimSpace(l)
	}()
	var addr string
	select {
	case addr = <-line:
	case <-time.After(10 * time.Second):
		t.Fatal("dbus-daemon printed no address")
	}
	if addr == "" {
		t.Fatal("dbus-daemon printed no address")
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
	return addr
}

// busConn is a connection of the test's own to the bus at addr.
func busConn(t *testing.T, addr string) *dbus.Conn {
	t.Helper()
	c, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// waitForName waits until a name has an owner on the bus.
func waitForName(t *testing.T, c *dbus.Conn, name string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		var has bool
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := c.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, name).Store(&has)
		cancel()
		if err == nil && has {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("nobody owns %s on the test bus", name)
}
