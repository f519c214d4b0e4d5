package gotonium

import (
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// maxWindowSide is the largest window side X11 allows.
const maxWindowSide = 32767

func checkURL(raw string) error {
	if strings.TrimSpace(raw) != raw || raw == "" {
		return fmt.Errorf("%w: URL %q is empty or has surrounding space", ErrInvalidArgument, raw)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%w: URL %q: %v", ErrInvalidArgument, raw, err)
	}
	if u.Scheme == "" {
		return fmt.Errorf("%w: URL %q has no scheme (write https://%s, file:///path, …)", ErrInvalidArgument, raw, raw)
	}
	if (u.Scheme == "http" || u.Scheme == "https") && u.Host == "" {
		return fmt.Errorf("%w: URL %q has no host", ErrInvalidArgument, raw)
	}
	return nil
}

func checkSize(width, height int) error {
	if width < 1 || height < 1 || width > maxWindowSide || height > maxWindowSide {
		return fmt.Errorf("%w: window size %dx%d (each side must be 1 to %d)", ErrInvalidArgument, width, height, maxWindowSide)
	}
	return nil
}

// checkText rejects text a window system cannot carry: invalid UTF-8 and
// NUL characters (a C string ends there).
func checkText(what, s string) error {
	if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
		return fmt.Errorf("%w: %s %q is not valid UTF-8 or holds a NUL", ErrInvalidArgument, what, s)
	}
	return nil
}
