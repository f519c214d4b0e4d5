package gotoniumtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// xdotool runs xdotool with args, bounded in time, and returns its output.
func xdotool(args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "xdotool", args...).CombinedOutput()
	if errors.Is(err, exec.ErrNotFound) {
		return "", errors.New("xdotool is not installed: install the xdotool package (apt-get install xdotool)")
	}
	if err != nil {
		return "", fmt.Errorf("xdotool %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return strings.TrimSpace(string(out)), nil
}

// xwininfo runs xwininfo with args and returns its output.
func xwininfo(args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "xwininfo", args...).CombinedOutput()
	if errors.Is(err, exec.ErrNotFound) {
		return "", errors.New("xwininfo is not installed: install the x11-utils package (apt-get install x11-utils)")
	}
	if err != nil {
		return "", fmt.Errorf("xwininfo %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return string(out), nil
}

// waitViewable waits until the X window xid (and so its frame) is mapped.
func (w *Window) waitViewable(xid uint64) error {
	deadline, timeout := w.deadline(0)
	for {
		out, err := xwininfo("-id", strconv.FormatUint(xid, 10))
		if err != nil && strings.Contains(err.Error(), "not installed") {
			return fmt.Errorf("gotoniumtest: %v", err)
		}
		if strings.Contains(out, "Map State: IsViewable") {
			return nil
		}
		if !time.Now().Before(deadline) {
			return fmt.Errorf("%w after %v waiting for X window 0x%x to be viewable (hidden or minimised?)", ErrTimeout, timeout, xid)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// xid returns the window's X window id; an offscreen window or a closed one
// is an error.
func (w *Window) xid() (string, error) {
	xid := w.p.NativeWindowHandle()
	if xid == 0 {
		return "", errors.New("gotoniumtest: the window has no X window (closed, or offscreen: use SendMouseEvent and SendKeyEvent for offscreen windows)")
	}
	return strconv.FormatUint(xid, 10), nil
}

// activate gives the window the keyboard focus and raises it, unless it has
// the focus already, and returns its X window id. With a window manager that
// is _NET_ACTIVE_WINDOW; without one, the X input focus.
func (w *Window) activate() (string, error) {
	xid, err := w.xid()
	if err != nil {
		return "", err
	}
	if id, err := xdotool("getactivewindow"); err == nil {
		if id == xid {
			return xid, nil
		}
		if _, err := xdotool("windowactivate", "--sync", xid); err != nil {
			return "", fmt.Errorf("gotoniumtest: activating the window: %v", err)
		}
	} else {
		if strings.Contains(err.Error(), "not installed") {
			return "", fmt.Errorf("gotoniumtest: %v", err)
		}
		if id, err := xdotool("getwindowfocus", "-f"); err == nil && id == xid {
			return xid, nil
		}
		if _, err := xdotool("windowraise", xid, "windowfocus", "--sync", xid); err != nil {
			return "", fmt.Errorf("gotoniumtest: focusing the window: %v", err)
		}
	}
	time.Sleep(100 * time.Millisecond) // GTK handles the focus change
	return xid, nil
}

// point returns where, in X pixels from the window's top-left corner, the
// middle of the element matching selector is, after scrolling it into view
// when it is not.
func (w *Window) point(selector string) (x, y int, err error) {
	if err := w.waitRendered(selector); err != nil {
		return 0, 0, err
	}
	v, err := w.Eval(`((el) => { let b = el.getBoundingClientRect(); if (b.top < 0 || b.left < 0 || b.bottom > innerHeight || b.right > innerWidth) { el.scrollIntoView({block: "center", inline: "center"}); b = el.getBoundingClientRect(); } return [b.left + b.width / 2, b.top + b.height / 2, window.innerWidth, window.innerHeight, window.devicePixelRatio || 1]; })(` + elementJS(selector) + `)`)
	if err != nil {
		return 0, 0, err
	}
	r, ok := v.([]any)
	if !ok || len(r) != 5 {
		return 0, 0, fmt.Errorf("gotoniumtest: cannot find where %s is", selector)
	}
	f := make([]float64, 5)
	for i := range r {
		f[i], _ = r[i].(float64)
	}
	zoom, err := w.p.Zoom()
	if err != nil || zoom <= 0 {
		zoom = 1
	}
	scale := zoom * f[4]
	// The page fills the bottom of the content area (a menu bar, if any,
	// is above it).
	top := 0.0
	if _, h, err := w.p.WindowSize(); err == nil {
		top = math.Max(0, float64(h)-f[3]*scale)
	}
	return int(math.Round(f[0] * scale)), int(math.Round(top + f[1]*scale)), nil
}

// Click clicks the middle of the element matching selector with the left
// mouse button, as a user does: it waits for the element to be rendered,
// scrolls it into view when it is not, activates the window and sends a real
// pointer motion and click through the X server. The page's click is
// trusted, it moves the focus and it runs default actions (following a link,
// toggling a checkbox). Click returns once X has the events; wait for their
// effect with WaitFor.
func (w *Window) Click(selector string) error {
	x, y, err := w.point(selector)
	if err != nil {
		return err
	}
	xid, err := w.activate()
	if err != nil {
		return err
	}
	if _, err := xdotool("mousemove", "--window", xid, strconv.Itoa(x), strconv.Itoa(y), "click", "1"); err != nil {
		return fmt.Errorf("gotoniumtest: Click(%q): %v", selector, err)
	}
	return nil
}

// Type clicks the element matching selector (see Click), waits until it has
// the focus, and types text with real key events through the X server, one
// character at a time. It returns once the element's value (or text, for
// other elements) contains text, or after two seconds when the page changes
// what is typed. Use Press for keys that are not text (Return, Tab, Ctrl+A).
func (w *Window) Type(selector, text string) error {
	if err := w.Click(selector); err != nil {
		return err
	}
	el := elementJS(selector)
	if err := w.wait(selector+" to have the focus after a click", `((el) => !!el && (el === document.activeElement || el.contains(document.activeElement)))(`+el+`)`); err != nil {
		return err
	}
	if _, err := xdotool("type", "--delay", "12", "--", text); err != nil {
		return fmt.Errorf("gotoniumtest: Type(%q): %v", selector, err)
	}
	quoted, _ := json.Marshal(text)
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		v, err := w.Eval(`((el, t) => !!el && String(typeof el.value === "string" ? el.value : el.innerText).includes(t))(` + el + `, ` + string(quoted) + `)`)
		if err != nil {
			return err
		}
		if v == true {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	return nil
}

// Press activates the window and presses each key combination in turn with
// real key events through the X server, as xdotool names them: "Return",
// "Tab", "shift+Tab", "Escape", "BackSpace", "ctrl+a", "ctrl+shift+p",
// "alt+F4", "F5" (X keysym names joined by "+"). Shortcuts registered with
// AddShortcut, menu accelerators and the page's key handlers see them.
// Press returns once X has the events.
func (w *Window) Press(keys ...string) error {
	if _, err := w.activate(); err != nil {
		return err
	}
	for _, k := range keys {
		if _, err := xdotool("key", k); err != nil {
			return fmt.Errorf("gotoniumtest: Press(%q): %v", k, err)
		}
	}
	return nil
}
