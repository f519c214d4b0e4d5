package scheme

import (
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
)

// FileServer returns a handler that serves the files under root, resolving
// each request with [RequestPath] and [Resolve] and typing it with mimes (nil
// means the built-in table). root is read on every request, so a root that
// does not exist yet answers 404 until it does.
//
// A caller may rely on the following:
//   - Only GET and HEAD are served (an empty method counts as GET); any other
//     method gets 405 with "Allow: GET, HEAD".
//   - 403 and 404 (see Resolve for which is which) come with a short
//     text/plain body that never includes file-system paths.
//   - Directories are never listed: a directory serves its index.html.
//   - Every response carries "Cache-Control: no-cache". No CORS header is
//     set here: which origins may read the answers across origins is the
//     caller's decision (gotonium's core echoes the Origin of the app's own
//     trusted pages only).
//   - Dotfiles are hidden: a path with any segment starting with "." is 404
//     (see Resolve).
//   - Content-Type comes from the table, by the name of the file served (after
//     symlinks, and index.html for a directory); it is never sniffed.
//   - Responses are produced by [http.ServeContent]: Range requests (single
//     and multiple ranges, 206 with Content-Range, 416 when unsatisfiable),
//     If-Modified-Since and Last-Modified work, and the file is streamed from
//     disk in small buffers, so memory use does not grow with file size.
//   - A HEAD response never carries a body, even through a ResponseWriter that
//     would forward one.
func FileServer(root string, mimes *MimeTable) http.Handler {
	return &fileServer{root: root, mimes: mimes}
}

// fileServer is the handler FileServer returns.
type fileServer struct {
	root  string
	mimes *MimeTable
}

// begin sets the headers every answer carries and refuses methods other
// than GET and HEAD; it returns the writer to use, or nil when it answered.
func begin(w http.ResponseWriter, r *http.Request) http.ResponseWriter {
	h := w.Header()
	h.Set("Cache-Control", "no-cache")
	if r.Method == http.MethodHead {
		w = headWriter{w}
	}
	if r.Method != "" && r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		writeError(w, http.StatusMethodNotAllowed)
		return nil
	}
	return w
}

// ServeHTTP serves one request; see FileServer.
func (s *fileServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if w = begin(w, r); w == nil {
		return
	}
	h := w.Header()
	name, err := Resolve(s.root, RequestPath(r.URL))
	if err != nil {
		writeError(w, statusOf(err))
		return
	}
	f, err := os.Open(name)
	if err != nil {
		writeError(w, statusOf(classify(err)))
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		// The file changed between Resolve and Open.
		writeError(w, http.StatusNotFound)
		return
	}
	h.Set("Content-Type", s.mimes.Lookup(name))
	http.ServeContent(w, r, filepath.Base(name), fi.ModTime(), f)
}

// statusOf maps an error from Resolve to an HTTP status.
func statusOf(err error) int {
	if errors.Is(err, ErrForbidden) || errors.Is(err, fs.ErrPermission) {
		return http.StatusForbidden
	}
	return http.StatusNotFound
}

// writeError answers with code and a short plain-text body.
func writeError(w http.ResponseWriter, code int) {
	http.Error(w, http.StatusText(code), code)
}

// headWriter drops the body of a HEAD response.
type headWriter struct {
	http.ResponseWriter
}

// Write discards p and reports it written.
func (w headWriter) Write(p []byte) (int, error) { return len(p), nil }
