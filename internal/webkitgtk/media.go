package webkitgtk

import (
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/gotonium/gotonium/internal/engine"
)

// The media bridge: WebKitGTK's GStreamer player refuses URLs of custom
// schemes (its isProtocolAllowed knows only http, https, file, data and
// blob), so <video> and <audio> of a custom scheme could not play. The
// engine serves such media on a loopback HTTP port instead, at
// http://127.0.0.1:PORT/TOKEN/WINDOW/SCHEME/PATH, through the window's own
// scheme handler; media.js rewrites the pages' media URLs there. The random
// token keeps other local processes and other pages out.

//go:embed media.js
var mediaJS string

var media struct {
	once   sync.Once
	err    error
	base   string // http://127.0.0.1:PORT/TOKEN/
	token  string
	events sync.Map // window id → engine.Events, for windows with schemes
}

// startMedia starts the bridge once per process.
func startMedia() error {
	media.once.Do(func() {
		var b [32]byte
		if _, err := rand.Read(b[:]); err != nil {
			media.err = err
			return
		}
		media.token = hex.EncodeToString(b[:])
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			media.err = err
			return
		}
		media.base = "http://" + ln.Addr().String() + "/" + media.token + "/"
		go http.Serve(ln, http.HandlerFunc(serveMedia))
	})
	return media.err
}

// mediaScript is the start script that points a window's media at the bridge.
func mediaScript(id int) string {
	base, _ := json.Marshal(media.base + strconv.Itoa(id) + "/")
	return strings.Replace(mediaJS, "MEDIA_BASE", string(base), 1)
}

func serveMedia(w http.ResponseWriter, r *http.Request) {
	// /TOKEN/WINDOW/SCHEME/PATH
	parts := strings.SplitN(strings.TrimPrefix(r.URL.EscapedPath(), "/"), "/", 4)
	if len(parts) < 3 || subtle.ConstantTimeCompare([]byte(parts[0]), []byte(media.token)) != 1 {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	id, err := strconv.Atoi(parts[1])
	ev, ok := media.events.Load(id)
	if err != nil || !ok {
		http.NotFound(w, r)
		return
	}
	path := "/"
	if len(parts) == 4 {
		path += parts[3]
	}
	u := parts[2] + "://localhost" + path
	if r.URL.RawQuery != "" {
		u += "?" + r.URL.RawQuery
	}
	r2, err := http.NewRequestWithContext(r.Context(), r.Method, u, r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	r2.Header = r.Header.Clone()
	ev.(engine.Events).ServeScheme(w, r2)
}
