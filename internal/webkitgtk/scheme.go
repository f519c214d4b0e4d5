package webkitgtk

/*
#include <stdlib.h>
#include "webkitgtk.h"
*/
import "C"

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"unsafe"

	"github.com/gotonium/gotonium/internal/engine"
	"github.com/gotonium/gotonium/internal/scheme"
)

// registered records, per web context, the schemes registered on it: WebKit
// accepts a scheme once per context, so requests are routed to the window that
// made them. Owned by the GTK thread.
var registered = map[*C.WebKitWebContext]map[string]bool{}

// registerScheme registers name on ctx once; GTK thread.
func registerScheme(ctx *C.WebKitWebContext, name string) {
	if registered[ctx] == nil {
		registered[ctx] = map[string]bool{}
	}
	if registered[ctx][name] {
		return
	}
	registered[ctx][name] = true
	p, free := cstr(name)
	C.gtn_register_scheme(ctx, p)
	free()
}

func (w *window) RegisterScheme(name string) error {
	var err error
	if e := call(func() {
		if w.closed {
			err = engine.ErrClosed
			return
		}
		registerScheme(w.ctx, name)
		changed := false
		if !w.hasSchemes {
			w.enableMedia()
			changed = w.hasSchemes
		}
		if w.hasSchemes && mediaAddScheme(w.id, name) || changed {
			w.setStartScripts(w.scripts) // media.js knows the window's schemes
		}
	}); e != nil {
		return e
	}
	return err
}

// enableMedia routes the window's custom-scheme media through the bridge;
// GTK thread.
//
// media.js is gated on the schemes registered on the window's web context
// when it opens (the window's own, and those of windows sharing the context)
// and on every scheme added to the window later. A scheme of another window
// on the same context is harmless there: its requests from this window reach
// this window's handlers only, which answer 404 for a scheme they lack.
func (w *window) enableMedia() {
	if err := mediaAdd(w.id, w.ev); err != nil {
		logger.Warn("gotonium: media bridge unavailable; custom-scheme video and audio will not play", "error", err)
		return
	}
	w.hasSchemes = true
	for name := range registered[w.ctx] {
		mediaAddScheme(w.id, name)
	}
}

//export goSchemeRequest
func goSchemeRequest(id C.int, req *C.WebKitURISchemeRequest) {
	w := windows[int(id)]
	if w == nil {
		p, free := cstr("no gotonium window for this request")
		C.gtn_scheme_fail(req, p)
		free()
		return
	}
	r, err := newRequest(req)
	if err != nil {
		p, free := cstr(err.Error())
		C.gtn_scheme_fail(req, p)
		free()
		return
	}
	ev := w.ev
	go serve(ev.ServeScheme, req, r)
}

// newRequest builds the http.Request for a WebKit request; GTK thread.
func newRequest(req *C.WebKitURISchemeRequest) (*http.Request, error) {
	method := C.GoString(C.webkit_uri_scheme_request_get_http_method(req))
	if method == "" {
		method = http.MethodGet
	}
	uri := C.GoString(C.webkit_uri_scheme_request_get_uri(req))
	// The body is asked of WebKit only when the handler reads it: WebKit
	// 2.50 crashes the process in webkit_uri_scheme_request_get_http_body
	// for a body that is a Blob (fetch(url, {method: "POST", body: blob})),
	// so the core refuses bodies from pages it does not trust before any
	// read, and the page runtime sends the app's own Blobs as bytes.
	var body io.ReadCloser = http.NoBody
	if method != http.MethodGet && method != http.MethodHead {
		body = &bodyReader{req: C.gtn_request_ref(req)}
	}
	r, err := http.NewRequest(method, uri, body)
	if err != nil {
		body.Close()
		return nil, err
	}
	hs := C.gtn_request_headers(req)
	text := C.GoString(hs)
	C.g_free(C.gpointer(hs))
	if h, err := textproto.NewReader(bufio.NewReader(strings.NewReader(text + "\n"))).ReadMIMEHeader(); err == nil {
		r.Header = http.Header(h)
	}
	// A body's length: from its header, else unknown (-1), as net/http's
	// server sets it; 0 would tell handlers (httputil.ReverseProxy) that
	// there is none.
	if body != http.NoBody {
		r.ContentLength = -1
		if n, err := strconv.ParseInt(r.Header.Get("Content-Length"), 10, 64); err == nil && n >= 0 {
			r.ContentLength = n
		}
	}
	return r, nil
}

// serve runs the handler on its own goroutine and answers WebKit.
func serve(handler func(http.ResponseWriter, *http.Request), req *C.WebKitURISchemeRequest, r *http.Request) {
	rw := &responseWriter{req: req, head: r.Method == http.MethodHead, header: http.Header{}}
	if hostForm(rw, r) {
		rw.finish()
		return
	}
	defer r.Body.Close()
	defer func() {
		if v := recover(); v != nil {
			logger.Error("gotonium: panic in scheme handler", "url", r.URL.String(), "panic", v)
			switch {
			case !rw.committed:
				// A 500 with the CORS answer kept, so that a page allowed to
				// read the answer can read that it failed.
				h := http.Header{"Content-Type": {"text/plain; charset=utf-8"}}
				for k, v := range rw.header {
					if strings.HasPrefix(k, "Access-Control-") || k == "Vary" {
						h[k] = v
					}
				}
				rw.header = h
				rw.code = 0 // the handler's status was not sent: this one is
				rw.WriteHeader(http.StatusInternalServerError)
				io.WriteString(rw, "internal error")
			case rw.flag != nil:
				C.gtn_flag_fail(rw.flag) // the page's read ends in an error, not a short body
			}
		}
		rw.finish()
	}()
	handler(rw, r)
}

// hostForm answers a page requested in host form (main://page.html) with a
// page that moves to the localhost form (main://localhost/page.html), so its
// relative URLs resolve inside the served folder. A redirect would be the
// plain answer, but WebKit does not follow redirects from scheme handlers.
func hostForm(w http.ResponseWriter, r *http.Request) bool {
	if r.URL.Host == "localhost" || r.Method != http.MethodGet || !strings.Contains(r.Header.Get("Accept"), "text/html") {
		return false
	}
	n, err := scheme.Normalize(r.URL.String())
	if err != nil || n == r.URL.String() {
		return false
	}
	js, _ := json.Marshal(n)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, "<!doctype html><meta charset=utf-8><script>location.replace(%s)</script>", js)
	return true
}

// responseWriter streams a handler's response to WebKit through a pipe: the
// status and headers go first, then the body as the handler writes it. A
// handler that sets Content-Length and writes all of it in its first Write
// (http.ServeContent does for files up to 32 KB) has it sent in one piece
// instead (writeWhole).
type responseWriter struct {
	req       *C.WebKitURISchemeRequest
	head      bool
	header    http.Header
	code      int  // chosen by WriteHeader, 0 until then
	committed bool // the status and headers have gone to WebKit
	out       *os.File
	flag      *C.gtn_flag // shared with the stream WebKit reads; fails it on a panic
	whole     bool        // the body went in one piece (writeWhole)
}

func (w *responseWriter) Header() http.Header { return w.header }

// WriteHeader chooses the status; it is sent, with the headers, at the
// first Write or Flush, or when the handler returns (as net/http does).
func (w *responseWriter) WriteHeader(code int) {
	if w.committed || w.code != 0 {
		return
	}
	w.code = code
}

// status is the response's status: 200 unless WriteHeader chose another.
func (w *responseWriter) status() int {
	if w.code == 0 {
		return http.StatusOK
	}
	return w.code
}

// commit sends the status and headers, and opens the pipe for the body.
func (w *responseWriter) commit() {
	if w.committed {
		return
	}
	w.committed = true
	code := w.status()
	var fds [2]int
	if err := syscall.Pipe2(fds[:], syscall.O_CLOEXEC); err != nil {
		logger.Error("gotonium: scheme response pipe", "error", err)
		req := w.req
		post(func() {
			p, free := cstr("cannot create pipe: " + err.Error())
			C.gtn_scheme_fail(req, p)
			free()
		})
		return
	}
	// A bigger pipe moves large bodies in fewer wake-ups; the Go end is
	// non-blocking so the runtime's poller waits instead of a thread.
	syscall.Syscall(syscall.SYS_FCNTL, uintptr(fds[1]), 1031 /* F_SETPIPE_SZ */, 1<<20)
	syscall.SetNonblock(fds[1], true)
	w.out = os.NewFile(uintptr(fds[1]), "scheme-response")
	w.flag = C.gtn_flag_new()
	flag := w.flag
	length := int64(-1)
	if cl, err := strconv.ParseInt(w.header.Get("Content-Length"), 10, 64); err == nil && cl >= 0 {
		length = cl
	}
	if w.head || code == http.StatusNoContent || code == http.StatusNotModified {
		length = 0
	}
	req, reason, ctype, headers := w.req, http.StatusText(code), w.header.Get("Content-Type"), w.headerLines()
	post(func() {
		r, freeR := cstr(reason)
		c, freeC := cstr(ctype)
		h, freeH := cstr(headers)
		C.gtn_scheme_respond(req, C.int(fds[0]), flag, C.gint64(length), C.int(code), r, c, h)
		freeR()
		freeC()
		freeH()
	})
}

// headerLines returns the response headers as "name\nvalue\n" pairs.
func (w *responseWriter) headerLines() string {
	var hb strings.Builder
	for k, vs := range w.header {
		for _, v := range vs {
			if strings.ContainsAny(k+v, "\n\r") {
				continue
			}
			hb.WriteString(k + "\n" + v + "\n")
		}
	}
	return hb.String()
}

// writeWhole answers with body, the whole of it (its length is the
// Content-Length the handler set): one copy into C memory that WebKit reads
// at its own pace, instead of a pipe's two copies and a wake-up per chunk.
// It reports false, having done nothing, when that memory is not there.
func (w *responseWriter) writeWhole(body []byte) bool {
	mem := C.g_try_malloc(C.gsize(len(body)))
	if mem == nil {
		return false
	}
	copy(unsafe.Slice((*byte)(mem), len(body)), body)
	w.committed, w.whole = true, true
	req, code, ctype, headers := w.req, w.status(), w.header.Get("Content-Type"), w.headerLines()
	n := len(body)
	post(func() {
		r, freeR := cstr(http.StatusText(code))
		c, freeC := cstr(ctype)
		h, freeH := cstr(headers)
		C.gtn_scheme_respond_bytes(req, unsafe.Pointer(mem), C.gsize(n), C.int(code), r, c, h)
		freeR()
		freeC()
		freeH()
	})
	return true
}

var errClosedResponse = errors.New("gotonium: scheme response closed (the page stopped reading)")

// errWroteWhole refuses writes after a body that had all of its
// Content-Length.
var errWroteWhole = errors.New("gotonium: scheme response: write beyond the Content-Length")

func (w *responseWriter) Write(p []byte) (int, error) {
	if !w.committed {
		if w.header.Get("Content-Type") == "" {
			w.header.Set("Content-Type", http.DetectContentType(p))
		}
		if code := w.status(); !w.head && code != http.StatusNoContent && code != http.StatusNotModified &&
			len(p) > 0 && w.header.Get("Content-Length") == strconv.Itoa(len(p)) && w.writeWhole(p) {
			return len(p), nil
		}
		w.commit()
	}
	if w.whole {
		if len(p) == 0 {
			return 0, nil
		}
		return 0, errWroteWhole
	}
	if w.out == nil || w.head {
		return len(p), nil
	}
	n, err := w.out.Write(p)
	if err != nil {
		return n, fmt.Errorf("%w: %v", errClosedResponse, err)
	}
	return n, nil
}

// Flush sends the status and headers if they have not gone yet; every
// Write reaches WebKit as it happens.
func (w *responseWriter) Flush() { w.commit() }

func (w *responseWriter) finish() {
	w.commit()
	if w.out != nil {
		w.out.Close()
	}
	if w.flag != nil {
		C.gtn_flag_unref(w.flag)
		w.flag = nil
	}
}

// bodyReader reads a request body stream from any goroutine.
type bodyReader struct {
	req    *C.WebKitURISchemeRequest // a reference, until the stream is asked for
	s      *C.GInputStream           // nil: no body, or not asked for yet
	opened bool
	once   sync.Once
}

// open asks WebKit for the body's stream, on the GTK thread.
func (b *bodyReader) open() {
	if b.opened {
		return
	}
	b.opened = true
	req := b.req
	call(func() {
		b.s = C.gtn_request_body(req)
	})
}

func (b *bodyReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	b.open()
	if b.s == nil {
		return 0, io.EOF
	}
	var msg *C.char
	n := C.gtn_stream_read(b.s, unsafe.Pointer(&p[0]), C.gsize(len(p)), &msg)
	if n < 0 {
		defer C.g_free(C.gpointer(msg))
		return 0, errors.New(C.GoString(msg))
	}
	if n == 0 {
		return 0, io.EOF
	}
	return int(n), nil
}

func (b *bodyReader) Close() error {
	b.once.Do(func() {
		s, req := b.s, b.req
		post(func() {
			if s != nil {
				C.g_object_unref(C.gpointer(s))
			}
			C.g_object_unref(C.gpointer(req))
		})
	})
	return nil
}
