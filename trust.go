package gotonium

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"sort"
	"strings"

	"github.com/gotonium/gotonium/internal/jsruntime"
)

// trustSet is what an instance trusts: the origins of URLs the app opened
// itself, the origins it allowed, and the schemes whose pages are always its
// own (its custom schemes, and file: or data: once the app opened such a URL).
// Guarded by Instance.mu.
type trustSet struct {
	origins   map[string]bool // exact origins: "https://example.com", "http://127.0.0.1:8080"
	wildcards map[string]bool // "https://*.example.com" stored as "https://" + ".example.com"
	schemes   map[string]bool // "file", "data", "about", set when the app opened such a URL
	version   int             // counts changes, for the cached gate
	gate      string          // the page-side gate for version and gateFor schemes
	gateFor   [2]int          // version, number of custom schemes when gate was made
}

// AllowOrigins adds origins whose pages get the bridge (bound functions, the
// state store, Gotonium.window.*) in this instance's window, like the app's
// own pages. An origin is a scheme, a host and an optional port, as a
// browser writes it: "https://example.com", "http://127.0.0.1:8080". A
// leading "*." on the host allows every subdomain ("https://*.example.com"
// matches https://a.example.com and https://a.b.example.com, not
// https://example.com). Paths, queries, user info, "*" alone and malformed
// hosts are errors (ErrInvalidArgument); either all origins are added or none.
//
// Without AllowOrigins an instance trusts its custom schemes and the origins
// of the URLs the app itself passes to Initialize, CreateBrowser and LoadURL.
// See docs/security.md.
func (p *Instance) AllowOrigins(origins ...string) error {
	exact := make([]string, 0, len(origins))
	wild := make([]string, 0)
	for _, o := range origins {
		norm, wildcard, err := parseOriginPattern(o)
		if err != nil {
			return fmt.Errorf("%w: AllowOrigins: %v", ErrInvalidArgument, err)
		}
		if wildcard {
			wild = append(wild, norm)
		} else {
			exact = append(exact, norm)
		}
	}
	p.mu.Lock()
	t := &p.trust
	if t.origins == nil {
		t.origins = map[string]bool{}
	}
	if t.wildcards == nil {
		t.wildcards = map[string]bool{}
	}
	for _, o := range exact {
		t.origins[o] = true
	}
	for _, o := range wild {
		t.wildcards[o] = true
	}
	t.version++
	b := p.b
	p.mu.Unlock()
	b.refreshScripts()
	return nil
}

// parseOriginPattern checks and normalises an origin or an origin pattern.
// For a pattern ("https://*.example.com") it returns "https://\x00.example.com"
// split at the wildcard, as prefix + "\x00" + suffix.
func parseOriginPattern(s string) (norm string, wildcard bool, err error) {
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok || scheme == "" || !schemeName.MatchString(strings.ToLower(scheme)) {
		return "", false, fmt.Errorf("%q is not an origin (scheme://host[:port])", s)
	}
	scheme = strings.ToLower(scheme)
	if rest == "" || strings.ContainsAny(rest, "/?#@\\ \t\r\n") {
		return "", false, fmt.Errorf("%q is not an origin: it must have a host and nothing after it", s)
	}
	host, port := rest, ""
	if h, p, err := net.SplitHostPort(rest); err == nil {
		host, port = h, p
		if port == "" || strings.Trim(port, "0123456789") != "" || len(port) > 5 {
			return "", false, fmt.Errorf("%q has a bad port", s)
		}
	} else if strings.Contains(strings.TrimSuffix(strings.TrimPrefix(rest, "["), "]"), ":") && !strings.HasPrefix(rest, "[") {
		return "", false, fmt.Errorf("%q has a bad port", s)
	}
	host = strings.ToLower(host)
	if strings.HasPrefix(host, "*.") {
		wildcard = true
		host = host[2:]
	}
	if host == "" || strings.Contains(host, "*") || !validHost(host) {
		return "", false, fmt.Errorf("%q has a bad host", s)
	}
	if wildcard && net.ParseIP(host) != nil {
		return "", false, fmt.Errorf("%q: a wildcard needs a domain name", s)
	}
	if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") {
		port = ""
	}
	hp := host
	if strings.Contains(host, ":") { // IPv6
		hp = "[" + host + "]"
	}
	if port != "" {
		hp += ":" + port
	}
	if wildcard {
		return scheme + "://\x00." + hp, true, nil
	}
	return scheme + "://" + hp, false, nil
}

func validHost(h string) bool {
	if net.ParseIP(strings.Trim(h, "[]")) != nil {
		return true
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 {
			return false
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

// originOf returns the origin of an absolute URL as a browser serialises it
// (scheme://host[:port], default ports dropped), and its scheme. Blob URLs
// have the origin of the URL inside them.
func originOf(raw string) (origin, scheme string) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" {
		return "", ""
	}
	scheme = strings.ToLower(u.Scheme)
	if scheme == "blob" {
		inner, _ := originOf(u.Opaque)
		return inner, scheme
	}
	if u.Host == "" {
		return "", scheme
	}
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	return scheme + "://" + host, scheme
}

// trustOpened records that the app itself opened raw: its origin (or, for
// file:, data: and about: URLs, its scheme) becomes trusted.
func (p *Instance) trustOpened(raw string) {
	origin, scheme := originOf(raw)
	p.mu.Lock()
	defer p.mu.Unlock()
	t := &p.trust
	t.version++
	switch {
	case scheme == "file" || scheme == "data" || scheme == "about":
		if t.schemes == nil {
			t.schemes = map[string]bool{}
		}
		t.schemes[scheme] = true
	case origin != "":
		if t.origins == nil {
			t.origins = map[string]bool{}
		}
		t.origins[origin] = true
	}
}

// trustedURL reports whether a page at raw belongs to the app: its scheme is
// one of the instance's custom schemes (or file:, data:, about: after the app
// opened such a URL), or its origin is trusted.
func (p *Instance) trustedURL(raw string) bool {
	origin, scheme := originOf(raw)
	if scheme == "" {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.schemes[scheme] != nil || p.trust.schemes[scheme] {
		return true
	}
	return p.trustedOriginLocked(origin)
}

// trustedOrigin reports whether origin (as in an Origin header, or
// location.origin) is one of the instance's trusted origins, its custom
// schemes included. "null" and "" are never trusted.
func (p *Instance) trustedOrigin(origin string) bool {
	if origin == "" || origin == "null" {
		return false
	}
	scheme, _, ok := strings.Cut(origin, "://")
	if !ok {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.schemes[strings.ToLower(scheme)] != nil {
		return true
	}
	return p.trustedOriginLocked(strings.ToLower(origin))
}

func (p *Instance) trustedOriginLocked(origin string) bool {
	if origin == "" {
		return false
	}
	if p.trust.origins[origin] {
		return true
	}
	for w := range p.trust.wildcards {
		prefix, suffix, _ := strings.Cut(w, "\x00")
		if len(origin) > len(prefix)+len(suffix) && strings.HasPrefix(origin, prefix) && strings.HasSuffix(origin, suffix) &&
			!strings.ContainsAny(origin[len(prefix):len(origin)-len(suffix)], ":/") {
			return true
		}
	}
	return false
}

// gate is the page-side test for "a top frame of one of the app's pages"
// (see jsruntime.Gate), made again only when the trust changed.
func (p *Instance) gate() string {
	p.mu.Lock()
	key := [2]int{p.trust.version, len(p.schemes)}
	if p.trust.gate != "" && p.trust.gateFor == key {
		g := p.trust.gate
		p.mu.Unlock()
		return g
	}
	p.mu.Unlock()
	g := jsruntime.Gate(p.trustRules())
	p.mu.Lock()
	p.trust.gate, p.trust.gateFor = g, key
	p.mu.Unlock()
	return g
}

// trustRules returns the instance's trust as the page-side gate needs it:
// the trusted schemes (custom ones, and file/data/about once opened), exact
// origins and wildcard patterns (prefix, suffix), each sorted.
func (p *Instance) trustRules() (schemes, origins []string, wildcards [][2]string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for s := range p.schemes {
		schemes = append(schemes, s)
	}
	for s := range p.trust.schemes {
		schemes = append(schemes, s)
	}
	for o := range p.trust.origins {
		origins = append(origins, o)
	}
	for w := range p.trust.wildcards {
		prefix, suffix, _ := strings.Cut(w, "\x00")
		wildcards = append(wildcards, [2]string{prefix, suffix})
	}
	sort.Strings(schemes)
	sort.Strings(origins)
	sort.Slice(wildcards, func(i, j int) bool { return wildcards[i][0]+wildcards[i][1] < wildcards[j][0]+wildcards[j][1] })
	return schemes, origins, wildcards
}

// newSecret returns a random token that signs a window's page messages.
func newSecret() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("gotonium: no randomness: " + err.Error())
	}
	return hex.EncodeToString(b[:])
}
