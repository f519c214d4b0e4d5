package webkitgtk

/*
#include "webkitgtk.h"

void gtn_osr_schedule(int id, int delay_ms);
int gtn_osr_grab(GtkWidget *win, unsigned char *dst, int stride, int x, int y, int width, int height);
void gtn_convert(const unsigned char *src, int sstride, int format, unsigned char *dst, int dstride, int width, int height);
void gtn_osr_mouse(WebKitWebView *view, int kind, double x, double y, int button, double dx, double dy, guint state);
void gtn_osr_key(WebKitWebView *view, guint keyval, int down, int modifier, guint state);
void gtn_snapshot(WebKitWebView *view, long token);
*/
import "C"

import (
	"errors"
	"fmt"
	"image"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/gotonium/gotonium/internal/engine"
)

// frameInterval is the shortest time between two frame grabs of one window:
// an animated page is grabbed at most 60 times a second.
const frameInterval = time.Second / 60

// osrWindow is the frame state of one offscreen window, owned by the GTK
// thread.
type osrWindow struct {
	img       *image.RGBA     // the last frame, updated in place
	dirty     image.Rectangle // damage since the last grab
	scheduled bool            // a grab is scheduled
	last      time.Time       // when the last grab ran
	state     C.guint         // modifier keys and mouse buttons held down
}

var (
	// Owned by the GTK thread.
	osrs      = map[int]*osrWindow{}
	snapshots = map[C.long]func(*image.RGBA, error){}
	nextSnap  C.long
)

func osrOf(w *window) *osrWindow {
	o := osrs[w.id]
	if o == nil {
		o = &osrWindow{}
		osrs[w.id] = o
	}
	return o
}

//export goOSRDamage
func goOSRDamage(id, x, y, width, height C.int) {
	w := windows[int(id)]
	if w == nil || w.closed {
		return
	}
	o := osrOf(w)
	o.dirty = o.dirty.Union(image.Rect(int(x), int(y), int(x+width), int(y+height)))
	if o.scheduled {
		return
	}
	o.scheduled = true
	delay := frameInterval - time.Since(o.last)
	if delay < 0 {
		delay = 0
	}
	C.gtn_osr_schedule(id, C.int(delay.Milliseconds()))
}

//export goOSRTick
func goOSRTick(id C.int) {
	w := windows[int(id)]
	o := osrs[int(id)]
	if w == nil || w.closed || o == nil {
		return
	}
	o.scheduled = false
	o.last = time.Now()
	size := image.Rect(0, 0, int(C.gtk_widget_get_allocated_width(w.win)), int(C.gtk_widget_get_allocated_height(w.win)))
	if o.img == nil || o.img.Rect != size {
		o.img = image.NewRGBA(size)
		o.dirty = size
	}
	dirty := o.dirty.Intersect(size)
	o.dirty = image.Rectangle{}
	if dirty.Empty() {
		return
	}
	if C.gtn_osr_grab(w.win, (*C.uchar)(unsafe.Pointer(&o.img.Pix[0])), C.int(o.img.Stride),
		C.int(dirty.Min.X), C.int(dirty.Min.Y), C.int(dirty.Dx()), C.int(dirty.Dy())) == 0 {
		o.dirty = dirty // no surface yet: keep the damage for the next grab
		return
	}
	safely(func() { w.ev.Frame(o.img, dirty) })
}

//export goOSRClosed
func goOSRClosed(id C.int) { delete(osrs, int(id)) }

// modifierMask returns the state bit a modifier key sets, or 0.
func modifierMask(keyval C.guint) C.guint {
	switch keyval {
	case C.GDK_KEY_Shift_L, C.GDK_KEY_Shift_R:
		return C.GDK_SHIFT_MASK
	case C.GDK_KEY_Control_L, C.GDK_KEY_Control_R:
		return C.GDK_CONTROL_MASK
	case C.GDK_KEY_Alt_L, C.GDK_KEY_Alt_R, C.GDK_KEY_Meta_L, C.GDK_KEY_Meta_R:
		return C.GDK_MOD1_MASK // Alt
	case C.GDK_KEY_Super_L, C.GDK_KEY_Super_R:
		return C.GDK_SUPER_MASK
	}
	return 0
}

// errBadInput is returned for input the engine cannot deliver (an unknown
// key name, a bad button); the core reports it as an invalid argument.
var errBadInput = errors.New("bad input")

// offscreenDo runs f on the GTK thread with the window's offscreen state.
func (w *window) offscreenDo(f func(o *osrWindow) error) error {
	var err error
	if e := call(func() {
		switch {
		case w.closed:
			err = engine.ErrClosed
		case !w.offscreen:
			err = engine.ErrUnsupported
		default:
			err = f(osrOf(w))
		}
	}); e != nil {
		return e
	}
	return err
}

// SendMouse delivers mouse input to an offscreen window as GdkEvents. It
// returns engine.ErrUnsupported for a window that is not offscreen.
func (w *window) SendMouse(ev engine.MouseEvent) error {
	if ev.Type < engine.MouseMove || ev.Type > engine.MouseWheel {
		return fmt.Errorf("%w: mouse event type %d", errBadInput, ev.Type)
	}
	if (ev.Type == engine.MouseDown || ev.Type == engine.MouseUp) && (ev.Button < 1 || ev.Button > 5) {
		return fmt.Errorf("%w: mouse button %d", errBadInput, ev.Button)
	}
	return w.offscreenDo(func(o *osrWindow) error {
		C.gtn_osr_mouse(w.view, C.int(ev.Type), C.double(ev.X), C.double(ev.Y), C.int(ev.Button),
			C.double(ev.DeltaX), C.double(ev.DeltaY), o.state)
		switch ev.Type {
		case engine.MouseDown:
			o.state |= C.GDK_BUTTON1_MASK << (ev.Button - 1)
		case engine.MouseUp:
			o.state &^= C.GDK_BUTTON1_MASK << (ev.Button - 1)
		}
		return nil
	})
}

// SendKey delivers a key press or release to an offscreen window. Key is an
// X keysym name or a single character; modifier keys held down (Shift,
// Control, Alt, Super) apply to the keys that follow until released.
func (w *window) SendKey(ev engine.KeyEvent) error {
	keyval, err := keyvalOf(ev.Key)
	if err != nil {
		return err
	}
	return w.offscreenDo(func(o *osrWindow) error {
		m := modifierMask(keyval)
		C.gtn_osr_key(w.view, keyval, C.int(cbool(ev.Down)), C.int(cbool(m != 0)), o.state)
		if ev.Down {
			o.state |= m
		} else {
			o.state &^= m
		}
		return nil
	})
}

// keyvalOf returns the GDK key value of an X keysym name ("Return", "a") or
// of a single character ("é", "!").
func keyvalOf(key string) (C.guint, error) {
	if key == "" {
		return 0, fmt.Errorf("%w: empty key name", errBadInput)
	}
	p, free := cstr(key)
	defer free()
	if v := C.gdk_keyval_from_name(p); v != C.GDK_KEY_VoidSymbol && v != 0 {
		return v, nil
	}
	if r, n := utf8.DecodeRuneInString(key); n == len(key) && r != utf8.RuneError && r >= ' ' {
		return C.gdk_unicode_to_keyval(C.guint32(r)), nil
	}
	return 0, fmt.Errorf("%w: unknown key %q (want an X keysym name such as \"a\", \"Return\", \"BackSpace\", or one character)", errBadInput, key)
}

// snapshotTimeout bounds the wait for WebKit to render a snapshot.
const snapshotTimeout = 10 * time.Second

// Snapshot renders the visible part of the window's page (any window, also
// one on screen). A page with a transparent background keeps alpha 0 where it
// paints nothing. It must not be called on the GTK thread.
func (w *window) Snapshot() (*image.RGBA, error) {
	if onGTKThread() {
		return nil, errors.New("snapshot: called on the GTK thread")
	}
	type result struct {
		img *image.RGBA
		err error
	}
	res := make(chan result, 1)
	if e := call(func() {
		if w.closed {
			res <- result{nil, engine.ErrClosed}
			return
		}
		nextSnap++
		snapshots[nextSnap] = func(img *image.RGBA, err error) { res <- result{img, err} }
		C.gtn_snapshot(w.view, nextSnap)
	}); e != nil {
		return nil, e
	}
	t := time.NewTimer(snapshotTimeout)
	defer t.Stop()
	select {
	case r := <-res:
		return r.img, r.err
	case <-t.C:
		return nil, fmt.Errorf("snapshot: no image after %v", snapshotTimeout)
	}
}

//export goSnapshotDone
func goSnapshotDone(token C.long, data *C.uchar, width, height, stride, format C.int, errText *C.char) {
	done := snapshots[token]
	delete(snapshots, token)
	if done == nil {
		return
	}
	if errText != nil {
		msg := C.GoString(errText)
		safely(func() { done(nil, fmt.Errorf("snapshot: %s", msg)) })
		return
	}
	img := image.NewRGBA(image.Rect(0, 0, int(width), int(height)))
	if len(img.Pix) > 0 {
		C.gtn_convert(data, stride, format, (*C.uchar)(unsafe.Pointer(&img.Pix[0])), C.int(img.Stride), width, height)
	}
	safely(func() { done(img, nil) })
}
