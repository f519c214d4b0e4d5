package gotonium

import (
	"errors"
	"net/http"
	"os/exec"
	"strings"
	"testing"

	"github.com/gotonium/gotonium/internal/jsruntime"
)

func TestParseOriginPattern(t *testing.T) {
	good := map[string]string{
		"https://example.com":       "https://example.com",
		"HTTPS://Example.COM":       "https://example.com",
		"https://example.com:443":   "https://example.com",
		"http://example.com:80":     "http://example.com",
		"http://127.0.0.1:8080":     "http://127.0.0.1:8080",
		"http://[::1]:8080":         "http://[::1]:8080",
		"https://*.example.com":     "https://\x00.example.com",
		"https://*.example.com:444": "https://\x00.example.com:444",
		"app://localhost":           "app://localhost",
	}
	for in, want := range good {
		got, _, err := parseOriginPattern(in)
		if err != nil || got != want {
			t.Errorf("parseOriginPattern(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "*", "example.com", "https://", "https://example.com/", "https://example.com/path",
		"https://example.com?q", "https://user@example.com", "https://ex ample.com", "https://*", "https://*.*.com",
		"https://a*.example.com", "https://*.127.0.0.1", "https://example.com:", "https://example.com:abc",
		"https://example.com:123456", "1http://x", "https://exa\nmple.com", "https://example.com#x"} {
		if _, _, err := parseOriginPattern(bad); err == nil {
			t.Errorf("parseOriginPattern(%q) accepted a bad pattern", bad)
		}
	}
	p := New()
	if err := p.AllowOrigins("https://ok.example", "https://bad.example/"); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("AllowOrigins with a bad pattern: %v", err)
	}
	if p.trustedOrigin("https://ok.example") {
		t.Fatal("AllowOrigins added some origins although one was bad")
	}
}

func TestTrustedURL(t *testing.T) {
	p := New()
	p.schemes = map[string]http.Handler{"main": http.NotFoundHandler()}
	p.trustOpened("http://127.0.0.1:8080/index.html")
	if err := p.AllowOrigins("https://*.example.com", "https://exact.test"); err != nil {
		t.Fatal(err)
	}
	for u, want := range map[string]bool{
		"main://localhost/index.html":             true,
		"MAIN://localhost/x":                      true,
		"http://127.0.0.1:8080/other?x#y":         true,
		"http://127.0.0.1:8081/":                  false,
		"http://localhost:8080/":                  false,
		"https://127.0.0.1:8080/":                 false,
		"https://a.example.com/":                  true,
		"https://a.b.example.com/x":               true,
		"https://example.com/":                    false,
		"https://a.example.com:8443/":             false,
		"https://evilexample.com/":                false,
		"https://a.example.com.evil.test/":        false,
		"https://exact.test/page":                 true,
		"https://sub.exact.test/":                 false,
		"blob:http://127.0.0.1:8080/uuid":         true,
		"blob:http://127.0.0.1:9999/uuid":         false,
		"file:///etc/passwd":                      false, // no file:// URL opened yet
		"data:text/html,<p>":                      false,
		"about:blank":                             false,
		"javascript:alert(1)":                     false,
		"":                                        false,
		"other://localhost/":                      false,
		"http://127.0.0.1:8080@evil.test/":        false,
		"http://evil.test/#http://127.0.0.1:8080": false,
	} {
		if got := p.trustedURL(u); got != want {
			t.Errorf("trustedURL(%q) = %v; want %v", u, got, want)
		}
	}
	p.trustOpened("file:///tmp/app/index.html")
	if !p.trustedURL("file:///tmp/app/other.html") {
		t.Error("file:// pages are not trusted after the app opened one")
	}
	for o, want := range map[string]bool{"main://localhost": true, "http://127.0.0.1:8080": true, "null": false, "": false,
		"https://a.example.com": true, "http://127.0.0.1:8081": false} {
		if got := p.trustedOrigin(o); got != want {
			t.Errorf("trustedOrigin(%q) = %v; want %v", o, got, want)
		}
	}
}

func TestDefaultNavigation(t *testing.T) {
	for _, c := range []struct {
		n    Navigation
		want NavigationAction
	}{
		{Navigation{URL: "main://localhost/x", Trusted: true}, NavigationAllow},
		{Navigation{URL: "main://localhost/x", Trusted: true, NewWindow: true}, NavigationAllow},
		{Navigation{URL: "https://example.com/", UserGesture: true}, NavigationOpenExternal},
		{Navigation{URL: "http://example.com/", UserGesture: true, NewWindow: true}, NavigationOpenExternal},
		{Navigation{URL: "mailto:a@example.com", UserGesture: true}, NavigationOpenExternal},
		{Navigation{URL: "https://example.com/"}, NavigationDeny}, // no user gesture
		{Navigation{URL: "file:///etc/passwd", UserGesture: true}, NavigationDeny},
		{Navigation{URL: "tel:123", UserGesture: true}, NavigationDeny},
		{Navigation{URL: "javascript:alert(1)", UserGesture: true}, NavigationDeny},
		{Navigation{URL: "https:///nohost", UserGesture: true}, NavigationDeny},
		{Navigation{URL: "%zz", UserGesture: true}, NavigationDeny},
	} {
		if got := DefaultNavigation(c.n); got != c.want {
			t.Errorf("DefaultNavigation(%+v) = %v; want %v", c.n, got, c.want)
		}
	}
}

func TestOpenExternalRefuses(t *testing.T) {
	for _, u := range []string{"", "example.com", "file:///etc/passwd", "javascript:alert(1)", "tel:123", "https:///x",
		"ssh://host", "http://a\nb"} {
		if err := OpenExternal(u); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("OpenExternal(%q) = %v; want ErrInvalidArgument", u, err)
		}
	}
}

// TestGateJS runs the page-side gate in Node with pages of many origins, and
// with a page that replaced the String methods a gate could be fooled by.
func TestGateJS(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("the gate test needs node (scripts/test.sh installs it): ", err)
	}
	gate := jsruntime.Gate([]string{"about", "data", "main"}, []string{"http://127.0.0.1:8080"}, [][2]string{{"https://", ".example.com"}})
	cases := []struct {
		protocol, origin string
		top, want        bool
	}{
		{"main:", "main://localhost", true, true},
		{"main:", "main://localhost", false, false}, // an iframe
		{"data:", "null", true, true},
		{"about:", "null", true, true},
		{"about:", "https://evil.test", true, false}, // about:blank another page navigated to
		{"data:", "https://evil.test", true, false},
		{"http:", "http://127.0.0.1:8080", true, true},
		{"http:", "http://127.0.0.1:8081", true, false},
		{"https:", "https://a.example.com", true, true},
		{"https:", "https://a.b.example.com", true, true},
		{"https:", "https://example.com", true, false},
		{"https:", "https://.example.com", true, false},
		{"https:", "https://evilexample.com", true, false},
		{"http:", "http://a.example.com", true, false},
		{"https:", "https://a.example.com:444", true, false},
		{"file:", "file://", true, false},
	}
	var js strings.Builder
	js.WriteString(`String.prototype.endsWith = () => true; String.prototype.startsWith = () => true; String.prototype.includes = () => true;
Array.prototype.includes = () => true; RegExp.prototype.test = () => true;
const out = [];
`)
	for _, c := range cases {
		top := "w"
		if !c.top {
			top = "{}"
		}
		js.WriteString("{ const w = {}; w.top = " + top + "; out.push(((window, location) => " + gate + ")(w, {protocol: " +
			jsString(c.protocol) + ", origin: " + jsString(c.origin) + "})); }\n")
	}
	js.WriteString("console.log(JSON.stringify(out));")
	out, err := exec.Command(node, "-e", js.String()).CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	got := strings.TrimSpace(string(out))
	var want []string
	for _, c := range cases {
		want = append(want, map[bool]string{true: "true", false: "false"}[c.want])
	}
	if got != "["+strings.Join(want, ",")+"]" {
		t.Fatalf("gate results %s; want [%s] for %+v", got, strings.Join(want, ","), cases)
	}
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func TestStateNamesMustBeUTF8(t *testing.T) {
	p := New()
	h := StateHandlerFunc(func(string, string, any) {})
	if err := p.AddStateHandler(h, []string{"ok", "bad\xff"}); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("AddStateHandler with invalid UTF-8: %v", err)
	}
	if err := p.SetState("ns", "k\xfe", 1); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("SetState with invalid UTF-8: %v", err)
	}
}
