//go:build fakeengine

package gotonium

import (
	"errors"
	"reflect"
	"testing"

	"github.com/gotonium/gotonium/internal/enginefake"
)

// openDialog waits for the one dialog open on the fake engine.
func openDialog(t *testing.T, e *enginefake.Engine) *enginefake.Dialog {
	t.Helper()
	var d *enginefake.Dialog
	if !e.WaitFor(func() bool {
		open := e.OpenDialogs()
		if len(open) == 1 {
			d = open[0]
		}
		return d != nil
	}) {
		t.Fatalf("dialogs open: %d; want 1", len(e.OpenDialogs()))
	}
	return d
}

// TestFileDialogModel: what the core asks of the engine for a file dialog,
// and how the answers map to results and errors.
func TestFileDialogModel(t *testing.T) {
	e := useFake(t)
	p, _ := loadedFake(t, e)
	type res struct {
		paths []string
		err   error
	}
	open := func(o FileDialogOptions) <-chan res {
		ch := make(chan res, 1)
		go func() { paths, err := p.OpenFileDialog(o); ch <- res{paths, err} }()
		return ch
	}
	ch := open(FileDialogOptions{Multiple: true, Filters: []FileFilter{{Patterns: []string{"*.txt", "*.md"}}, {Name: "Images", MIMETypes: []string{"image/*"}}}})
	d := openDialog(t, e)
	if d.File == nil || d.File.Title != "Open Files" || !d.File.Multiple || len(d.File.Filters) != 2 ||
		d.File.Filters[0].Name != "*.txt, *.md" || d.File.Filters[1].Name != "Images" {
		t.Fatalf("the engine was asked for %+v", d.File)
	}
	if _, err := p.MessageDialog(MessageDialogOptions{Message: "m"}); !errors.Is(err, ErrDialogOpen) {
		t.Errorf("a second dialog: %v; want ErrDialogOpen", err)
	}
	d.Choose([]string{"/a", "/b"}, 0)
	if r := recv(t, ch, "OpenFileDialog"); r.err != nil || !reflect.DeepEqual(r.paths, []string{"/a", "/b"}) {
		t.Fatalf("OpenFileDialog = %q, %v", r.paths, r.err)
	}
	// No path (a file with no local path) is a cancel, as Escape is.
	ch = open(FileDialogOptions{})
	openDialog(t, e).Choose(nil, 0)
	if r := recv(t, ch, "OpenFileDialog"); !errors.Is(r.err, ErrCancelled) {
		t.Fatalf("no paths: %v; want ErrCancelled", r.err)
	}
	ch = open(FileDialogOptions{})
	openDialog(t, e).Cancel()
	if r := recv(t, ch, "OpenFileDialog"); !errors.Is(r.err, ErrCancelled) {
		t.Fatalf("Cancel: %v; want ErrCancelled", r.err)
	}
	// The window closing ends the dialog.
	ch = open(FileDialogOptions{})
	openDialog(t, e)
	must(t, p.CloseBrowser())
	if r := recv(t, ch, "OpenFileDialog"); !errors.Is(r.err, ErrNoBrowser) || !errors.Is(r.err, ErrCancelled) {
		t.Fatalf("closed window: %v; want ErrNoBrowser and ErrCancelled", r.err)
	}
	if _, err := p.SaveFileDialog(FileDialogOptions{}); !errors.Is(err, ErrNoBrowser) {
		t.Fatalf("no window: %v; want ErrNoBrowser", err)
	}
}

// TestMessageDialogModel: labels returned for the buttons the engine
// reports, defaults and mnemonics.
func TestMessageDialogModel(t *testing.T) {
	e := useFake(t)
	p, w := loadedFake(t, e)
	type res struct {
		label string
		err   error
	}
	show := func(o MessageDialogOptions) <-chan res {
		ch := make(chan res, 1)
		go func() { l, err := p.MessageDialog(o); ch <- res{l, err} }()
		return ch
	}
	ch := show(MessageDialogOptions{Kind: MessageQuestion, Message: "Sure?"})
	d := openDialog(t, e)
	if m := d.Message; m == nil || m.Title != "Question" || !reflect.DeepEqual(m.Buttons, []string{"_Yes", "_No"}) || m.Default != 0 {
		t.Fatalf("the engine was asked for %+v", d.Message)
	}
	d.Choose(nil, 1)
	if r := recv(t, ch, "MessageDialog"); r.label != "No" || r.err != nil {
		t.Fatalf("MessageDialog = %q, %v; want No", r.label, r.err)
	}
	ch = show(MessageDialogOptions{Message: "m", Buttons: []string{"A", "_B"}, Default: "_B"})
	if d = openDialog(t, e); d.Message.Default != 1 {
		t.Fatalf("Default _B is button %d; want 1", d.Message.Default)
	}
	d.Choose(nil, 7) // a response that is no button: a cancel
	if r := recv(t, ch, "MessageDialog"); !errors.Is(r.err, ErrCancelled) {
		t.Fatalf("response 7: %v; want ErrCancelled", r.err)
	}

	// The page's Gotonium.dialog.message: the label, or null when cancelled.
	page := func(body string) <-chan res {
		ch := make(chan res, 1)
		go func() { l, err := send(p, w, body); ch <- res{l, err} }()
		return ch
	}
	ch = page("dialog\nmessage\n" + `{"message":"m","kind":"warning","buttons":["Keep","Drop"]}`)
	d = openDialog(t, e)
	if d.Message.Title != "Warning" {
		t.Fatalf("page dialog %+v", d.Message)
	}
	d.Choose(nil, 1)
	if r := recv(t, ch, "page dialog"); r.label != `"Drop"` || r.err != nil {
		t.Fatalf("page dialog = %q, %v", r.label, r.err)
	}
	ch = page("dialog\nopenFile\n{}")
	openDialog(t, e).Cancel()
	if r := recv(t, ch, "page dialog"); r.label != "null" || r.err != nil {
		t.Fatalf("cancelled page dialog = %q, %v; want null", r.label, r.err)
	}
	ch = page("dialog\nsaveFile\n{}")
	openDialog(t, e).Choose([]string{"/x"}, 0)
	if r := recv(t, ch, "page dialog"); r.label != `"/x"` || r.err != nil {
		t.Fatalf("page save dialog = %q, %v", r.label, r.err)
	}
}
