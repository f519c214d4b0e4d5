package gotonium

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gotonium/gotonium/internal/bind"
	"github.com/gotonium/gotonium/internal/engine"
)

// defaultMenuNamespace is the namespace used when none is given.
const defaultMenuNamespace = "app"

// menuState is an instance's context menu entries and settings. It has its
// own lock: the engine reads it on its UI thread while the menu opens.
type menuState struct {
	mu      sync.Mutex
	current string                 // the namespace shown; "" means "app"
	debug   bool                   // show the engine's items and developer tools
	entries map[string][]*menuNode // namespace → entries in the order added
}

// AddContextMenuEntry adds an entry to the context menu of this instance's
// window, at the end of namespace's entries ("" means "app"). Choosing it
// calls fn on the goroutine that pumps (see UpdateMessageLoop); a panic in fn
// is recovered and logged.
//
// displayName is the entry's label; "" means fn's Go name (Save for a func or
// method value named Save; a func literal needs a name). Entries may be added
// before or after the window opens: the menu is built at each right click,
// from the entries of the current namespace (see SetContextMenuNamespace).
//
// It returns an error wrapping ErrInvalidArgument when fn is nil, when no
// name can be derived, or when displayName or namespace is not valid UTF-8.
func (p *Instance) AddContextMenuEntry(fn func(), displayName, namespace string) error {
	return p.AddContextMenuEntries([]func(){fn}, []string{displayName}, namespace)
}

// AddContextMenuEntries adds several entries to namespace, in order, as
// AddContextMenuEntry does: displayNames[i] labels fns[i], and a missing or
// empty name is derived from the func. Either all are added or, on error
// (wrapping ErrInvalidArgument; also when there are more names than funcs),
// none.
func (p *Instance) AddContextMenuEntries(fns []func(), displayNames []string, namespace string) error {
	if len(displayNames) > len(fns) {
		return fmt.Errorf("%w: AddContextMenuEntries: %d display names for %d functions", ErrInvalidArgument, len(displayNames), len(fns))
	}
	entries := make([]*menuNode, 0, len(fns))
	for i, fn := range fns {
		if fn == nil {
			return fmt.Errorf("%w: context menu entry %d: nil function", ErrInvalidArgument, i)
		}
		label := ""
		if i < len(displayNames) {
			label = displayNames[i]
		}
		if label == "" {
			var err error
			if label, err = funcName(fn); err != nil {
				return fmt.Errorf("%w: context menu entry %d: %v", ErrInvalidArgument, i, err)
			}
		}
		entries = append(entries, &menuNode{label: label, fn: fn})
	}
	return p.addMenuEntries(namespace, entries)
}

// AddContextMenuEntriesFromObject adds the exported methods of obj that take
// no arguments and return nothing (func()), sorted by name, to namespace as
// AddContextMenuEntries does. displayNames[i] labels the i-th such method;
// a missing or empty name means the method name. Methods of other
// signatures are left out. Pass a pointer to include methods with pointer
// receivers.
//
// It returns an error wrapping ErrInvalidArgument when obj is nil or has no
// such method, or when there are more names than methods.
func (p *Instance) AddContextMenuEntriesFromObject(obj any, displayNames []string, namespace string) error {
	methods, err := bind.Methods(obj)
	if err != nil {
		return fmt.Errorf("%w: AddContextMenuEntriesFromObject: %v", ErrInvalidArgument, err)
	}
	var entries []*menuNode
	for _, m := range methods {
		if fn, ok := m.Func.(func()); ok {
			entries = append(entries, &menuNode{label: m.Name, fn: fn})
		}
	}
	if len(entries) == 0 {
		return fmt.Errorf("%w: AddContextMenuEntriesFromObject: %T has no exported method of type func()", ErrInvalidArgument, obj)
	}
	if len(displayNames) > len(entries) {
		return fmt.Errorf("%w: AddContextMenuEntriesFromObject: %d display names for %d methods", ErrInvalidArgument, len(displayNames), len(entries))
	}
	for i, name := range displayNames {
		if name != "" {
			entries[i].label = name
		}
	}
	return p.addMenuEntries(namespace, entries)
}

// AddContextMenuItem adds item (with its submenus) to the context menu of
// this instance's window, at the end of namespace's items ("" means "app"),
// as AddContextMenuEntry does. OnClick gets a MenuContext telling what was
// right-clicked: the link, image or media under the pointer, the selected
// text, whether it is editable, where, and the data-* attributes of the
// clicked element and its ancestors (on the app's own pages). Check and
// radio items keep their state from one menu to the next.
//
// It returns an error wrapping ErrInvalidArgument when an item has no
// label, a label or namespace is not valid UTF-8 or holds a NUL, a
// separator has other fields, an item is both Check and Radio, or an item
// with a Submenu has an OnClick; nothing is added then.
func (p *Instance) AddContextMenuItem(item MenuItem, namespace string) error {
	nodes, err := newMenuNodes("AddContextMenuItem", []MenuItem{item})
	if err != nil {
		return err
	}
	return p.addMenuEntries(namespace, nodes)
}

func (p *Instance) addMenuEntries(namespace string, entries []*menuNode) error {
	if err := checkMenuText("namespace", namespace); err != nil {
		return err
	}
	for _, e := range entries {
		if err := checkMenuText("display name", e.label); err != nil {
			return err
		}
	}
	if namespace == "" {
		namespace = defaultMenuNamespace
	}
	m := &p.menus
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.entries == nil {
		m.entries = map[string][]*menuNode{}
	}
	m.entries[namespace] = append(m.entries[namespace], entries...)
	fixRadioGroups(m.entries[namespace])
	return nil
}

// SetContextMenuNamespace chooses whose entries the context menu shows from
// the next right click on: those added to ns ("" means "app", the default).
// A namespace without entries shows none. It may be called at any time, also
// before the window opens and from a menu entry's function; the choice stays
// for later windows of the instance. It returns an error wrapping
// ErrInvalidArgument when ns is not valid UTF-8.
func (p *Instance) SetContextMenuNamespace(ns string) error {
	if err := checkMenuText("namespace", ns); err != nil {
		return err
	}
	p.menus.mu.Lock()
	p.menus.current = ns
	p.menus.mu.Unlock()
	return nil
}

// SetShowDebugContextMenu chooses the debug context menu (true) or the
// default (false), from the next right click on.
//
// The default menu shows the engine's items that edit or copy (Copy, Cut,
// Paste, Select All, spelling and input methods, copying a link or an image,
// when they apply), then the entries of the current namespace; without any
// item it does not open. The debug menu keeps all of the engine's items
// (navigation too) and adds Inspect Element and the developer tools (the Web
// Inspector), then the entries. Once a debug menu has opened in a window,
// that window's developer tools stay available.
func (p *Instance) SetShowDebugContextMenu(show bool) {
	p.menus.mu.Lock()
	p.menus.debug = show
	p.menus.mu.Unlock()
}

// ContextMenu is an engine event: the page's context menu is opening. The
// entries' Activate funcs, called on the engine's thread, only queue.
func (b *browser) ContextMenu(hit engine.HitTest) engine.Menu {
	ctx := MenuContext{Source: FromContextMenu, X: hit.X, Y: hit.Y, LinkURL: hit.LinkURL, ImageURL: hit.ImageURL,
		MediaURL: hit.MediaURL, Editable: hit.Editable}
	if pc, ok := b.takeMenuContext(hit); ok {
		ctx.X, ctx.Y, ctx.SelectedText, ctx.Data = pc.X, pc.Y, pc.Text, pc.Data
	}
	m := &b.inst.menus
	m.mu.Lock()
	defer m.mu.Unlock()
	ns := m.current
	if ns == "" {
		ns = defaultMenuNamespace
	}
	menu := engine.Menu{Debug: m.debug}
	menu.Items = engineMenu(m.entries[ns], false, func(nodes []*menuNode, i int) func() {
		n := nodes[i]
		return func() {
			checked := choose(&m.mu, nodes, i)
			if n.fn != nil {
				callbacks.push(n.fn)
				return
			}
			if n.click != nil {
				c := ctx
				c.Label, c.Checked = n.label, checked
				callbacks.push(func() { n.click(c) })
			}
		}
	})
	return menu
}

// pageMenuContext is what the page runtime tells of a right click, just
// before the engine opens the menu (a "menu" message; messages and the
// menu's opening reach the UI thread in order).
type pageMenuContext struct {
	X, Y int
	Text string
	Data map[string]string
	at   time.Time
}

// menuMessage stores what the page runtime tells of a right click; it runs
// on the UI thread.
func (b *browser) menuMessage(body string) error {
	var pc pageMenuContext
	if len(body) > 1<<20 {
		return fmt.Errorf("gotonium: menu context too large")
	}
	if err := json.Unmarshal([]byte(body), &pc); err != nil {
		return fmt.Errorf("gotonium: malformed menu context: %v", err)
	}
	pc.at = time.Now()
	b.mu.Lock()
	b.menuCtx = &pc
	b.mu.Unlock()
	return nil
}

// takeMenuContext returns the page's account of the right click that opens
// this menu: the last one told, when it is recent and where the engine saw
// the click (a right click in an iframe tells nothing, and must not get the
// previous click's data). It is used once.
func (b *browser) takeMenuContext(hit engine.HitTest) (*pageMenuContext, bool) {
	b.mu.Lock()
	pc := b.menuCtx
	b.menuCtx = nil
	b.mu.Unlock()
	switch {
	case pc == nil, time.Since(pc.at) > 2*time.Second:
		return nil, false
	case hit.X < 0: // opened from the keyboard: the engine has no position
		if time.Since(pc.at) > 500*time.Millisecond {
			return nil, false
		}
	case abs(pc.X-hit.X) > 2 || abs(pc.Y-hit.Y) > 2:
		return nil, false
	}
	return pc, true
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func checkMenuText(what, s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%w: context menu %s %q is not valid UTF-8", ErrInvalidArgument, what, s)
	}
	return nil
}

// funcName derives an entry's label from fn's Go name (see bind.GoName).
func funcName(fn func()) (string, error) {
	name, err := bind.GoName(fn)
	if err != nil {
		return "", fmt.Errorf("%v; give a display name", strings.TrimPrefix(err.Error(), "bind: "))
	}
	return name, nil
}
