package webkitgtk

import (
	"crypto/rand"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"

	"github.com/gotonium/gotonium/internal/engine"
)

// The media bridge: WebKitGTK's GStreamer player refuses URLs of custom
// schemes (its isProtocolAllowed knows only http, https, file, data and
// blob), so <video> and <audio> of a custom scheme could not play. The
// engine serves such media on a loopback HTTP port instead, at
// http://127.0.0.1:PORT/TOKEN/SCHEME/PATH, through the scheme handler of
// the window that owns TOKEN; media.js rewrites the pages' media URLs there.
//
// What keeps it closed:
//   - Each window has its own random 256-bit token, known only to media.js in
//     the top frame of that window's custom-scheme pages (it stays inside the
//     script's closure and in the element URLs the page owns). A token
//     reaches its own window's schemes only; a closed window's token is dead.
//   - GET and HEAD only (405 otherwise): media is read, never posted.
//   - The Host header must be exactly 127.0.0.1:PORT (403 otherwise), so a
//     web page that rebinds a DNS name to 127.0.0.1 cannot talk to it.
//   - Answers carry no Access-Control-* header (those a scheme handler sets
//     are removed) and the Origin header is not passed on: no page of any
//     origin can read a bridge answer with fetch, XHR, canvas or WebAudio;
//     media elements play it as opaque media.

//go:embed media.js
var mediaJS string

// mediaWindow is the bridge's view of one window.
type mediaWindow struct {
	token   string
	schemes []string // the window's custom schemes, sorted
}

var media struct {
	once   sync.Once
	err    error
	host   string               // 127.0.0.1:PORT
	events sync.Map             // window id → engine.Events, for open windows with schemes (goClosed deletes)
	tokens sync.Map             // token → window id
	wins   map[int]*mediaWindow // window id → token and schemes; GTK thread
}

// startMedia starts the bridge once per process.
func startMedia() error {
	media.once.Do(func() {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			media.err = err
			return
		}
		media.host = ln.Addr().String()
		media.wins = map[int]*mediaWindow{}
		go http.Serve(ln, http.HandlerFunc(serveMedia))
	})
	return media.err
}

// mediaAdd gives window id, with events ev, a token of its own; GTK thread.
func mediaAdd(id int, ev engine.Events) error {
	if err := startMedia(); err != nil {
		return err
	}
	// Forget windows that closed since.
	for wid, mw := range media.wins {
		if _, open := media.events.Load(wid); !open {
			media.tokens.Delete(mw.token)
			delete(media.wins, wid)
		}
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return err
	}
	mw := &mediaWindow{token: hex.EncodeToString(b[:])}
	media.wins[id] = mw
	media.events.Store(id, ev)
	media.tokens.Store(mw.token, id)
	return nil
}

// mediaAddScheme records that window id serves scheme; GTK thread. It
// reports whether the scheme is new for the window.
func mediaAddScheme(id int, scheme string) bool {
	mw := media.wins[id]
	if mw == nil {
		return false
	}
	for _, s := range mw.schemes {
		if s == scheme {
			return false
		}
	}
	mw.schemes = append(mw.schemes, scheme)
	sort.Strings(mw.schemes)
	return true
}

// mediaScript is the start script that points a window's media at the
// bridge; GTK thread.
func mediaScript(id int) string {
	mw := media.wins[id]
	if mw == nil {
		return ""
	}
	base, _ := json.Marshal("http://" + media.host + "/" + mw.token + "/")
	schemes, _ := json.Marshal(mw.schemes)
	s := strings.Replace(mediaJS, "MEDIA_BASE", string(base), 1)
	return strings.Replace(s, "MEDIA_SCHEMES", string(schemes), 1)
}

func serveMedia(w http.ResponseWriter, r *http.Request) {
	if r.Host != media.host {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	// /TOKEN/SCHEME/PATH
	parts := strings.SplitN(strings.TrimPrefix(r.URL.EscapedPath(), "/"), "/", 3)
	if len(parts) < 2 || len(parts[0]) != 64 {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	idv, ok := media.tokens.Load(parts[0])
	if !ok {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	ev, ok := media.events.Load(idv.(int))
	if !ok {
		media.tokens.Delete(parts[0]) // the window closed
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	if !validScheme(parts[1]) {
		http.NotFound(w, r)
		return
	}
	path := "/"
	if len(parts) == 3 {
		path += parts[2]
	}
	u := parts[1] + "://localhost" + path
	if r.URL.RawQuery != "" {
		u += "?" + r.URL.RawQuery
	}
	r2, err := http.NewRequestWithContext(r.Context(), r.Method, u, http.NoBody)
	if err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	r2.Header = r.Header.Clone()
	r2.Header.Del("Origin")
	ev.(engine.Events).ServeScheme(&noCORS{ResponseWriter: w}, r2)
}

// noCORS drops every Access-Control-* header before the answer goes out.
type noCORS struct {
	http.ResponseWriter
	stripped bool
}

func (w *noCORS) strip() {
	if w.stripped {
		return
	}
	w.stripped = true
	h := w.ResponseWriter.Header()
	for k := range h {
		if strings.HasPrefix(strings.ToLower(k), "access-control-") {
			delete(h, k)
		}
	}
}

func (w *noCORS) WriteHeader(code int) {
	w.strip()
	w.ResponseWriter.WriteHeader(code)
}

func (w *noCORS) Write(p []byte) (int, error) {
	w.strip()
	return w.ResponseWriter.Write(p)
}

// Flush sends what is buffered, so streamed media keeps moving.
func (w *noCORS) Flush() {
	w.strip()
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// validScheme reports whether s is a lower-case scheme name (RFC 3986).
func validScheme(s string) bool {
	for i, c := range s {
		switch {
		case c >= 'a' && c <= 'z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return s != ""
}
