//go:build !fakeengine

package gotonium_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"image"
	"image/color"
	"image/png"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
	"github.com/gotonium/gotonium/internal/sessionbus"
)

// startDunst runs dunst, Debian's notification server, on the test's own
// session bus and X display. Its context menu ("dunstctl context") runs a
// dmenu stand-in that saves the menu it got to menuLog and picks the line
// holding the text in the file pickFile.
func startDunst(t *testing.T) (addr, menuLog, pickFile string) {
	t.Helper()
	addr = privateSessionBus(t)
	dir := t.TempDir()
	menuLog = filepath.Join(dir, "menu.txt")
	pickFile = filepath.Join(dir, "pick.txt")
	dmenu := filepath.Join(dir, "dmenu.sh")
	script := "#!/bin/sh\nin=$(cat)\nprintf '%s\\n' \"$in\" > " + menuLog + "\nprintf '%s\\n' \"$in\" | grep -F -- \"$(cat " + pickFile + ")\" | head -n1\n"
	if err := os.WriteFile(dmenu, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "dunstrc")
	rc := "[global]\n    dmenu = " + dmenu + "\n    history_length = 50\n    markup = full\n" +
		"[urgency_low]\n    timeout = 0\n[urgency_normal]\n    timeout = 0\n[urgency_critical]\n    timeout = 0\n"
	if err := os.WriteFile(conf, []byte(rc), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("dunst", "-config", conf)
	cmd.Env = append(os.Environ(), "DISPLAY="+display.Name)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatalf("dunst: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("dunst said:\n%s", logs.String())
		}
	})
	waitForName(t, busConn(t, addr), "org.freedesktop.Notifications")
	return addr, menuLog, pickFile
}

// dunstctl runs dunstctl against the test's dunst.
func dunstctl(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command("dunstctl", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("dunstctl %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// dunstHistory returns the summaries and bodies of the notifications dunst
// has closed, newest first.
func dunstHistory(t *testing.T) []map[string]string {
	t.Helper()
	var h struct {
		Data [][]map[string]struct {
			Data any `json:"data"`
		} `json:"data"`
	}
	out := dunstctl(t, "history")
	if err := json.Unmarshal([]byte(out), &h); err != nil {
		t.Fatalf("dunstctl history: %v\n%s", err, out)
	}
	var list []map[string]string
	for _, group := range h.Data {
		for _, n := range group {
			m := map[string]string{}
			for k, v := range n {
				m[k] = strings.TrimSpace(strings.ReplaceAll(jsonString(v.Data), "\n", " "))
			}
			list = append(list, m)
		}
	}
	return list
}

func jsonString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// pumpFor pumps on the calling goroutine until cond holds.
func pumpUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	loop := gotonium.New()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		loop.UpdateMessageLoop()
		time.Sleep(5 * time.Millisecond)
	}
}

func TestNotifyActionReachesOnActionOnThePump(t *testing.T) {
	startDunst(t)
	var got []string
	var closed []gotonium.CloseReason
	id, err := gotonium.NotifyID(gotonium.Notification{
		Title:    "Build finished",
		Body:     "3 <tests> & passed",
		Urgency:  gotonium.UrgencyCritical,
		Actions:  []gotonium.NotificationAction{{ID: "open-log", Label: "Open log"}},
		OnAction: func(id string) { got = append(got, id) },
		OnClosed: func(r gotonium.CloseReason) { closed = append(closed, r) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if id == 0 {
		t.Fatal("NotifyID returned id 0")
	}
	waitFor(t, 10*time.Second, "dunst to show the notification", func() bool {
		return strings.TrimSpace(dunstctl(t, "count", "displayed")) == "1"
	})
	queued := gotonium.QueuedCallbacksForTest()
	dunstctl(t, "action", "0") // the one action, as a click in the menu would
	// The callback waits for the pump: once the action has been queued for
	// it, it still has not run.
	waitFor(t, 10*time.Second, "the action to be queued", func() bool { return gotonium.QueuedCallbacksForTest() > queued })
	if len(got) != 0 {
		t.Fatalf("OnAction ran before anything pumped: %v", got)
	}
	pumpUntil(t, "OnAction", func() bool { return len(got) > 0 })
	if got[0] != "open-log" {
		t.Fatalf("OnAction got %q, want open-log", got)
	}
	if err := gotonium.CloseNotification(id); err != nil {
		t.Fatal(err)
	}
	pumpUntil(t, "OnClosed", func() bool { return len(closed) > 0 })
	if closed[0] != gotonium.CloseByCall {
		t.Errorf("OnClosed got %v, want %v", closed[0], gotonium.CloseByCall)
	}
	// The body went as plain text: escaped for servers that read markup.
	h := dunstHistory(t)
	if len(h) == 0 {
		t.Fatal("dunst's history is empty")
	}
	if h[0]["summary"] != "Build finished" || h[0]["body"] != "3 &lt;tests&gt; &amp; passed" || !strings.HasSuffix(gotonium.AppID(), "."+h[0]["appname"]) {
		t.Errorf("dunst got %v", h[0])
	}
}

func TestNotifyManyActionsThroughDunstsMenu(t *testing.T) {
	_, menuLog, pickFile := startDunst(t)
	if err := os.WriteFile(pickFile, []byte("Snooze 5 min"), 0o644); err != nil {
		t.Fatal(err)
	}
	var got []string
	clicked := 0
	if err := gotonium.Notify(gotonium.Notification{
		Title: "Meeting", Body: "in 5 minutes",
		Actions: []gotonium.NotificationAction{
			{ID: "join", Label: "Join now"}, {ID: "snooze", Label: "Snooze 5 min"}, {ID: "dismiss", Label: "Dismiss"},
		},
		OnAction: func(id string) { got = append(got, id) },
		OnClick:  func() { clicked++ },
	}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "dunst to show the notification", func() bool {
		return strings.TrimSpace(dunstctl(t, "count", "displayed")) == "1"
	})
	dunstctl(t, "context")
	pumpUntil(t, "OnAction", func() bool { return len(got) > 0 })
	if got[0] != "snooze" {
		t.Fatalf("OnAction got %q, want snooze", got)
	}
	menu, _ := os.ReadFile(menuLog)
	for _, label := range []string{"Join now", "Snooze 5 min", "Dismiss"} {
		if !strings.Contains(string(menu), label) {
			t.Errorf("dunst's menu has no %q:\n%s", label, menu)
		}
	}
	t.Logf("menu:\n%s", menu)
	// A click on the notification is its default action: OnClick.
	dunstctl(t, "close-all")
	if err := gotonium.Notify(gotonium.Notification{Title: "Click me", OnClick: func() { clicked++ }}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "dunst to show the notification", func() bool {
		return strings.TrimSpace(dunstctl(t, "count", "displayed")) == "1"
	})
	dunstctl(t, "action", "0")
	pumpUntil(t, "OnClick", func() bool { return clicked > 0 })
	if clicked != 1 {
		t.Errorf("OnClick ran %d times", clicked)
	}
}

func TestNotifyIconDataAndDismiss(t *testing.T) {
	startDunst(t)
	img := image.NewNRGBA(image.Rect(0, 0, 16, 16))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	img.Set(3, 3, color.NRGBA{255, 0, 0, 255})
	var b bytes.Buffer
	png.Encode(&b, img)
	closed := make(chan gotonium.CloseReason, 1)
	if err := gotonium.Notify(gotonium.Notification{
		Title: "With an image", IconData: b.Bytes(), Urgency: gotonium.UrgencyLow,
		OnClosed: func(r gotonium.CloseReason) { closed <- r },
	}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "dunst to show the notification", func() bool {
		return strings.TrimSpace(dunstctl(t, "count", "displayed")) == "1"
	})
	dunstctl(t, "close")
	var r gotonium.CloseReason
	pumpUntil(t, "OnClosed", func() bool {
		select {
		case r = <-closed:
			return true
		default:
			return false
		}
	})
	if r != gotonium.CloseDismissed {
		t.Errorf("OnClosed got %v, want %v", r, gotonium.CloseDismissed)
	}
	h := dunstHistory(t)
	if len(h) == 0 || h[0]["summary"] != "With an image" {
		t.Errorf("dunst's history: %v", h)
	}
}

func TestNotifyBadInput(t *testing.T) {
	for _, n := range []gotonium.Notification{
		{},
		{Title: "  "},
		{Title: "x", Actions: []gotonium.NotificationAction{{ID: "", Label: "A"}}},
		{Title: "x", Actions: []gotonium.NotificationAction{{ID: "a", Label: ""}}},
		{Title: "x", Actions: []gotonium.NotificationAction{{ID: "a", Label: "A"}, {ID: "a", Label: "B"}}},
		{Title: "x", Actions: []gotonium.NotificationAction{{ID: "default", Label: "A"}}, OnClick: func() {}},
		{Title: "x", IconData: []byte("not an image")},
		{Title: "x", Urgency: 7},
		{Title: "x", Timeout: 1000 * time.Hour},
	} {
		if err := gotonium.Notify(n); !errors.Is(err, gotonium.ErrInvalidArgument) {
			t.Errorf("Notify(%+v) = %v, want ErrInvalidArgument", n, err)
		}
	}
	if err := gotonium.CloseNotification(0); !errors.Is(err, gotonium.ErrInvalidArgument) {
		t.Errorf("CloseNotification(0) = %v, want ErrInvalidArgument", err)
	}
}

func TestNotifyWithoutBusOrServerIsUnsupported(t *testing.T) {
	n := gotonium.Notification{Title: "nobody listens"}
	// No session bus at all.
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	if err := gotonium.Notify(n); !errors.Is(err, gotonium.ErrUnsupported) {
		t.Errorf("no bus: Notify = %v, want ErrUnsupported", err)
	}
	// An address where nothing listens.
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(t.TempDir(), "nothing"))
	if err := gotonium.Notify(n); !errors.Is(err, gotonium.ErrUnsupported) {
		t.Errorf("nothing listening: Notify = %v, want ErrUnsupported", err)
	}
	// A bus that accepts but never answers: an error in time, not a hang.
	sock := filepath.Join(t.TempDir(), "mute")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	old := sessionbus.ConnectTimeout
	sessionbus.ConnectTimeout = 500 * time.Millisecond
	defer func() { sessionbus.ConnectTimeout = old }()
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+sock)
	start := time.Now()
	if err := gotonium.Notify(n); !errors.Is(err, gotonium.ErrUnsupported) {
		t.Errorf("mute bus: Notify = %v, want ErrUnsupported", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("mute bus: Notify took %v", d)
	}
	// A bus with no notification server.
	privateSessionBus(t)
	if err := gotonium.Notify(n); !errors.Is(err, gotonium.ErrUnsupported) {
		t.Errorf("no server: Notify = %v, want ErrUnsupported", err)
	}
	if _, err := gotonium.NotificationServerCapabilities(); !errors.Is(err, gotonium.ErrUnsupported) {
		t.Errorf("no server: NotificationServerCapabilities = %v, want ErrUnsupported", err)
	}
}
