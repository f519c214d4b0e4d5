package scheme

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// ErrForbidden is wrapped by the errors of [Resolve] for a request that would
// reach outside the served folder, or a file that must not be served; a server
// answers it with 403.
var ErrForbidden = errors.New("forbidden")

// ErrNotFound is wrapped by the errors of [Resolve] for a request that names
// no servable file; a server answers it with 404.
var ErrNotFound = errors.New("not found")

// IndexFile is the file served for a request that names a directory.
const IndexFile = "index.html"

// Resolve returns the absolute path of the file that requestPath names inside
// the folder root. Every error it returns wraps exactly one of [ErrForbidden]
// (403) and [ErrNotFound] (404); it never panics.
//
// requestPath is the percent-encoded path part of a request URL, as
// [RequestPath] returns it; it is never a whole URL: '?' and '#' in it are
// taken literally, as part of a file name. A leading "/" is optional and
// empty segments ("//", a trailing "/") are ignored. Each segment is
// percent-decoded on its own, so an encoded "%2F" never splits a segment.
//
// A caller may rely on the following:
//   - When err is nil, the result is the absolute path, free of symlinks, of a
//     regular file inside the real root (root after [filepath.Abs] and
//     [filepath.EvalSymlinks]; root itself may be a symlink). Nothing outside
//     the root is ever returned, whatever the path or the symlinks under root.
//   - ErrForbidden: a segment that decodes to "." or "..", or that contains
//     '/', '\' or a NUL byte (raw or percent-encoded), or that is not a local
//     name for the host OS ([filepath.IsLocal]); a symlink, at any depth, file
//     or directory, whose target is outside the root (a sibling folder that
//     shares the root's name as a prefix is outside); a path the process may
//     not read; a target that is not a regular file or directory (a FIFO, a
//     socket, a device).
//   - ErrNotFound: a bad percent escape such as "%zz" or a lone "%" (no file
//     can be named by it, and the answer stays within 403/404); a segment
//     that starts with "." (dotfiles and dot-folders such as .git or .env
//     are hidden: they are never an app's assets and often hold secrets; a
//     symlink inside the root that the app made may still point at one); a
//     missing file; a path through a file as if it were a directory; a dangling or
//     looping symlink; a directory without an [IndexFile] (directories are
//     never listed); a root that is empty, missing or not a directory.
//   - A directory resolves to its [IndexFile], which obeys the same rules (an
//     index.html that is a symlink out of the root is forbidden).
//
// Resolve checks the file system when it is called; a symlink swapped in
// afterwards, before the caller opens the file, is not seen. The served
// folder is expected to belong to the application.
func Resolve(root, requestPath string) (string, error) {
	rootReal, err := realRoot(root)
	if err != nil {
		return "", err
	}
	segs, err := splitPath(requestPath)
	if err != nil {
		return "", err
	}
	cur := rootReal
	for _, seg := range segs {
		if cur, err = step(rootReal, cur, seg); err != nil {
			return "", fmt.Errorf("resolve %q: %w", requestPath, err)
		}
	}
	// cur has no symlinks left, so Stat sees cur itself.
	fi, err := os.Stat(cur)
	if err != nil {
		return "", fmt.Errorf("resolve %q: %w", requestPath, classify(err))
	}
	if fi.IsDir() {
		if cur, err = step(rootReal, cur, IndexFile); err != nil {
			return "", fmt.Errorf("resolve %q: directory index: %w", requestPath, err)
		}
		if fi, err = os.Stat(cur); err != nil {
			return "", fmt.Errorf("resolve %q: %w", requestPath, classify(err))
		}
		if fi.IsDir() {
			return "", fmt.Errorf("resolve %q: %s is a directory: %w", requestPath, IndexFile, ErrNotFound)
		}
	}
	if !fi.Mode().IsRegular() {
		return "", fmt.Errorf("resolve %q: not a regular file: %w", requestPath, ErrForbidden)
	}
	return cur, nil
}

// realRoot returns root as an absolute path free of symlinks, or an error
// wrapping ErrNotFound when it is not a directory.
func realRoot(root string) (string, error) {
	if root == "" {
		return "", fmt.Errorf("resolve: empty root: %w", ErrNotFound)
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return "", fmt.Errorf("resolve: root %q: %v: %w", root, err, ErrNotFound)
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "", fmt.Errorf("resolve: root %q: %v: %w", root, err, ErrNotFound)
	}
	fi, err := os.Stat(real)
	if err != nil {
		return "", fmt.Errorf("resolve: root %q: %v: %w", root, err, ErrNotFound)
	}
	if !fi.IsDir() {
		return "", fmt.Errorf("resolve: root %q is not a directory: %w", root, ErrNotFound)
	}
	return real, nil
}

// splitPath splits a percent-encoded request path into decoded segments,
// dropping empty ones and refusing any segment that could leave the folder.
func splitPath(requestPath string) ([]string, error) {
	var segs []string
	for _, raw := range strings.Split(requestPath, "/") {
		if raw == "" {
			continue
		}
		seg, err := url.PathUnescape(raw)
		if err != nil {
			return nil, fmt.Errorf("resolve %q: bad percent-encoding: %w", requestPath, ErrNotFound)
		}
		if why := badSegment(seg); why != "" {
			return nil, fmt.Errorf("resolve %q: %s: %w", requestPath, why, ErrForbidden)
		}
		if seg[0] == '.' {
			// Dotfiles (.git, .env, .DS_Store) are never an app's
			// assets; answered as if they did not exist.
			return nil, fmt.Errorf("resolve %q: hidden file %q: %w", requestPath, seg, ErrNotFound)
		}
		segs = append(segs, seg)
	}
	return segs, nil
}

// badSegment says why a decoded segment may not be looked up, or returns "".
func badSegment(seg string) string {
	switch {
	case seg == "." || seg == "..":
		return "dot segment"
	case strings.IndexByte(seg, '/') >= 0:
		return "encoded slash in segment"
	case strings.IndexByte(seg, '\\') >= 0:
		return "backslash in segment"
	case strings.IndexByte(seg, 0) >= 0:
		return "NUL byte in segment"
	case !filepath.IsLocal(seg):
		return "not a local name"
	}
	return ""
}

// step returns the real path of name inside the real directory dir. When the
// entry is a symlink it is resolved, and its target must lie inside rootReal.
func step(rootReal, dir, name string) (string, error) {
	next := filepath.Join(dir, name)
	fi, err := os.Lstat(next)
	if err != nil {
		return "", classify(err)
	}
	if fi.Mode()&fs.ModeSymlink == 0 {
		return next, nil
	}
	target, err := filepath.EvalSymlinks(next)
	if err != nil {
		return "", classify(err)
	}
	if !within(rootReal, target) {
		return "", fmt.Errorf("symlink %q leaves the root: %w", name, ErrForbidden)
	}
	return target, nil
}

// within reports whether target is root or lies below it. Both must be clean
// absolute paths free of symlinks. The test is by path elements, so /x/site2
// is not within /x/site.
func within(root, target string) bool {
	rel, err := filepath.Rel(root, target)
	if err != nil {
		return false
	}
	if rel == "." {
		return true
	}
	if filepath.IsAbs(rel) || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return false
	}
	return true
}

// classify maps a file-system error to ErrForbidden (no permission) or
// ErrNotFound (everything else: missing, not a directory, loops, long names).
func classify(err error) error {
	if errors.Is(err, fs.ErrPermission) {
		return fmt.Errorf("%v: %w", err, ErrForbidden)
	}
	return fmt.Errorf("%v: %w", err, ErrNotFound)
}
