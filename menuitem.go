package gotonium

import (
	"fmt"
	"sync"

	"github.com/gotonium/gotonium/internal/engine"
)

// MenuItem is one item of a context menu (AddContextMenuItem) or of a
// window's menu bar (SetMenuBar). The zero value with a Label and an OnClick
// is an ordinary item.
type MenuItem struct {
	// Label is the text shown. In a menu bar "&" marks the next letter as the
	// item's mnemonic (Alt+letter on the bar, the letter in an open menu);
	// "&&" shows one "&". In context menus "&" is shown as written.
	Label string
	// OnClick is called when the user chooses the item (or presses its
	// Accelerator), on the goroutine that pumps, like every app callback;
	// a panic in it is recovered and logged. It may be nil for an item that
	// only opens a Submenu, or a disabled one.
	OnClick func(MenuContext)
	// Accelerator is the item's keyboard shortcut in a menu bar, written as
	// for AddShortcut ("Ctrl+S"). The menu bar shows it next to the label and
	// the key chooses the item while the window has the focus, unless the
	// item is disabled. Context menus do not show accelerators (WebKit's
	// context menu has no place for them) and the key does nothing there.
	Accelerator string
	// Separator makes the item a line between groups of items; the other
	// fields must be empty.
	Separator bool
	// Submenu, when not empty, is the menu that opens from this item.
	Submenu []MenuItem
	// Disabled shows the item greyed out; it cannot be chosen.
	Disabled bool
	// Check makes a check item and Radio a radio item (adjacent radio items
	// form one group, of which choosing one unchecks the others); Checked is
	// the state they start with. gotonium keeps the state as the user
	// changes it; MenuContext.Checked reports it to OnClick.
	Check, Radio, Checked bool
}

// MenuSource says how a menu item was chosen.
type MenuSource int

// The ways a menu item is chosen.
const (
	FromContextMenu MenuSource = iota // from the page's context menu
	FromMenuBar                       // from the window's menu bar: pointer, keyboard or Accelerator
	FromTray                          // from the menu of a Tray
)

// MenuContext is what OnClick of a MenuItem gets: where the menu was opened
// and what it was opened on. For a menu bar or tray item only Source, Label
// and Checked are set.
type MenuContext struct {
	Source MenuSource
	// Label is the chosen item's label, as given.
	Label string
	// Checked is the new state of a check or radio item.
	Checked bool
	// X and Y are where the page was right-clicked, in CSS pixels from the
	// top-left corner of the page's viewport.
	X, Y int
	// LinkURL, ImageURL and MediaURL are the link, image and audio or video
	// right-clicked, "" when there is none.
	LinkURL, ImageURL, MediaURL string
	// SelectedText is the page's selected text ("" when none), or the
	// selected part of the input or text area right-clicked.
	SelectedText string
	// Editable reports whether an input, text area or editable element was
	// right-clicked.
	Editable bool
	// Data holds the data-* attributes of the element right-clicked and of
	// its ancestors, the nearest element's winning, keyed by the name after
	// "data-": <li data-note-id="7"> gives Data["note-id"] == "7". Only the
	// app's own pages tell it (nil on other pages and in iframes); it is what
	// the page's markup says, so treat it as input.
	Data map[string]string
}

// menuNode is the core's copy of a MenuItem (or of a Pytonium entry, fn),
// which keeps the check state as the user changes it.
type menuNode struct {
	label    string
	click    func(MenuContext)
	fn       func() // the Pytonium forms
	accel    accelerator
	hasAccel bool
	sep      bool
	disabled bool
	check    bool
	radio    bool
	checked  bool
	sub      []*menuNode
}

// menuLimits bound what one menu may hold.
const (
	maxMenuItems = 1000
	maxMenuDepth = 8
)

// newMenuNodes validates items and copies them; what names the context of
// errors.
func newMenuNodes(what string, items []MenuItem) ([]*menuNode, error) {
	count := 0
	var build func(path string, items []MenuItem, depth int) ([]*menuNode, error)
	build = func(path string, items []MenuItem, depth int) ([]*menuNode, error) {
		if depth > maxMenuDepth {
			return nil, fmt.Errorf("%w: %s: submenus nest deeper than %d", ErrInvalidArgument, what, maxMenuDepth)
		}
		nodes := make([]*menuNode, 0, len(items))
		for i, it := range items {
			count++
			if count > maxMenuItems {
				return nil, fmt.Errorf("%w: %s: more than %d items", ErrInvalidArgument, what, maxMenuItems)
			}
			where := fmt.Sprintf("%s item %s%d", what, path, i)
			bad := func(why string) error { return fmt.Errorf("%w: %s (%q): %s", ErrInvalidArgument, where, it.Label, why) }
			if it.Separator {
				if it.Label != "" || it.OnClick != nil || it.Accelerator != "" || len(it.Submenu) > 0 || it.Check || it.Radio {
					return nil, bad("a separator has no label, OnClick, Accelerator, Submenu, Check or Radio")
				}
				nodes = append(nodes, &menuNode{sep: true})
				continue
			}
			if it.Label == "" {
				return nil, bad("no label")
			}
			if err := checkText(where+" label", it.Label); err != nil {
				return nil, err
			}
			if it.Check && it.Radio {
				return nil, bad("both Check and Radio")
			}
			if len(it.Submenu) > 0 && (it.OnClick != nil || it.Check || it.Radio || it.Accelerator != "") {
				return nil, bad("an item with a Submenu opens it: it has no OnClick, Check, Radio or Accelerator")
			}
			n := &menuNode{label: it.Label, click: it.OnClick, disabled: it.Disabled, check: it.Check, radio: it.Radio, checked: it.Checked && (it.Check || it.Radio)}
			if it.Accelerator != "" {
				a, err := parseAccelerator(it.Accelerator)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", where, err)
				}
				n.accel, n.hasAccel = a, true
			}
			if len(it.Submenu) > 0 {
				sub, err := build(fmt.Sprintf("%s%d.", path, i), it.Submenu, depth+1)
				if err != nil {
					return nil, err
				}
				n.sub = sub
			}
			nodes = append(nodes, n)
		}
		fixRadioGroups(nodes)
		return nodes, nil
	}
	return build("", items, 0)
}

// fixRadioGroups leaves at most one checked item in each group of adjacent
// radio items (the last one checked) and checks the first when none is.
func fixRadioGroups(nodes []*menuNode) {
	for i := 0; i < len(nodes); {
		if !nodes[i].radio {
			i++
			continue
		}
		j := i
		on := -1
		for ; j < len(nodes) && nodes[j].radio; j++ {
			if nodes[j].checked {
				on = j
			}
		}
		if on < 0 {
			on = i
		}
		for k := i; k < j; k++ {
			nodes[k].checked = k == on
		}
		i = j
	}
}

// radioGroup returns the adjacent radio items around nodes[i].
func radioGroup(nodes []*menuNode, i int) []*menuNode {
	lo, hi := i, i+1
	for lo > 0 && nodes[lo-1].radio {
		lo--
	}
	for hi < len(nodes) && nodes[hi].radio {
		hi++
	}
	return nodes[lo:hi]
}

// choose records that the user chose nodes[i] (under mu) and returns the
// item's new check state.
func choose(mu *sync.Mutex, nodes []*menuNode, i int) bool {
	mu.Lock()
	defer mu.Unlock()
	n := nodes[i]
	switch {
	case n.check:
		n.checked = !n.checked
	case n.radio:
		for _, o := range radioGroup(nodes, i) {
			o.checked = o == n
		}
	}
	return n.checked
}

// engineMenu turns nodes into the engine's items (under mu); accelerators
// go only to a menu bar. activate makes the Activate func of nodes[i].
func engineMenu(nodes []*menuNode, menubar bool, activate func(nodes []*menuNode, i int) func()) []engine.MenuItem {
	out := make([]engine.MenuItem, len(nodes))
	for i, n := range nodes {
		if n.sep {
			out[i] = engine.MenuItem{Separator: true}
			continue
		}
		it := engine.MenuItem{Label: n.label, Disabled: n.disabled, Check: n.check, Radio: n.radio, Checked: n.checked}
		if n.hasAccel && menubar {
			it.Accel = engine.Shortcut{Key: n.accel.key, Mods: n.accel.mods}
		}
		if len(n.sub) > 0 {
			it.Submenu = engineMenu(n.sub, menubar, activate)
		} else if !n.disabled {
			it.Activate = activate(nodes, i)
		}
		out[i] = it
	}
	return out
}

// accelerators lists the accelerators of nodes and their submenus.
func accelerators(nodes []*menuNode, out map[accelerator]string) error {
	for _, n := range nodes {
		if n.hasAccel {
			if other, ok := out[n.accel]; ok {
				return fmt.Errorf("%w: SetMenuBar: %s is the accelerator of %q and %q", ErrInvalidArgument, n.accel, other, n.label)
			}
			out[n.accel] = n.label
		}
		if err := accelerators(n.sub, out); err != nil {
			return err
		}
	}
	return nil
}
