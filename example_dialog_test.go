//go:build !fakeengine

package gotonium_test

import (
	"errors"
	"os"

	"github.com/gotonium/gotonium"
)

// A "save as" the page calls as Gotonium.notes.saveAs(text): Go asks for the
// path and writes the file; the page gets the path, or null when the user
// cancels. The dialog blocks this bound function, not the window.
func ExampleInstance_SaveFileDialog() {
	p := gotonium.New()
	saveAs := func(text string) (*string, error) {
		path, err := p.SaveFileDialog(gotonium.FileDialogOptions{
			Title:   "Save note",
			Name:    "note.md",
			Filters: []gotonium.FileFilter{{Name: "Markdown", Patterns: []string{"*.md"}}},
		})
		if errors.Is(err, gotonium.ErrCancelled) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return &path, os.WriteFile(path, []byte(text), 0o644)
	}
	_ = p.BindFunction(saveAs, "saveAs", "notes")
}

// A question with buttons of the app's own; Alt+S, Alt+D choose them,
// Enter the default, Escape cancels.
func ExampleInstance_MessageDialog() {
	p := gotonium.New()
	choice, err := p.MessageDialog(gotonium.MessageDialogOptions{
		Kind:    gotonium.MessageQuestion,
		Message: "Save the changes to this note?",
		Detail:  "They are lost otherwise.",
		Buttons: []string{"_Save", "_Discard", "Cancel"},
		Default: "_Save",
	})
	switch {
	case err != nil || choice == "Cancel":
		// cancelled (ErrCancelled), or no window (ErrNoBrowser)
	case choice == "_Save":
		// save
	case choice == "_Discard":
		// discard
	}
}
