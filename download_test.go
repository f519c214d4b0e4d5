//go:build !fakeengine

package gotonium_test

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// dlServer serves a page with two ways to start a download (a link with a
// download attribute, and a navigation to a Content-Disposition: attachment
// response) and the file itself, streamed in chunks so that progress shows.
// It reports when a file response ended: completely written, or cut off by
// the client.
type dlServer struct {
	*httptest.Server
	token string // in every file name, to look for it on disk
	body  []byte
	ended chan string // "complete" or "aborted", per file response
}

func newDLServer(t *testing.T, size int) *dlServer {
	t.Helper()
	s := &dlServer{
		token: fmt.Sprintf("gtn-dl-%d-%d", os.Getpid(), time.Now().UnixNano()),
		body:  make([]byte, size),
		ended: make(chan string, 10),
	}
	rand.New(rand.NewSource(1)).Read(s.body)
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *dlServer) serve(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><title>downloads</title>
<a id=attr href="/file.bin" download="attr-%[1]s.bin">attribute</a>
<a id=attach href="/attach">attachment</a>`, s.token)
	case "/file.bin", "/attach":
		if r.URL.Path == "/attach" {
			w.Header().Set("Content-Disposition", `attachment; filename="attach-`+s.token+`.bin"`)
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", strconv.Itoa(len(s.body)))
		w.WriteHeader(http.StatusOK)
		const chunk = 64 << 10
		for off := 0; off < len(s.body); off += chunk {
			end := min(off+chunk, len(s.body))
			if _, err := w.Write(s.body[off:end]); err != nil {
				s.ended <- "aborted"
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				s.ended <- "aborted"
				return
			case <-time.After(4 * time.Millisecond):
			}
		}
		s.ended <- "complete"
	default:
		http.NotFound(w, r)
	}
}

// waitEnded waits until a file response has ended, however.
func (s *dlServer) waitEnded(t *testing.T) string {
	t.Helper()
	select {
	case how := <-s.ended:
		return how
	case <-time.After(30 * time.Second):
		t.Fatal("the download's response never ended")
		return ""
	}
}

// strayFiles lists files whose name holds the server's token in the places
// a download could land without a destination (WebKit writes to the user's
// Downloads folder, or $HOME without one), the working directory and the
// temporary directories.
func (s *dlServer) strayFiles(t *testing.T, also ...string) []string {
	t.Helper()
	dirs := append([]string{"."}, also...)
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, home, filepath.Join(home, "Downloads"))
		cfg := os.Getenv("XDG_CONFIG_HOME")
		if cfg == "" {
			cfg = filepath.Join(home, ".config")
		}
		if b, err := os.ReadFile(filepath.Join(cfg, "user-dirs.dirs")); err == nil {
			for _, line := range strings.Split(string(b), "\n") {
				if v, ok := strings.CutPrefix(line, "XDG_DOWNLOAD_DIR="); ok {
					dirs = append(dirs, strings.ReplaceAll(strings.Trim(v, `"`), "$HOME", home))
				}
			}
		}
	}
	if d := os.Getenv("XDG_DOWNLOAD_DIR"); d != "" {
		dirs = append(dirs, d)
	}
	var found []string
	seen := map[string]bool{}
	add := func(path string) {
		if abs, err := filepath.Abs(path); err == nil && !seen[abs] {
			seen[abs] = true
			found = append(found, abs)
		}
	}
	for _, d := range dirs {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			if strings.Contains(e.Name(), s.token) {
				add(filepath.Join(d, e.Name()))
			}
		}
	}
	tmp := os.TempDir()
	filepath.WalkDir(tmp, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return fs.SkipDir
		}
		if d.IsDir() && strings.Count(strings.TrimPrefix(path, tmp), string(filepath.Separator)) >= 4 {
			return fs.SkipDir
		}
		if strings.Contains(d.Name(), s.token) {
			add(path)
		}
		return nil
	})
	return found
}

// dlRecorder records what an instance's download hooks saw.
type dlRecorder struct {
	mu       sync.Mutex
	asked    []gotonium.Download
	progress []gotonium.DownloadProgress
	done     chan gotonium.DownloadProgress
}

func newDLRecorder(p *gotonium.Instance, decide func(gotonium.Download) (string, bool)) *dlRecorder {
	r := &dlRecorder{done: make(chan gotonium.DownloadProgress, 10)}
	p.OnDownload(func(d gotonium.Download) (string, bool) {
		r.mu.Lock()
		r.asked = append(r.asked, d)
		r.mu.Unlock()
		return decide(d)
	})
	p.OnDownloadProgress(func(ev gotonium.DownloadProgress) {
		r.mu.Lock()
		r.progress = append(r.progress, ev)
		r.mu.Unlock()
		if ev.Done {
			r.done <- ev
		}
	})
	return r
}

func (r *dlRecorder) waitDone(t *testing.T) gotonium.DownloadProgress {
	t.Helper()
	select {
	case ev := <-r.done:
		return ev
	case <-time.After(30 * time.Second):
		t.Fatal("no DownloadProgress with Done")
		return gotonium.DownloadProgress{}
	}
}

func (r *dlRecorder) askedCopy() []gotonium.Download {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]gotonium.Download(nil), r.asked...)
}

// startDownloads are the two ways the page starts a download.
var startDownloads = map[string]string{
	"attribute":  `document.getElementById('attr').click()`,
	"attachment": `location = '/attach'`,
}

// TestDownloadRefusedByDefault: with no hook, and with the app not pumping,
// a download is refused and no file appears anywhere, neither a complete
// nor a partial one.
func TestDownloadRefusedByDefault(t *testing.T) {
	for how, js := range startDownloads {
		t.Run(how, func(t *testing.T) {
			s := newDLServer(t, 4<<20)
			p := open(t, s.URL+"/", 400, 300)
			waitFor(t, 10*time.Second, "page", func() bool { return evalString(t, p, "document.title") == "downloads" })
			if err := p.ExecuteJavascript(js); err != nil {
				t.Fatal(err)
			}
			// The response ends (cut off by the cancelled download, or
			// complete): whatever WebKit would write, it has had the data.
			got := s.waitEnded(t)
			if files := s.strayFiles(t); len(files) > 0 {
				t.Fatalf("a refused download wrote %v", files)
			}
			if got != "aborted" {
				t.Errorf("the refused download's response was %s, want aborted (cancelled)", got)
			}
			if path := evalString(t, p, "location.pathname"); path != "/" {
				t.Errorf("the page left for %q", path)
			}
		})
	}
}

// TestDownloadHookRefuses: the hook is asked with the download's details and
// refusing writes nothing and reports no progress.
func TestDownloadHookRefuses(t *testing.T) {
	pump(t)
	s := newDLServer(t, 1<<20)
	p := gotonium.New()
	r := newDLRecorder(p, func(gotonium.Download) (string, bool) { return "", false })
	t.Cleanup(func() { p.OnDownload(nil); p.OnDownloadProgress(nil) })
	if err := p.Initialize(s.URL+"/", 400, 300); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.CloseBrowser() })
	waitFor(t, 10*time.Second, "page", func() bool { return evalString(t, p, "document.title") == "downloads" })
	for how, js := range startDownloads {
		if err := p.ExecuteJavascript(js); err != nil {
			t.Fatal(err)
		}
		if got := s.waitEnded(t); got != "aborted" {
			t.Errorf("%s: response %s, want aborted", how, got)
		}
	}
	if files := s.strayFiles(t); len(files) > 0 {
		t.Fatalf("refused downloads wrote %v", files)
	}
	asked := r.askedCopy()
	if len(asked) != 2 {
		t.Fatalf("hook asked %d times, want 2: %+v", len(asked), asked)
	}
	names := map[string]bool{}
	for _, d := range asked {
		names[d.SuggestedFilename] = true
		if !d.Trusted || d.PageURL != s.URL+"/" || d.MIMEType != "application/octet-stream" ||
			d.Size != 1<<20 || d.ID == 0 || d.BrowserID != p.BrowserID() || !strings.HasPrefix(d.URL, s.URL+"/") {
			t.Errorf("hook saw %+v", d)
		}
	}
	if !names["attr-"+s.token+".bin"] || !names["attach-"+s.token+".bin"] {
		t.Errorf("suggested names %v", names)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.progress) != 0 {
		t.Errorf("refused downloads reported progress: %+v", r.progress)
	}
}

// TestDownloadAccepted: a 5 MB file streamed over about half a second is
// written to the hook's path, byte for byte, with progress along the way and
// one Done event at the end.
func TestDownloadAccepted(t *testing.T) {
	pump(t)
	for how, js := range startDownloads {
		t.Run(how, func(t *testing.T) {
			s := newDLServer(t, 5<<20)
			dir := t.TempDir()
			dest := filepath.Join(dir, "out-"+s.token+".bin")
			p := gotonium.New()
			r := newDLRecorder(p, func(gotonium.Download) (string, bool) { return dest, true })
			if err := p.Initialize(s.URL+"/", 400, 300); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { p.CloseBrowser() })
			waitFor(t, 10*time.Second, "page", func() bool { return evalString(t, p, "document.title") == "downloads" })
			if err := p.ExecuteJavascript(js); err != nil {
				t.Fatal(err)
			}
			ev := r.waitDone(t)
			if ev.Err != nil || ev.Path != dest || ev.Received != 5<<20 || ev.Total != 5<<20 {
				t.Fatalf("done event %+v", ev)
			}
			got, err := os.ReadFile(dest)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, s.body) {
				t.Fatalf("file has %d bytes, not the %d served", len(got), len(s.body))
			}
			if how := s.waitEnded(t); how != "complete" {
				t.Errorf("response %s", how)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				t.Errorf("download dir holds %v, want only the file", entries)
			}
			if files := s.strayFiles(t, dir); len(files) != 1 || files[0] != dest {
				t.Errorf("files on disk: %v, want only %s", files, dest)
			}
			r.mu.Lock()
			defer r.mu.Unlock()
			var last int64 = -1
			steps := 0
			for i, pr := range r.progress {
				if pr.ID != r.asked[0].ID || pr.Path != dest {
					t.Errorf("event %d: %+v", i, pr)
				}
				if pr.Done != (i == len(r.progress)-1) {
					t.Errorf("event %d of %d has Done %v", i, len(r.progress), pr.Done)
				}
				if pr.Received < last || pr.Received > 5<<20 {
					t.Errorf("event %d: received %d after %d", i, pr.Received, last)
				}
				if !pr.Done && pr.Received < 5<<20 {
					steps++
				}
				last = pr.Received
			}
			if steps < 2 {
				t.Errorf("saw %d progress events before the end, want several: %+v", steps, r.progress)
			}
			if path := evalString(t, p, "location.pathname"); path != "/" {
				t.Errorf("the page left for %q", path)
			}
		})
	}
}

// TestDownloadBadPath: a relative path refuses the download, an existing
// file is never overwritten; either way the Done event says why.
func TestDownloadBadPath(t *testing.T) {
	pump(t)
	s := newDLServer(t, 256<<10)
	dir := t.TempDir()
	existing := filepath.Join(dir, "existing-"+s.token)
	if err := os.WriteFile(existing, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	answers := make(chan string, 2)
	answers <- "relative-" + s.token + ".bin"
	answers <- existing
	p := gotonium.New()
	r := newDLRecorder(p, func(gotonium.Download) (string, bool) { return <-answers, true })
	if err := p.Initialize(s.URL+"/", 400, 300); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.CloseBrowser() })
	waitFor(t, 10*time.Second, "page", func() bool { return evalString(t, p, "document.title") == "downloads" })

	p.ExecuteJavascript(startDownloads["attribute"])
	ev := r.waitDone(t)
	if !errors.Is(ev.Err, gotonium.ErrInvalidArgument) {
		t.Errorf("relative path: done %+v, want ErrInvalidArgument", ev)
	}
	s.waitEnded(t)
	p.ExecuteJavascript(startDownloads["attribute"])
	ev = r.waitDone(t)
	if !errors.Is(ev.Err, gotonium.ErrDownloadExists) {
		t.Errorf("existing file: done %+v, want ErrDownloadExists", ev)
	}
	s.waitEnded(t)
	if b, _ := os.ReadFile(existing); string(b) != "keep me" {
		t.Errorf("the existing file now holds %d bytes", len(b))
	}
	if files := s.strayFiles(t, dir); len(files) != 1 || files[0] != existing {
		t.Errorf("files on disk: %v, want only %s", files, existing)
	}
}

// TestDownloadWindowClosedBeforeAnswer: a window that closes while the hook
// decides refuses the download even when the hook then accepts it; the
// accepted download still gets its Done event, with an error.
func TestDownloadWindowClosedBeforeAnswer(t *testing.T) {
	pump(t)
	s := newDLServer(t, 1<<20)
	dest := filepath.Join(t.TempDir(), "late-"+s.token+".bin")
	p := gotonium.New()
	r := newDLRecorder(p, func(gotonium.Download) (string, bool) {
		p.CloseBrowser()
		return dest, true
	})
	if err := p.Initialize(s.URL+"/", 400, 300); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "page", func() bool { return evalString(t, p, "document.title") == "downloads" })
	p.ExecuteJavascript(startDownloads["attribute"])
	ev := r.waitDone(t)
	if ev.Err == nil {
		t.Errorf("done %+v, want an error", ev)
	}
	if got := s.waitEnded(t); got != "aborted" {
		t.Errorf("response %s, want aborted", got)
	}
	if files := s.strayFiles(t, filepath.Dir(dest)); len(files) > 0 {
		t.Errorf("files on disk: %v", files)
	}
}
