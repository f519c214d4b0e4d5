// Package devwatch watches a folder tree for changes, for live reload in
// development: it reports batches of changed files, debounced, and follows
// folders created while it runs.
package devwatch

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// A Watcher reports changes under one folder until it is closed.
type Watcher struct {
	root  string
	delay time.Duration
	fn    func([]string)
	fw    *fsnotify.Watcher
	done  chan struct{}
	wg    sync.WaitGroup
	once  sync.Once
}

// Watch starts watching the tree under root and calls fn, on a goroutine of
// the Watcher, with the paths (relative to root, slash-separated, sorted)
// that changed, once no change has come for delay. Folders and files whose
// name starts with "." and node_modules folders are not watched, nor are
// editors' backup and swap files. fn calls do not overlap.
func Watch(root string, delay time.Duration, fn func(changed []string)) (*Watcher, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{root: abs, delay: delay, fn: fn, fw: fw, done: make(chan struct{})}
	if err := w.addTree(abs); err != nil {
		fw.Close()
		return nil, err
	}
	w.wg.Add(1)
	go w.loop()
	return w, nil
}

// Close stops the Watcher and waits until its last fn call has returned.
// It may be called more than once.
func (w *Watcher) Close() error {
	var err error
	w.once.Do(func() {
		close(w.done)
		err = w.fw.Close()
		w.wg.Wait()
	})
	return err
}

// ignored reports whether a file or folder name is not watched.
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || name == "node_modules" || strings.HasSuffix(name, "~") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") || name == "4913" ||
		(strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"))
}

// addTree watches dir and every folder below it; it returns the files it
// found, relative to the root.
func (w *Watcher) addTree(dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == dir {
				return err
			}
			return nil // a folder that went away or cannot be read
		}
		if !d.IsDir() {
			return nil
		}
		if path != dir && ignored(d.Name()) {
			return filepath.SkipDir
		}
		if err := w.fw.Add(path); err != nil && path == dir {
			return err
		}
		return nil
	})
}

// filesUnder lists the files under dir, relative to the root.
func (w *Watcher) filesUnder(dir string) []string {
	var out []string
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if ignored(d.Name()) && path != dir {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			out = append(out, w.rel(path))
		}
		return nil
	})
	return out
}

func (w *Watcher) rel(path string) string {
	r, err := filepath.Rel(w.root, path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(r)
}

func (w *Watcher) loop() {
	defer w.wg.Done()
	pending := map[string]bool{}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-w.done:
			timer.Stop()
			return
		case ev, ok := <-w.fw.Events:
			if !ok {
				return
			}
			if ev.Op == fsnotify.Chmod || w.skip(ev.Name) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
					w.addTree(ev.Name)
					for _, f := range w.filesUnder(ev.Name) {
						pending[f] = true
					}
					timer.Reset(w.delay)
					continue
				}
			}
			pending[w.rel(ev.Name)] = true
			timer.Reset(w.delay)
		case _, ok := <-w.fw.Errors:
			if !ok {
				return
			}
			// An overflow loses events: report that something changed.
			pending["."] = true
			timer.Reset(w.delay)
		case <-timer.C:
			if len(pending) == 0 {
				continue
			}
			changed := make([]string, 0, len(pending))
			for p := range pending {
				changed = append(changed, p)
			}
			sort.Strings(changed)
			clear(pending)
			w.fn(changed)
		}
	}
}

// skip reports whether a changed path is in an ignored file or folder.
func (w *Watcher) skip(path string) bool {
	r := w.rel(path)
	if r == "." || strings.HasPrefix(r, "../") {
		return r != "."
	}
	for _, part := range strings.Split(r, "/") {
		if ignored(part) {
			return true
		}
	}
	return false
}
