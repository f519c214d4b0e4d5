package gotonium

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/gotonium/gotonium/internal/engine"
)

// Download describes a download that a page of the instance's window
// started: a link with a download attribute, or a response the page cannot
// show (Content-Disposition: attachment, an unknown type). OnDownload's hook
// receives it.
type Download struct {
	// ID identifies the download in the DownloadProgress events that
	// follow if the hook accepts it; unique in the process.
	ID int
	// BrowserID is the window's id (see Instance.BrowserID).
	BrowserID int
	// URL is the address the file comes from (after redirects).
	URL string
	// SuggestedFilename is the file name the server (Content-Disposition)
	// or the page (the download attribute) suggests, or one derived from
	// the URL. It comes from the web: never use it as a path without
	// sanitising it (filepath.Base and a check against "", "." and "..").
	SuggestedFilename string
	// MIMEType is the response's content type ("" when unknown).
	MIMEType string
	// Size is the length the server announced in bytes, -1 when unknown.
	Size int64
	// PageURL is the address of the window's page when the download
	// started (the top frame's, also when an iframe started it).
	PageURL string
	// Trusted reports whether PageURL is one of the app's own pages (see
	// AllowOrigins). An untrusted page reached by navigation can start
	// downloads too; a hook decides whether to accept those.
	Trusted bool
}

// DownloadProgress reports how an accepted download goes. For every download
// the OnDownload hook accepts, the OnDownloadProgress hook sees zero or more
// events with Done false and Received growing, then exactly one with Done
// true; none follows it. Events of one download come in order. Progress
// events are coalesced: when the app pumps slower than data arrives, it sees
// the latest count, not every chunk.
type DownloadProgress struct {
	// ID is the Download's ID.
	ID int
	// Path is where the file is written: the path the hook returned.
	Path string
	// Received is the number of bytes written so far; Total is the
	// expected size in bytes, -1 when unknown (on success Total equals
	// Received in the Done event).
	Received, Total int64
	// Done is true in the last event of the download.
	Done bool
	// Err, in the Done event, is nil when the file at Path is complete;
	// otherwise it says why the download failed (the network, the path,
	// ErrDownloadExists, a cancelled download), and no file is left at
	// Path.
	Err error
}

// ErrDownloadExists is the DownloadProgress error of a download whose hook
// returned the path of a file that exists already: gotonium never
// overwrites a file; the existing file is left untouched.
var ErrDownloadExists = errors.New("gotonium: download: the file exists already")

var lastDownloadID atomic.Int64

// OnDownload sets the hook that decides about the downloads the window's
// pages start. It runs on the pumping goroutine (see UpdateMessageLoop and
// RunMulti), one callback at a time, while the download waits. To accept,
// it returns an absolute path and true: the file is written there and
// nowhere else, and OnDownloadProgress reports how it goes. A relative path
// refuses the download (and is logged); an existing file is never
// overwritten (the download ends with ErrDownloadExists). Returning false, a
// panic in the hook, and a window that closes before the hook runs refuse the
// download.
//
// A refused download writes no file at all. Without a hook (the default, and
// after OnDownload(nil)) every download is refused at once, whether or not
// the app pumps. The hook replaces the previous one; it may be set before or
// after the window opens.
func (p *Instance) OnDownload(fn func(Download) (path string, ok bool)) {
	p.mu.Lock()
	p.hooks.download = fn
	p.mu.Unlock()
}

// OnDownloadProgress sets the hook that sees the progress and the end of
// the downloads OnDownload accepted (see DownloadProgress). It runs on the
// pumping goroutine; nil removes it. The hook in place when an event is
// delivered gets it.
func (p *Instance) OnDownloadProgress(fn func(DownloadProgress)) {
	p.mu.Lock()
	p.hooks.progress = fn
	p.mu.Unlock()
}

func (p *Instance) downloadHook() func(Download) (string, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.hooks.download
}

func (p *Instance) progressHook() func(DownloadProgress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.hooks.progress
}

// Download is an engine event: a page started a download. Without a hook it
// is refused here, on the UI thread; with one, the hook decides on the
// pumping goroutine.
func (b *browser) Download(d engine.Download, decide func(path string, progress func(received, total int64), done func(err error))) {
	p := b.inst
	hook := p.downloadHook()
	if hook == nil {
		decide("", nil, nil)
		return
	}
	info := Download{
		ID:                int(lastDownloadID.Add(1)),
		BrowserID:         b.id,
		URL:               d.URL,
		SuggestedFilename: d.SuggestedName,
		MIMEType:          d.MIMEType,
		Size:              d.Size,
		PageURL:           d.PageURI,
		Trusted:           p.trustedURL(d.PageURI),
	}
	callbacks.push(func() {
		decided := false
		defer func() {
			if !decided { // the hook panicked
				decide("", nil, nil)
			}
		}()
		if !b.isOpen() {
			decided = true
			decide("", nil, nil)
			return
		}
		path, ok := hook(info)
		decided = true
		if !ok {
			decide("", nil, nil)
			return
		}
		t := &downloadTracker{inst: p, ev: DownloadProgress{ID: info.ID, Path: path, Total: info.Size}}
		if err := checkDownloadPath(path); err != nil {
			log().Warn("gotonium: download refused", "url", info.URL, "path", path, "error", err)
			decide("", nil, nil)
			t.finish(err)
			return
		}
		decide(filepath.Clean(path), t.progress, t.finish)
	})
}

// checkDownloadPath accepts an absolute path where no file exists yet.
func checkDownloadPath(path string) error {
	if !filepath.IsAbs(path) {
		return fmt.Errorf("%w: download path %q is not absolute", ErrInvalidArgument, path)
	}
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%w: %s", ErrDownloadExists, path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("gotonium: download: %w", err)
	}
	return nil
}

// downloadTracker turns an accepted download's engine callbacks (on the UI
// thread) into DownloadProgress events on the pumping goroutine, coalescing
// progress: at most one progress event of a download waits in the queue.
type downloadTracker struct {
	inst   *Instance
	mu     sync.Mutex
	ev     DownloadProgress // the latest state
	queued bool             // a progress event is in the callback queue
	over   bool             // finish was called
}

func (t *downloadTracker) progress(received, total int64) {
	t.mu.Lock()
	t.ev.Received, t.ev.Total = received, total
	if t.queued || t.over {
		t.mu.Unlock()
		return
	}
	t.queued = true
	t.mu.Unlock()
	callbacks.push(func() {
		t.mu.Lock()
		ev, over := t.ev, t.over
		t.queued = false
		t.mu.Unlock()
		if over { // the Done event follows in the queue
			return
		}
		if fn := t.inst.progressHook(); fn != nil {
			fn(ev)
		}
	})
}

func (t *downloadTracker) finish(err error) {
	t.mu.Lock()
	if t.over {
		t.mu.Unlock()
		return
	}
	t.over = true
	t.ev.Done = true
	if err != nil {
		var pe *os.PathError
		if !errors.Is(err, ErrDownloadExists) && !errors.Is(err, ErrInvalidArgument) && !errors.As(err, &pe) {
			err = fmt.Errorf("gotonium: download failed: %w", err)
		}
		t.ev.Err = err
	} else if t.ev.Total < 0 || t.ev.Total < t.ev.Received {
		t.ev.Total = t.ev.Received
	}
	ev := t.ev
	t.mu.Unlock()
	callbacks.push(func() {
		if fn := t.inst.progressHook(); fn != nil {
			fn(ev)
		}
	})
}
