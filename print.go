package gotonium

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/gotonium/gotonium/internal/engine"
)

// Print shows the print dialog for the window's page, modal to the window,
// and returns once the page has been handed to the printer the user chose
// (or written, for GTK's "Print to File"), or with an error wrapping
// ErrCancelled when the user cancelled; ErrNoBrowser and ErrCancelled when
// the window closed first. It counts as the window's one dialog
// (ErrDialogOpen). The page's own window.print() shows the same dialog.
func (p *Instance) Print() error {
	return p.print("print", engine.PrintJob{})
}

// PrintToPDF writes the window's page, laid out for printing (the page's
// print CSS applies), to a PDF file at path, replacing it, and returns when
// the file is complete. No dialog shows. The folder must exist.
func (p *Instance) PrintToPDF(path string) error {
	if err := checkText("path", path); err != nil || path == "" {
		return fmt.Errorf("%w: PrintToPDF: the path is empty, not valid UTF-8 or holds a NUL", ErrInvalidArgument)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("gotonium: PrintToPDF: %w", err)
	}
	if fi, err := os.Stat(filepath.Dir(abs)); err != nil || !fi.IsDir() {
		return fmt.Errorf("%w: PrintToPDF: %s is not an existing folder", ErrInvalidArgument, filepath.Dir(abs))
	}
	if fi, err := os.Stat(abs); err == nil && fi.IsDir() {
		return fmt.Errorf("%w: PrintToPDF: %s is a folder", ErrInvalidArgument, abs)
	}
	return p.print("print to PDF", engine.PrintJob{PDF: abs})
}

func (p *Instance) print(what string, job engine.PrintJob) error {
	type answer struct {
		printed bool
		err     error
	}
	ch := make(chan answer, 1)
	err := p.showDialog(func(w engine.Window, release func()) error {
		return w.Print(job, func(printed bool, err error) { release(); ch <- answer{printed, err} })
	})
	if err != nil {
		return dialogError(what, err)
	}
	a := <-ch
	if a.err == nil && !a.printed {
		a.err = errCancelled
	}
	if a.err != nil {
		return dialogError(what, a.err)
	}
	return nil
}
