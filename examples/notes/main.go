// Command notes is a small notes app to start your own from: a list window
// with a menu bar and a frameless editor window, one process, one loop.
//
//   - The pages (web/) ship inside the binary (embed.FS) and are served at
//     app://, the app's own origin.
//   - Both pages call Go functions (Gotonium.notes.*) that take and return
//     Go structs; a Go error rejects the page's promise.
//   - The two windows share one state store: Go publishes the list of notes
//     and the note being edited, and both pages redraw from it.
//   - The list window has a menu bar and a context menu on its notes, takes
//     files dropped onto it and reopens where the user left it; the editor
//     has Ctrl+S. Dialogs are native.
//
// Notes are kept in os.UserConfigDir()/gotonium-notes/notes.json (or -dir).
// Read main.go (the windows, bindings and menus) first, then app.go (what
// they do), store.go (the notes on disk) and the two pages in web/.
//
//	go run ./examples/notes      # or: scripts/example.sh notes
package main

import (
	"context"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/gotonium/gotonium"
)

//go:embed web
var web embed.FS

// The editor's URL and size, for opening its window again after the user
// closed it, and the list window's size.
const (
	editorURL                            = "app://editor.html"
	editorWidth, listWidth, windowHeight = 560, 360, 520
	gap                                  = 16 // between the windows
)

func main() {
	configDir, err := os.UserConfigDir()
	if err != nil {
		configDir = os.TempDir() // no $HOME
	}
	dir := flag.String("dir", filepath.Join(configDir, "gotonium-notes"), "the folder of notes.json")
	flag.Parse()
	// Ctrl+C (SIGINT) or SIGTERM ends the loop below; the windows then close cleanly.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	a, err := start(*dir)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("Notes are kept in %s\n", *dir)
	// One loop serves both windows; it ends when the list window closes (or
	// on Ctrl+C). Shutdown then closes the editor too.
	if err := gotonium.Run(ctx, a.list, 0); err != nil && !errors.Is(err, context.Canceled) {
		log.Print(err)
	}
	gotonium.Shutdown()
}

// start reads the notes in dir/notes.json and opens the two windows. An
// error is a setup error: a typo in a name, a bad accelerator, no display.
// (main_test.go tests the app through it.)
func start(dir string) (*app, error) {
	store, err := OpenStore(filepath.Join(dir, "notes.json"))
	if err != nil {
		return nil, err
	}
	a := &app{store: store, list: gotonium.New(), editor: gotonium.New()}
	pages, _ := fs.Sub(web, "web")

	// What both windows have: the app:// pages, the Go functions, one store.
	for _, p := range []*gotonium.Instance{a.list, a.editor} {
		if err := errors.Join(p.AddCustomSchemeFS("app", pages), a.bind(p)); err != nil {
			return nil, err
		}
	}
	if err := a.editor.ShareStateWith(a.list); err != nil {
		return nil, err
	}
	a.publish()
	if list := store.List(); len(list) > 0 {
		if err := a.list.SetState("notes", "open", list[0].ID); err != nil { // the editor shows the newest note
			return nil, err
		}
	}

	// The list window: a normal window with a menu bar and a context menu.
	err = errors.Join(
		a.list.SetMenuBar(a.menuBar()),
		a.list.AddContextMenuItem(gotonium.MenuItem{Label: "Open", OnClick: a.onNote(a.open)}, ""),
		a.list.AddContextMenuItem(gotonium.MenuItem{Label: "Delete…", OnClick: a.onNote(func(id string) error {
			return a.remove(a.list, id)
		})}, ""),
		// The list window reopens where the user left it (size, place, maximised).
		a.list.RememberWindowState("list"),
	)
	if err != nil {
		return nil, err
	}
	// Files dropped onto the list become notes.
	a.list.OnFileDrop(func(paths []string, x, y int) { a.report(a.list, a.importPaths(paths)) })
	centerList(a.list)
	if err := a.list.Initialize("app://list.html", listWidth, windowHeight); err != nil {
		return nil, err
	}

	// The editor: frameless (its page draws the title bar), Ctrl+S saves.
	// The shortcut takes the key from the page, so Go asks the page to save:
	// the page has the text being typed.
	if err := a.editor.AddShortcut("Ctrl+S", func() { a.report(a.editor, a.editor.ExecuteJavascript("saveNow()")) }); err != nil {
		a.list.CloseBrowser()
		return nil, err
	}
	if err := a.openEditor(); err != nil {
		a.list.CloseBrowser()
		return nil, err
	}
	return a, nil
}

// bind makes the app's functions callable from p's page as
// Gotonium.notes.<name>(…). Functions that open a dialog run on goroutines
// of their own (InGoroutine), so that the other window's calls need not wait
// for the user; their dialogs are modal to p, the window that asked.
func (a *app) bind(p *gotonium.Instance) error {
	return errors.Join(
		p.BindFunction(a.store.Get, "get", "notes"),
		p.BindFunction(a.save, "save", "notes", gotonium.Params("note")),
		p.BindFunction(a.create, "create", "notes"),
		p.BindFunction(a.open, "open", "notes"),
		p.BindFunction(func(id string) error { return a.remove(p, id) }, "remove", "notes", gotonium.InGoroutine()),
		p.BindFunction(func() error { return a.importFiles(p) }, "importFiles", "notes", gotonium.InGoroutine()),
		p.BindFunction(func(n Note) (string, error) { return a.saveAs(p, n) }, "saveAs", "notes", gotonium.InGoroutine()),
	)
}

// menuBar is the list window's menu bar. "&" marks the Alt+letter mnemonic.
// Menu items run on the loop's goroutine, like every callback, so the ones
// that open a dialog start a goroutine (inBackground) to keep the loop free.
func (a *app) menuBar() []gotonium.MenuItem {
	return []gotonium.MenuItem{
		{Label: "&File", Submenu: []gotonium.MenuItem{
			{Label: "&New Note", Accelerator: "Ctrl+N", OnClick: func(gotonium.MenuContext) { a.report(a.list, a.create()) }},
			{Label: "&Open…", Accelerator: "Ctrl+O", OnClick: a.inBackground(a.importFiles)},
			{Separator: true},
			{Label: "&Quit", Accelerator: "Ctrl+Q", OnClick: func(gotonium.MenuContext) {
				a.list.CloseBrowser() // Run returns; fails only when the window is gone already
			}},
		}},
		{Label: "&Edit", Submenu: []gotonium.MenuItem{
			{Label: "&Delete Note…", Accelerator: "Ctrl+Delete", OnClick: a.inBackground(func(p *gotonium.Instance) error {
				return a.remove(p, a.openID())
			})},
		}},
		{Label: "&View", Submenu: []gotonium.MenuItem{
			{Label: "Show &Previews", Check: true, Checked: true, OnClick: func(c gotonium.MenuContext) {
				a.report(a.list, a.list.SetState("notes", "previews", c.Checked))
			}},
		}},
		{Label: "&Help", Submenu: []gotonium.MenuItem{
			{Label: "&About Notes", OnClick: a.inBackground(func(p *gotonium.Instance) error {
				_, err := p.MessageDialog(gotonium.MessageDialogOptions{
					Message: "Notes", Detail: "A gotonium example: HTML pages in native windows, driven by Go.",
				})
				return err
			})},
		}},
	}
}
