package gotonium

import (
	"errors"
	"fmt"
	"sync"

	"github.com/gotonium/gotonium/internal/engine"
)

// menuBar is an instance's menu bar. It has its own lock: the engine reads
// the check state on its UI thread while the user chooses items.
type menuBar struct {
	mu      sync.Mutex
	nodes   []*menuNode
	accels  map[accelerator]string // accelerator → label
	version int
}

// SetMenuBar gives the instance's window a menu bar above the page, with
// items as its menus (an item with a Submenu is a menu of the bar), and
// replaces the one it had; nil or empty removes it. It may be called before
// the window opens (the bar shows when it opens, and in later windows of
// the instance) and from any goroutine.
//
// Labels take "&" mnemonics ("&File": Alt+F opens it; F10 opens the first
// menu). An item's Accelerator chooses it while the window has the focus,
// also while the page's inputs have it, and the page does not see the key
// press: a bar with "Ctrl+C" takes copying from the page. OnClick gets a
// MenuContext with Source FromMenuBar and the new Checked state of check
// and radio items, which gotonium keeps as the user changes them. A
// fullscreen window hides its bar (the page gets the whole screen); its
// accelerators keep working.
//
// It returns an error wrapping ErrInvalidArgument for the item errors
// AddContextMenuItem reports, for a malformed accelerator, for one used
// twice, and for one that AddShortcut already gave the instance; the bar
// does not change then. Offscreen windows show no menu bar.
func (p *Instance) SetMenuBar(items []MenuItem) error {
	nodes, err := newMenuNodes("SetMenuBar", items)
	if err != nil {
		return err
	}
	accels := map[accelerator]string{}
	if err := accelerators(nodes, accels); err != nil {
		return err
	}
	p.mu.Lock()
	for _, s := range p.shortcuts {
		if label, ok := accels[s.accel]; ok {
			p.mu.Unlock()
			return fmt.Errorf("%w: SetMenuBar: %s of %q is a shortcut of the instance already (RemoveShortcut first)", ErrInvalidArgument, s.accel, label)
		}
	}
	bar := &p.menubar
	bar.mu.Lock()
	old, oldAccels := bar.nodes, bar.accels
	bar.nodes, bar.accels = nodes, accels
	bar.version++
	bar.mu.Unlock()
	p.mu.Unlock()
	if err := p.syncMenuBar(); err != nil {
		bar.mu.Lock()
		bar.nodes, bar.accels = old, oldAccels
		bar.version++
		bar.mu.Unlock()
		p.syncMenuBar()
		return fmt.Errorf("%w: SetMenuBar: %v", ErrInvalidArgument, err)
	}
	return nil
}

// menuBarItems returns the engine's items of the instance's menu bar.
func (p *Instance) menuBarItems() []engine.MenuItem {
	bar := &p.menubar
	bar.mu.Lock()
	defer bar.mu.Unlock()
	if len(bar.nodes) == 0 {
		return nil
	}
	return engineMenu(bar.nodes, true, func(nodes []*menuNode, i int) func() {
		n := nodes[i]
		return func() {
			checked := choose(&bar.mu, nodes, i)
			if n.click != nil {
				ctx := MenuContext{Source: FromMenuBar, Label: n.label, Checked: checked}
				callbacks.push(func() { n.click(ctx) })
			}
		}
	})
}

// syncMenuBar gives the open window the instance's menu bar.
func (p *Instance) syncMenuBar() error {
	items := p.menuBarItems()
	err := p.control("menu bar", func(w engine.Window) error { return w.SetMenuBar(items) })
	if errors.Is(err, ErrNoBrowser) {
		return nil
	}
	return err
}

// menuBarAccel reports whether the menu bar uses a as an accelerator, and
// the item's label.
func (p *Instance) menuBarAccel(a accelerator) (string, bool) {
	bar := &p.menubar
	bar.mu.Lock()
	defer bar.mu.Unlock()
	label, ok := bar.accels[a]
	return label, ok
}
