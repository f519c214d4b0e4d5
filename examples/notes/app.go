package main

import (
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/gotonium/gotonium"
)

// app holds the notes and the two windows; its methods are what the pages,
// the menus and the shortcut do.
type app struct {
	store        *Store
	list, editor *gotonium.Instance
}

// publish puts the list of notes into the shared state; both pages redraw.
func (a *app) publish() {
	a.report(a.list, a.list.SetState("notes", "list", a.store.List()))
}

// openID is the id of the note in the editor ("" for none).
func (a *app) openID() string {
	id, _ := a.list.GetState("notes", "open")
	s, _ := id.(string)
	return s
}

// open shows the note in the editor, opening the editor's window again if
// the user closed it.
func (a *app) open(id string) error {
	if _, err := a.store.Get(id); err != nil {
		return err
	}
	if err := a.list.SetState("notes", "open", id); err != nil {
		return err
	}
	return a.openEditor()
}

// openEditor opens the editor's window to the right of the list window, or
// brings it to the front.
func (a *app) openEditor() error {
	if a.editor.IsRunning() {
		return a.editor.Focus()
	}
	_, err := a.editor.CreateBrowser(editorURL, editorWidth, windowHeight, gotonium.Frameless())
	if errors.Is(err, gotonium.ErrBrowserOpen) { // opened meanwhile
		return a.editor.Focus()
	}
	if err != nil {
		return err
	}
	// Placing fails where apps cannot place windows (Wayland): the window
	// manager's place is fine then.
	x, y, err := a.list.WindowPosition()
	w, _, err2 := a.list.WindowSize()
	if err == nil && err2 == nil {
		a.editor.SetWindowPosition(x+w+gap, y)
	}
	return nil
}

// create makes an empty note and opens it.
func (a *app) create() error {
	n, err := a.store.Save(Note{Title: "Untitled"})
	if err != nil {
		return err
	}
	a.publish()
	return a.open(n.ID)
}

// save stores the note the editor sends and returns it as stored.
func (a *app) save(n Note) (Note, error) {
	n, err := a.store.Save(n)
	if err == nil {
		a.publish()
	}
	return n, err
}

// remove asks, in a dialog on p's window, whether to delete the note, and
// does. Choosing "Cancel" is no error.
func (a *app) remove(p *gotonium.Instance, id string) error {
	if id == "" {
		return nil // no note open: nothing to delete
	}
	n, err := a.store.Get(id)
	if err != nil {
		return err
	}
	answer, err := p.MessageDialog(gotonium.MessageDialogOptions{
		Kind:    gotonium.MessageQuestion,
		Message: fmt.Sprintf("Delete “%s”?", n.Title),
		Detail:  "The note cannot be restored.",
		Buttons: []string{"_Cancel", "_Delete"},
		Default: "_Cancel",
	})
	if errors.Is(err, gotonium.ErrCancelled) || answer == "_Cancel" {
		return nil
	}
	if err != nil {
		return err
	}
	if err := a.store.Delete(id); err != nil {
		return err
	}
	a.publish()
	if a.openID() == id { // the editor showed it: show the newest note instead
		next := ""
		if list := a.store.List(); len(list) > 0 {
			next = list[0].ID
		}
		return a.list.SetState("notes", "open", next)
	}
	return nil
}

// importFiles asks for Markdown or text files and makes a note of each.
func (a *app) importFiles(p *gotonium.Instance) error {
	paths, err := p.OpenFileDialog(gotonium.FileDialogOptions{
		Title:    "Open Notes",
		Multiple: true,
		Filters: []gotonium.FileFilter{
			{Name: "Markdown and text", Patterns: []string{"*.md", "*.markdown", "*.txt"}},
			{Name: "All files", Patterns: []string{"*"}},
		},
	})
	if errors.Is(err, gotonium.ErrCancelled) {
		return nil
	}
	if err != nil {
		return err
	}
	return a.importPaths(paths)
}

// importPaths makes a note of each file, then opens the last one.
func (a *app) importPaths(paths []string) error {
	var last Note
	for _, path := range paths {
		info, err := os.Stat(path)
		if err != nil {
			return err
		}
		if info.Size() > maxBody {
			return fmt.Errorf("%s is too large for a note (%d bytes)", filepath.Base(path), info.Size())
		}
		body, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		title := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		if last, err = a.store.Save(Note{Title: title, Body: string(body)}); err != nil {
			return err
		}
	}
	a.publish()
	return a.open(last.ID)
}

// saveAs asks where to write the note's text and writes it there. It returns
// the path, or "" when the user cancelled.
func (a *app) saveAs(p *gotonium.Instance, n Note) (string, error) {
	name := strings.Map(func(r rune) rune {
		if r == '/' || r == 0 {
			return '-'
		}
		return r
	}, strings.TrimSpace(n.Title))
	path, err := p.SaveFileDialog(gotonium.FileDialogOptions{
		Title:   "Save Note As",
		Name:    strings.TrimLeft(name+".md", "."),
		Filters: []gotonium.FileFilter{{Name: "Markdown", Patterns: []string{"*.md"}}, {Name: "Text", Patterns: []string{"*.txt"}}},
	})
	if errors.Is(err, gotonium.ErrCancelled) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return path, os.WriteFile(path, []byte(n.Body), 0o644)
}

// onNote adapts fn to a context menu item on a note of the list: the page
// marks each note <li data-id="…">, and MenuContext.Data has the data-*
// attributes of what was right-clicked. Off a note the item does nothing.
// fn runs on a goroutine of its own: it may open a dialog.
func (a *app) onNote(fn func(id string) error) func(gotonium.MenuContext) {
	return func(c gotonium.MenuContext) {
		if id := c.Data["id"]; id != "" {
			go func() { a.report(a.list, fn(id)) }()
		}
	}
}

// inBackground adapts fn, which may open a dialog on the list window, to a
// menu item: it runs fn on a goroutine of its own and reports its error.
func (a *app) inBackground(fn func(p *gotonium.Instance) error) func(gotonium.MenuContext) {
	return func(gotonium.MenuContext) { go func() { a.report(a.list, fn(a.list)) }() }
}

// report shows an error of a menu item or the shortcut in an error dialog
// on p's window, without waiting for the user to close it. (Bound functions
// need none: their errors reach the page, which shows them.)
func (a *app) report(p *gotonium.Instance, err error) {
	if err == nil || errors.Is(err, gotonium.ErrCancelled) { // Escape is no error
		return
	}
	log.Print(err)
	go func() {
		opts := gotonium.MessageDialogOptions{Kind: gotonium.MessageError, Message: "Notes", Detail: err.Error()}
		if _, err := p.MessageDialog(opts); err != nil && !errors.Is(err, gotonium.ErrCancelled) {
			log.Print(err)
		}
	}()
}

// centerList places the list window, before it opens, so that it and the
// editor beside it sit in the middle of the primary screen (the first run:
// later the list opens where the user left it, see RememberWindowState).
func centerList(list *gotonium.Instance) {
	screens, _ := gotonium.Screens() // starts the engine
	for _, s := range screens {
		if s.Primary || len(screens) == 1 {
			list.SetWindowPosition(s.WorkArea.Min.X+(s.WorkArea.Dx()-listWidth-gap-editorWidth)/2,
				s.WorkArea.Min.Y+(s.WorkArea.Dy()-windowHeight)/2)
		}
	}
}
