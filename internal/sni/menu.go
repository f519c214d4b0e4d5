package sni

import (
	"fmt"
	"sync"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/introspect"
	"github.com/godbus/dbus/v5/prop"
)

// MenuEntry is one entry of the menu. ID must be unique in the menu and
// not 0 (the root's id).
type MenuEntry struct {
	ID int32
	// Label is shown with "_" marking the mnemonic ("__" for a "_"); see
	// Mnemonic.
	Label     string
	Disabled  bool
	Hidden    bool
	Separator bool
	// Toggle is "", "checkmark" or "radio"; Checked its state.
	Toggle   string
	Checked  bool
	Children []MenuEntry
}

// properties returns the dbusmenu properties of e.
func (e *MenuEntry) properties() map[string]dbus.Variant {
	p := map[string]dbus.Variant{
		"enabled": dbus.MakeVariant(!e.Disabled),
		"visible": dbus.MakeVariant(!e.Hidden),
	}
	if e.Separator {
		p["type"] = dbus.MakeVariant("separator")
		return p
	}
	p["label"] = dbus.MakeVariant(e.Label)
	if e.Toggle != "" {
		p["toggle-type"] = dbus.MakeVariant(e.Toggle)
		state := int32(0)
		if e.Checked {
			state = 1
		}
		p["toggle-state"] = dbus.MakeVariant(state)
	}
	if len(e.Children) > 0 {
		p["children-display"] = dbus.MakeVariant("submenu")
	}
	return p
}

// node is an entry in the exported tree.
type node struct {
	id       int32
	props    map[string]dbus.Variant
	children []*node
	clicks   bool // a leaf the user may choose
}

// menu is the com.canonical.dbusmenu object.
type menu struct {
	conn    *dbus.Conn
	clicked func(int32)
	mu      sync.Mutex
	rev     uint32
	root    *node
	byID    map[int32]*node
}

func newMenu(conn *dbus.Conn, entries []MenuEntry, clicked func(int32)) *menu {
	m := &menu{conn: conn, clicked: clicked, rev: 1}
	m.build(entries)
	return m
}

func (m *menu) build(entries []MenuEntry) {
	m.byID = map[int32]*node{}
	var conv func([]MenuEntry) []*node
	conv = func(es []MenuEntry) []*node {
		out := make([]*node, 0, len(es))
		for i := range es {
			e := &es[i]
			n := &node{id: e.ID, props: e.properties(), children: conv(e.Children)}
			n.clicks = !e.Separator && !e.Disabled && len(e.Children) == 0
			m.byID[n.id] = n
			out = append(out, n)
		}
		return out
	}
	m.root = &node{id: 0, props: map[string]dbus.Variant{"children-display": dbus.MakeVariant("submenu")}, children: conv(entries)}
	m.byID[0] = m.root
}

func (m *menu) export() error {
	if _, err := prop.Export(m.conn, MenuPath, prop.Map{MenuInterface: {
		"Version":       {Value: uint32(3)},
		"TextDirection": {Value: "ltr"},
		"Status":        {Value: "normal"},
		"IconThemePath": {Value: []string{}},
	}}); err != nil {
		return err
	}
	if err := m.conn.Export(menuMethods{m}, MenuPath, MenuInterface); err != nil {
		return err
	}
	return m.conn.Export(introspect.Introspectable(menuIntrospection), MenuPath, "org.freedesktop.DBus.Introspectable")
}

func (m *menu) setLayout(entries []MenuEntry) error {
	m.mu.Lock()
	m.build(entries)
	m.rev++
	rev := m.rev
	// Emit under the lock: LayoutUpdated signals go out in revision order.
	err := m.conn.Emit(MenuPath, MenuInterface+".LayoutUpdated", rev, int32(0))
	m.mu.Unlock()
	return err
}

func (m *menu) updateEntries(entries []MenuEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	var updated []idProps
	for i := range entries {
		e := &entries[i]
		n, ok := m.byID[e.ID]
		if !ok || e.ID == 0 {
			continue
		}
		n.props = e.properties()
		n.clicks = !e.Separator && !e.Disabled && len(n.children) == 0
		updated = append(updated, idProps{n.id, n.props})
	}
	if len(updated) == 0 {
		return nil
	}
	return m.conn.Emit(MenuPath, MenuInterface+".ItemsPropertiesUpdated", updated, []idNames{})
}

// layout is dbusmenu's (ia{sv}av).
type layout struct {
	ID       int32
	Props    map[string]dbus.Variant
	Children []dbus.Variant
}

type idProps struct {
	ID    int32
	Props map[string]dbus.Variant
}

type idNames struct {
	ID    int32
	Names []string
}

type event struct {
	ID        int32
	EventID   string
	Data      dbus.Variant
	Timestamp uint32
}

func filter(props map[string]dbus.Variant, names []string) map[string]dbus.Variant {
	if len(names) == 0 {
		return props
	}
	out := make(map[string]dbus.Variant, len(names))
	for _, n := range names {
		if v, ok := props[n]; ok {
			out[n] = v
		}
	}
	return out
}

// layoutOf is n's layout to depth (-1: all) with the properties names
// (none: all).
func layoutOf(n *node, depth int32, names []string) layout {
	l := layout{ID: n.id, Props: filter(n.props, names), Children: []dbus.Variant{}}
	if depth == 0 {
		return l
	}
	for _, c := range n.children {
		l.Children = append(l.Children, dbus.MakeVariant(layoutOf(c, depth-1, names)))
	}
	return l
}

func unknownID(id int32) *dbus.Error {
	return dbus.NewError("com.canonical.dbusmenu.Error.UnknownId", []any{fmt.Sprintf("no menu item with id %d", id)})
}

// menuMethods are the methods of com.canonical.dbusmenu.
type menuMethods struct{ m *menu }

func (mm menuMethods) GetLayout(parent, depth int32, names []string) (uint32, layout, *dbus.Error) {
	m := mm.m
	m.mu.Lock()
	defer m.mu.Unlock()
	n, ok := m.byID[parent]
	if !ok {
		return 0, layout{}, unknownID(parent)
	}
	return m.rev, layoutOf(n, depth, names), nil
}

func (mm menuMethods) GetGroupProperties(ids []int32, names []string) ([]idProps, *dbus.Error) {
	m := mm.m
	m.mu.Lock()
	defer m.mu.Unlock()
	out := []idProps{}
	if len(ids) == 0 {
		for id, n := range m.byID {
			out = append(out, idProps{id, filter(n.props, names)})
		}
		return out, nil
	}
	for _, id := range ids {
		if n, ok := m.byID[id]; ok {
			out = append(out, idProps{id, filter(n.props, names)})
		}
	}
	return out, nil
}

func (mm menuMethods) GetProperty(id int32, name string) (dbus.Variant, *dbus.Error) {
	m := mm.m
	m.mu.Lock()
	defer m.mu.Unlock()
	n, ok := m.byID[id]
	if !ok {
		return dbus.Variant{}, unknownID(id)
	}
	v, ok := n.props[name]
	if !ok {
		return dbus.Variant{}, dbus.NewError("com.canonical.dbusmenu.Error.UnknownProperty", []any{"no such property: " + name})
	}
	return v, nil
}

// event handles one event; it reports whether id is known.
func (m *menu) event(id int32, eventID string) bool {
	m.mu.Lock()
	n, ok := m.byID[id]
	clicks := ok && n.clicks
	m.mu.Unlock()
	if clicks && eventID == "clicked" && m.clicked != nil {
		m.clicked(id)
	}
	return ok
}

func (mm menuMethods) Event(id int32, eventID string, data dbus.Variant, timestamp uint32) *dbus.Error {
	if !mm.m.event(id, eventID) {
		return unknownID(id)
	}
	return nil
}

func (mm menuMethods) EventGroup(events []event) ([]int32, *dbus.Error) {
	bad := []int32{}
	for _, e := range events {
		if !mm.m.event(e.ID, e.EventID) {
			bad = append(bad, e.ID)
		}
	}
	if len(events) > 0 && len(bad) == len(events) {
		return nil, unknownID(bad[0])
	}
	return bad, nil
}

// AboutToShow: the menu is always up to date, so no update is needed.
func (mm menuMethods) AboutToShow(id int32) (bool, *dbus.Error) {
	mm.m.mu.Lock()
	_, ok := mm.m.byID[id]
	mm.m.mu.Unlock()
	if !ok {
		return false, unknownID(id)
	}
	return false, nil
}

func (mm menuMethods) AboutToShowGroup(ids []int32) ([]int32, []int32, *dbus.Error) {
	mm.m.mu.Lock()
	defer mm.m.mu.Unlock()
	bad := []int32{}
	for _, id := range ids {
		if _, ok := mm.m.byID[id]; !ok {
			bad = append(bad, id)
		}
	}
	return []int32{}, bad, nil
}

const menuIntrospection = `<node>
 <interface name="com.canonical.dbusmenu">
  <property name="Version" type="u" access="read"/>
  <property name="TextDirection" type="s" access="read"/>
  <property name="Status" type="s" access="read"/>
  <property name="IconThemePath" type="as" access="read"/>
  <method name="GetLayout"><arg type="i" name="parentId" direction="in"/><arg type="i" name="recursionDepth" direction="in"/><arg type="as" name="propertyNames" direction="in"/><arg type="u" name="revision" direction="out"/><arg type="(ia{sv}av)" name="layout" direction="out"/></method>
  <method name="GetGroupProperties"><arg type="ai" name="ids" direction="in"/><arg type="as" name="propertyNames" direction="in"/><arg type="a(ia{sv})" name="properties" direction="out"/></method>
  <method name="GetProperty"><arg type="i" name="id" direction="in"/><arg type="s" name="name" direction="in"/><arg type="v" name="value" direction="out"/></method>
  <method name="Event"><arg type="i" name="id" direction="in"/><arg type="s" name="eventId" direction="in"/><arg type="v" name="data" direction="in"/><arg type="u" name="timestamp" direction="in"/></method>
  <method name="EventGroup"><arg type="a(isvu)" name="events" direction="in"/><arg type="ai" name="idErrors" direction="out"/></method>
  <method name="AboutToShow"><arg type="i" name="id" direction="in"/><arg type="b" name="needUpdate" direction="out"/></method>
  <method name="AboutToShowGroup"><arg type="ai" name="ids" direction="in"/><arg type="ai" name="updatesNeeded" direction="out"/><arg type="ai" name="idErrors" direction="out"/></method>
  <signal name="ItemsPropertiesUpdated"><arg type="a(ia{sv})" name="updatedProps"/><arg type="a(ias)" name="removedProps"/></signal>
  <signal name="LayoutUpdated"><arg type="u" name="revision"/><arg type="i" name="parent"/></signal>
  <signal name="ItemActivationRequested"><arg type="i" name="id"/><arg type="u" name="timestamp"/></signal>
 </interface>` + introspectCommon + `</node>`
