package scheme

import (
	"fmt"
	"net/url"
	"strings"
)

// localHost is the host every normalised custom-scheme URL carries.
const localHost = "localhost"

// specialSchemes are the schemes whose URLs have a real network (or file)
// authority. Normalize leaves them alone.
var specialSchemes = map[string]bool{
	"http": true, "https": true, "ws": true, "wss": true, "ftp": true, "file": true,
}

// Normalize rewrites a custom-scheme URL so that its host is "localhost" and
// the former host becomes the first path segment:
//
//	main://index.html           -> main://localhost/index.html
//	main://sub/page.html?x=1#f  -> main://localhost/sub/page.html?x=1#f
//	main:// , main:///          -> main://localhost/
//	main://localhost/a          -> main://localhost/a (unchanged)
//	main://index.html/          -> main://localhost/index.html
//
// A caller may rely on the following:
//   - The scheme of the result is lower-case (RFC 3986; WebKit lower-cases it
//     too). Query and fragment are kept.
//   - The result names the same file: [Resolve] finds the same file for the
//     RequestPath of the URL before and after normalisation (the paths differ
//     at most by a trailing slash, which Resolve ignores). A lone "/" after a
//     non-localhost host is dropped, because WebKit reports main://index.html
//     with path "/"; so main://sub/ becomes main://localhost/sub, and a page
//     served from it resolves relative URLs against the folder's root.
//   - Normalize is idempotent.
//   - A host of "localhost" in any case is written "localhost"; its port and
//     user info, if any, are kept.
//   - URLs of the schemes http, https, ws, wss, ftp and file, and URLs without
//     an authority part that are not paths (such as about:blank or
//     data:text/plain,x) are returned unchanged.
//   - An error is returned for text that does not parse as a URL, for a URL
//     without a scheme, and for a custom-scheme URL whose non-localhost
//     authority has user info or a port (main://user@x/ or main://x:80/),
//     which cannot be turned into a path segment.
func Normalize(rawURL string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", fmt.Errorf("scheme: normalize %q: %w", rawURL, err)
	}
	if u.Scheme == "" {
		return "", fmt.Errorf("scheme: normalize %q: not an absolute URL (no scheme)", rawURL)
	}
	if specialSchemes[u.Scheme] || u.Opaque != "" {
		return rawURL, nil
	}
	v := *u
	if isLocalhost(u) {
		v.Host = strings.ToLower(u.Host)
		if v.Path == "" {
			v.Path, v.RawPath = "/", ""
		}
		return v.String(), nil
	}
	if u.User != nil || u.Port() != "" {
		return "", fmt.Errorf("scheme: normalize %q: user info or port on host %q", rawURL, u.Hostname())
	}
	v.Host = localHost
	if u.Host == "" {
		if v.Path == "" {
			v.Path, v.RawPath = "/", ""
		}
		return v.String(), nil
	}
	// WebKit reports main://index.html with path "/": a lone "/" after a
	// host is not a separate path, so main://index.html/ normalises to
	// main://localhost/index.html.
	path, rawPath := u.Path, u.EscapedPath()
	if path == "/" {
		path, rawPath = "", ""
	}
	v.Path = "/" + u.Host + path
	v.RawPath = "/" + escapeSegment(u.Host) + rawPath
	return v.String(), nil
}

// RequestPath returns the percent-encoded path, inside the served folder, that
// a request URL asks for; pass it to [Resolve]. The URL's host counts as the
// first path segment unless it is empty or "localhost" (in any case, with or
// without a port), so main://other.html and main://localhost/other.html both
// give "/other.html". Query and fragment are never part of the result. The
// result always starts with "/"; a nil URL gives "/". For an opaque URL such
// as main:page.html the opaque part is the path ("/page.html").
func RequestPath(u *url.URL) string {
	if u == nil {
		return "/"
	}
	p := u.EscapedPath()
	if u.Opaque != "" {
		p = u.Opaque
	}
	if u.Host != "" && !isLocalhost(u) {
		p = "/" + escapeSegment(u.Host) + p
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return p
}

// isLocalhost reports whether u's host is "localhost", ignoring case and port.
func isLocalhost(u *url.URL) bool {
	return strings.EqualFold(u.Hostname(), localHost)
}

// escapeSegment percent-encodes s for use as one path segment: it keeps the
// RFC 3986 pchar set (unreserved, sub-delims, ':' and '@') and escapes every
// other byte, including '/' and '%'.
func escapeSegment(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isPchar(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// isPchar reports whether c may appear unescaped in a path segment.
func isPchar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~!$&'()*+,;=:@", c) >= 0
}
