package gotonium

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/draw"
	_ "image/gif"  // IconData may be a GIF
	_ "image/jpeg" // or a JPEG
	_ "image/png"
	"math"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/gotonium/gotonium/internal/sessionbus"
)

// Desktop notifications over org.freedesktop.Notifications.

const (
	notifyName  = "org.freedesktop.Notifications"
	notifyPath  = dbus.ObjectPath("/org/freedesktop/Notifications")
	notifyIface = "org.freedesktop.Notifications"
)

// busCallTimeout bounds every call gotonium makes on the session bus.
var busCallTimeout = 10 * time.Second

// A Notification is a desktop notification for Notify. Only Title is
// required.
type Notification struct {
	// Title is the summary line; it must not be empty.
	Title string
	// Body is plain text: gotonium escapes '<', '>' and '&', so servers that
	// read markup show it as written.
	Body string
	// Icon is an icon-theme name ("dialog-information") or an image file's
	// path (made absolute and sent as a file:// URI).
	Icon string
	// IconData is the bytes of a PNG, JPEG or GIF image, sent as the
	// notification's image (the "image-data" hint); it wins over Icon on
	// servers that show one image.
	IconData []byte
	// Urgency is low, normal (the zero value) or critical. Servers keep
	// critical notifications until the user closes them.
	Urgency Urgency
	// Timeout: 0 uses the server's default, a positive duration closes the
	// notification after it (whole milliseconds), NeverExpire keeps it until
	// the user or CloseNotification closes it.
	Timeout time.Duration
	// Actions are buttons (or a menu, depending on the server). IDs must be
	// unique and not empty; labels must not be empty. The ID "default" is
	// the click on the notification itself: servers show no button for it.
	Actions []NotificationAction
	// OnAction gets the ID of the action the user invoked.
	OnAction func(id string)
	// OnClick runs when the user clicks the notification itself (it adds the
	// "default" action; then Actions must not have one too).
	OnClick func()
	// OnClosed runs once when the notification is closed, with why.
	OnClosed func(reason CloseReason)
	// AppName is the app's name as the server shows it; "" uses the last
	// element of AppID.
	AppName string
	// Replaces is a notification this one replaces in place (from
	// NotifyID); its callbacks are dropped. 0 is a new notification.
	Replaces NotificationID
}

// A NotificationAction is a button of a notification.
type NotificationAction struct {
	ID, Label string
}

// Urgency is how urgent a notification is.
type Urgency int

const (
	UrgencyNormal   Urgency = iota // the default
	UrgencyLow                     // may be shown less prominently
	UrgencyCritical                // stays until the user closes it
)

// NeverExpire as Notification.Timeout keeps the notification on screen
// until it is closed.
const NeverExpire time.Duration = -1

// NotificationID identifies a notification shown by NotifyID.
type NotificationID uint32

// CloseReason is why a notification was closed, as the server says.
type CloseReason uint32

const (
	CloseExpired   CloseReason = 1 // its timeout passed
	CloseDismissed CloseReason = 2 // the user closed it
	CloseByCall    CloseReason = 3 // CloseNotification (or a replacement)
	CloseUndefined CloseReason = 4 // the server gave no reason
)

func (r CloseReason) String() string {
	switch r {
	case CloseExpired:
		return "expired"
	case CloseDismissed:
		return "dismissed"
	case CloseByCall:
		return "closed by call"
	}
	return fmt.Sprintf("undefined (%d)", uint32(r))
}

// Notify shows a desktop notification through the session's notification
// server (org.freedesktop.Notifications) and returns once the server has
// it. OnAction, OnClick and OnClosed run later on the goroutine that pumps
// (UpdateMessageLoop, Run, RunMulti), like every app callback. Bad fields
// are ErrInvalidArgument; no session bus or no notification server is an
// error wrapping ErrUnsupported. Safe from any goroutine.
func Notify(n Notification) error {
	_, err := NotifyID(n)
	return err
}

// NotifyID is Notify that returns the notification's id, for
// CloseNotification and Notification.Replaces.
func NotifyID(n Notification) (NotificationID, error) {
	actions, hints, icon, timeout, err := n.encode()
	if err != nil {
		return 0, err
	}
	appName := n.AppName
	if appName == "" {
		id := AppID()
		appName = id[strings.LastIndexByte(id, '.')+1:]
	}
	conn, err := notifier.connect()
	if err != nil {
		return 0, err
	}
	// Hold the lock from the call until the record is in place: the
	// signal loop waits for it, so a quick action is never lost.
	notifier.mu.Lock()
	defer notifier.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), busCallTimeout)
	defer cancel()
	var id uint32
	err = conn.Object(notifyName, notifyPath).CallWithContext(ctx, notifyIface+".Notify", 0,
		appName, uint32(n.Replaces), icon, n.Title, escapeMarkup(n.Body), actions, hints, timeout).Store(&id)
	if err != nil {
		return 0, busError("notification", err)
	}
	var owner string
	if err := conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.GetNameOwner", 0, notifyName).Store(&owner); err != nil {
		return 0, busError("notification", err)
	}
	if notifier.conn == conn {
		delete(notifier.shown, uint32(n.Replaces))
		notifier.shown[id] = &shownNotification{owner: owner, onAction: n.OnAction, onClick: n.OnClick, onClosed: n.OnClosed}
	}
	return NotificationID(id), nil
}

// CloseNotification closes a notification shown by NotifyID; its OnClosed
// gets CloseByCall. An id the server no longer shows is not an error.
func CloseNotification(id NotificationID) error {
	if id == 0 {
		return fmt.Errorf("%w: CloseNotification: id 0", ErrInvalidArgument)
	}
	conn, err := notifier.connect()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), busCallTimeout)
	defer cancel()
	if err := conn.Object(notifyName, notifyPath).CallWithContext(ctx, notifyIface+".CloseNotification", 0, uint32(id)).Err; err != nil {
		return busError("notification", err)
	}
	return nil
}

// NotificationServerCapabilities returns what the notification server
// supports, such as "actions", "body", "body-markup", "icon-static",
// "persistence" (see the Desktop Notifications Specification).
func NotificationServerCapabilities() ([]string, error) {
	conn, err := notifier.connect()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), busCallTimeout)
	defer cancel()
	var caps []string
	if err := conn.Object(notifyName, notifyPath).CallWithContext(ctx, notifyIface+".GetCapabilities", 0).Store(&caps); err != nil {
		return nil, busError("notification", err)
	}
	return caps, nil
}

// encode checks n and makes the D-Bus arguments.
func (n *Notification) encode() (actions []string, hints map[string]dbus.Variant, icon string, timeout int32, err error) {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: notification: "+format, append([]any{ErrInvalidArgument}, a...)...)
	}
	if strings.TrimSpace(n.Title) == "" {
		return nil, nil, "", 0, bad("empty title")
	}
	seen := map[string]bool{}
	for i, a := range n.Actions {
		switch {
		case a.ID == "":
			return nil, nil, "", 0, bad("action %d has an empty ID", i)
		case a.Label == "":
			return nil, nil, "", 0, bad("action %q has an empty label", a.ID)
		case seen[a.ID]:
			return nil, nil, "", 0, bad("action ID %q twice", a.ID)
		}
		seen[a.ID] = true
		actions = append(actions, a.ID, a.Label)
	}
	if n.OnClick != nil {
		if seen["default"] {
			return nil, nil, "", 0, bad("OnClick and an action with ID \"default\"")
		}
		actions = append(actions, "default", "Open")
	}
	switch {
	case n.Timeout == 0:
		timeout = -1
	case n.Timeout < 0:
		timeout = 0
	case n.Timeout.Milliseconds() > math.MaxInt32:
		return nil, nil, "", 0, bad("timeout %v too long", n.Timeout)
	default:
		timeout = int32(max(n.Timeout.Milliseconds(), 1))
	}
	hints = map[string]dbus.Variant{"desktop-entry": dbus.MakeVariant(AppID())}
	switch n.Urgency {
	case UrgencyLow:
		hints["urgency"] = dbus.MakeVariant(byte(0))
	case UrgencyNormal:
		hints["urgency"] = dbus.MakeVariant(byte(1))
	case UrgencyCritical:
		hints["urgency"] = dbus.MakeVariant(byte(2))
	default:
		return nil, nil, "", 0, bad("urgency %d", n.Urgency)
	}
	if n.Icon != "" {
		icon = n.Icon
		if strings.ContainsRune(n.Icon, '/') {
			abs, err := filepath.Abs(n.Icon)
			if err != nil {
				return nil, nil, "", 0, bad("icon %q: %v", n.Icon, err)
			}
			icon = (&url.URL{Scheme: "file", Path: abs}).String()
		}
	}
	if len(n.IconData) > 0 {
		img, _, err := image.Decode(bytes.NewReader(n.IconData))
		if err != nil {
			return nil, nil, "", 0, bad("IconData: %v", err)
		}
		hints["image-data"] = dbus.MakeVariant(imageData(img))
	}
	return actions, hints, icon, timeout, nil
}

// notificationImage is the "image-data" hint, D-Bus type (iiibiiay).
type notificationImage struct {
	Width, Height, Rowstride int32
	HasAlpha                 bool
	BitsPerSample, Channels  int32
	Data                     []byte
}

func imageData(img image.Image) notificationImage {
	b := img.Bounds()
	rgba := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(rgba, rgba.Bounds(), img, b.Min, draw.Src)
	return notificationImage{
		Width: int32(b.Dx()), Height: int32(b.Dy()), Rowstride: int32(rgba.Stride),
		HasAlpha: true, BitsPerSample: 8, Channels: 4, Data: rgba.Pix,
	}
}

var markupEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func escapeMarkup(s string) string { return markupEscaper.Replace(s) }

// busError wraps an error from the session bus: a missing bus or service
// wraps ErrUnsupported.
func busError(what string, err error) error {
	var de dbus.Error
	if errors.As(err, &de) {
		switch de.Name {
		case "org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner",
			"org.freedesktop.DBus.Error.Spawn.ServiceNotFound", "org.freedesktop.DBus.Error.Spawn.ChildExited",
			"org.freedesktop.DBus.Error.UnknownMethod", "org.freedesktop.DBus.Error.UnknownObject":
			return fmt.Errorf("%w: %s: no %s service on the session bus: %w", ErrUnsupported, what, what, err)
		}
	}
	if errors.Is(err, sessionbus.ErrNoBus) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w: %s: %w", ErrUnsupported, what, err)
	}
	return fmt.Errorf("gotonium: %s: %w", what, err)
}

// notifier follows the notifications this process shows.
var notifier = &notifications{shown: map[uint32]*shownNotification{}}

type notifications struct {
	mu    sync.Mutex
	conn  *dbus.Conn // the connection the records and the signal loop belong to
	shown map[uint32]*shownNotification
}

type shownNotification struct {
	owner    string // the server's unique name: signals from others are ignored
	onAction func(string)
	onClick  func()
	onClosed func(CloseReason)
}

// connect returns the session bus connection, listening to the server's
// signals on it.
func (ns *notifications) connect() (*dbus.Conn, error) {
	conn, err := sessionbus.Shared()
	if err != nil {
		return nil, busError("notification", err)
	}
	ns.mu.Lock()
	defer ns.mu.Unlock()
	if ns.conn == conn {
		return conn, nil
	}
	for _, member := range []string{"ActionInvoked", "NotificationClosed"} {
		if err := conn.AddMatchSignal(dbus.WithMatchSender(notifyName), dbus.WithMatchObjectPath(notifyPath),
			dbus.WithMatchInterface(notifyIface), dbus.WithMatchMember(member)); err != nil {
			return nil, busError("notification", err)
		}
	}
	ch := make(chan *dbus.Signal, 64)
	conn.Signal(ch)
	ns.conn = conn
	clear(ns.shown) // the old connection's notifications cannot report back
	go ns.listen(conn, ch)
	return conn, nil
}

// listen queues the callbacks for the server's signals until the
// connection closes.
func (ns *notifications) listen(conn *dbus.Conn, ch chan *dbus.Signal) {
	for sig := range ch {
		if sig.Path != notifyPath || len(sig.Body) != 2 {
			continue
		}
		id, ok := sig.Body[0].(uint32)
		if !ok {
			continue
		}
		ns.mu.Lock()
		rec := ns.shown[id]
		if ns.conn != conn || rec == nil || rec.owner != sig.Sender {
			ns.mu.Unlock()
			continue
		}
		switch sig.Name {
		case notifyIface + ".ActionInvoked":
			key, _ := sig.Body[1].(string)
			switch {
			case key == "default" && rec.onClick != nil:
				callbacks.push(rec.onClick)
			case rec.onAction != nil:
				f := rec.onAction
				callbacks.push(func() { f(key) })
			}
		case notifyIface + ".NotificationClosed":
			reason, _ := sig.Body[1].(uint32)
			delete(ns.shown, id)
			if f := rec.onClosed; f != nil {
				callbacks.push(func() { f(CloseReason(reason)) })
			}
		}
		ns.mu.Unlock()
	}
}
