package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
	"github.com/gotonium/gotonium/gotoniumtest"
)

// A window manager (openbox) gives the focus to the window clicked or typed
// into, and to dialogs.
func TestMain(m *testing.M) { gotoniumtest.MainWith(m, gotoniumtest.WindowManager()) }

// TestNotes uses the app as a user does, with the notes in a folder of the
// test's: a first run shows the welcome note; New makes a note, which the
// user names and writes in the editor and saves with Ctrl+S; the list shows
// it; Ctrl+N (a menu accelerator) makes another; clicking a note in the list
// opens it in the editor; Delete asks in a dialog and deletes; Ctrl+Q quits.
// Then the app starts again on the same folder: the notes are there, and
// the editor shows what was typed.
func TestNotes(t *testing.T) {
	dir := t.TempDir()
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err) // the failure screenshot is written too
		}
	}

	// First run: no notes.json yet.
	a, ended := startApp(t, dir)
	list := gotoniumtest.NewWindow(t, a.list)
	editor := gotoniumtest.NewWindow(t, a.editor)
	check(list.WaitFor(titles(`["Welcome"]`), 0))
	check(editor.WaitFor(`document.querySelector("#title").value === "Welcome" && document.querySelector("#body").value.startsWith("This is a note.")`, 0))

	// New, then name and write the note, and save it with Ctrl+S.
	check(list.Click("#new"))
	check(list.WaitFor(titles(`["Untitled", "Welcome"]`), 0))
	check(editor.WaitFor(`document.querySelector("#title").value === "Untitled"`, 0))
	check(editor.Click("#title"))
	check(editor.Press("ctrl+a", "BackSpace"))
	check(editor.Type("#title", "Groceries"))
	check(editor.Type("#body", "milk, eggs"))
	check(editor.Press("ctrl+s"))
	check(list.WaitFor(titles(`["Groceries", "Welcome"]`), 0))
	check(list.WaitFor(`document.querySelector("#notes li span").textContent === "milk, eggs"`, 0))
	check(editor.WaitFor(`document.querySelector("#status").textContent.startsWith("Saved")`, 0))
	check(editor.WaitFor(`document.title === "Groceries"`, 0))
	onDisk := func() map[string]string { // title: body
		t.Helper()
		data, err := os.ReadFile(filepath.Join(dir, "notes.json"))
		check(err)
		var notes []Note
		check(json.Unmarshal(data, &notes))
		m := map[string]string{}
		for _, n := range notes {
			m[n.Title] = n.Body
		}
		return m
	}
	if got := onDisk(); got["Groceries"] != "milk, eggs" || len(got) != 2 {
		t.Fatalf("notes.json holds %q", got)
	}

	// Ctrl+N (File > New Note) makes another note.
	check(list.Press("ctrl+n"))
	check(list.WaitFor(titles(`["Untitled", "Groceries", "Welcome"]`), 0))
	check(editor.WaitFor(`document.querySelector("#title").value === "Untitled"`, 0))

	// A click on a note in the list opens it in the editor.
	check(list.Click(`#notes li:nth-child(2)`))
	check(editor.WaitFor(`document.querySelector("#title").value === "Groceries" && document.querySelector("#body").value === "milk, eggs"`, 0))
	check(list.WaitFor(`document.querySelector("#notes li.open strong").textContent === "Groceries"`, 0))

	// Delete asks first, in a dialog; Alt+D is its Delete button.
	check(list.Click(`#notes li:nth-child(1)`)) // the new Untitled note
	check(editor.WaitFor(`document.querySelector("#title").value === "Untitled"`, 0))
	check(list.Click("#delete"))
	waitDialog(t, a.list, a.editor)
	xdotool(t, "key", "alt+d") // to the dialog, which has the focus
	check(list.WaitFor(titles(`["Groceries", "Welcome"]`), 0))
	check(editor.WaitFor(`document.querySelector("#title").value === "Groceries"`, 0)) // the newest note left
	if got := onDisk(); len(got) != 2 {
		t.Fatalf("after the delete, notes.json holds %q", got)
	}

	// Ctrl+Q (File > Quit) closes the list window, which ends the loop.
	check(list.Press("ctrl+q"))
	select {
	case err := <-ended:
		check(err)
	case <-time.After(10 * time.Second):
		t.Fatal("the loop did not end within 10s of Ctrl+Q")
	}
	check(a.editor.CloseBrowser()) // main's Shutdown closes it

	// Second run on the same folder: the notes are back.
	a, _ = startApp(t, dir)
	list = gotoniumtest.NewWindow(t, a.list)
	editor = gotoniumtest.NewWindow(t, a.editor)
	check(list.WaitFor(titles(`["Groceries", "Welcome"]`), 0))
	check(editor.WaitFor(`document.querySelector("#title").value === "Groceries" && document.querySelector("#body").value === "milk, eggs"`, 0))
}

// titles is a condition: the list window shows notes with these titles, in
// this order (a JSON array).
func titles(want string) string {
	return `JSON.stringify([...document.querySelectorAll("#notes li strong")].map((s) => s.textContent)) === JSON.stringify(` + want + `)`
}

// startApp starts the app on the notes in dir, as main does, and runs its
// loop (gotonium.Run on the list window) on a goroutine until the test
// ends; the channel gets the loop's result.
func startApp(t *testing.T, dir string) (*app, <-chan error) {
	t.Helper()
	a, err := start(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.list.CloseBrowser(); a.editor.CloseBrowser() })
	ctx, cancel := context.WithCancel(context.Background())
	ended := make(chan error, 1)
	done := make(chan struct{})
	go func() { defer close(done); ended <- gotonium.Run(ctx, a.list, 0) }()
	t.Cleanup(func() { cancel(); <-done })
	return a, ended
}

// waitDialog waits until a window other than the app's two has the focus:
// the dialog the app opened.
func waitDialog(t *testing.T, windows ...*gotonium.Instance) {
	t.Helper()
	own := map[string]bool{}
	for _, p := range windows {
		own[fmt.Sprint(p.NativeWindowHandle())] = true
	}
	var id string
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		out, err := exec.Command("xdotool", "getactivewindow").Output()
		if id = strings.TrimSpace(string(out)); err == nil && id != "" && !own[id] {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no dialog has the focus within 10s (the active window is %q)", id)
		}
	}
}

func xdotool(t *testing.T, args ...string) {
	t.Helper()
	if out, err := exec.Command("xdotool", args...).CombinedOutput(); err != nil {
		t.Fatalf("xdotool %s: %v: %s", strings.Join(args, " "), err, out)
	}
}
