//go:build !fakeengine

package gotonium_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// origin is an origin played by a Go HTTP server on 127.0.0.1: it serves the
// pages it is given and records what pages report to /report.
type origin struct {
	*httptest.Server
	mu      sync.Mutex
	pages   map[string]string
	reports []string
	hits    map[string]int
}

func newOrigin(t *testing.T) *origin {
	t.Helper()
	s := &origin{pages: map[string]string{}, hits: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *origin) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	html, ok := s.pages[r.URL.Path]
	s.mu.Unlock()
	switch {
	case r.URL.Path == "/report":
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.reports = append(s.reports, string(b))
		s.mu.Unlock()
		w.Header().Set("Access-Control-Allow-Origin", "*")
	case r.URL.Path == "/redirect":
		http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
	case ok:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, html)
	default:
		http.NotFound(w, r)
	}
}

func (s *origin) page(path, html string) string {
	s.mu.Lock()
	s.pages[path] = html
	s.mu.Unlock()
	return s.URL + path
}

func (s *origin) hitCount(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// waitReport waits for a report whose JSON has "from": from, and decodes it.
func (s *origin) waitReport(t *testing.T, from string) map[string]any {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		s.mu.Lock()
		for _, r := range s.reports {
			var m map[string]any
			if json.Unmarshal([]byte(r), &m) == nil && m["from"] == from {
				s.mu.Unlock()
				return m
			}
		}
		s.mu.Unlock()
		if time.Now().After(deadline) {
			t.Fatalf("no report from %s; have %q", from, s.reports)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// forgedBase are the messages every hostile page of the tests forges: each
// kind of message the page runtime sends, without the window's secret or
// with a guessed one.
var forgedBase = []string{
	"call\napp\nrecord\n[\"forged\"]",
	"x\ncall\napp\nrecord\n[\"forged\"]",
	"\ncall\napp\nrecord\n[\"forged\"]",
	"00000000000000000000000000000000\ncall\napp\nrecord\n[\"forged\"]",
	"window\nclose\n[]",
	"x\nwindow\nsetPosition\n[3,3]",
	"x\nwindow\nclose\n[]",
	`{"op":"set","ns":"app","key":"k","value":"\"forged\""}`,
	"x\n" + `{"op":"set","ns":"app","key":"k","value":"\"forged\""}`,
	"x\n" + `{"op":"remove","ns":"app","key":"keep"}`,
	"calls\nx.1\napp\nrecord\n[\"forged\"]\nx.2\napp\nrecord\n[\"forged\"]",
	"x\ncalls\nx.1\napp\nrecord\n[\"forged\"]",
}

// attackJS is a page script that looks for the bridge, forges every kind of
// message by hand through the native handler, and reports to reportURL
// what it saw: the typeof of the globals and how each forgery settled.
func attackJS(from, reportURL string, extra []string) string {
	forged := append(slices.Clone(forgedBase), extra...)
	list, _ := json.Marshal(forged)
	return fmt.Sprintf(`<script>
(async () => {
  const r = {from: %q, gotonium: typeof window.Gotonium, pytonium: typeof window.Pytonium,
             ready: typeof window.GotoniumReady, appState: typeof window.appState};
  const h = window.webkit && window.webkit.messageHandlers && window.webkit.messageHandlers.gotonium;
  r.handler = typeof h;
  r.results = [];
  if (h) {
    for (const body of %s) {
      try { r.results.push("resolved: " + await h.postMessage(body)); }
      catch (e) { r.results.push("rejected: " + (e && e.message)); }
    }
  }
  await fetch(%q, {method: "POST", mode: "no-cors", body: JSON.stringify(r)});
})();
</script>`, from, list, reportURL)
}

// checkAttack asserts that a hostile page saw no bridge and had every
// forged message refused.
func checkAttack(t *testing.T, where string, r map[string]any, wantForged int) {
	t.Helper()
	for _, k := range []string{"gotonium", "pytonium", "ready", "appState"} {
		if r[k] != "undefined" {
			t.Errorf("%s: typeof %s = %v; want undefined", where, k, r[k])
		}
	}
	results, _ := r["results"].([]any)
	if r["handler"] == "object" && len(results) != wantForged {
		t.Errorf("%s: %d forgeries settled; want %d", where, len(results), wantForged)
	}
	for _, res := range results {
		if s, _ := res.(string); !strings.HasPrefix(s, "rejected: ") {
			t.Errorf("%s: a forged message was answered: %v", where, res)
		}
	}
}

// appWindow opens the trusted app page at url with a binding that records
// its calls, and state to protect.
func appWindow(t *testing.T, url string, calls *atomic.Int32) *gotonium.Instance {
	t.Helper()
	p := gotonium.New()
	must(t, p.BindFunction(func(from string) string { calls.Add(1); return "ran for " + from }, "record", "app"))
	must(t, p.SetState("app", "keep", "kept"))
	must(t, p.Initialize(url, 500, 400))
	t.Cleanup(func() {
		if p.IsRunning() {
			p.CloseBrowser()
		}
	})
	return p
}

// TestSecurityUntrustedTopPage: a origin the app did not choose, shown in the
// app's window, gets no bridge, and every message it forges is refused
// without running app code; neither can it capture Go's pushes to pages.
func TestSecurityUntrustedTopPage(t *testing.T) {
	pump(t)
	app, evil := newOrigin(t), newOrigin(t)
	var calls atomic.Int32
	p := appWindow(t, app.page("/app.html", `<title>app</title>`), &calls)
	if got := await(t, p, `Gotonium.app.record("app")`); got != "ran for app" {
		t.Fatalf("the app's own page: %v", got)
	}
	var navs []gotonium.Navigation
	var navMu sync.Mutex
	p.OnNavigate(func(n gotonium.Navigation) gotonium.NavigationAction {
		navMu.Lock()
		navs = append(navs, n)
		navMu.Unlock()
		return gotonium.NavigationAllow
	})
	x0, y0, _ := p.WindowPosition()
	hostile := evil.page("/hostile.html", `<title>hostile</title>`+attackJS("top", "/report", nil)+`
<script>window.Gotonium = {__gotonium: {receive(m) { window.leaked = m; }, define(o, n) { window.leaked = n; }, setFrameless() { window.leaked = "frameless"; }, events(l) { window.leaked = l; }}};</script>`)
	must(t, p.ExecuteJavascript(`location.href = `+mustJSON(hostile)))
	checkAttack(t, "untrusted top page", evil.waitReport(t, "top"), len(forgedBase))
	navMu.Lock()
	if len(navs) != 1 || navs[0].URL != hostile || navs[0].Trusted || navs[0].NewWindow {
		t.Errorf("OnNavigate saw %+v; want one untrusted navigation to %s", navs, hostile)
	}
	navMu.Unlock()
	// Go's pushes to pages (state, late bindings, frameless, events) do not reach a
	// fake Gotonium object of the untrusted page.
	must(t, p.SetState("app", "secret", "s3cret"))
	must(t, p.BindFunction(func() {}, "late", "app"))
	must(t, p.SetFramelessWindow(false))
	must(t, p.Emit("secret", "s3cret"))
	must(t, p.EmitAll("secret", []byte("s3cret")))
	if got := eval(t, p, `window.leaked === undefined ? "nothing" : JSON.stringify(window.leaked)`); got != "nothing" {
		t.Errorf("the untrusted page captured %v", got)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("bound function ran %d times; want 1 (the app's own call)", n)
	}
	// Binary results wait under one-time tokens: a forged one gets nothing.
	if got := await(t, p, `fetch("gotonium-blob://localhost/" + "ab".repeat(16)).then((r) => "status " + r.status, (e) => "refused")`); got != "status 404" && got != "refused" {
		t.Errorf("a forged blob token: %v", got)
	}
	// Nor can it upload bytes for a call (that takes the window's secret).
	if got := await(t, p, `fetch("gotonium-blob://localhost/upload", {method: "POST", body: "x", headers: {"X-Gotonium-Secret": "guess"}}).then((r) => "status " + r.status, (e) => "refused")`); got != "status 403" && got != "refused" {
		t.Errorf("a forged upload: %v", got)
	}
	if v, _ := p.GetState("app", "k"); v != nil {
		t.Errorf("forged setState reached Go: %v", v)
	}
	if v, _ := p.GetState("app", "keep"); v != "kept" {
		t.Errorf("forged removeState reached Go: %v", v)
	}
	if x, y, _ := p.WindowPosition(); x != x0 || y != y0 || !p.IsRunning() {
		t.Errorf("the untrusted page drove the window: at %d,%d (was %d,%d), running %v", x, y, x0, y0, p.IsRunning())
	}
	// Back on the app's page (the app loads it), the bridge works again.
	must(t, p.LoadURL(app.URL+"/app.html"))
	if got := await(t, p, `Gotonium.app.record("again")`); got != "ran for again" {
		t.Fatalf("the app's page after the visit: %v", got)
	}
}

// TestSecurityFrames: no iframe gets the bridge or can forge messages —
// cross-origin, same-origin, srcdoc, data: and blob: — while the top page
// keeps it.
func TestSecurityFrames(t *testing.T) {
	pump(t)
	app, evil := newOrigin(t), newOrigin(t)
	report := evil.URL + "/report"
	evil.page("/frame.html", attackJS("cross-origin", report, nil))
	app.page("/frame.html", attackJS("same-origin", report, nil))
	srcdoc := strings.ReplaceAll(attackJS("srcdoc", report, nil), `"`, "&quot;")
	dataFrame := "data:text/html;charset=utf-8," + strings.ReplaceAll(attackJS("data", report, nil), "#", "%23")
	blobHTML, _ := json.Marshal(attackJS("blob", report, nil))
	var calls atomic.Int32
	p := appWindow(t, app.page("/app.html", `<title>frames</title>
<iframe src="`+evil.URL+`/frame.html"></iframe>
<iframe src="/frame.html"></iframe>
<iframe srcdoc="`+srcdoc+`"></iframe>
<iframe src="`+strings.ReplaceAll(dataFrame, `"`, "&quot;")+`"></iframe>
<script>
const f = document.createElement("iframe");
f.src = URL.createObjectURL(new Blob([`+string(blobHTML)+`], {type: "text/html"}));
document.body.appendChild(f);
</script>`), &calls)
	for _, from := range []string{"cross-origin", "same-origin", "srcdoc", "data", "blob"} {
		checkAttack(t, from+" iframe", evil.waitReport(t, from), len(forgedBase))
	}
	if got := await(t, p, `Gotonium.app.record("top")`); got != "ran for top" {
		t.Fatalf("the top page lost its bridge: %v", got)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("bound function ran %d times; want 1 (the top page's call)", n)
	}
	if v, _ := p.GetState("app", "k"); v != nil {
		t.Errorf("a frame's forged setState reached Go: %v", v)
	}
	if v, _ := p.GetState("app", "keep"); v != "kept" || !p.IsRunning() {
		t.Errorf("a frame removed state (%v) or closed the window (running %v)", v, p.IsRunning())
	}
}

// TestSecurityForgedMessagesFuzz posts random and near-valid bodies from an
// untrusted iframe and from an untrusted top page: none runs app code.
func TestSecurityForgedMessagesFuzz(t *testing.T) {
	pump(t)
	app, evil := newOrigin(t), newOrigin(t)
	rng := rand.New(rand.NewSource(7))
	parts := []string{"call", "window", "app", "record", "close", "setPosition", "[]", `["x"]`, "{", "}", `"op"`, `{"op":"set","ns":"app","key":"k","value":"1"}`,
		"\n", "\n\n", "\x00", "\u2028", "0123456789abcdef0123456789abcdef", "ffffffffffffffffffffffffffffffff", "__proto__", "constructor"}
	var bodies []string
	for i := 0; i < 300; i++ {
		var b strings.Builder
		if rng.Intn(2) == 0 { // a random 32-hex "secret" line in front
			fmt.Fprintf(&b, "%032x\n", rng.Uint64())
		}
		for n := rng.Intn(6) + 1; n > 0; n-- {
			b.WriteString(parts[rng.Intn(len(parts))])
			if rng.Intn(2) == 0 {
				b.WriteString("\n")
			}
		}
		bodies = append(bodies, b.String())
	}
	evil.page("/frame.html", attackJS("fuzz-frame", evil.URL+"/report", bodies))
	var calls atomic.Int32
	p := appWindow(t, app.page("/app.html", `<iframe src="`+evil.URL+`/frame.html"></iframe>`), &calls)
	checkAttack(t, "fuzzing iframe", evil.waitReport(t, "fuzz-frame"), len(forgedBase)+len(bodies))
	p.OnNavigate(func(gotonium.Navigation) gotonium.NavigationAction { return gotonium.NavigationAllow })
	must(t, p.ExecuteJavascript(`location.href = `+mustJSON(evil.page("/top.html", attackJS("fuzz-top", "/report", bodies)))))
	checkAttack(t, "fuzzing top page", evil.waitReport(t, "fuzz-top"), len(forgedBase)+len(bodies))
	if n := calls.Load(); n != 0 || !p.IsRunning() {
		t.Fatalf("forgeries ran the bound function %d times (running %v)", n, p.IsRunning())
	}
}

// clickOn clicks the middle of the element matching selector with a real X
// pointer click (a user gesture for the page).
func clickOn(t *testing.T, p *gotonium.Instance, selector string) {
	t.Helper()
	r, ok := eval(t, p, `(() => { const b = document.querySelector(`+mustJSON(selector)+`).getBoundingClientRect(); return [b.left + b.width / 2, b.top + b.height / 2]; })()`).([]any)
	if !ok || len(r) != 2 {
		t.Fatalf("no element %s", selector)
	}
	xdt(t, "mousemove", "--window", fmt.Sprint(p.NativeWindowHandle()), fmt.Sprint(int(r[0].(float64))), fmt.Sprint(int(r[1].(float64))))
	xdt(t, "click", "1")
}

// TestSecurityNavigationDefaults: with no hook, untrusted links open in the
// desktop's browser and the app page stays; trusted ones load in the window;
// what no user asked for is denied.
func TestSecurityNavigationDefaults(t *testing.T) {
	app, evil := newOrigin(t), newOrigin(t)
	ext := evil.page("/external.html", `<title>external</title>`)
	app.page("/second.html", `<title>second</title>`)
	appURL := app.page("/app.html", `<title>nav</title><style>a,button{display:block;width:300px;height:30px}</style>
<a id="ext" href="`+ext+`?link">external link</a>
<a id="blank" target="_blank" href="`+ext+`?blank">external, new window</a>
<button id="open" onclick="window.open('`+ext+`?open')">window.open</button>
<a id="redirect" href="/redirect?to=`+ext+`%3Fredirect">redirect</a>
<a id="mail" href="mailto:someone@example.com">mail</a>
<a id="trustedblank" target="_blank" href="/second.html">second, new window</a>`)
	p := open(t, appURL, 500, 400)
	waitPainted(t, p)
	before := len(opened())
	for _, c := range []struct{ id, url string }{
		{"#ext", ext + "?link"},
		{"#blank", ext + "?blank"},
		{"#open", ext + "?open"},
		{"#redirect", ext + "?redirect"},
		{"#mail", "mailto:someone@example.com"},
	} {
		clickOn(t, p, c.id)
		waitOpened(t, before, c.url)
		if loc := evalString(t, p, "location.href"); loc != appURL {
			t.Fatalf("after %s the window shows %s; want the app page", c.id, loc)
		}
	}
	if n := len(opened()) - before; n != 5 {
		t.Errorf("the desktop opened %d URLs; want 5: %q", n, opened()[before:])
	}
	// A trusted target=_blank link loads in this window.
	clickOn(t, p, "#trustedblank")
	waitFor(t, 10*time.Second, "the trusted page in this window", func() bool {
		s, _ := eval(t, p, "document.title").(string)
		return s == "second"
	})
}

// TestSecurityNavigationHook: OnNavigate sees what the page asked for and
// decides; a panicking hook denies.
func TestSecurityNavigationHook(t *testing.T) {
	pump(t)
	app, evil := newOrigin(t), newOrigin(t)
	allowed := evil.page("/allowed.html", `<title>allowed</title>`)
	denied := evil.page("/denied.html", `<title>denied</title>`)
	appURL := app.page("/app.html", `<title>hook</title>
<a id="deny" style="display:block;height:40px" href="`+denied+`">deny</a>
<a id="panic" style="display:block;height:40px" href="`+denied+`?panic">panic</a>
<a id="allow" style="display:block;height:40px" target="_blank" href="`+allowed+`">allow</a>
<button id="later" style="display:block;height:40px" onclick="setTimeout(() => { location.href = '`+denied+`?timer'; }, 1500)">timer</button>`)
	p := open(t, appURL, 500, 400)
	waitPainted(t, p)
	seen := make(chan gotonium.Navigation, 10)
	p.OnNavigate(func(n gotonium.Navigation) gotonium.NavigationAction {
		seen <- n
		switch {
		case strings.HasSuffix(n.URL, "?panic"):
			panic("hook panics")
		case n.URL == allowed:
			return gotonium.NavigationAllow
		}
		return gotonium.NavigationDeny
	})
	for _, c := range []struct {
		id   string
		want gotonium.Navigation
	}{
		{"#deny", gotonium.Navigation{URL: denied, UserGesture: true}},
		{"#panic", gotonium.Navigation{URL: denied + "?panic", UserGesture: true}},
		{"#later", gotonium.Navigation{URL: denied + "?timer"}}, // a timer is no user gesture
	} {
		clickOn(t, p, c.id)
		select {
		case n := <-seen:
			if n != c.want {
				t.Errorf("%s: hook saw %+v; want %+v", c.id, n, c.want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: the hook was not asked", c.id)
		}
		// The next eval runs after the decision: the page is still the app's.
		if loc := evalString(t, p, "location.href"); loc != appURL {
			t.Fatalf("after %s: %s", c.id, loc)
		}
	}
	clickOn(t, p, "#allow")
	if n := <-seen; n != (gotonium.Navigation{URL: allowed, NewWindow: true, UserGesture: true}) {
		t.Errorf("new window: hook saw %+v", n)
	}
	waitFor(t, 10*time.Second, "the allowed page", func() bool { return eval(t, p, "document.title") == "allowed" })
	if got := eval(t, p, "typeof window.Gotonium"); got != "undefined" {
		t.Errorf("the allowed untrusted page has Gotonium: %v", got)
	}
	if evil.hitCount("/denied.html") != 0 {
		// Denied at the response: the request was made, nothing was shown.
		t.Logf("denied page was requested %d times (decided at its response)", evil.hitCount("/denied.html"))
	}
}

// TestSecurityAllowOrigins: an origin the app allows gets the bridge when the
// page navigates there; an unreachable external link leaves the app page in
// place instead of an error page.
func TestSecurityAllowOrigins(t *testing.T) {
	pump(t)
	app, partner := newOrigin(t), newOrigin(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String() + "/gone.html"
	ln.Close() // nothing listens there any more
	partnerURL := partner.page("/partner.html", `<title>partner</title>`)
	appURL := app.page("/app.html", `<title>allow</title>
<a id="dead" style="display:block;height:40px" href="`+dead+`">unreachable</a>
<a id="partner" style="display:block;height:40px" href="`+partnerURL+`">partner</a>`)
	var calls atomic.Int32
	p := appWindow(t, appURL, &calls)
	if err := p.AllowOrigins("http://" + strings.TrimPrefix(partner.URL, "http://") + "/x"); !errors.Is(err, gotonium.ErrInvalidArgument) {
		t.Fatalf("AllowOrigins with a path: %v", err)
	}
	must(t, p.AllowOrigins(partner.URL))
	waitPainted(t, p)
	before := len(opened())
	clickOn(t, p, "#dead")
	waitOpened(t, before, dead)
	if loc := evalString(t, p, "location.href"); loc != appURL {
		t.Fatalf("after an unreachable link the window shows %s", loc)
	}
	clickOn(t, p, "#partner")
	waitFor(t, 10*time.Second, "the allowed origin's page", func() bool { return eval(t, p, "document.title") == "partner" })
	if got := await(t, p, `Gotonium.app.record("partner")`); got != "ran for partner" {
		t.Fatalf("the allowed origin's page: %v", got)
	}
	if got := await(t, p, `Gotonium.appState.getState("app", "keep")`); got != "kept" {
		t.Fatalf("state on the allowed origin's page: %v", got)
	}
}

// TestSecurityDialogs: neither an untrusted page nor an iframe of the app's
// own origin can open a dialog, with or without a guessed secret. A forged
// dialog that opened would leave its promise pending, so the report would
// not come.
func TestSecurityDialogs(t *testing.T) {
	pump(t)
	app, evil := newOrigin(t), newOrigin(t)
	forged := []string{
		"dialog\nopenFile\n{}",
		"x\ndialog\nopenFile\n{}",
		"00000000000000000000000000000000\ndialog\nmessage\n{\"message\":\"forged\"}",
		"x\ndialog\nsaveFile\n{\"title\":\"forged\"}",
	}
	report := evil.URL + "/report"
	app.page("/frame.html", attackJS("same-origin frame", report, forged))
	var calls atomic.Int32
	p := appWindow(t, app.page("/app.html", `<title>dialog-app</title><iframe src="/frame.html"></iframe>`), &calls)
	waitPainted(t, p)
	before := menuVisibleWindows(t)
	checkAttack(t, "same-origin iframe", evil.waitReport(t, "same-origin frame"), len(forgedBase)+len(forged))
	p.OnNavigate(func(gotonium.Navigation) gotonium.NavigationAction { return gotonium.NavigationAllow })
	must(t, p.ExecuteJavascript(`location.href = `+mustJSON(evil.page("/hostile.html", `<title>hostile</title>`+attackJS("top", "/report", forged)))))
	checkAttack(t, "untrusted top page", evil.waitReport(t, "top"), len(forgedBase)+len(forged))
	for id := range menuVisibleWindows(t) {
		if !before[id] {
			t.Errorf("window %s appeared during the forgeries", id)
		}
	}
}
