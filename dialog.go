package gotonium

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/gotonium/gotonium/internal/engine"
)

// Native dialogs. Each is modal to the instance's window (transient for it,
// so the window manager keeps it above the window), may be called from any
// goroutine — also from inside an app callback on the goroutine that pumps:
// the answer comes straight from the engine, not through the callback queue
// — and returns when the user has answered. Meanwhile the window keeps
// painting and other windows keep working; only the instance's window takes
// no input (it is modal).
//
// One dialog at a time per window: a second one, from Go or from the page,
// while the first is open, returns ErrDialogOpen at once (it does not
// wait). A dialog that the user closes without choosing (Escape, Cancel,
// the window manager's close button) returns an error wrapping
// ErrCancelled. When the window closes while its dialog is open, the
// dialog closes too and the call returns an error wrapping both
// ErrNoBrowser and ErrCancelled. With no window open they return
// ErrNoBrowser; bad options are ErrInvalidArgument.
//
// File dialogs use GTK's GtkFileChooserNative: the desktop portal's picker
// where GTK uses it (inside Flatpak or Snap, or with GTK_USE_PORTAL=1),
// GTK's own file chooser otherwise.

// FileFilter is one entry of a file dialog's filter list: it shows the
// files that match any of its glob patterns or MIME types.
type FileFilter struct {
	// Name is shown in the list, such as "Images"; "" shows the patterns.
	Name string `json:"name"`
	// Patterns are shell glob patterns of file names, such as "*.png".
	Patterns []string `json:"patterns"`
	// MIMETypes are MIME types, such as "image/png" or "image/*".
	MIMETypes []string `json:"mimeTypes"`
}

// FileDialogOptions configure OpenFileDialog, SaveFileDialog and
// OpenFolderDialog. The zero value is a plain dialog. All strings must be
// valid UTF-8 without NUL characters.
type FileDialogOptions struct {
	// Title is the dialog's title; "" gives "Open File", "Open Files",
	// "Save File" or "Open Folder".
	Title string `json:"title"`
	// Folder is the folder the dialog starts in: an absolute path of an
	// existing folder; "" leaves the choice to the toolkit.
	Folder string `json:"folder"`
	// Name is the file name SaveFileDialog suggests (no folder in it);
	// only for SaveFileDialog.
	Name string `json:"name"`
	// AcceptLabel is the label of the button that accepts ("" for the
	// toolkit's: Open, Save, Select); an underscore marks its mnemonic.
	AcceptLabel string `json:"acceptLabel"`
	// Filters are offered in order, the first one applied; none shows
	// every file.
	Filters []FileFilter `json:"filters"`
	// Multiple lets the user choose more than one file or folder; not for
	// SaveFileDialog.
	Multiple bool `json:"multiple"`
	// ShowHidden shows hidden files (dot files) from the start.
	ShowHidden bool `json:"showHidden"`
}

// OpenFileDialog asks the user for existing files and returns their
// absolute paths: one, or with Multiple any number (at least one).
func (p *Instance) OpenFileDialog(opts FileDialogOptions) ([]string, error) {
	return p.fileDialog("open file dialog", engine.FileOpen, opts)
}

// SaveFileDialog asks the user for the path of a file to write, starting
// with opts.Name in opts.Folder. When the user picks an existing file, the
// dialog asks whether to replace it first; the file itself is not touched.
func (p *Instance) SaveFileDialog(opts FileDialogOptions) (string, error) {
	paths, err := p.fileDialog("save file dialog", engine.FileSave, opts)
	if err != nil {
		return "", err
	}
	return paths[0], nil
}

// OpenFolderDialog asks the user for existing folders and returns their
// absolute paths: one, or with Multiple any number (at least one).
func (p *Instance) OpenFolderDialog(opts FileDialogOptions) ([]string, error) {
	return p.fileDialog("open folder dialog", engine.FolderOpen, opts)
}

// MessageKind sets a message dialog's icon and default buttons.
type MessageKind int

// The message kinds. Their default buttons are "OK", and "Yes" and "No"
// for MessageQuestion.
const (
	MessageInfo MessageKind = iota
	MessageWarning
	MessageError
	MessageQuestion
)

var messageKinds = [...]string{"info", "warning", "error", "question"}

// String returns "info", "warning", "error" or "question", the names pages
// use.
func (k MessageKind) String() string {
	if k < 0 || int(k) >= len(messageKinds) {
		return fmt.Sprintf("MessageKind(%d)", int(k))
	}
	return messageKinds[k]
}

// MarshalText writes the kind's name.
func (k MessageKind) MarshalText() ([]byte, error) {
	if k < 0 || int(k) >= len(messageKinds) {
		return nil, fmt.Errorf("%w: message kind %d", ErrInvalidArgument, int(k))
	}
	return []byte(messageKinds[k]), nil
}

// UnmarshalText reads a kind's name ("" is MessageInfo).
func (k *MessageKind) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*k = MessageInfo
		return nil
	}
	for i, name := range messageKinds {
		if string(b) == name {
			*k = MessageKind(i)
			return nil
		}
	}
	return fmt.Errorf("%w: message kind %q (use info, warning, error or question)", ErrInvalidArgument, b)
}

// MessageDialogOptions configure MessageDialog. All strings must be valid
// UTF-8 without NUL characters.
type MessageDialogOptions struct {
	Kind MessageKind `json:"kind"`
	// Title is the dialog's title; "" gives "Information", "Warning",
	// "Error" or "Question".
	Title string `json:"title"`
	// Message is the main text, in bold; required.
	Message string `json:"message"`
	// Detail is secondary text under it; may be "".
	Detail string `json:"detail"`
	// Buttons are the labels of the buttons, left to right (at most 16,
	// none empty, no two alike); none gives the kind's default set. An
	// underscore marks the letter that Alt chooses the button with
	// ("_Save": Alt+S); "__" shows an underscore.
	Buttons []string `json:"buttons"`
	// Default is the label of the button Enter chooses, which has the
	// focus when the dialog opens; "" is the first button.
	Default string `json:"default"`
}

// maxButtons bounds a message dialog's buttons.
const maxButtons = 16

// MessageDialog shows a message and returns the label of the button the
// user chose, as given in opts.Buttons (or "OK", "Yes", "No" for the
// default buttons). Escape or closing the dialog returns ErrCancelled.
func (p *Instance) MessageDialog(opts MessageDialogOptions) (string, error) {
	d, labels, err := messageDialog(opts)
	if err != nil {
		return "", err
	}
	type answer struct {
		button int
		err    error
	}
	ch := make(chan answer, 1)
	err = p.showDialog(func(w engine.Window, release func()) error {
		return w.ShowMessageDialog(d, func(button int, err error) { release(); ch <- answer{button, err} })
	})
	if err != nil {
		return "", dialogError("message dialog", err)
	}
	a := <-ch
	if a.err == nil && (a.button < 0 || a.button >= len(labels)) {
		a.err = errCancelled
	}
	if a.err != nil {
		return "", dialogError("message dialog", a.err)
	}
	return labels[a.button], nil
}

// errCancelled is how the core notes a dialog closed without an answer.
var errCancelled = errors.New("cancelled")

func (p *Instance) fileDialog(what string, mode engine.FileDialogMode, opts FileDialogOptions) ([]string, error) {
	d, err := fileDialog(mode, opts)
	if err != nil {
		return nil, err
	}
	type answer struct {
		paths []string
		err   error
	}
	ch := make(chan answer, 1)
	err = p.showDialog(func(w engine.Window, release func()) error {
		return w.ShowFileDialog(d, func(paths []string, err error) { release(); ch <- answer{paths, err} })
	})
	if err != nil {
		return nil, dialogError(what, err)
	}
	a := <-ch
	if a.err == nil && len(a.paths) == 0 {
		a.err = errCancelled
	}
	if a.err != nil {
		return nil, dialogError(what, a.err)
	}
	return a.paths, nil
}

// dialogError maps what a dialog ended with to the package's sentinels.
func dialogError(what string, err error) error {
	switch {
	case errors.Is(err, errCancelled):
		return fmt.Errorf("gotonium: %s: %w", what, ErrCancelled)
	case errors.Is(err, engine.ErrClosed), errors.Is(err, engine.ErrStopped):
		return fmt.Errorf("gotonium: %s: the window closed while the dialog was open: %w (%w)", what, ErrNoBrowser, ErrCancelled)
	case errors.Is(err, ErrNoBrowser), errors.Is(err, ErrDialogOpen):
		return fmt.Errorf("gotonium: %s: %w", what, err)
	}
	return fmt.Errorf("gotonium: %s: %v", what, err)
}

// dialogOwners holds the windows that show a dialog of gotonium's, so that
// there is one at a time per window.
var dialogOwners sync.Map // *browser -> struct{}

// showDialog opens a dialog on the instance's window with show, which
// gets a release func to call (once) when the dialog has ended. It returns
// ErrNoBrowser or ErrDialogOpen without calling show, or what show
// returned.
func (p *Instance) showDialog(show func(w engine.Window, release func()) error) error {
	b := p.current()
	w := b.window()
	if w == nil {
		return ErrNoBrowser
	}
	return b.showDialog(w, show)
}

func (b *browser) showDialog(w engine.Window, show func(w engine.Window, release func()) error) error {
	if _, busy := dialogOwners.LoadOrStore(b, struct{}{}); busy {
		return ErrDialogOpen
	}
	var once sync.Once
	release := func() { once.Do(func() { dialogOwners.Delete(b) }) }
	if err := show(w, release); err != nil {
		release()
		if errors.Is(err, engine.ErrClosed) || errors.Is(err, engine.ErrStopped) {
			return ErrNoBrowser
		}
		return err
	}
	return nil
}

// fileDialog checks opts and turns them into the engine's description.
func fileDialog(mode engine.FileDialogMode, o FileDialogOptions) (engine.FileDialog, error) {
	d := engine.FileDialog{Mode: mode, Title: o.Title, Folder: o.Folder, Name: o.Name, AcceptLabel: o.AcceptLabel,
		Multiple: o.Multiple, ShowHidden: o.ShowHidden}
	bad := func(format string, a ...any) (engine.FileDialog, error) {
		return engine.FileDialog{}, fmt.Errorf("%w: file dialog: "+format, append([]any{ErrInvalidArgument}, a...)...)
	}
	for _, s := range []struct{ what, v string }{{"Title", o.Title}, {"Folder", o.Folder}, {"Name", o.Name}, {"AcceptLabel", o.AcceptLabel}} {
		if err := checkText(s.what, s.v); err != nil {
			return bad("%v", err)
		}
	}
	if o.Folder != "" {
		if !filepath.IsAbs(o.Folder) {
			return bad("Folder %q is not an absolute path", o.Folder)
		}
		if fi, err := os.Stat(o.Folder); err != nil || !fi.IsDir() {
			return bad("Folder %q is not an existing folder", o.Folder)
		}
	}
	if mode == engine.FileSave {
		if o.Multiple {
			return bad("Multiple is not for a save dialog")
		}
		if strings.ContainsRune(o.Name, '/') || o.Name == "." || o.Name == ".." {
			return bad("Name %q must be a file name, not a path (put the folder in Folder)", o.Name)
		}
	} else if o.Name != "" {
		return bad("Name is only for SaveFileDialog")
	}
	if d.Title == "" {
		d.Title = [...]string{"Open File", "Save File", "Open Folder"}[mode]
		if mode == engine.FileOpen && o.Multiple {
			d.Title = "Open Files"
		}
	}
	for i, f := range o.Filters {
		if err := checkText("filter name", f.Name); err != nil {
			return bad("filter %d: %v", i+1, err)
		}
		if len(f.Patterns)+len(f.MIMETypes) == 0 {
			return bad("filter %d (%q) has no patterns and no MIME types", i+1, f.Name)
		}
		for _, pat := range f.Patterns {
			if pat == "" || checkText("pattern", pat) != nil {
				return bad("filter %d: pattern %q is empty, not valid UTF-8 or holds a NUL", i+1, pat)
			}
		}
		for _, m := range f.MIMETypes {
			typ, sub, ok := strings.Cut(m, "/")
			if !ok || typ == "" || sub == "" || strings.ContainsAny(m, " \t\r\n;,\x00") || strings.Contains(sub, "/") || checkText("MIME type", m) != nil {
				return bad("filter %d: %q is not a MIME type (type/subtype, such as image/png or image/*)", i+1, m)
			}
		}
		ef := engine.FileFilter{Name: f.Name, Patterns: f.Patterns, MIMETypes: f.MIMETypes}
		if ef.Name == "" {
			ef.Name = strings.Join(append(append([]string(nil), f.Patterns...), f.MIMETypes...), ", ")
		}
		d.Filters = append(d.Filters, ef)
	}
	return d, nil
}

// messageDialog checks opts and turns them into the engine's description
// and the labels to return for its buttons.
func messageDialog(o MessageDialogOptions) (engine.MessageDialog, []string, error) {
	bad := func(format string, a ...any) (engine.MessageDialog, []string, error) {
		return engine.MessageDialog{}, nil, fmt.Errorf("%w: message dialog: "+format, append([]any{ErrInvalidArgument}, a...)...)
	}
	if o.Kind < MessageInfo || o.Kind > MessageQuestion {
		return bad("kind %d (use MessageInfo … MessageQuestion)", int(o.Kind))
	}
	for _, s := range []struct{ what, v string }{{"Title", o.Title}, {"Message", o.Message}, {"Detail", o.Detail}, {"Default", o.Default}} {
		if err := checkText(s.what, s.v); err != nil {
			return bad("%v", err)
		}
	}
	if strings.TrimSpace(o.Message) == "" {
		return bad("Message is empty")
	}
	d := engine.MessageDialog{Kind: engine.MessageKind(o.Kind), Title: o.Title, Message: o.Message, Detail: o.Detail}
	if d.Title == "" {
		d.Title = [...]string{"Information", "Warning", "Error", "Question"}[o.Kind]
	}
	labels := o.Buttons
	d.Buttons = o.Buttons
	if len(o.Buttons) == 0 {
		labels, d.Buttons = []string{"OK"}, []string{"_OK"}
		if o.Kind == MessageQuestion {
			labels, d.Buttons = []string{"Yes", "No"}, []string{"_Yes", "_No"}
		}
	}
	if len(labels) > maxButtons {
		return bad("%d buttons (at most %d)", len(labels), maxButtons)
	}
	seen := map[string]bool{}
	for _, l := range labels {
		if strings.TrimSpace(l) == "" || checkText("button", l) != nil {
			return bad("button %q is empty, not valid UTF-8 or holds a NUL", l)
		}
		if seen[l] {
			return bad("two buttons are labelled %q", l)
		}
		seen[l] = true
	}
	if o.Default != "" {
		d.Default = -1
		for i, l := range labels {
			if l == o.Default {
				d.Default = i
			}
		}
		if d.Default < 0 {
			return bad("Default %q is not one of the buttons %q", o.Default, labels)
		}
	}
	return d, append([]string(nil), labels...), nil
}

// dialogCall opens a Gotonium.dialog.* dialog for the page, on the UI
// thread, without waiting for it: the reply settles the page's promise when
// the user answers (with the paths, the label, or null when cancelled), or
// rejects it.
func (b *browser) dialogCall(fn, raw string, r engine.Reply) {
	name := "Gotonium.dialog." + fn
	if fn == "print" {
		name = "Gotonium.window.print"
	}
	fail := func(err error) {
		msg := err.Error()
		msg = strings.TrimPrefix(msg, "gotonium: ")
		r.Fail(name + ": " + msg)
	}
	w := b.window()
	if w == nil {
		fail(ErrNoBrowser)
		return
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(raw)))
	dec.DisallowUnknownFields()
	var show func(w engine.Window, release func()) error
	switch fn {
	case "openFile", "saveFile", "openFolder":
		var o FileDialogOptions
		if err := dec.Decode(&o); err != nil {
			fail(fmt.Errorf("options: %v", strings.TrimPrefix(err.Error(), "json: ")))
			return
		}
		mode := map[string]engine.FileDialogMode{"openFile": engine.FileOpen, "saveFile": engine.FileSave, "openFolder": engine.FolderOpen}[fn]
		d, err := fileDialog(mode, o)
		if err != nil {
			fail(err)
			return
		}
		show = func(w engine.Window, release func()) error {
			return w.ShowFileDialog(d, func(paths []string, err error) {
				release()
				switch {
				case err != nil:
					fail(dialogError("file dialog", err))
				case len(paths) == 0:
					r.Return("null")
				case mode == engine.FileSave:
					js, _ := json.Marshal(paths[0])
					r.Return(string(js))
				default:
					js, _ := json.Marshal(paths)
					r.Return(string(js))
				}
			})
		}
	case "message":
		var o MessageDialogOptions
		if err := dec.Decode(&o); err != nil {
			fail(fmt.Errorf("options: %v", strings.TrimPrefix(err.Error(), "json: ")))
			return
		}
		d, labels, err := messageDialog(o)
		if err != nil {
			fail(err)
			return
		}
		show = func(w engine.Window, release func()) error {
			return w.ShowMessageDialog(d, func(button int, err error) {
				release()
				switch {
				case err != nil:
					fail(dialogError("message dialog", err))
				case button < 0 || button >= len(labels):
					r.Return("null")
				default:
					js, _ := json.Marshal(labels[button])
					r.Return(string(js))
				}
			})
		}
	case "print": // Gotonium.window.print(): the print dialog
		show = func(w engine.Window, release func()) error {
			return w.Print(engine.PrintJob{}, func(printed bool, err error) {
				release()
				if err != nil {
					fail(dialogError("print", err))
					return
				}
				r.Return(fmt.Sprint(printed))
			})
		}
	default:
		r.Fail("Gotonium.dialog." + fn + " is not a function")
		return
	}
	if err := b.showDialog(w, show); err != nil {
		fail(err)
	}
}
