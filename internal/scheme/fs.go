package scheme

import (
	"errors"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

// FSServer returns a handler that serves the files of fsys (an embed.FS, an
// os.DirFS, …) like FileServer serves a folder: the same methods, headers,
// MIME table, index.html for directories, 403 and 404 answers and Range
// support. Paths are checked segment by segment as Resolve checks them; fsys
// itself keeps lookups inside it. Files that do not implement io.Seeker are
// served whole, without Range support.
func FSServer(fsys fs.FS, mimes *MimeTable) http.Handler {
	return &fsServer{fsys: fsys, mimes: mimes}
}

type fsServer struct {
	fsys  fs.FS
	mimes *MimeTable
}

func (s *fsServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if w = begin(w, r); w == nil {
		return
	}
	h := w.Header()
	segs, err := splitPath(RequestPath(r.URL))
	if err != nil {
		writeError(w, statusOf(err))
		return
	}
	name := strings.Join(segs, "/")
	if name == "" {
		name = "."
	}
	f, fi, err := s.open(name)
	if err != nil {
		writeError(w, statusOf(err))
		return
	}
	defer f.Close()
	if fi.IsDir() {
		f.Close()
		name = path.Join(name, IndexFile)
		if f, fi, err = s.open(name); err != nil || fi.IsDir() {
			writeError(w, http.StatusNotFound)
			return
		}
		defer f.Close()
	}
	h.Set("Content-Type", s.mimes.Lookup(name))
	if rs, ok := f.(io.ReadSeeker); ok {
		http.ServeContent(w, r, path.Base(name), fi.ModTime(), rs)
		return
	}
	http.ServeContent(w, r, path.Base(name), time.Time{}, &onePass{r: f, size: fi.Size()})
}

func (s *fsServer) open(name string) (fs.File, fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, nil, ErrForbidden
	}
	f, err := s.fsys.Open(name)
	if err != nil {
		if errors.Is(err, fs.ErrPermission) {
			return nil, nil, ErrForbidden
		}
		return nil, nil, ErrNotFound
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, ErrNotFound
	}
	return f, fi, nil
}

// onePass lets http.ServeContent send a file that cannot seek: it only asks
// for the size (Seek to the end and back) before reading it once.
type onePass struct {
	r    io.Reader
	size int64
	pos  int64
}

func (o *onePass) Read(p []byte) (int, error) {
	n, err := o.r.Read(p)
	o.pos += int64(n)
	return n, err
}

func (o *onePass) Seek(offset int64, whence int) (int64, error) {
	switch {
	case whence == io.SeekEnd && offset == 0:
		return o.size, nil
	case whence == io.SeekStart && offset == o.pos:
		return o.pos, nil
	}
	return 0, errors.New("scheme: file cannot seek")
}
