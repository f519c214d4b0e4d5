// Package portaltest is a test helper for global shortcuts on Wayland: a
// private dbus-daemon session bus and, on it, a desktop portal that
// implements GlobalShortcuts (CreateSession, BindShortcuts, Session.Close,
// the Response and Activated signals) and records what the client asks.
package portaltest

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/gotonium/gotonium/internal/portal"
	"github.com/gotonium/gotonium/internal/sessionbus/bustest"
)

// StartBus starts a private session bus for t (bustest.Start).
func StartBus(t testing.TB) string { return bustest.Start(t) }

// Bind is one BindShortcuts call the portal received.
type Bind struct {
	Session   dbus.ObjectPath
	Shortcuts []portal.Shortcut
}

// Portal owns org.freedesktop.portal.Desktop on its own connection.
type Portal struct {
	Conn *dbus.Conn
	// Each BindShortcuts, each Session.Close (its session) and each
	// Request.Close (its handle), in order.
	Binds         chan Bind
	Closed        chan dbus.ObjectPath
	RequestClosed chan dbus.ObjectPath

	mu       sync.Mutex
	answer   uint32 // BindShortcuts' response code
	silent   bool   // BindShortcuts never answers
	sessions map[dbus.ObjectPath]bool
	last     dbus.ObjectPath
}

// Options say what kind of portal to start.
type Options struct {
	NoGlobalShortcuts bool // a portal without the GlobalShortcuts interface
}

// Start starts a portal on the session bus at DBUS_SESSION_BUS_ADDRESS;
// it goes away when t ends.
func Start(t testing.TB, o Options) *Portal {
	t.Helper()
	c, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	p := &Portal{Conn: c, Binds: make(chan Bind, 16), Closed: make(chan dbus.ObjectPath, 16),
		RequestClosed: make(chan dbus.ObjectPath, 16), sessions: map[dbus.ObjectPath]bool{}}
	if !o.NoGlobalShortcuts {
		if err := c.Export(shortcuts{p}, portal.Path, portal.ShortcutsIface); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Export(properties{!o.NoGlobalShortcuts}, portal.Path, "org.freedesktop.DBus.Properties"); err != nil {
		t.Fatal(err)
	}
	reply, err := c.RequestName(portal.Service, dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("owning %s: %v %v", portal.Service, reply, err)
	}
	return p
}

// Answer makes later BindShortcuts answer with code: 0 bound, 1 the user
// cancelled, 2 ended otherwise.
func (p *Portal) Answer(code uint32) {
	p.mu.Lock()
	p.answer, p.silent = code, false
	p.mu.Unlock()
}

// Silent makes later BindShortcuts never answer (a user who ignores the
// dialog).
func (p *Portal) Silent() {
	p.mu.Lock()
	p.silent = true
	p.mu.Unlock()
}

// Activate emits Activated for id on the latest open session, as the
// desktop does when the user presses the shortcut.
func (p *Portal) Activate(t testing.TB, id string) {
	t.Helper()
	p.mu.Lock()
	s := p.last
	p.mu.Unlock()
	if s == "" {
		t.Fatal("portaltest: no open session to activate a shortcut of")
	}
	ts := uint64(time.Now().UnixMilli())
	if err := p.Conn.Emit(portal.Path, portal.ShortcutsIface+".Activated", s, id, ts, map[string]dbus.Variant{}); err != nil {
		t.Fatal(err)
	}
}

// NextBind waits for the next BindShortcuts.
func (p *Portal) NextBind(t testing.TB) Bind {
	t.Helper()
	select {
	case b := <-p.Binds:
		return b
	case <-time.After(10 * time.Second):
		t.Fatal("portaltest: no BindShortcuts within 10s")
	}
	return Bind{}
}

// NextClose waits for the next Session.Close.
func (p *Portal) NextClose(t testing.TB) dbus.ObjectPath {
	t.Helper()
	select {
	case s := <-p.Closed:
		return s
	case <-time.After(10 * time.Second):
		t.Fatal("portaltest: no Session.Close within 10s")
	}
	return ""
}

// handle is the object path of a request or session the client named
// with token.
func handle(kind string, sender dbus.Sender, token string) dbus.ObjectPath {
	s := strings.ReplaceAll(strings.TrimPrefix(string(sender), ":"), ".", "_")
	return dbus.ObjectPath(string(portal.Path) + "/" + kind + "/" + s + "/" + token)
}

func token(options map[string]dbus.Variant, key string) string {
	if v, ok := options[key].Value().(string); ok && v != "" {
		return v
	}
	return "t" + strings.ReplaceAll(time.Now().Format("150405.000000000"), ".", "_")
}

type shortcuts struct{ p *Portal }

type entry struct {
	ID   string
	Opts map[string]dbus.Variant
}

func (s shortcuts) CreateSession(sender dbus.Sender, options map[string]dbus.Variant) (dbus.ObjectPath, *dbus.Error) {
	req := handle("request", sender, token(options, "handle_token"))
	session := handle("session", sender, token(options, "session_handle_token"))
	if err := s.p.Conn.Export(sessionObj{s.p, session}, session, portal.SessionIface); err != nil {
		return "", dbus.MakeFailedError(err)
	}
	s.p.mu.Lock()
	s.p.sessions[session] = true
	s.p.last = session
	s.p.mu.Unlock()
	go s.p.Conn.Emit(req, portal.RequestIface+".Response", uint32(0),
		map[string]dbus.Variant{"session_handle": dbus.MakeVariant(string(session))})
	return req, nil
}

func (s shortcuts) BindShortcuts(sender dbus.Sender, session dbus.ObjectPath, list []entry, parent string, options map[string]dbus.Variant) (dbus.ObjectPath, *dbus.Error) {
	p := s.p
	p.mu.Lock()
	open := p.sessions[session]
	code, silent := p.answer, p.silent
	p.mu.Unlock()
	if !open {
		return "", dbus.NewError("org.freedesktop.DBus.Error.AccessDenied", []interface{}{"Invalid session"})
	}
	b := Bind{Session: session}
	results := make([]entry, 0, len(list))
	for _, e := range list {
		d, _ := e.Opts["description"].Value().(string)
		tr, _ := e.Opts["preferred_trigger"].Value().(string)
		b.Shortcuts = append(b.Shortcuts, portal.Shortcut{ID: e.ID, Description: d, Trigger: tr})
		results = append(results, entry{e.ID, map[string]dbus.Variant{
			"description":         dbus.MakeVariant(d),
			"trigger_description": dbus.MakeVariant(tr),
		}})
	}
	p.Binds <- b
	req := handle("request", sender, token(options, "handle_token"))
	p.Conn.Export(requestObj{p, req}, req, portal.RequestIface)
	if silent {
		return req, nil
	}
	go func() {
		time.Sleep(20 * time.Millisecond) // as a user's dialog would
		p.Conn.Export(nil, req, portal.RequestIface)
		res := map[string]dbus.Variant{}
		if code == 0 {
			res["shortcuts"] = dbus.MakeVariant(results)
		}
		p.Conn.Emit(req, portal.RequestIface+".Response", code, res)
	}()
	return req, nil
}

type sessionObj struct {
	p    *Portal
	path dbus.ObjectPath
}

func (o sessionObj) Close() *dbus.Error {
	o.p.mu.Lock()
	delete(o.p.sessions, o.path)
	if o.p.last == o.path {
		o.p.last = ""
	}
	o.p.mu.Unlock()
	o.p.Conn.Export(nil, o.path, portal.SessionIface)
	o.p.Closed <- o.path
	return nil
}

type requestObj struct {
	p    *Portal
	path dbus.ObjectPath
}

func (o requestObj) Close() *dbus.Error {
	o.p.Conn.Export(nil, o.path, portal.RequestIface)
	o.p.RequestClosed <- o.path
	return nil
}

type properties struct{ shortcuts bool }

func (pr properties) Get(iface, name string) (dbus.Variant, *dbus.Error) {
	if iface == portal.ShortcutsIface && pr.shortcuts && name == "version" {
		return dbus.MakeVariant(uint32(2)), nil
	}
	return dbus.Variant{}, dbus.NewError("org.freedesktop.DBus.Error.UnknownProperty", []interface{}{"no property " + iface + "." + name})
}

func (pr properties) GetAll(iface string) (map[string]dbus.Variant, *dbus.Error) {
	if iface == portal.ShortcutsIface && pr.shortcuts {
		return map[string]dbus.Variant{"version": dbus.MakeVariant(uint32(2))}, nil
	}
	return map[string]dbus.Variant{}, nil
}
