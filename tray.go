package gotonium

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"sync"
	"time"

	"github.com/gotonium/gotonium/internal/engine"
	"github.com/gotonium/gotonium/internal/sni"
)

// TrayOptions says what a tray icon shows and does. Give the icon as one of
// Icon, IconFile or IconImage.
type TrayOptions struct {
	// Icon is the icon as the bytes of a PNG file, such as one embedded
	// with embed.FS.
	Icon []byte
	// IconFile is the path of a PNG file to read instead.
	IconFile string
	// IconImage is the icon as an image instead.
	IconImage image.Image
	// Tooltip is the text the tray shows when the pointer rests on the icon.
	Tooltip string
	// Title names the app to the tray (some trays list items by it); ID
	// identifies the item to the tray across runs. ID defaults to the
	// program's file name.
	Title, ID string
	// Menu is the menu the tray opens on the icon (on a right click in
	// most trays): the same MenuItems as context menus and the menu bar,
	// "&" mnemonics included. OnClick of an item gets a MenuContext with
	// Source FromTray, Label and the new Checked state. Accelerators are
	// not shown and do nothing here.
	Menu []MenuItem
	// OnClick is called when the user activates the icon (a left click in
	// most trays). When OnClick and OnDoubleClick are nil, such a click
	// opens the Menu instead, in trays that honour the protocol's
	// ItemIsMenu.
	OnClick func()
	// OnDoubleClick is called, after OnClick, for an activation that
	// follows the previous one within 400 ms. The tray protocol has no
	// double-click of its own: this is the timing of two activations.
	OnDoubleClick func()
	// OnMiddleClick is called for the protocol's secondary activation (a
	// middle click in most trays).
	OnMiddleClick func()
	// OnScroll is called when the user scrolls on the icon: delta as the
	// tray reports it (commonly ±120 for a wheel step; the sign is the
	// direction) and whether the scroll was horizontal.
	OnScroll func(delta int, horizontal bool)
}

// Tray is an icon in the desktop's system tray, made by NewTray. Its
// methods are safe from any goroutine; after Remove they return an error
// wrapping ErrInvalidArgument.
type Tray struct {
	item *sni.Item
	opts TrayOptions // callbacks only

	mu        sync.Mutex
	removed   bool
	nodes     []*menuNode
	refs      map[int32]trayRef
	nextID    int32
	lastClick time.Time
}

// trayRef is where the menu entry with an id is: nodes[i].
type trayRef struct {
	nodes []*menuNode
	i     int
}

// doubleClickTime is the longest time between the two activations of a
// double click (GTK's default).
const doubleClickTime = 400 * time.Millisecond

// NewTray puts an icon in the desktop's system tray, with opts, and returns
// it; Remove takes it away. It does not need Initialize, and more than one
// tray may be shown at a time. The callbacks, and those of the menu, run on
// the goroutine that pumps (UpdateMessageLoop, Run, RunMulti), one at a
// time, like every app callback; a panic in one is recovered and logged.
//
// The tray speaks StatusNotifierItem with a com.canonical.dbusmenu menu on
// the D-Bus session bus, which KDE Plasma, GNOME with the AppIndicator
// extension, XFCE, LXQt, Cinnamon, MATE, waybar and most panels host. With
// no session bus, or no StatusNotifierWatcher on it (a desktop without such
// a tray), NewTray returns an error wrapping ErrUnsupported, within seconds
// at most. When the tray restarts later, the icon comes back by itself.
//
// It returns an error wrapping ErrInvalidArgument for no icon, more than
// one, one that is not a PNG image (or not readable, for IconFile), and for
// the menu errors AddContextMenuItem reports.
func NewTray(opts TrayOptions) (*Tray, error) {
	icon, err := trayIcon("NewTray", opts.Icon, opts.IconFile, opts.IconImage)
	if err != nil {
		return nil, err
	}
	if err := checkTrayText("NewTray: Tooltip", opts.Tooltip); err != nil {
		return nil, err
	}
	if err := checkTrayText("NewTray: Title", opts.Title); err != nil {
		return nil, err
	}
	if err := checkTrayText("NewTray: ID", opts.ID); err != nil {
		return nil, err
	}
	nodes, err := newMenuNodes("NewTray", opts.Menu)
	if err != nil {
		return nil, err
	}
	t := &Tray{opts: TrayOptions{OnClick: opts.OnClick, OnDoubleClick: opts.OnDoubleClick, OnMiddleClick: opts.OnMiddleClick, OnScroll: opts.OnScroll}}
	entries := t.setNodes(nodes)
	item, err := sni.New(sni.Config{
		ID:         opts.ID,
		Title:      opts.Title,
		Icon:       icon,
		ToolTip:    opts.Tooltip,
		ItemIsMenu: opts.OnClick == nil && opts.OnDoubleClick == nil && len(nodes) > 0,
		Menu:       entries,
		Handlers: sni.Handlers{
			Activate:          func(x, y int32) { t.activate() },
			SecondaryActivate: func(x, y int32) { t.push(t.opts.OnMiddleClick) },
			Scroll:            t.scroll,
			MenuClicked:       t.menuClicked,
		},
	})
	if err != nil {
		if errors.Is(err, sni.ErrNoBus) || errors.Is(err, sni.ErrNoWatcher) {
			return nil, fmt.Errorf("%w: NewTray: %v", ErrUnsupported, err)
		}
		return nil, fmt.Errorf("gotonium: NewTray: %w", err)
	}
	t.mu.Lock() // the item's handlers may run already
	t.item = item
	t.mu.Unlock()
	log().Debug("gotonium: tray registered", "name", item.Name())
	return t, nil
}

// checkTrayText checks a tray string: valid UTF-8 without NUL (D-Bus
// carries no other).
func checkTrayText(what, s string) error {
	if s == "" {
		return nil
	}
	return checkText(what, s)
}

// SetIcon replaces the icon with the bytes of a PNG file. Data that is not
// a PNG image is ErrInvalidArgument and the icon stays as it was.
func (t *Tray) SetIcon(png []byte) error {
	return t.setIcon(png, "", nil)
}

// SetIconFile replaces the icon with a PNG file.
func (t *Tray) SetIconFile(path string) error { return t.setIcon(nil, path, nil) }

// SetIconImage replaces the icon with img.
func (t *Tray) SetIconImage(img image.Image) error { return t.setIcon(nil, "", img) }

func (t *Tray) setIcon(data []byte, path string, img image.Image) error {
	icon, err := trayIcon("Tray.SetIcon", data, path, img)
	if err != nil {
		return err
	}
	return t.do(func() error { return t.item.SetIcon(icon) })
}

// SetTooltip replaces the tooltip; "" removes it.
func (t *Tray) SetTooltip(text string) error {
	if err := checkTrayText("Tray.SetTooltip", text); err != nil {
		return err
	}
	return t.do(func() error { return t.item.SetToolTip(text) })
}

// SetTitle replaces the title.
func (t *Tray) SetTitle(title string) error {
	if err := checkTrayText("Tray.SetTitle", title); err != nil {
		return err
	}
	return t.do(func() error { return t.item.SetTitle(title) })
}

// SetMenu replaces the menu; nil or empty leaves the tray without one.
// Errors are those of NewTray's Menu, and the menu does not change then.
// A menu the user has open shows the change.
func (t *Tray) SetMenu(items []MenuItem) error {
	nodes, err := newMenuNodes("Tray.SetMenu", items)
	if err != nil {
		return err
	}
	return t.do(func() error {
		if err := t.item.SetMenu(t.setNodes(nodes)); err != nil {
			return err
		}
		return t.item.SetItemIsMenu(t.opts.OnClick == nil && t.opts.OnDoubleClick == nil && len(nodes) > 0)
	})
}

// Remove takes the icon out of the tray. Callbacks already queued still
// run; none is queued after Remove returns. Removing twice is a no-op.
func (t *Tray) Remove() error {
	t.mu.Lock()
	if t.removed {
		t.mu.Unlock()
		return nil
	}
	t.removed = true
	t.mu.Unlock()
	if err := t.item.Close(); err != nil {
		return fmt.Errorf("gotonium: Tray.Remove: %w", err)
	}
	return nil
}

// do runs f unless the tray is removed.
func (t *Tray) do(f func() error) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.removed {
		return fmt.Errorf("%w: the tray is removed", ErrInvalidArgument)
	}
	if err := f(); err != nil {
		return fmt.Errorf("gotonium: tray: %w", err)
	}
	return nil
}

// push queues f for the pump, unless f is nil or the tray is removed.
func (t *Tray) push(f func()) {
	t.mu.Lock() // held while queueing: nothing is queued once Remove has begun
	defer t.mu.Unlock()
	if f != nil && !t.removed {
		callbacks.push(f)
	}
}

func (t *Tray) activate() {
	t.mu.Lock()
	now := time.Now()
	double := !t.lastClick.IsZero() && now.Sub(t.lastClick) <= doubleClickTime
	if double {
		t.lastClick = time.Time{} // a third click starts a new pair
	} else {
		t.lastClick = now
	}
	t.mu.Unlock()
	t.push(t.opts.OnClick)
	if double {
		t.push(t.opts.OnDoubleClick)
	}
}

func (t *Tray) scroll(delta int32, orientation string) {
	if f := t.opts.OnScroll; f != nil && delta != 0 {
		horizontal := orientation == "horizontal"
		t.push(func() { f(int(delta), horizontal) })
	}
}

// setNodes makes nodes the menu and returns its entries, with ids never
// used before, so that a click on a menu the tray showed before a SetMenu
// chooses nothing (under t.mu or before the tray is shared).
func (t *Tray) setNodes(nodes []*menuNode) []sni.MenuEntry {
	t.nodes = nodes
	t.refs = map[int32]trayRef{}
	var conv func([]*menuNode) []sni.MenuEntry
	conv = func(nodes []*menuNode) []sni.MenuEntry {
		out := make([]sni.MenuEntry, len(nodes))
		for i, n := range nodes {
			t.nextID++
			id := t.nextID
			t.refs[id] = trayRef{nodes, i}
			out[i] = trayEntry(id, n)
			out[i].Children = conv(n.sub)
		}
		return out
	}
	return conv(nodes)
}

// trayEntry is the entry of n (under t.mu), without children.
func trayEntry(id int32, n *menuNode) sni.MenuEntry {
	e := sni.MenuEntry{ID: id, Label: engine.UnderscoreMnemonics(n.label), Disabled: n.disabled, Separator: n.sep, Checked: n.checked}
	switch {
	case n.check:
		e.Toggle = "checkmark"
	case n.radio:
		e.Toggle = "radio"
	}
	return e
}

// menuClicked is the user's choice of the entry id: gotonium keeps the check
// state, tells the tray the new state and queues OnClick.
func (t *Tray) menuClicked(id int32) {
	t.mu.Lock()
	ref, ok := t.refs[id]
	if !ok || t.removed {
		t.mu.Unlock()
		return
	}
	n := ref.nodes[ref.i]
	checked := n.checked
	var changed []sni.MenuEntry
	if n.check || n.radio {
		group := ref.nodes[ref.i : ref.i+1]
		if n.radio {
			group = radioGroup(ref.nodes, ref.i)
		}
		before := make([]bool, len(group))
		for k, o := range group {
			before[k] = o.checked
		}
		t.mu.Unlock()
		checked = choose(&t.mu, ref.nodes, ref.i)
		t.mu.Lock()
		for k, o := range group {
			if o.checked != before[k] {
				for oid, r := range t.refs {
					if r.nodes[r.i] == o {
						changed = append(changed, trayEntry(oid, o))
					}
				}
			}
		}
	}
	if len(changed) > 0 && t.item != nil {
		if err := t.item.UpdateEntries(changed); err != nil {
			log().Debug("gotonium: tray: updating the menu", "err", err)
		}
	}
	t.mu.Unlock()
	if n.click != nil {
		ctx := MenuContext{Source: FromTray, Label: n.label, Checked: checked}
		t.push(func() { n.click(ctx) })
	}
}

// Icon sizes sent to the tray, which picks the one that fits its panel.
var trayIconSizes = []int{16, 22, 24, 32, 48, 64, 128, 256}

// maxTrayIconPixels bounds the decoded size of a tray icon.
const maxTrayIconPixels = 4096 * 4096

// trayIcon decodes the icon given as PNG bytes, a PNG file or an image and
// returns it in several sizes.
func trayIcon(what string, data []byte, path string, img image.Image) ([]sni.Pixmap, error) {
	given := 0
	for _, set := range []bool{len(data) > 0, path != "", img != nil} {
		if set {
			given++
		}
	}
	if given != 1 {
		return nil, fmt.Errorf("%w: %s: give the icon as exactly one of PNG bytes, a PNG file or an image", ErrInvalidArgument, what)
	}
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrInvalidArgument, what, err)
		}
		data = b
	}
	if img == nil {
		cfg, err := png.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("%w: %s: the icon is not a PNG image: %v", ErrInvalidArgument, what, err)
		}
		if cfg.Width*cfg.Height > maxTrayIconPixels {
			return nil, fmt.Errorf("%w: %s: the icon is %dx%d pixels, too large", ErrInvalidArgument, what, cfg.Width, cfg.Height)
		}
		img, err = png.Decode(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("%w: %s: the icon is not a PNG image: %v", ErrInvalidArgument, what, err)
		}
	}
	b := img.Bounds()
	if b.Empty() || b.Dx()*b.Dy() > maxTrayIconPixels {
		return nil, fmt.Errorf("%w: %s: the icon is %dx%d pixels", ErrInvalidArgument, what, b.Dx(), b.Dy())
	}
	src := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(src, src.Bounds(), img, b.Min, draw.Src)
	side := max(b.Dx(), b.Dy())
	var out []sni.Pixmap
	for _, s := range trayIconSizes {
		if s < side {
			out = append(out, argb(scaleDown(src, s*b.Dx()/side, s*b.Dy()/side)))
		}
	}
	if side <= trayIconSizes[len(trayIconSizes)-1] {
		out = append(out, argb(src))
	}
	return out, nil
}

// scaleDown averages the (premultiplied) pixels of src into a w×h image.
func scaleDown(src *image.RGBA, w, h int) *image.RGBA {
	w, h = max(w, 1), max(h, 1)
	sw, sh := src.Bounds().Dx(), src.Bounds().Dy()
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		y0, y1 := y*sh/h, max((y+1)*sh/h, y*sh/h+1)
		for x := 0; x < w; x++ {
			x0, x1 := x*sw/w, max((x+1)*sw/w, x*sw/w+1)
			var r, g, b, a, n int
			for sy := y0; sy < y1; sy++ {
				row := src.Pix[sy*src.Stride:]
				for sx := x0; sx < x1; sx++ {
					p := row[sx*4 : sx*4+4]
					r, g, b, a, n = r+int(p[0]), g+int(p[1]), b+int(p[2]), a+int(p[3]), n+1
				}
			}
			o := dst.Pix[y*dst.Stride+x*4:]
			o[0], o[1], o[2], o[3] = uint8(r/n), uint8(g/n), uint8(b/n), uint8(a/n)
		}
	}
	return dst
}

// argb is img as the tray wants it: ARGB32 in network byte order, not
// premultiplied.
func argb(img *image.RGBA) sni.Pixmap {
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	data := make([]byte, 0, w*h*4)
	for y := 0; y < h; y++ {
		row := img.Pix[y*img.Stride:]
		for x := 0; x < w; x++ {
			p := row[x*4 : x*4+4]
			r, g, b, a := p[0], p[1], p[2], p[3]
			if a != 0 && a != 255 {
				r, g, b = uint8(int(r)*255/int(a)), uint8(int(g)*255/int(a)), uint8(int(b)*255/int(a))
			}
			data = append(data, a, r, g, b)
		}
	}
	return sni.Pixmap{Width: int32(w), Height: int32(h), Data: data}
}
