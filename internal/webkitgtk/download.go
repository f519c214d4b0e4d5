package webkitgtk

/*
#include <stdlib.h>
#include "webkitgtk.h"
*/
import "C"

import (
	"errors"
	"sync"

	"github.com/gotonium/gotonium/internal/engine"
)

// A download goes through three states: the core decides (WebKit holds it at
// decide-destination), it runs (WebKit writes to the path the core gave), and
// it is over (refused, failed or finished). Only a running download reports
// progress and completion.
const (
	downloadDeciding = iota
	downloadRunning
	downloadOver
)

// download is one WebKitDownload the engine tracks; GTK thread.
type download struct {
	obj      *C.WebKitDownload // a reference of ours, dropped at finished
	win      int               // the window whose page started it
	state    int
	total    int64 // -1 when unknown
	progress func(received, total int64)
	done     func(err error)
	reported bool // done was called
}

// Owned by the GTK thread.
var (
	downloads    = map[int]*download{}
	nextDownload int
)

// goDownloadStarted adopts a download WebKit started and returns its id, or
// 0 when no open window started it (download.c then cancels it).
//
//export goDownloadStarted
func goDownloadStarted(d *C.WebKitDownload, viewID C.int) C.int {
	w := windows[int(viewID)]
	if w == nil || w.stage != stageOpen {
		return 0
	}
	nextDownload++
	C.g_object_ref(C.gpointer(d))
	downloads[nextDownload] = &download{obj: d, win: w.id, total: -1}
	return C.int(nextDownload)
}

// goDownloadDecide asks the window's core whether the download may go
// ahead; WebKit waits until decide is called.
//
//export goDownloadDecide
func goDownloadDecide(id C.int, suggested *C.char) {
	x := downloads[int(id)]
	if x == nil || x.state != downloadDeciding {
		return
	}
	w := windows[x.win]
	if w == nil || w.stage != stageOpen {
		x.refuse()
		return
	}
	var uri, mime *C.char
	var length C.gint64
	C.gtn_download_info(x.obj, &uri, &mime, &length)
	x.total = int64(length)
	info := engine.Download{
		URL:           C.GoString(uri),
		SuggestedName: C.GoString(suggested),
		MIMEType:      C.GoString(mime),
		Size:          int64(length),
		PageURI:       C.GoString(C.gtn_view_uri(w.view)),
	}
	var once sync.Once
	decide := func(path string, progress func(received, total int64), done func(err error)) {
		once.Do(func() {
			onUI(func() {
				if x.state != downloadDeciding {
					// Refused meanwhile (its window closed): an accepted
					// download still gets its one done.
					if path != "" && done != nil {
						safely(func() { done(errors.New("download cancelled: the window closed")) })
					}
					return
				}
				if path == "" {
					x.refuse()
					return
				}
				x.state = downloadRunning
				x.progress, x.done = progress, done
				p, free := cstr(path)
				C.gtn_download_set_path(x.obj, p)
				free()
			})
		})
	}
	var called bool
	safely(func() {
		w.ev.Download(info, decide)
		called = true
	})
	if !called { // the core panicked: refuse
		decide("", nil, nil)
	}
}

// refuse cancels a download that was never allowed to write; WebKit then
// reports failed and finished, which end it quietly.
func (x *download) refuse() {
	x.state = downloadOver
	C.webkit_download_cancel(x.obj)
}

//export goDownloadReceived
func goDownloadReceived(id C.int) {
	x := downloads[int(id)]
	if x == nil || x.state != downloadRunning || x.progress == nil {
		return
	}
	received := int64(C.webkit_download_get_received_data_length(x.obj))
	safely(func() { x.progress(received, x.total) })
}

//export goDownloadFailed
func goDownloadFailed(id C.int, message *C.char, cancelled C.int) {
	x := downloads[int(id)]
	if x == nil {
		return
	}
	running := x.state == downloadRunning
	x.state = downloadOver
	if running {
		err := errors.New(C.GoString(message))
		if cancelled != 0 {
			err = errors.New("download cancelled")
		}
		x.report(err)
	}
}

//export goDownloadFinished
func goDownloadFinished(id C.int) {
	x := downloads[int(id)]
	if x == nil {
		return
	}
	delete(downloads, int(id))
	if x.state == downloadRunning {
		x.state = downloadOver
		x.report(nil)
	}
	C.g_object_unref(C.gpointer(x.obj))
}

func (x *download) report(err error) {
	if x.reported {
		return
	}
	x.reported = true
	if x.done != nil {
		safely(func() { x.done(err) })
	}
}

// windowGoneDownloads refuses the downloads of window id still waiting for a
// decision. Downloads already running go on to their end.
func windowGoneDownloads(id int) {
	for _, x := range downloads {
		if x.win == id && x.state == downloadDeciding {
			x.refuse()
		}
	}
}
