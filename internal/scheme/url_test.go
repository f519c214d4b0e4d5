package scheme

import (
	"net/url"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"main://index.html", "main://localhost/index.html"},
		{"main://index.html/", "main://localhost/index.html"},
		{"main://sub/page.html?x=1#f", "main://localhost/sub/page.html?x=1#f"},
		{"main://sub/page.html?", "main://localhost/sub/page.html?"},
		{"main://index.html#top", "main://localhost/index.html#top"},
		{"main://index.html?a=%20b&c", "main://localhost/index.html?a=%20b&c"},
		{"main://", "main://localhost/"},
		{"main:///", "main://localhost/"},
		{"main:///a.html", "main://localhost/a.html"},
		{"main:/a.html", "main://localhost/a.html"},
		{"main://localhost/a", "main://localhost/a"},
		{"main://localhost", "main://localhost/"},
		{"main://localhost/", "main://localhost/"},
		{"main://LOCALHOST/a", "main://localhost/a"},
		{"main://localhost:8080/a", "main://localhost:8080/a"},
		{"MAIN://index.html", "main://localhost/index.html"},
		{"App-1.x+y://index.html", "app-1.x+y://localhost/index.html"},
		{"app://localhost/js/app.js", "app://localhost/js/app.js"},
		{"main://Index.HTML", "main://localhost/Index.HTML"},
		{"main://sub/with%20space.html", "main://localhost/sub/with%20space.html"},
		{"main://sub/a%2Fb.html", "main://localhost/sub/a%2Fb.html"},
		{"main://a!b$c.html", "main://localhost/a!b$c.html"},
		{"main://%C3%A4.html", "main://localhost/%C3%A4.html"},
		{"main://../etc/passwd", "main://localhost/../etc/passwd"},
		// left alone
		{"https://example.com/a", "https://example.com/a"},
		{"HTTP://Example.com", "HTTP://Example.com"},
		{"file:///etc/hosts", "file:///etc/hosts"},
		{"about:blank", "about:blank"},
		{"data:text/plain,hi", "data:text/plain,hi"},
	}
	for _, tt := range tests {
		got, err := Normalize(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Normalize(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			continue
		}
		again, err := Normalize(got)
		if err != nil || again != got {
			t.Errorf("Normalize(Normalize(%q)) = %q, %v; want %q (idempotent)", tt.in, again, err, got)
		}
	}
}

func TestNormalizeErrors(t *testing.T) {
	for _, in := range []string{
		"", "index.html", "/index.html", "//host/a", // no scheme
		"main://a b/", "main://a\x00b/", "main://%zz/", "main://[::1", "main://a:b/", "1main://x", "main://x/\x7f",
		"main://user@index.html", "main://index.html:80/", // no path segment for these
	} {
		if got, err := Normalize(in); err == nil {
			t.Errorf("Normalize(%q) = %q, nil; want an error", in, got)
		}
	}
}

func TestRequestPath(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"main://localhost/index.html", "/index.html"},
		{"main://localhost/", "/"},
		{"main://localhost", "/"},
		{"main://LocalHost:99/a", "/a"},
		{"main://", "/"},
		{"main:///", "/"},
		{"main:///a.html", "/a.html"},
		{"main://index.html", "/index.html"},
		{"main://index.html/", "/index.html/"},
		{"main://other.html?x=1#f", "/other.html"},
		{"main://sub/page.html?x=1#f", "/sub/page.html"},
		{"main://localhost/sub/page.html?x=1#f", "/sub/page.html"},
		{"main://localhost/a%2Fb", "/a%2Fb"},
		{"main://localhost/%2e%2e/x", "/%2e%2e/x"},
		{"main://localhost/with%20space", "/with%20space"},
		{"main://localhost/with space", "/with%20space"},
		{"main://%C3%A4.html", "/%C3%A4.html"},
		{"main://%25.txt", "/%25.txt"},
		{"main://../x", "/../x"},
		{"main:page.html", "/page.html"},
		{"/just/a/path", "/just/a/path"},
		{"rel/path", "/rel/path"},
		{"", "/"},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.in)
		if err != nil {
			t.Fatalf("url.Parse(%q): %v", tt.in, err)
		}
		if got := RequestPath(u); got != tt.want {
			t.Errorf("RequestPath(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
	if got := RequestPath(nil); got != "/" {
		t.Errorf("RequestPath(nil) = %q; want /", got)
	}
	// A hand-built URL without RawPath still escapes what needs escaping.
	u := &url.URL{Scheme: "main", Host: "localhost", Path: "/a%b/c d"}
	if got, want := RequestPath(u), "/a%25b/c%20d"; got != want {
		t.Errorf("RequestPath(%#v) = %q; want %q", u, got, want)
	}
}

// TestNormalizeKeepsFile checks that normalising a URL does not change which
// file it names.
func TestNormalizeKeepsFile(t *testing.T) {
	tr := makeTree(t)
	for _, in := range []string{
		"main://index.html", "main://index.html/", "main://a.txt", "main://sub", "main://sub/",
		"main://sub/page.html?x#y", "main://", "main:///", "main://localhost/sub/deep/x.json",
		"main://localhost/with%20space.txt", "main://100%25.txt", "main://in-dirlink/page.html",
	} {
		n, err := Normalize(in)
		if err != nil {
			t.Fatalf("Normalize(%q): %v", in, err)
		}
		before, err1 := Resolve(tr.root, RequestPath(mustParse(t, in)))
		after, err2 := Resolve(tr.root, RequestPath(mustParse(t, n)))
		if err1 != nil || err2 != nil || before != after {
			t.Errorf("%q -> %q: Resolve gives %q (%v) before, %q (%v) after", in, n, before, err1, after, err2)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"main://index.html", "main://sub/page.html?x=1#f", "main://", "main:///", "main://localhost/a",
		"main://a!b.html", "main://%C3%A4/x", "main://x/%2e%2e", "main://x/a%2Fb", "main://LOCALHOST",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		n, err := Normalize(in)
		if err != nil {
			return
		}
		again, err := Normalize(n)
		if err != nil || again != n {
			t.Fatalf("Normalize(%q) = %q, but Normalize of that = %q, %v", in, n, again, err)
		}
		u, err := url.Parse(n)
		if err != nil {
			t.Fatalf("Normalize(%q) = %q, which does not parse: %v", in, n, err)
		}
		if specialSchemes[u.Scheme] || u.Opaque != "" {
			return
		}
		if !isLocalhost(u) {
			t.Fatalf("Normalize(%q) = %q, host is not localhost", in, n)
		}
		before, after := RequestPath(mustParse(t, in)), RequestPath(u)
		if trimSlashes(before) != trimSlashes(after) {
			t.Fatalf("Normalize(%q) = %q changed the request path %q -> %q", in, n, before, after)
		}
	})
}

func trimSlashes(p string) string {
	for len(p) > 0 && p[len(p)-1] == '/' {
		p = p[:len(p)-1]
	}
	return p
}

func mustParse(tb testing.TB, s string) *url.URL {
	tb.Helper()
	u, err := url.Parse(s)
	if err != nil {
		tb.Fatalf("url.Parse(%q): %v", s, err)
	}
	return u
}
