package scheme

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strings"
	"time"
)

// FSServer returns a handler that serves the files of fsys (an embed.FS, an
// os.DirFS, …) like FileServer serves a folder: the same methods, headers,
// MIME table, index.html for directories, no dotfiles, 403 and 404 answers
// and Range support. Paths are checked segment by segment as Resolve checks
// them. Files that do not implement io.Seeker are served whole, without Range
// support.
//
// Symlinks: when fsys can report them ([LinkFS]: Lstat and ReadLink, as
// os.DirFS has from Go 1.25, fs.Sub of such a file system and fstest.MapFS
// too), every path component is resolved inside fsys before anything is
// opened; a link whose target is absolute or climbs out of fsys with ".." is
// refused with 403, a dangling or looping one is 404. An os.DirFS of an older
// Go is given Lstat and ReadLink here, so it is checked the same way. A
// file system that can report no symlinks (embed.FS has none) is served as
// its Open sees it: a custom fs.FS that follows symlinks without reporting
// them must keep its lookups inside itself.
func FSServer(fsys fs.FS, mimes *MimeTable) http.Handler {
	links, _ := fsys.(LinkFS)
	if links == nil {
		links = dirLinks(fsys)
	}
	return &fsServer{fsys: fsys, links: links, mimes: mimes}
}

// LinkFS is a file system that reports symlinks: the methods of io/fs's
// ReadLinkFS (Go 1.25), declared here so that the package builds with older
// Go.
type LinkFS interface {
	// Lstat describes name without following a final symlink.
	Lstat(name string) (fs.FileInfo, error)
	// ReadLink returns the target of the symlink name.
	ReadLink(name string) (string, error)
}

// dirLinks returns a LinkFS for an os.DirFS value, whose methods lack
// Lstat and ReadLink before Go 1.25; nil for any other file system.
func dirLinks(fsys fs.FS) LinkFS {
	if fsys == nil || reflect.TypeOf(fsys) != dirFSType {
		return nil
	}
	return osDirLinks(reflect.ValueOf(fsys).String())
}

var dirFSType = reflect.TypeOf(os.DirFS("."))

// osDirLinks answers Lstat and ReadLink for os.DirFS(string(d)).
type osDirLinks string

func (d osDirLinks) join(op, name string) (string, error) {
	if d == "" || !fs.ValidPath(name) {
		return "", &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	return filepath.Join(string(d), filepath.FromSlash(name)), nil
}

func (d osDirLinks) Lstat(name string) (fs.FileInfo, error) {
	full, err := d.join("lstat", name)
	if err != nil {
		return nil, err
	}
	return os.Lstat(full)
}

func (d osDirLinks) ReadLink(name string) (string, error) {
	full, err := d.join("readlink", name)
	if err != nil {
		return "", err
	}
	return os.Readlink(full)
}

type fsServer struct {
	fsys  fs.FS
	links LinkFS // nil when fsys reports no symlinks
	mimes *MimeTable
}

// maxLinks bounds the symlinks followed for one path, as the kernel's
// ELOOP limit does.
const maxLinks = 40

// ResolveFS returns the name, free of symlinks, that name (a valid fs path
// or ".") reaches inside links. Each component that is a symlink is
// replaced by its target, which must be relative and stay inside the file
// system; errors wrap ErrForbidden (absolute target, a target leaving the
// file system, no permission) or ErrNotFound (missing, dangling, a loop).
func ResolveFS(links LinkFS, name string) (string, error) {
	var todo []string
	if name != "." {
		todo = strings.Split(name, "/")
	}
	var done []string
	hops := 0
	for len(todo) > 0 {
		seg := todo[0]
		todo = todo[1:]
		switch seg {
		case "", ".":
			continue
		case "..":
			if len(done) == 0 {
				return "", fmt.Errorf("resolve %q: a symlink leaves the file system: %w", name, ErrForbidden)
			}
			done = done[:len(done)-1]
			continue
		}
		cand := path.Join(append(append([]string(nil), done...), seg)...)
		fi, err := links.Lstat(cand)
		if err != nil {
			return "", fmt.Errorf("resolve %q: %w", name, classify(err))
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			done = append(done, seg)
			continue
		}
		if hops++; hops > maxLinks {
			return "", fmt.Errorf("resolve %q: too many symlinks: %w", name, ErrNotFound)
		}
		target, err := links.ReadLink(cand)
		if err != nil {
			return "", fmt.Errorf("resolve %q: %w", name, classify(err))
		}
		if target == "" {
			return "", fmt.Errorf("resolve %q: empty symlink: %w", name, ErrNotFound)
		}
		if strings.HasPrefix(target, "/") || filepath.IsAbs(target) || strings.IndexByte(target, 0) >= 0 {
			return "", fmt.Errorf("resolve %q: symlink %q has an absolute target: %w", name, cand, ErrForbidden)
		}
		todo = append(strings.Split(target, "/"), todo...)
	}
	if len(done) == 0 {
		return ".", nil
	}
	return path.Join(done...), nil
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
	f, fi, name, err := s.open(name)
	if err != nil {
		writeError(w, statusOf(err))
		return
	}
	defer f.Close()
	if fi.IsDir() {
		f.Close()
		var err error
		if f, fi, name, err = s.open(path.Join(name, IndexFile)); err != nil || fi.IsDir() {
			code := http.StatusNotFound
			if err != nil {
				code = statusOf(err)
			}
			writeError(w, code)
			return
		}
		defer f.Close()
	}
	if !fi.Mode().IsRegular() {
		writeError(w, http.StatusForbidden)
		return
	}
	h.Set("Content-Type", s.mimes.Lookup(name))
	if rs, ok := f.(io.ReadSeeker); ok {
		http.ServeContent(w, r, path.Base(name), fi.ModTime(), rs)
		return
	}
	http.ServeContent(w, r, path.Base(name), time.Time{}, &onePass{r: f, size: fi.Size()})
}

// open opens name, after resolving its symlinks when fsys reports them, and
// returns the file, its description and the name it was opened by.
func (s *fsServer) open(name string) (fs.File, fs.FileInfo, string, error) {
	if !fs.ValidPath(name) {
		return nil, nil, "", ErrForbidden
	}
	if s.links != nil {
		real, err := ResolveFS(s.links, name)
		if err != nil {
			return nil, nil, "", err
		}
		name = real
	}
	f, err := s.fsys.Open(name)
	if err != nil {
		if errors.Is(err, fs.ErrPermission) {
			return nil, nil, "", ErrForbidden
		}
		return nil, nil, "", ErrNotFound
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, "", ErrNotFound
	}
	return f, fi, name, nil
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
