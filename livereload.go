package gotonium

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/gotonium/gotonium/internal/devwatch"
)

// DevEnv is the environment variable that turns development mode on:
// GOTONIUM_DEV=1 gives every folder scheme live reload (as WithLiveReload
// does) and makes the dev options of AddCustomSchemeFS (WithDevFolder,
// WithDevServer) take effect. It is meant for a developer's machine:
// `gotonium dev` sets it; an installed app never should.
const DevEnv = "GOTONIUM_DEV"

// DevMode reports whether GOTONIUM_DEV=1 is set in the environment.
func DevMode() bool { return os.Getenv(DevEnv) == "1" }

// A SchemeOption changes a scheme added with AddCustomScheme or
// AddCustomSchemeFS.
type SchemeOption func(*schemeOptions)

type schemeOptions struct {
	live      bool
	devFolder string
	devServer string
}

// WithLiveReload turns development mode on for one scheme, whatever
// GOTONIUM_DEV says. For AddCustomScheme it watches the folder's tree
// (new folders included; dotfiles, node_modules and editors' swap files
// left out) and, a moment (100 ms) after the last change, updates every
// window of the instance whose page uses the scheme (its URL or any
// resource it loaded is on it):
//
//   - when only stylesheets changed and the page links each of them with
//     <link rel="stylesheet">, the links are swapped for fresh copies:
//     the page keeps running, scroll position and form input included;
//   - otherwise the page reloads, fetching every file anew (see
//     ReloadBypassingCache).
//
// The state store keeps its values either way. For AddCustomSchemeFS it
// needs WithDevFolder or WithDevServer: embedded files do not change.
func WithLiveReload() SchemeOption { return func(o *schemeOptions) { o.live = true } }

// WithDevFolder makes AddCustomSchemeFS serve the folder dir from disk, with
// live reload, instead of fsys when development mode is on (GOTONIUM_DEV=1 or
// WithLiveReload): the usual pairing is an embed.FS of "web" in the binary
// and WithDevFolder("web") while developing. Out of development mode it does
// nothing. It is an error on AddCustomScheme, which serves a folder anyway.
func WithDevFolder(dir string) SchemeOption {
	return func(o *schemeOptions) { o.devFolder = dir }
}

// WithDevServer makes the scheme forward every request, in development mode
// (GOTONIUM_DEV=1 or WithLiveReload), to the web development server at
// base (such as Vite's "http://localhost:5173"): the request's path, query,
// method, headers and body go to the server, and its answer comes back to
// the page as the scheme's, so the page keeps the app's origin and its
// bridge. The server's own live reload or hot module replacement works
// through its WebSocket, which the page opens to the server directly (custom
// schemes carry no WebSockets; with Vite, set server.hmr.clientPort to the
// server's port, since the page's URL names none). When the server does not
// answer, the page gets 502 with the reason. Out of development mode the
// scheme serves its files.
func WithDevServer(base string) SchemeOption {
	return func(o *schemeOptions) { o.devServer = base }
}

func collectSchemeOptions(opts []SchemeOption) schemeOptions {
	var o schemeOptions
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return o
}

// devServerProxy returns a handler forwarding requests to the server at base.
func devServerProxy(base string) (http.Handler, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%w: WithDevServer(%q): not an http:// or https:// URL with a host", ErrInvalidArgument, base)
	}
	return &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(u)
			r.Out.Host = u.Host
		},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			log().Warn("gotonium: the dev server does not answer", "server", base, "url", r.URL.String(), "error", err)
			http.Error(w, "gotonium: the dev server at "+base+" does not answer: "+err.Error(), http.StatusBadGateway)
		},
	}, nil
}

// liveReloadDelay is how long after the last change a live reload waits.
const liveReloadDelay = 100 * time.Millisecond

// devWatchers are the live-reload watchers running; Shutdown stops them.
var devWatchers struct {
	mu   sync.Mutex
	list []*devwatch.Watcher
}

// watchScheme starts live reload of the folder dir served as scheme name.
func (p *Instance) watchScheme(name, dir string) error {
	w, err := devwatch.Watch(dir, liveReloadDelay, func(changed []string) { p.liveReload(name, changed) })
	if err != nil {
		return fmt.Errorf("gotonium: live reload of %s: %w", dir, err)
	}
	devWatchers.mu.Lock()
	devWatchers.list = append(devWatchers.list, w)
	devWatchers.mu.Unlock()
	log().Info("gotonium: live reload", "scheme", name, "folder", dir)
	return nil
}

// stopDevWatchers stops every live-reload watcher.
func stopDevWatchers() {
	devWatchers.mu.Lock()
	list := devWatchers.list
	devWatchers.list = nil
	devWatchers.mu.Unlock()
	for _, w := range list {
		w.Close()
	}
}

// liveReloadJS decides in the page what a change of files (relative paths)
// under scheme means for it, does the stylesheet swap itself, and returns
// "none" (the page does not use the scheme), "css" (swapped) or "reload".
const liveReloadJS = `((scheme, files) => {
  const ours = (u) => { try { return new URL(u, location.href).protocol === scheme + ":"; } catch (e) { return false; } };
  const path = (u) => decodeURIComponent(new URL(u, location.href).pathname.replace(/^\/+/, ""));
  if (location.protocol !== scheme + ":" && !performance.getEntriesByType("resource").some((e) => ours(e.name))) return "none";
  if (!files.every((f) => f.endsWith(".css"))) return "reload";
  const links = [...document.querySelectorAll('link[rel~="stylesheet"][href]')].filter((l) => ours(l.href) && files.includes(path(l.href)));
  if (!files.every((f) => links.some((l) => path(l.href) === f))) return "reload";
  const stamp = String(Date.now());
  for (const l of links) {
    const u = new URL(l.href);
    u.searchParams.set("gotonium-reload", stamp);
    const fresh = l.cloneNode();
    fresh.href = u.href;
    fresh.addEventListener("load", () => l.remove(), {once: true});
    fresh.addEventListener("error", () => l.remove(), {once: true});
    l.after(fresh);
  }
  return "css";
})`

// liveReload updates the instance's window after files of scheme changed.
func (p *Instance) liveReload(scheme string, changed []string) {
	b := p.current()
	if b == nil || !b.pageTrusted() {
		return // no window, or a page the app did not choose: it learns nothing of the app's files
	}
	args, _ := json.Marshal([]any{scheme, changed})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	raw, err := p.EvaluateJavascriptContext(ctx, liveReloadJS+"(..."+string(args)+")")
	var what string
	if err == nil {
		err = json.Unmarshal(raw, &what)
	}
	if err != nil { // a page that cannot say (busy, or loading) reloads
		log().Debug("gotonium: live reload: asking the page", "scheme", scheme, "error", err)
		what = "reload"
	}
	log().Info("gotonium: live reload", "scheme", scheme, "changed", changed, "action", what)
	if what == "reload" { // bypassing the cache: WebKit keeps scheme answers
		if err := p.ReloadBypassingCache(); err != nil {
			log().Debug("gotonium: live reload", "error", err)
		}
	}
}

// devScheme returns what a scheme serves given its options: the handler and,
// for live reload, the folder to watch ("" for none).
func (p *Instance) devScheme(folder string, o schemeOptions) (h http.Handler, watch string, err error) {
	dev := o.live || DevMode()
	if !dev {
		if o.devServer != "" { // checked in production too, so a typo shows at once
			if _, err := devServerProxy(o.devServer); err != nil {
				return nil, "", err
			}
		}
		return nil, "", nil
	}
	if o.devServer != "" {
		h, err := devServerProxy(o.devServer)
		return h, "", err
	}
	if folder == "" && o.devFolder != "" {
		abs, err := filepath.Abs(o.devFolder)
		if err == nil {
			var fi os.FileInfo
			if fi, err = os.Stat(abs); err == nil && !fi.IsDir() {
				err = fmt.Errorf("not a folder")
			}
		}
		if err != nil {
			return nil, "", fmt.Errorf("%w: WithDevFolder(%q): %v", ErrInvalidArgument, o.devFolder, err)
		}
		folder = abs
	}
	if folder == "" {
		if o.live {
			return nil, "", fmt.Errorf("%w: WithLiveReload on an fs.FS needs WithDevFolder or WithDevServer (embedded files do not change)", ErrInvalidArgument)
		}
		return nil, "", nil // GOTONIUM_DEV=1 and nothing to watch: serve fsys
	}
	return nil, folder, nil
}
