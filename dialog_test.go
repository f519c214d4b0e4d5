//go:build !fakeengine

package gotonium_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// The dialogs are GTK's own (GtkFileChooserNative falls back to
// GtkFileChooserDialog without a portal), driven with real X keys.

// dialogKeys activates the dialog titled title and types into it: each
// argument is a key ("ctrl+l", "Return") or, prefixed with "type:", text.
func dialogKeys(t *testing.T, title string, keys ...string) string {
	t.Helper()
	xid := menuWindowID(t, title)
	dialogKeysTo(t, xid, keys...)
	return xid
}

// dialogKeysTo activates window xid and types into it, as dialogKeys.
func dialogKeysTo(t *testing.T, xid string, keys ...string) {
	t.Helper()
	if out, err := menuXdo(t, "windowactivate", "--sync", xid); err != nil {
		t.Logf("xdotool windowactivate: %v: %s", err, out)
	}
	time.Sleep(300 * time.Millisecond) // GTK fills the chooser's list after it maps
	for _, k := range keys {
		var out string
		var err error
		if text, ok := strings.CutPrefix(k, "type:"); ok {
			out, err = menuXdo(t, "type", "--delay", "15", text)
		} else {
			out, err = menuXdo(t, "key", "--delay", "40", k)
		}
		if err != nil {
			t.Fatalf("xdotool %s: %v: %s", k, err, out)
		}
		time.Sleep(150 * time.Millisecond)
	}
}

// dialogGone waits until no visible window is titled title.
func dialogGone(t *testing.T, title string) {
	t.Helper()
	waitFor(t, 5*time.Second, "dialog "+title+" to close", func() bool {
		out, _ := menuXdo(t, "search", "--onlyvisible", "--name", "^"+title+"$")
		return strings.TrimSpace(out) == ""
	})
}

// dialogFiles makes a folder with the named empty files.
func dialogFiles(t *testing.T, names ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, n := range names {
		if strings.HasSuffix(n, "/") {
			must(t, os.Mkdir(filepath.Join(dir, n), 0o755))
			continue
		}
		must(t, os.WriteFile(filepath.Join(dir, n), []byte(n), 0o644))
	}
	return dir
}

type dialogResult struct {
	paths []string
	err   error
}

// goDialog runs a dialog call on a goroutine of its own.
func goDialog(f func() ([]string, error)) <-chan dialogResult {
	ch := make(chan dialogResult, 1)
	go func() { p, err := f(); ch <- dialogResult{p, err} }()
	return ch
}

func dialogWant(t *testing.T, ch <-chan dialogResult) dialogResult {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(10 * time.Second):
		t.Fatal("the dialog call did not return")
	}
	return dialogResult{}
}

func TestFileDialogs(t *testing.T) {
	pump(t)
	dir := dialogFiles(t, "a.txt", "b.txt", "c.png", "sub/")
	p := gotonium.New()
	menuPage(t, p, "dialog-app")

	// Open: type a path into the location entry.
	ch := goDialog(func() ([]string, error) {
		return p.OpenFileDialog(gotonium.FileDialogOptions{Title: "Pick a note", Folder: dir})
	})
	dialogKeys(t, "Pick a note", "ctrl+l", "type:"+filepath.Join(dir, "b.txt"), "Return")
	if r := dialogWant(t, ch); r.err != nil || !reflect.DeepEqual(r.paths, []string{filepath.Join(dir, "b.txt")}) {
		t.Fatalf("OpenFileDialog = %q, %v", r.paths, r.err)
	}
	dialogGone(t, "Pick a note")

	// Escape cancels.
	ch = goDialog(func() ([]string, error) { return p.OpenFileDialog(gotonium.FileDialogOptions{Title: "Cancel me"}) })
	dialogKeys(t, "Cancel me", "Escape")
	if r := dialogWant(t, ch); !errors.Is(r.err, gotonium.ErrCancelled) || r.paths != nil {
		t.Fatalf("cancelled OpenFileDialog = %q, %v; want ErrCancelled", r.paths, r.err)
	}

	// Multiple with a filter: select all in the list picks only what the filter shows.
	ch = goDialog(func() ([]string, error) {
		return p.OpenFileDialog(gotonium.FileDialogOptions{Title: "Pick texts", Folder: dir, Multiple: true,
			Filters: []gotonium.FileFilter{{Name: "Text", Patterns: []string{"*.txt"}}, {Name: "All", Patterns: []string{"*"}}}})
	})
	dialogKeys(t, "Pick texts", "Home", "shift+Down", "Return")
	want := []string{filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt")}
	if r := dialogWant(t, ch); r.err != nil || !reflect.DeepEqual(r.paths, want) {
		t.Fatalf("multiple OpenFileDialog = %q, %v; want %q", r.paths, r.err, want)
	}
}

// newWindow waits for a visible window of this process that is not in
// before, and returns its id.
func newWindow(t *testing.T, before map[string]bool, what string) string {
	t.Helper()
	var id string
	waitFor(t, 5*time.Second, what, func() bool {
		for w := range menuVisibleWindows(t) {
			if !before[w] {
				id = w
			}
		}
		return id != ""
	})
	return id
}

func TestSaveAndFolderDialogs(t *testing.T) {
	pump(t)
	dir := dialogFiles(t, "a.txt", "sub/")
	p := gotonium.New()
	menuPage(t, p, "save-app")
	save := func(o gotonium.FileDialogOptions) <-chan dialogResult {
		return goDialog(func() ([]string, error) {
			s, err := p.SaveFileDialog(o)
			if err != nil {
				return nil, err
			}
			return []string{s}, nil
		})
	}

	// The suggested name in the given folder: Return saves it.
	ch := save(gotonium.FileDialogOptions{Title: "Save note", Folder: dir, Name: "new.txt"})
	dialogKeys(t, "Save note", "Return")
	if r := dialogWant(t, ch); r.err != nil || !reflect.DeepEqual(r.paths, []string{filepath.Join(dir, "new.txt")}) {
		t.Fatalf("SaveFileDialog = %q, %v", r.paths, r.err)
	}
	dialogGone(t, "Save note")

	// An existing file: GTK asks first; Replace returns the path, the file
	// is untouched.
	ch = save(gotonium.FileDialogOptions{Title: "Replace note", Folder: dir, Name: "a.txt"})
	before := menuVisibleWindows(t)
	dialogKeys(t, "Replace note")
	before[menuWindowID(t, "Replace note")] = true
	dialogKeys(t, "Replace note", "Return")
	confirm := newWindow(t, before, "the replace confirmation")
	select {
	case r := <-ch:
		t.Fatalf("SaveFileDialog returned %q, %v before the user confirmed", r.paths, r.err)
	default:
	}
	dialogKeysTo(t, confirm, "alt+r")
	if r := dialogWant(t, ch); r.err != nil || !reflect.DeepEqual(r.paths, []string{filepath.Join(dir, "a.txt")}) {
		t.Fatalf("SaveFileDialog over a.txt = %q, %v", r.paths, r.err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "a.txt")); string(b) != "a.txt" {
		t.Errorf("a.txt holds %q after the save dialog", b)
	}

	// A folder: type its path.
	ch = goDialog(func() ([]string, error) {
		return p.OpenFolderDialog(gotonium.FileDialogOptions{Title: "Pick a folder", Folder: dir})
	})
	dialogKeys(t, "Pick a folder", "ctrl+l", "type:"+filepath.Join(dir, "sub"), "Return")
	if r := dialogWant(t, ch); r.err != nil || !reflect.DeepEqual(r.paths, []string{filepath.Join(dir, "sub")}) {
		t.Fatalf("OpenFolderDialog = %q, %v", r.paths, r.err)
	}
}

type labelResult struct {
	label string
	err   error
}

func goMessage(p *gotonium.Instance, o gotonium.MessageDialogOptions) <-chan labelResult {
	ch := make(chan labelResult, 1)
	go func() { l, err := p.MessageDialog(o); ch <- labelResult{l, err} }()
	return ch
}

func messageWant(t *testing.T, ch <-chan labelResult, label string, wantErr error) {
	t.Helper()
	select {
	case r := <-ch:
		if r.label != label || !errors.Is(r.err, wantErr) || (wantErr == nil && r.err != nil) {
			t.Fatalf("MessageDialog = %q, %v; want %q, %v", r.label, r.err, label, wantErr)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("MessageDialog did not return")
	}
}

func TestMessageDialog(t *testing.T) {
	pump(t)
	p := gotonium.New()
	app := menuPage(t, p, "message-app")

	// Custom buttons: Return chooses the default, Alt+letter a mnemonic.
	unsaved := gotonium.MessageDialogOptions{Kind: gotonium.MessageWarning, Title: "Unsaved",
		Message: "Save the note?", Detail: "Your changes are lost otherwise.",
		Buttons: []string{"_Save", "Do_n't Save", "Cancel"}, Default: "Cancel"}
	ch := goMessage(p, unsaved)
	dlg := dialogKeys(t, "Unsaved")
	// The dialog belongs to the app's window.
	appID, _ := strconv.ParseUint(app, 10, 64)
	dlgID, _ := strconv.ParseUint(dlg, 10, 64)
	if got := xprop(t, dlgID, "WM_TRANSIENT_FOR"); !strings.Contains(got, fmt.Sprintf("0x%x", appID)) {
		t.Errorf("the dialog's WM_TRANSIENT_FOR = %q; want the app window 0x%x", got, appID)
	}
	// One dialog at a time per window.
	if _, err := p.MessageDialog(gotonium.MessageDialogOptions{Message: "second"}); !errors.Is(err, gotonium.ErrDialogOpen) {
		t.Errorf("a second MessageDialog = %v; want ErrDialogOpen", err)
	}
	dialogKeys(t, "Unsaved", "Return")
	messageWant(t, ch, "Cancel", nil)
	dialogGone(t, "Unsaved")

	ch = goMessage(p, unsaved)
	dialogKeys(t, "Unsaved", "alt+n")
	messageWant(t, ch, "Do_n't Save", nil)

	// The defaults of a question: Yes and No; Escape cancels.
	ch = goMessage(p, gotonium.MessageDialogOptions{Kind: gotonium.MessageQuestion, Message: "Really?"})
	dialogKeys(t, "Question", "Return")
	messageWant(t, ch, "Yes", nil)
	ch = goMessage(p, gotonium.MessageDialogOptions{Kind: gotonium.MessageQuestion, Message: "Really?"})
	dialogKeys(t, "Question", "alt+n")
	messageWant(t, ch, "No", nil)
	ch = goMessage(p, gotonium.MessageDialogOptions{Message: "Note saved"})
	dialogKeys(t, "Information", "Escape")
	messageWant(t, ch, "", gotonium.ErrCancelled)

	// Closing the window ends its dialog: the call returns, the dialog goes.
	ch = goMessage(p, gotonium.MessageDialogOptions{Kind: gotonium.MessageError, Message: "Disk full"})
	menuWindowID(t, "Error")
	fch := goDialog(func() ([]string, error) { return p.OpenFileDialog(gotonium.FileDialogOptions{}) })
	if r := dialogWant(t, fch); !errors.Is(r.err, gotonium.ErrDialogOpen) {
		t.Errorf("a file dialog over a message dialog = %v; want ErrDialogOpen", r.err)
	}
	must(t, p.CloseBrowser())
	messageWant(t, ch, "", gotonium.ErrNoBrowser)
	dialogGone(t, "Error")
	if _, err := p.MessageDialog(gotonium.MessageDialogOptions{Message: "no window"}); !errors.Is(err, gotonium.ErrNoBrowser) {
		t.Errorf("MessageDialog with no window = %v; want ErrNoBrowser", err)
	}
}

func TestDialogBadOptions(t *testing.T) {
	pump(t)
	p := gotonium.New()
	menuPage(t, p, "bad-dialogs")
	file := filepath.Join(t.TempDir(), "f")
	must(t, os.WriteFile(file, nil, 0o644))
	for _, o := range []gotonium.FileDialogOptions{
		{Folder: "relative/dir"},
		{Folder: "/no/such/folder"},
		{Folder: file},
		{Title: "a\x00b"},
		{Title: "\xff"},
		{Name: "x.txt"}, // not a save dialog
		{Filters: []gotonium.FileFilter{{Name: "none"}}},
		{Filters: []gotonium.FileFilter{{Patterns: []string{""}}}},
		{Filters: []gotonium.FileFilter{{MIMETypes: []string{"image"}}}},
		{Filters: []gotonium.FileFilter{{MIMETypes: []string{"image/png; q=1"}}}},
	} {
		if _, err := p.OpenFileDialog(o); !errors.Is(err, gotonium.ErrInvalidArgument) {
			t.Errorf("OpenFileDialog(%+v) = %v; want ErrInvalidArgument", o, err)
		}
	}
	for _, o := range []gotonium.FileDialogOptions{{Multiple: true}, {Name: "a/b"}, {Name: ".."}} {
		if _, err := p.SaveFileDialog(o); !errors.Is(err, gotonium.ErrInvalidArgument) {
			t.Errorf("SaveFileDialog(%+v) = %v; want ErrInvalidArgument", o, err)
		}
	}
	many := make([]string, 17)
	for i := range many {
		many[i] = fmt.Sprint(i)
	}
	for _, o := range []gotonium.MessageDialogOptions{
		{},
		{Message: "  "},
		{Message: "m", Kind: 9},
		{Message: "m", Buttons: []string{"A", "A"}},
		{Message: "m", Buttons: []string{"A", ""}},
		{Message: "m", Buttons: many},
		{Message: "m", Default: "Nope"},
		{Message: "m", Detail: "\x00"},
	} {
		if _, err := p.MessageDialog(o); !errors.Is(err, gotonium.ErrInvalidArgument) {
			t.Errorf("MessageDialog(%+v) = %v; want ErrInvalidArgument", o, err)
		}
	}
	if len(menuVisibleWindows(t)) != 1 {
		t.Errorf("bad options opened a window: %v", menuVisibleWindows(t))
	}

	// The page gets a TypeError for options that are not an object and an
	// Error that names the problem for bad ones; nothing opens.
	for _, c := range []struct{ js, want string }{
		{`Gotonium.dialog.openFile("x")`, "rejected: TypeError: Gotonium.dialog.openFile: options must be an object"},
		{`Gotonium.dialog.openFile(null)`, "rejected: TypeError: Gotonium.dialog.openFile: options must be an object"},
		{`Gotonium.dialog.saveFile([])`, "rejected: TypeError: Gotonium.dialog.saveFile: options must be an object"},
		{`Gotonium.dialog.message()`, "rejected: TypeError: Gotonium.dialog.message: options must be an object"},
		{`Gotonium.dialog.openFile({x: 1n})`, "rejected: TypeError: Gotonium.dialog.openFile: options cannot be sent"},
		{`Gotonium.dialog.openFile({folder: "rel"})`, `rejected: Error: Gotonium.dialog.openFile: invalid argument: file dialog: Folder "rel" is not an absolute path`},
		{`Gotonium.dialog.openFile({bogus: 1})`, `rejected: Error: Gotonium.dialog.openFile: options: unknown field "bogus"`},
		{`Gotonium.dialog.openFolder({multiple: "yes"})`, `rejected: Error: Gotonium.dialog.openFolder: options:`},
		{`Gotonium.dialog.saveFile({multiple: true})`, `rejected: Error: Gotonium.dialog.saveFile: invalid argument: file dialog: Multiple is not for a save dialog`},
		{`Gotonium.dialog.message({message: "m", kind: "loud"})`, `rejected: Error: Gotonium.dialog.message: options:`},
		{`Gotonium.dialog.message("")`, `rejected: Error: Gotonium.dialog.message: invalid argument: message dialog: Message is empty`},
		{`Gotonium.__gotonium.post("dialog\nexplode\n{}")`, `rejected: Error: Gotonium.dialog.explode is not a function`},
		{`Gotonium.__gotonium.post("dialog\nopenFile\n{\"title\": ")`, `rejected: Error: Gotonium.dialog.openFile: options:`},
	} {
		if got, _ := await(t, p, c.js).(string); !strings.HasPrefix(got, c.want) {
			t.Errorf("%s → %q; want %q…", c.js, got, c.want)
		}
	}
	if len(menuVisibleWindows(t)) != 1 {
		t.Errorf("bad options from the page opened a window: %v", menuVisibleWindows(t))
	}
}

func TestPageDialogs(t *testing.T) {
	pump(t)
	dir := dialogFiles(t, "page.txt")
	p := gotonium.New()
	// A bound function may open a dialog although it runs on the goroutine
	// that pumps: the answer does not go through the callback queue.
	must(t, p.BindFunction(func() (string, error) {
		return p.MessageDialog(gotonium.MessageDialogOptions{Title: "From Go", Message: "Asked by a binding"})
	}, "ask", "app"))
	menuPage(t, p, "page-dialogs")
	res := awaitLater(t, p, `Gotonium.app.ask()`)
	dialogKeys(t, "From Go", "Return")
	if got := res(); got != "OK" {
		t.Errorf("a binding's dialog → %v; want OK", got)
	}

	res = awaitLater(t, p, fmt.Sprintf(`Gotonium.dialog.openFile({title: "Page pick", folder: %q})`, dir))
	dialogKeys(t, "Page pick", "ctrl+l", "type:"+filepath.Join(dir, "page.txt"), "Return")
	if got := res(); !reflect.DeepEqual(got, []any{filepath.Join(dir, "page.txt")}) {
		t.Errorf("Gotonium.dialog.openFile → %v", got)
	}
	res = awaitLater(t, p, fmt.Sprintf(`Gotonium.dialog.saveFile({title: "Page save", folder: %q, name: "out.txt"})`, dir))
	dialogKeys(t, "Page save", "Return")
	if got := res(); got != filepath.Join(dir, "out.txt") {
		t.Errorf("Gotonium.dialog.saveFile → %v", got)
	}
	res = awaitLater(t, p, `Gotonium.dialog.openFolder({title: "Page folder"})`)
	dialogKeys(t, "Page folder", "Escape")
	if got := res(); got != nil {
		t.Errorf("cancelled Gotonium.dialog.openFolder → %v; want null", got)
	}
	res = awaitLater(t, p, `Gotonium.dialog.message({kind: "question", title: "Page ask", message: "Go on?", buttons: ["_Go", "_Stop"], default: "_Stop"})`)
	dialogKeys(t, "Page ask")
	if got := await(t, p, `Gotonium.dialog.message("second")`); got != "rejected: Error: Gotonium.dialog.message: a dialog is already open on this window" {
		t.Errorf("a second page dialog → %v", got)
	}
	dialogKeys(t, "Page ask", "Return")
	if got := res(); got != "_Stop" {
		t.Errorf("Gotonium.dialog.message → %v; want _Stop", got)
	}
	res = awaitLater(t, p, `Gotonium.dialog.message("Plain")`)
	dialogKeys(t, "Information", "Return")
	if got := res(); got != "OK" {
		t.Errorf("Gotonium.dialog.message(string) → %v; want OK", got)
	}
}

// TestPageFileInput: <input type=file> keeps WebKit's own chooser.
func TestPageFileInput(t *testing.T) {
	pump(t)
	dir := dialogFiles(t, "upload.txt")
	p := gotonium.New()
	menuPage(t, p, "file-input")
	must(t, p.ExecuteJavascript(`document.body.innerHTML = '<input type=file id=f>'; f.onchange = () => { window.picked = f.files[0].name; }`))
	before := menuVisibleWindows(t)
	must(t, p.ExecuteJavascript(`f.click()`))
	chooser := newWindow(t, before, "the file input's chooser")
	dialogKeysTo(t, chooser, "ctrl+l", "type:"+filepath.Join(dir, "upload.txt"), "Return")
	waitFor(t, 5*time.Second, "the input's change event", func() bool { return eval(t, p, `window.picked || ""`) == "upload.txt" })
}
