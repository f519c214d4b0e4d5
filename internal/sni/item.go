// Package sni shows an item in the desktop's system tray through the
// StatusNotifierItem protocol (org.kde.StatusNotifierItem, which KDE, GNOME's
// AppIndicator extension, XFCE, waybar and most panels host) and exports its
// menu through com.canonical.dbusmenu, over the D-Bus session bus. It knows
// nothing of gotonium: the caller gives pixmaps and menu entries with ids,
// and gets the host's clicks through Handlers, on D-Bus goroutines.
package sni

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/introspect"
	"github.com/godbus/dbus/v5/prop"
)

// The well-known names and paths of the protocol.
const (
	WatcherKDE         = "org.kde.StatusNotifierWatcher"
	WatcherFreedesktop = "org.freedesktop.StatusNotifierWatcher"
	ItemInterface      = "org.kde.StatusNotifierItem"
	MenuInterface      = "com.canonical.dbusmenu"
	ItemPath           = dbus.ObjectPath("/StatusNotifierItem")
	MenuPath           = dbus.ObjectPath("/MenuBar")
)

var (
	// ErrNoBus: there is no session bus to connect to.
	ErrNoBus = errors.New("no D-Bus session bus")
	// ErrNoWatcher: the session bus has no StatusNotifierWatcher, so no
	// tray would show the item.
	ErrNoWatcher = errors.New("no StatusNotifierWatcher on the session bus (the desktop shows no StatusNotifierItem tray)")
)

// callTimeout bounds every call New makes, so that a bus or watcher that
// does not answer is an error and not a hang.
const callTimeout = 5 * time.Second

// Pixmap is one size of an icon: Width×Height pixels of ARGB32 in network
// byte order (A, R, G, B bytes), not premultiplied.
type Pixmap struct {
	Width, Height int32
	Data          []byte
}

// Handlers are called on godbus's goroutines, one goroutine per call; any
// may be nil.
type Handlers struct {
	Activate          func(x, y int32)
	SecondaryActivate func(x, y int32)
	// Scroll gets the delta and "vertical" or "horizontal".
	Scroll func(delta int32, orientation string)
	// MenuClicked gets the id of the menu entry the user chose.
	MenuClicked func(id int32)
}

// Config is what an item starts with.
type Config struct {
	ID, Title  string // Id and Title properties; ID defaults to the program's name
	Icon       []Pixmap
	ToolTip    string
	ItemIsMenu bool // the host opens the menu on a primary click instead of calling Activate
	Menu       []MenuEntry
	Handlers
}

// Item is an item registered with the tray. Its methods are safe from any
// goroutine.
type Item struct {
	conn    *dbus.Conn
	name    string
	props   *prop.Properties
	menu    *menu
	h       Handlers
	signals chan *dbus.Signal
	done    chan struct{}
	closed  atomic.Bool
	// mu serialises updates, so that properties and their signals go out in order.
	mu sync.Mutex
}

var itemCount atomic.Int32

// New connects to the session bus, exports the item and its menu under a
// name of their own (org.kde.StatusNotifierItem-PID-N) and registers it
// with the watcher. With no session bus it returns an error wrapping
// ErrNoBus, with no watcher one wrapping ErrNoWatcher. When a watcher
// takes the name later (the panel restarts), the item registers again.
func New(cfg Config) (*Item, error) {
	conn, err := connect()
	if err != nil {
		return nil, err
	}
	it, err := newItem(conn, cfg)
	if err != nil {
		conn.Close()
		return nil, err
	}
	return it, nil
}

func newItem(conn *dbus.Conn, cfg Config) (*Item, error) {
	watcher, err := findWatcher(conn)
	if err != nil {
		return nil, err
	}
	if cfg.ID == "" {
		cfg.ID = filepath.Base(os.Args[0])
	}
	it := &Item{
		conn: conn,
		name: fmt.Sprintf("org.kde.StatusNotifierItem-%d-%d", os.Getpid(), itemCount.Add(1)),
		h:    cfg.Handlers,
		done: make(chan struct{}),
	}
	it.menu = newMenu(conn, cfg.Menu, cfg.MenuClicked)
	ro := func(v any, emit prop.EmitType) *prop.Prop { return &prop.Prop{Value: v, Emit: emit} }
	props, err := prop.Export(conn, ItemPath, prop.Map{ItemInterface: {
		"Category":            ro("ApplicationStatus", prop.EmitTrue),
		"Id":                  ro(cfg.ID, prop.EmitTrue),
		"Title":               ro(cfg.Title, prop.EmitTrue),
		"Status":              ro("Active", prop.EmitTrue),
		"WindowId":            ro(int32(0), prop.EmitTrue),
		"IconName":            ro("", prop.EmitTrue),
		"IconPixmap":          ro(pixmaps(cfg.Icon), prop.EmitInvalidates),
		"OverlayIconName":     ro("", prop.EmitTrue),
		"OverlayIconPixmap":   ro([]Pixmap{}, prop.EmitTrue),
		"AttentionIconName":   ro("", prop.EmitTrue),
		"AttentionIconPixmap": ro([]Pixmap{}, prop.EmitTrue),
		"AttentionMovieName":  ro("", prop.EmitTrue),
		"ToolTip":             ro(toolTip(cfg.ToolTip), prop.EmitTrue),
		"ItemIsMenu":          ro(cfg.ItemIsMenu, prop.EmitTrue),
		"Menu":                ro(MenuPath, prop.EmitTrue),
	}})
	if err != nil {
		return nil, err
	}
	it.props = props
	if err := conn.Export(itemMethods{it}, ItemPath, ItemInterface); err != nil {
		return nil, err
	}
	if err := conn.Export(introspect.Introspectable(itemIntrospection), ItemPath, "org.freedesktop.DBus.Introspectable"); err != nil {
		return nil, err
	}
	if err := it.menu.export(); err != nil {
		return nil, err
	}
	reply, err := conn.RequestName(it.name, dbus.NameFlagDoNotQueue)
	if err != nil {
		return nil, fmt.Errorf("requesting %s: %w", it.name, err)
	}
	if reply != dbus.RequestNameReplyPrimaryOwner {
		return nil, fmt.Errorf("requesting %s: the bus name is taken", it.name)
	}
	// Watch for a watcher that comes (back) later.
	for _, w := range []string{WatcherKDE, WatcherFreedesktop} {
		if err := conn.AddMatchSignal(dbus.WithMatchSender("org.freedesktop.DBus"), dbus.WithMatchMember("NameOwnerChanged"), dbus.WithMatchArg(0, w)); err != nil {
			return nil, err
		}
	}
	it.signals = make(chan *dbus.Signal, 16)
	conn.Signal(it.signals)
	if err := it.register(watcher); err != nil {
		return nil, err
	}
	go it.watch()
	return it, nil
}

// connect opens a private connection to the session bus named by
// DBUS_SESSION_BUS_ADDRESS or $XDG_RUNTIME_DIR/bus, never starting one.
func connect() (*dbus.Conn, error) {
	addr := os.Getenv("DBUS_SESSION_BUS_ADDRESS")
	if addr == "" || addr == "autolaunch:" {
		addr = ""
		if dir := os.Getenv("XDG_RUNTIME_DIR"); dir != "" {
			if _, err := os.Stat(filepath.Join(dir, "bus")); err == nil {
				addr = "unix:path=" + filepath.Join(dir, "bus")
			}
		}
	}
	if addr == "" {
		return nil, fmt.Errorf("%w: DBUS_SESSION_BUS_ADDRESS is not set", ErrNoBus)
	}
	type result struct {
		c   *dbus.Conn
		err error
	}
	ch := make(chan result, 1)
	go func() {
		c, err := dbus.Connect(addr)
		ch <- result{c, err}
	}()
	select {
	case r := <-ch:
		if r.err != nil {
			return nil, fmt.Errorf("%w: %v", ErrNoBus, r.err)
		}
		return r.c, nil
	case <-time.After(callTimeout):
		go func() {
			if r := <-ch; r.c != nil {
				r.c.Close()
			}
		}()
		return nil, fmt.Errorf("%w: the session bus at %s did not answer within %v", ErrNoBus, addr, callTimeout)
	}
}

// findWatcher returns the name of the watcher on the bus.
func findWatcher(conn *dbus.Conn) (string, error) {
	for _, w := range []string{WatcherKDE, WatcherFreedesktop} {
		var has bool
		if err := call(conn.BusObject(), "org.freedesktop.DBus.NameHasOwner", w).Store(&has); err != nil {
			return "", err
		}
		if has {
			return w, nil
		}
	}
	return "", ErrNoWatcher
}

func call(o dbus.BusObject, method string, args ...any) *dbus.Call {
	c := o.Go(method, 0, make(chan *dbus.Call, 1), args...)
	select {
	case <-c.Done:
		return c
	case <-time.After(callTimeout):
		return &dbus.Call{Err: fmt.Errorf("%s did not answer within %v", method, callTimeout)}
	}
}

func (it *Item) register(watcher string) error {
	w := it.conn.Object(watcher, "/StatusNotifierWatcher")
	if err := call(w, watcher+".RegisterStatusNotifierItem", it.name).Err; err != nil {
		return fmt.Errorf("registering with %s: %w", watcher, err)
	}
	return nil
}

// watch registers the item again with each watcher that takes its name.
func (it *Item) watch() {
	for s := range it.signals {
		if s.Name != "org.freedesktop.DBus.NameOwnerChanged" || len(s.Body) != 3 {
			continue
		}
		name, _ := s.Body[0].(string)
		owner, _ := s.Body[2].(string)
		if owner == "" || (name != WatcherKDE && name != WatcherFreedesktop) || it.closed.Load() {
			continue
		}
		it.register(name) // best effort: a watcher that fails now gets it at its next start
	}
	close(it.done)
}

// Name is the bus name the item owns.
func (it *Item) Name() string { return it.name }

// SetIcon replaces the icon and tells the host.
func (it *Item) SetIcon(icon []Pixmap) error {
	return it.update("IconPixmap", pixmaps(icon), "NewIcon")
}

// SetToolTip replaces the tooltip and tells the host.
func (it *Item) SetToolTip(text string) error {
	return it.update("ToolTip", toolTip(text), "NewToolTip")
}

// SetTitle replaces the title and tells the host.
func (it *Item) SetTitle(title string) error {
	return it.update("Title", title, "NewTitle")
}

// SetItemIsMenu changes whether a primary click opens the menu.
func (it *Item) SetItemIsMenu(v bool) error { return it.update("ItemIsMenu", v, "") }

func (it *Item) update(property string, v any, signal string) error {
	it.mu.Lock()
	defer it.mu.Unlock()
	if it.closed.Load() {
		return errClosed
	}
	it.props.SetMust(ItemInterface, property, v)
	if signal == "" {
		return nil
	}
	return it.conn.Emit(ItemPath, ItemInterface+"."+signal)
}

// SetMenu replaces the whole menu (LayoutUpdated).
func (it *Item) SetMenu(entries []MenuEntry) error {
	if it.closed.Load() {
		return errClosed
	}
	return it.menu.setLayout(entries)
}

// UpdateEntries replaces the properties of the entries with the ids of
// entries (ItemsPropertiesUpdated); their children are left as they are.
// Entries no longer in the menu are ignored.
func (it *Item) UpdateEntries(entries []MenuEntry) error {
	if it.closed.Load() {
		return errClosed
	}
	return it.menu.updateEntries(entries)
}

// Close takes the item off the bus: the watcher sees its name go and the
// tray drops it. Closing twice is a no-op.
func (it *Item) Close() error {
	if it.closed.Swap(true) {
		return nil
	}
	err := it.conn.Close()
	<-it.done
	return err
}

var errClosed = errors.New("the tray item is closed")

type toolTipValue struct {
	IconName    string
	Icon        []Pixmap
	Title, Text string
}

func toolTip(text string) toolTipValue { return toolTipValue{Title: text, Icon: []Pixmap{}} }

func pixmaps(p []Pixmap) []Pixmap {
	if p == nil {
		return []Pixmap{}
	}
	return p
}

// itemMethods are the methods of org.kde.StatusNotifierItem.
type itemMethods struct{ it *Item }

func (m itemMethods) Activate(x, y int32) *dbus.Error {
	if f := m.it.h.Activate; f != nil {
		f(x, y)
	}
	return nil
}

func (m itemMethods) SecondaryActivate(x, y int32) *dbus.Error {
	if f := m.it.h.SecondaryActivate; f != nil {
		f(x, y)
	}
	return nil
}

// ContextMenu is for hosts that cannot show a dbusmenu; the item has no
// menu of its own to pop up.
func (m itemMethods) ContextMenu(x, y int32) *dbus.Error { return nil }

func (m itemMethods) Scroll(delta int32, orientation string) *dbus.Error {
	if f := m.it.h.Scroll; f != nil {
		f(delta, orientation)
	}
	return nil
}

const itemIntrospection = `<node>
 <interface name="org.kde.StatusNotifierItem">
  <property name="Category" type="s" access="read"/>
  <property name="Id" type="s" access="read"/>
  <property name="Title" type="s" access="read"/>
  <property name="Status" type="s" access="read"/>
  <property name="WindowId" type="i" access="read"/>
  <property name="IconName" type="s" access="read"/>
  <property name="IconPixmap" type="a(iiay)" access="read"/>
  <property name="OverlayIconName" type="s" access="read"/>
  <property name="OverlayIconPixmap" type="a(iiay)" access="read"/>
  <property name="AttentionIconName" type="s" access="read"/>
  <property name="AttentionIconPixmap" type="a(iiay)" access="read"/>
  <property name="AttentionMovieName" type="s" access="read"/>
  <property name="ToolTip" type="(sa(iiay)ss)" access="read"/>
  <property name="ItemIsMenu" type="b" access="read"/>
  <property name="Menu" type="o" access="read"/>
  <method name="ContextMenu"><arg name="x" type="i" direction="in"/><arg name="y" type="i" direction="in"/></method>
  <method name="Activate"><arg name="x" type="i" direction="in"/><arg name="y" type="i" direction="in"/></method>
  <method name="SecondaryActivate"><arg name="x" type="i" direction="in"/><arg name="y" type="i" direction="in"/></method>
  <method name="Scroll"><arg name="delta" type="i" direction="in"/><arg name="orientation" type="s" direction="in"/></method>
  <signal name="NewTitle"/>
  <signal name="NewIcon"/>
  <signal name="NewAttentionIcon"/>
  <signal name="NewOverlayIcon"/>
  <signal name="NewToolTip"/>
  <signal name="NewStatus"><arg name="status" type="s"/></signal>
 </interface>` + introspectCommon + `</node>`

const introspectCommon = `
 <interface name="org.freedesktop.DBus.Properties">
  <method name="Get"><arg name="interface" type="s" direction="in"/><arg name="property" type="s" direction="in"/><arg name="value" type="v" direction="out"/></method>
  <method name="GetAll"><arg name="interface" type="s" direction="in"/><arg name="props" type="a{sv}" direction="out"/></method>
  <method name="Set"><arg name="interface" type="s" direction="in"/><arg name="property" type="s" direction="in"/><arg name="value" type="v" direction="in"/></method>
  <signal name="PropertiesChanged"><arg name="interface" type="s"/><arg name="changed_properties" type="a{sv}"/><arg name="invalidated_properties" type="as"/></signal>
 </interface>
 <interface name="org.freedesktop.DBus.Introspectable">
  <method name="Introspect"><arg name="out" type="s" direction="out"/></method>
 </interface>
`
