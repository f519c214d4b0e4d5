// Package portal is a client of the XDG desktop portal's GlobalShortcuts
// interface (org.freedesktop.portal.GlobalShortcuts), the way applications
// get global shortcuts on Wayland, where they cannot grab keys themselves.
//
// A Client holds one portal session and binds the whole set of shortcuts
// to it; every wait for the portal is bounded (CallTimeout, ConfirmTimeout).
package portal

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/godbus/dbus/v5"
)

// The portal's names on the session bus.
const (
	Service         = "org.freedesktop.portal.Desktop"
	Path            = dbus.ObjectPath("/org/freedesktop/portal/desktop")
	ShortcutsIface  = "org.freedesktop.portal.GlobalShortcuts"
	RequestIface    = "org.freedesktop.portal.Request"
	SessionIface    = "org.freedesktop.portal.Session"
	propertiesIface = "org.freedesktop.DBus.Properties"
)

// CallTimeout bounds each method call's reply and CreateSession's
// Response, which needs no user.
var CallTimeout = 5 * time.Second

// ConfirmTimeout bounds the wait for BindShortcuts' Response: the desktop
// may show the user a dialog to confirm or change the shortcuts. When it
// passes, the request is closed (the dialog goes away) and Bind returns
// ErrTimeout. Two minutes; tests shorten it.
var ConfirmTimeout = 2 * time.Minute

var (
	// ErrUnavailable: the session bus has no portal, or the portal has no
	// GlobalShortcuts interface.
	ErrUnavailable = errors.New("no GlobalShortcuts portal on the session bus")
	// ErrRefused: the user cancelled the request (response 1) or the
	// portal ended it (response 2), or left a shortcut without a trigger.
	ErrRefused = errors.New("the desktop refused the shortcuts")
	// ErrTimeout: the portal (or the user) did not answer in time.
	ErrTimeout = errors.New("the portal did not answer in time")
)

// Shortcut is one shortcut to bind.
type Shortcut struct {
	ID          string // the app's name for it, unique in the set, not empty
	Description string // what it does, shown to the user
	// Trigger is the preferred trigger in the XDG shortcuts spec's syntax:
	// modifiers CTRL, ALT, SHIFT, NUM, LOGO and an xkb keysym name joined
	// by "+", such as "CTRL+ALT+d" or "LOGO+space"; "" for none.
	Trigger string
}

// Client is a GlobalShortcuts session on one bus connection. Its methods
// are safe from any goroutine; Bind calls run one at a time.
type Client struct {
	conn      *dbus.Conn
	activated func(id string)
	sigs      chan *dbus.Signal
	done      chan struct{}
	version   uint32

	bindMu sync.Mutex // one Bind or Close at a time

	mu      sync.Mutex
	session dbus.ObjectPath // "" until created, and after the portal closes it
	ids     map[string]bool // the bound set: Activated for others is ignored
	waiters map[dbus.ObjectPath]chan response
	closed  bool
}

type response struct {
	code    uint32
	results map[string]dbus.Variant
}

// New checks that conn's bus has the GlobalShortcuts portal (its version
// property) and listens for its Activated signal, which calls activated
// with the shortcut's ID on a goroutine of the Client's (activated must
// not block). No portal, or one without the interface, is ErrUnavailable.
func New(conn *dbus.Conn, activated func(id string)) (*Client, error) {
	ctx, cancel := context.WithTimeout(context.Background(), CallTimeout)
	defer cancel()
	var v dbus.Variant
	err := conn.Object(Service, Path).CallWithContext(ctx, propertiesIface+".Get", 0, ShortcutsIface, "version").Store(&v)
	if errors.Is(err, context.DeadlineExceeded) {
		return nil, fmt.Errorf("%w: %s did not answer within %v", ErrUnavailable, Service, CallTimeout)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	version, ok := v.Value().(uint32)
	if !ok || version == 0 {
		return nil, fmt.Errorf("%w: %s.version is %v", ErrUnavailable, ShortcutsIface, v)
	}
	c := &Client{
		conn:      conn,
		activated: activated,
		sigs:      make(chan *dbus.Signal, 64),
		done:      make(chan struct{}),
		version:   version,
		ids:       map[string]bool{},
		waiters:   map[dbus.ObjectPath]chan response{},
	}
	for _, m := range c.signalMatches() {
		if err := conn.AddMatchSignal(m...); err != nil {
			return nil, fmt.Errorf("portal: subscribing to its signals: %w", err)
		}
	}
	conn.Signal(c.sigs)
	go c.listen()
	return c, nil
}

func (c *Client) signalMatches() [][]dbus.MatchOption {
	return [][]dbus.MatchOption{
		{dbus.WithMatchSender(Service), dbus.WithMatchObjectPath(Path), dbus.WithMatchInterface(ShortcutsIface), dbus.WithMatchMember("Activated")},
		{dbus.WithMatchSender(Service), dbus.WithMatchInterface(SessionIface), dbus.WithMatchMember("Closed")},
	}
}

// Conn is the connection the Client talks on.
func (c *Client) Conn() *dbus.Conn { return c.conn }

// Version is the portal's GlobalShortcuts version.
func (c *Client) Version() uint32 { return c.version }

// listen routes the portal's signals until Close or the connection closes.
func (c *Client) listen() {
	for {
		var sig *dbus.Signal
		select {
		case <-c.done:
			return
		case s, ok := <-c.sigs:
			if !ok {
				return
			}
			sig = s
		}
		switch sig.Name {
		case RequestIface + ".Response":
			if len(sig.Body) != 2 {
				continue
			}
			code, _ := sig.Body[0].(uint32)
			results, _ := sig.Body[1].(map[string]dbus.Variant)
			c.mu.Lock()
			ch := c.waiters[sig.Path]
			c.mu.Unlock()
			if ch != nil {
				select {
				case ch <- response{code, results}:
				default:
				}
			}
		case ShortcutsIface + ".Activated":
			if sig.Path != Path || len(sig.Body) < 2 {
				continue
			}
			session, _ := sig.Body[0].(dbus.ObjectPath)
			id, _ := sig.Body[1].(string)
			c.mu.Lock()
			ours := session != "" && session == c.session && c.ids[id] && !c.closed
			c.mu.Unlock()
			if ours && c.activated != nil {
				c.activated(id)
			}
		case SessionIface + ".Closed":
			c.mu.Lock()
			if sig.Path == c.session {
				c.session = "" // the portal ended it: the next Bind makes a new one
				clear(c.ids)
			}
			c.mu.Unlock()
		}
	}
}

// Bind makes shortcuts the session's whole set, creating the session on
// first use; an empty set closes the session. It waits for the portal's
// answer up to ConfirmTimeout, since the user may have to confirm. It
// returns the IDs the portal reports bound (nil when it reports none);
// the user cancelling is ErrRefused, no answer ErrTimeout.
func (c *Client) Bind(shortcuts []Shortcut) ([]string, error) {
	c.bindMu.Lock()
	defer c.bindMu.Unlock()
	if c.isClosed() {
		return nil, errors.New("portal: the client is closed")
	}
	if len(shortcuts) == 0 {
		c.closeSession()
		return nil, nil
	}
	for _, s := range shortcuts {
		if s.ID == "" {
			return nil, errors.New("portal: a shortcut without an ID")
		}
	}
	session, err := c.ensureSession()
	if err != nil {
		return nil, err
	}
	type entry struct {
		ID   string
		Opts map[string]dbus.Variant
	}
	list := make([]entry, len(shortcuts))
	for i, s := range shortcuts {
		opts := map[string]dbus.Variant{"description": dbus.MakeVariant(s.Description)}
		if s.Trigger != "" {
			opts["preferred_trigger"] = dbus.MakeVariant(s.Trigger)
		}
		list[i] = entry{s.ID, opts}
	}
	token := newToken()
	res, err := c.request("BindShortcuts", ConfirmTimeout, token,
		session, list, "", map[string]dbus.Variant{"handle_token": dbus.MakeVariant(token)})
	if err != nil {
		return nil, err
	}
	bound := boundIDs(res["shortcuts"])
	c.mu.Lock()
	clear(c.ids)
	for _, s := range shortcuts {
		c.ids[s.ID] = true
	}
	c.mu.Unlock()
	return bound, nil
}

// boundIDs reads the IDs of BindShortcuts' a(sa{sv}) result.
func boundIDs(v dbus.Variant) []string {
	var ids []string
	switch list := v.Value().(type) {
	case [][]interface{}:
		for _, e := range list {
			if len(e) > 0 {
				if id, ok := e[0].(string); ok {
					ids = append(ids, id)
				}
			}
		}
	case []interface{}:
		for _, e := range list {
			if t, ok := e.([]interface{}); ok && len(t) > 0 {
				if id, ok := t[0].(string); ok {
					ids = append(ids, id)
				}
			}
		}
	}
	return ids
}

// ensureSession creates the session unless there is one; under bindMu.
func (c *Client) ensureSession() (dbus.ObjectPath, error) {
	c.mu.Lock()
	s := c.session
	c.mu.Unlock()
	if s != "" {
		return s, nil
	}
	token, stoken := newToken(), newToken()
	res, err := c.request("CreateSession", CallTimeout, token, map[string]dbus.Variant{
		"handle_token":         dbus.MakeVariant(token),
		"session_handle_token": dbus.MakeVariant(stoken),
	})
	if err != nil {
		return "", err
	}
	switch h := res["session_handle"].Value().(type) {
	case string:
		s = dbus.ObjectPath(h)
	case dbus.ObjectPath:
		s = h
	}
	if !s.IsValid() || s == "/" {
		return "", fmt.Errorf("portal: CreateSession answered no session_handle (%v)", res)
	}
	c.mu.Lock()
	c.session = s
	c.mu.Unlock()
	return s, nil
}

// request calls a portal method that answers with a Request handle and
// waits up to wait for the Response signal. It subscribes to the Response
// on the handle it expects (from token) before the call, as the portal
// spec advises, so that a fast answer is not missed.
func (c *Client) request(method string, wait time.Duration, token string, args ...interface{}) (map[string]dbus.Variant, error) {
	expected := c.requestPath(token)
	ch, stop, err := c.expect(expected)
	if err != nil {
		return nil, err
	}
	defer stop()
	var handle dbus.ObjectPath
	if err := c.call(ShortcutsIface+"."+method, &handle, args...); err != nil {
		return nil, err
	}
	if handle != expected && handle.IsValid() { // an old portal ignoring handle_token
		ch2, stop2, err := c.expect(handle)
		if err != nil {
			return nil, err
		}
		defer stop2()
		ch = ch2
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case r := <-ch:
		switch r.code {
		case 0:
			return r.results, nil
		case 1:
			return nil, fmt.Errorf("%w: the user cancelled %s", ErrRefused, method)
		default:
			return nil, fmt.Errorf("%w: the portal ended %s (response %d)", ErrRefused, method, r.code)
		}
	case <-timer.C:
		ctx, cancel := context.WithTimeout(context.Background(), CallTimeout)
		c.conn.Object(Service, handle).CallWithContext(ctx, RequestIface+".Close", 0) // dismiss a dialog
		cancel()
		return nil, fmt.Errorf("%w: %s had no answer within %v", ErrTimeout, method, wait)
	case <-c.done:
		return nil, errors.New("portal: the client closed")
	}
}

// expect subscribes to the Response signal on path.
func (c *Client) expect(path dbus.ObjectPath) (<-chan response, func(), error) {
	opts := []dbus.MatchOption{dbus.WithMatchSender(Service), dbus.WithMatchObjectPath(path),
		dbus.WithMatchInterface(RequestIface), dbus.WithMatchMember("Response")}
	if err := c.conn.AddMatchSignal(opts...); err != nil {
		return nil, nil, fmt.Errorf("portal: subscribing to %s: %w", path, err)
	}
	ch := make(chan response, 1)
	c.mu.Lock()
	c.waiters[path] = ch
	c.mu.Unlock()
	return ch, func() {
		c.mu.Lock()
		delete(c.waiters, path)
		c.mu.Unlock()
		c.conn.RemoveMatchSignal(opts...)
	}, nil
}

// call makes a method call on the portal within CallTimeout.
func (c *Client) call(method string, out interface{}, args ...interface{}) error {
	ctx, cancel := context.WithTimeout(context.Background(), CallTimeout)
	defer cancel()
	err := c.conn.Object(Service, Path).CallWithContext(ctx, method, 0, args...).Store(out)
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w: %s had no reply within %v", ErrTimeout, method, CallTimeout)
	}
	if err != nil {
		return fmt.Errorf("portal: %s: %w", method, err)
	}
	return nil
}

// requestPath is the handle the portal gives a request with this token:
// /org/freedesktop/portal/desktop/request/SENDER/TOKEN, SENDER being the
// connection's unique name without its ':' and with '.' as '_'.
func (c *Client) requestPath(token string) dbus.ObjectPath {
	sender := ""
	if names := c.conn.Names(); len(names) > 0 {
		sender = names[0]
	}
	sender = strings.ReplaceAll(strings.TrimPrefix(sender, ":"), ".", "_")
	return dbus.ObjectPath(string(Path) + "/request/" + sender + "/" + token)
}

// closeSession closes the portal session, if there is one.
func (c *Client) closeSession() {
	c.mu.Lock()
	s := c.session
	c.session = ""
	clear(c.ids)
	c.mu.Unlock()
	if s == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), CallTimeout)
	defer cancel()
	c.conn.Object(Service, s).CallWithContext(ctx, SessionIface+".Close", 0)
}

func (c *Client) isClosed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}

// Close closes the session (the portal drops its shortcuts) and stops
// listening. Calling it again does nothing.
func (c *Client) Close() {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.closed = true
	close(c.done) // ends a Bind's wait
	c.mu.Unlock()
	c.bindMu.Lock()
	defer c.bindMu.Unlock()
	c.closeSession()
	c.conn.RemoveSignal(c.sigs)
	for _, m := range c.signalMatches() {
		c.conn.RemoveMatchSignal(m...)
	}
}

var tokens atomic.Uint64

// newToken is a fresh handle token: a valid object path element.
func newToken() string {
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf("gotonium%d_%s", tokens.Add(1), hex.EncodeToString(b))
}
