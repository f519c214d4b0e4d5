package gotonium

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/gotonium/gotonium/internal/engine"
)

// Navigation is a page's attempt to show another URL: a link, a form, a
// location assignment, a server redirect, or a request for a new window
// (target=_blank, window.open). See OnNavigate.
type Navigation struct {
	// URL is where the page wants to go.
	URL string
	// Trusted reports whether URL is one of the app's own pages: one of the
	// instance's custom schemes, or an origin the app opened or allowed (see
	// AllowOrigins).
	Trusted bool
	// NewWindow is true for target=_blank links and window.open.
	NewWindow bool
	// UserGesture is true when a click or a key press started it.
	UserGesture bool
	// Redirect is true when a server redirected a navigation that was
	// already allowed.
	Redirect bool
}

// NavigationAction is what happens to a Navigation.
type NavigationAction int

// The answers an OnNavigate hook gives.
const (
	// NavigationAllow loads the URL in this window, also for a new-window
	// request. An untrusted page loads without the bridge: no Gotonium
	// object, no state, no window controls.
	NavigationAllow NavigationAction = iota
	// NavigationDeny keeps the current page.
	NavigationDeny
	// NavigationOpenExternal keeps the current page and hands the URL to the
	// desktop's default handler (the user's browser, mail client, …).
	NavigationOpenExternal
)

// String names the action: "allow", "deny" or "open-external".
func (a NavigationAction) String() string {
	switch a {
	case NavigationAllow:
		return "allow"
	case NavigationDeny:
		return "deny"
	case NavigationOpenExternal:
		return "open-external"
	}
	return fmt.Sprintf("NavigationAction(%d)", int(a))
}

// navState holds an instance's navigation hook; guarded by Instance.mu.
type navState struct {
	hook func(Navigation) NavigationAction
}

// OnNavigate lets fn decide every navigation of the main frame of this
// instance's window that the page starts, and every new-window request.
// Navigations the app starts itself (Initialize, CreateBrowser, LoadURL) are
// not asked about, but server redirects of them are. Iframes navigate freely:
// they never get the bridge.
//
// fn runs on the goroutine that pumps (UpdateMessageLoop, Run, RunMulti), like
// every app callback; the navigation waits for its answer. A panic in fn
// counts as NavigationDeny. nil restores the default, which needs no pumping:
//
//   - a trusted URL loads in this window (a new-window request too);
//   - an untrusted http, https or mailto URL that a click or key press asked
//     for is opened with the desktop's default handler, and the app page
//     stays; without a user gesture it is denied;
//   - anything else is denied.
func (p *Instance) OnNavigate(fn func(Navigation) NavigationAction) {
	p.mu.Lock()
	p.nav.hook = fn
	p.mu.Unlock()
}

// DefaultNavigation is the decision gotonium makes when no OnNavigate hook
// is set (see OnNavigate). A hook may call it for the cases it does not
// handle itself.
func DefaultNavigation(n Navigation) NavigationAction {
	if n.Trusted {
		return NavigationAllow
	}
	if externalScheme(n.URL) && n.UserGesture {
		return NavigationOpenExternal
	}
	return NavigationDeny
}

// Navigate is an engine event: the main frame is about to load a URL, or the
// page asked for a new window.
func (b *browser) Navigate(nav engine.Navigation, decide func(engine.NavigationAction)) {
	p := b.inst
	n := Navigation{URL: nav.URL, Trusted: p.trustedURL(nav.URL) && !opaqueScheme(nav.URL), NewWindow: nav.NewWindow,
		UserGesture: nav.UserGesture, Redirect: nav.Redirect}
	p.mu.Lock()
	fn := p.nav.hook
	p.mu.Unlock()
	if fn == nil {
		decide(toEngineAction(DefaultNavigation(n)))
		return
	}
	callbacks.push(func() {
		act := NavigationDeny
		defer func() { decide(toEngineAction(act)) }() // also when fn panics
		act = fn(n)
		if act == NavigationOpenExternal && !externalScheme(n.URL) {
			log().Warn("gotonium: OnNavigate asked to open a URL that is not http, https or mailto externally; denied (use OpenExternal with alsoAllow)", "url", n.URL)
			act = NavigationDeny
		}
	})
}

// opaqueScheme reports whether raw is a data: or about: URL. The app trusts
// such pages only when it opened them itself (those loads are not asked
// about): one the page navigates to could carry anything.
func opaqueScheme(raw string) bool {
	s, _, _ := strings.Cut(raw, ":")
	s = strings.ToLower(s)
	return s == "data" || s == "about"
}

// externalScheme reports whether the desktop may be handed raw without the
// app saying so: http and https URLs with a host, and mailto.
func externalScheme(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.Host != ""
	case "mailto":
		return true
	}
	return false
}

func toEngineAction(a NavigationAction) engine.NavigationAction {
	switch a {
	case NavigationAllow:
		return engine.NavigationAllow
	case NavigationOpenExternal:
		return engine.NavigationOpenExternal
	}
	return engine.NavigationDeny
}

// OpenExternal opens rawURL with the desktop's default handler for its scheme:
// the user's browser for http and https, the mail client for mailto. Other
// schemes are refused with ErrInvalidArgument unless they are listed in
// alsoAllow ("tel", "ssh", …): URLs a page supplies should never reach the
// desktop unchecked. It returns an error when no application handles the
// URL. It does not need Initialize.
func OpenExternal(rawURL string, alsoAllow ...string) error {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme == "" || strings.ContainsAny(rawURL, "\x00\r\n") {
		return fmt.Errorf("%w: OpenExternal: %q is not an absolute URL", ErrInvalidArgument, rawURL)
	}
	scheme := strings.ToLower(u.Scheme)
	ok := scheme == "http" || scheme == "https" || scheme == "mailto"
	for _, s := range alsoAllow {
		if strings.EqualFold(s, scheme) {
			ok = true
		}
	}
	if !ok {
		return fmt.Errorf("%w: OpenExternal: %s: URLs are not opened unless allowed", ErrInvalidArgument, scheme)
	}
	if (scheme == "http" || scheme == "https") && u.Host == "" {
		return fmt.Errorf("%w: OpenExternal: %q has no host", ErrInvalidArgument, rawURL)
	}
	proc.mu.Lock()
	eng := proc.eng
	proc.mu.Unlock()
	if eng == nil {
		eng = newEngine()
	}
	if err := eng.OpenExternal(u.String()); err != nil {
		return fmt.Errorf("gotonium: %w", err)
	}
	return nil
}
