package gotonium

import (
	"crypto/subtle"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/gotonium/gotonium/internal/engine"
	"github.com/gotonium/gotonium/internal/scheme"
)

var schemeName = regexp.MustCompile(`^[a-z][a-z0-9+.-]*$`)

// reservedSchemes are handled by the engine itself.
var reservedSchemes = map[string]bool{
	"http": true, "https": true, "file": true, "data": true, "about": true, "blob": true,
	"javascript": true, "ws": true, "wss": true, "ftp": true, "filesystem": true,
	"view-source": true, "resource": true, "webkit": true, "mailto": true,
	engine.BlobScheme: true, // gotonium's own (blob.go)
}

// AddCustomScheme serves the files under rootFolder at scheme:// URLs in this
// instance's windows, including windows opened with CreateBrowser and windows
// already open. Both main://index.html (the host taken as the first path
// segment, as Pytonium apps write it) and main://localhost/index.html work;
// gotonium loads the first as the second so that relative URLs and
// same-origin requests behave.
//
// Answers: 200 with a Content-Type from a built-in table (see
// AddMimeTypeMapping), index.html for a folder, 404 when a file is missing,
// 403 for anything that would resolve outside rootFolder (.., encoded ..,
// absolute paths, symlinks pointing out, sibling folders sharing the prefix),
// 206 for Range requests (so video and audio seek). Files are streamed, never
// read whole into memory. The query and fragment play no part in the lookup.
// Dotfiles and dot-folders (.git, .env, any path segment starting with ".")
// are 404: they are never an app's assets and often hold secrets.
//
// Cross-origin reads: a page of the same scheme reads its files as any page
// reads its own origin. A page of another origin may load them as plain
// subresources (<img>, <script>, <link>, <video> through the media bridge) the
// way the web allows, but may read their bytes (fetch, XHR, module import,
// canvas getImageData, crossorigin images and fonts) only if its origin is
// trusted by this instance: the instance's custom schemes, the origins of
// URLs the app opened itself, and those given to AllowOrigins. For those,
// answers echo the request's Origin in Access-Control-Allow-Origin (with
// Vary: Origin); other origins get no CORS header, so WebKit withholds the
// body from them.
//
// Scheme names follow RFC 3986 and are lower-cased; http, https, file and the
// other schemes the engine handles itself are refused, and so is a scheme the
// instance already has.
//
// Options: WithLiveReload (or GOTONIUM_DEV=1) reloads the windows using the
// scheme when its files change; WithDevServer forwards it to a web
// development server in development mode.
func (p *Instance) AddCustomScheme(name, rootFolder string, opts ...SchemeOption) error {
	abs, err := filepath.Abs(rootFolder)
	if err != nil {
		return fmt.Errorf("%w: AddCustomScheme: %v", ErrInvalidArgument, err)
	}
	if fi, err := os.Stat(abs); err != nil || !fi.IsDir() {
		return fmt.Errorf("%w: AddCustomScheme: %q is not a folder", ErrInvalidArgument, rootFolder)
	}
	o := collectSchemeOptions(opts)
	if o.devFolder != "" {
		return fmt.Errorf("%w: AddCustomScheme serves a folder already: WithDevFolder is for AddCustomSchemeFS", ErrInvalidArgument)
	}
	h, watch, err := p.devScheme(abs, o)
	if err != nil {
		return err
	}
	if h == nil {
		h = scheme.FileServer(abs, p.mimeTable())
	}
	return p.addWatchedScheme(name, h, watch)
}

// addWatchedScheme adds the scheme and, when watch is a folder, its live
// reload.
func (p *Instance) addWatchedScheme(name string, h http.Handler, watch string) error {
	if err := p.addScheme(name, h); err != nil {
		return err
	}
	if watch != "" {
		return p.watchScheme(strings.ToLower(name), watch)
	}
	return nil
}

// AddCustomSchemeFS serves the files of fsys at scheme:// URLs, as
// AddCustomScheme serves a folder (the same answers, CORS rule and hidden
// dotfiles): the way to ship an app's pages inside its binary with embed. Use
// fs.Sub to serve a subfolder of an embed.FS.
//
// Symlinks never lead out of fsys when it can report them (Lstat and
// ReadLink, as io/fs.ReadLinkFS has them): os.DirFS (with any Go version),
// fs.Sub of a file system that reports them (Go 1.25 or newer) and
// fstest.MapFS (Go 1.25). Each path component is resolved inside fsys; a link
// with an absolute target, or one that climbs out with "..", is refused with
// 403 (an absolute link pointing inside the folder too: serve the folder with
// AddCustomScheme for that). embed.FS has no symlinks. A file system of your
// own that follows symlinks in Open without reporting them is served as its
// Open sees it.
//
// Options: in development mode (GOTONIUM_DEV=1 or WithLiveReload),
// WithDevFolder serves a folder from disk with live reload in fsys's place,
// and WithDevServer forwards the scheme to a web development server.
func (p *Instance) AddCustomSchemeFS(name string, fsys fs.FS, opts ...SchemeOption) error {
	if fsys == nil {
		return fmt.Errorf("%w: AddCustomSchemeFS: nil file system", ErrInvalidArgument)
	}
	h, watch, err := p.devScheme("", collectSchemeOptions(opts))
	if err != nil {
		return err
	}
	switch {
	case h != nil:
	case watch != "":
		h = scheme.FileServer(watch, p.mimeTable())
	default:
		h = scheme.FSServer(fsys, p.mimeTable())
	}
	return p.addWatchedScheme(name, h, watch)
}

// AddSchemeHandler serves scheme:// URLs of this instance's windows with h,
// for dynamic content: h sees the request's method, URL (host "localhost"
// after normalisation, see AddCustomScheme), headers and body (POST bodies of
// fetch and XHR included), and what it writes streams to the page. Each
// request runs on a goroutine of its own, not on the pumping goroutine.
//
// As with net/http, the status and headers go out with the first Write or
// Flush (or when h returns); a panic in h before then answers 500, and one
// after makes the page's read fail instead of ending in a body that looks
// complete. A body that h writes whole in its first Write, having set
// Content-Length to its size, goes to the page in one piece (the fastest
// way for bytes in memory); a Write beyond the Content-Length is an error.
//
// CORS: as for AddCustomScheme, gotonium sets Access-Control-Allow-Origin
// (the request's Origin, with Vary: Origin) before h runs when the Origin is
// one the instance trusts, and no CORS header otherwise. h may change or
// delete these headers; what h sets is its own explicit choice and is sent as
// it is, so never set "Access-Control-Allow-Origin: *": it lets any page a
// window shows, remote ones included, read h's answers. h answers OPTIONS
// preflights itself if it needs them.
func (p *Instance) AddSchemeHandler(name string, h http.Handler) error {
	if h == nil {
		return fmt.Errorf("%w: AddSchemeHandler: nil handler", ErrInvalidArgument)
	}
	return p.addScheme(name, h)
}

// AddMimeTypeMapping sets the Content-Type that this instance's folder
// schemes send for files ending in ext ("glb" or ".glb", any case); it
// overrides the built-in table.
func (p *Instance) AddMimeTypeMapping(ext, mimeType string) error {
	if err := p.mimeTable().Set(ext, mimeType); err != nil {
		return fmt.Errorf("%w: AddMimeTypeMapping: %v", ErrInvalidArgument, err)
	}
	return nil
}

func (p *Instance) mimeTable() *scheme.MimeTable {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.mimes == nil {
		p.mimes = scheme.NewMimeTable()
	}
	return p.mimes
}

func (p *Instance) addScheme(name string, h http.Handler) error {
	lower := strings.ToLower(name)
	if !schemeName.MatchString(lower) {
		return fmt.Errorf("%w: %q is not a valid scheme name", ErrInvalidArgument, name)
	}
	if reservedSchemes[lower] {
		return fmt.Errorf("%w: the engine handles %s:// itself", ErrInvalidArgument, lower)
	}
	p.mu.Lock()
	if p.schemes == nil {
		p.schemes = map[string]http.Handler{}
	}
	if p.schemes[lower] != nil {
		p.mu.Unlock()
		return fmt.Errorf("%w: scheme %s is already added", ErrInvalidArgument, lower)
	}
	p.schemes[lower] = h
	b := p.b
	p.mu.Unlock()
	if w := b.window(); w != nil {
		return w.RegisterScheme(lower)
	}
	return nil
}

// schemeNames lists the instance's schemes.
func (p *Instance) schemeNames() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	names := make([]string, 0, len(p.schemes))
	for n := range p.schemes {
		names = append(names, n)
	}
	return names
}

// normalizeURL rewrites a URL of one of the instance's schemes to the
// localhost form; other URLs are returned as they are.
func (p *Instance) normalizeURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	p.mu.Lock()
	ours := p.schemes[strings.ToLower(u.Scheme)] != nil
	p.mu.Unlock()
	if !ours {
		return raw
	}
	if n, err := scheme.Normalize(raw); err == nil {
		return n
	}
	return raw
}

// pageHeader carries the window's secret on the requests with a body that
// the app's pages send to their own origin (the page runtime adds it):
// WebKit sends no Origin header on those.
const pageHeader = "X-Gotonium-Page"

// bodyAllowed reports whether a request with a body comes from the app's
// own page: one of its origins in the Origin header (cross-origin requests
// in cors mode), or the window's secret (same-origin requests). Anything
// else — another site's page or iframe, whose no-cors requests carry no
// Origin — is refused before its body is read.
func (b *browser) bodyAllowed(r *http.Request) bool {
	if origin := r.Header.Get("Origin"); origin != "" {
		return b.inst.trustedOrigin(origin)
	}
	return subtle.ConstantTimeCompare([]byte(r.Header.Get(pageHeader)), []byte(b.secret)) == 1
}

// ServeScheme is an engine event: a page requested a custom-scheme URL.
func (b *browser) ServeScheme(w http.ResponseWriter, r *http.Request) {
	p := b.inst
	name := strings.ToLower(r.URL.Scheme)
	if name == engine.BlobScheme {
		// The token is the capability: only the page that got the reply
		// knows it, and it works once. Its fetch is cross-origin from
		// every page (data: pages have the origin "null").
		if origin := r.Header.Get("Origin"); origin != "" {
			w.Header().Set("Access-Control-Allow-Origin", origin)
			w.Header().Add("Vary", "Origin")
		}
		b.serveBlob(w, r)
		return
	}
	p.mu.Lock()
	h := p.schemes[name]
	p.mu.Unlock()
	if h == nil {
		http.Error(w, "no handler for "+name+":// in this window", http.StatusNotFound)
		return
	}
	// A request with a body from a page the app did not choose (another
	// site, an iframe of one) never reaches the handler: it could act on
	// the app's behalf, and reading a Blob body makes WebKit 2.50 crash the
	// process. Its body is never read.
	if r.Body != http.NoBody && !b.bodyAllowed(r) {
		log().Warn("gotonium: refused a request with a body from a page the app does not trust", "url", r.URL.String(), "origin", r.Header.Get("Origin"), "referer", r.Header.Get("Referer"))
		http.Error(w, "refused", http.StatusForbidden)
		return
	}
	r.Header.Del(pageHeader) // the window's secret is no handler's business
	// Only the instance's own trusted origins may read answers across
	// origins; for every other page WebKit withholds the body. A page of the
	// same origin sends no Origin for a GET and needs no header.
	hdr := w.Header()
	hdr.Add("Vary", "Origin")
	if origin := r.Header.Get("Origin"); origin != "" && p.trustedOrigin(origin) {
		hdr.Set("Access-Control-Allow-Origin", origin)
	}
	h.ServeHTTP(w, r)
}
