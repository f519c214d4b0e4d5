// Package engine is the small contract between gotonium's core and a browser
// engine. The core (package gotonium) holds every piece of shared logic:
// instances, ids, the callback queue, script queues, settings. An engine only
// opens windows and forwards what happens in them.
//
// Threading contract, which every engine must keep:
//   - An engine owns one UI thread. Every Window method may be called from any
//     goroutine; the work runs on the UI thread, in call order across all
//     windows of the engine.
//   - Methods that return an error wait for the UI thread. When they are called
//     on the UI thread itself (from inside an Events method) they run inline.
//   - Events methods are called on the UI thread and must not block: the core
//     queues app callbacks instead of running them there.
package engine

import (
	"errors"
	"image"
	"log/slog"
	"net/http"
)

// Engine creates windows. One Engine value serves the whole process.
type Engine interface {
	// Start brings the engine up. It returns an error, and never exits the
	// process, when the engine cannot run (for example, no display). Start
	// after a successful Start is a no-op.
	Start(Config) error
	// Stop releases what Start and NewWindow created. The core closes every
	// window first. Start may be called again afterwards.
	Stop()
	// NewWindow opens and shows a window that loads cfg.URL.
	NewWindow(cfg WindowConfig, ev Events) (Window, error)
	// Screens lists the screens (monitors) of the display, the primary one
	// marked. It needs Start.
	Screens() ([]Screen, error)
	// The desktop clipboard; these need Start. A read waits for the
	// clipboard's owner (at most a few seconds) and returns "" or nil when
	// the clipboard holds no text or no image; it fails when called on the
	// UI thread.
	SetClipboardText(text string) error
	ClipboardText() (string, error)
	SetClipboardImage(img *image.NRGBA) error
	ClipboardImage() (*image.NRGBA, error)
	// GrabGlobalKey makes s fire (fired runs on the UI thread) whichever
	// window has the focus, until release is called or the engine stops.
	// A key another application holds is ErrTaken; a display that does not
	// let applications grab keys is ErrUnsupported. It needs Start.
	GrabGlobalKey(s Shortcut, fired func()) (release func(), err error)
	// OpenExternal hands uri to the desktop's default handler for its scheme
	// (a browser for http and https, a mail client for mailto). It works
	// with or without Start.
	OpenExternal(uri string) error
}

// Screen is one monitor of the display, in screen pixels (logical pixels,
// which Scale device pixels make up on HiDPI screens).
type Screen struct {
	Name     string          // the connector or model, such as "HDMI-1"; may be ""
	Bounds   image.Rectangle // the whole screen
	WorkArea image.Rectangle // without panels and docks
	Scale    float64         // device pixels per screen pixel
	Primary  bool
}

// Config holds process-wide engine settings.
type Config struct {
	Logger *slog.Logger
	// AppID, when set, names the app for the toolkit the first time the
	// engine starts in the process: window class, default data folders.
	AppID string
	// Automation, when set, lets W3C WebDriver drive the app (see
	// Automation); nil: no automation. The first start's setting holds for
	// the life of the process.
	Automation *Automation
}

// WindowConfig describes a window to open.
type WindowConfig struct {
	URL           string
	Width, Height int
	Frameless     bool
	// Icon is the window icon, the bytes of an image file; nil: none.
	Icon []byte
	// DataDir is where the engine keeps cookies, local storage and caches for
	// this window; "" means the engine's default. Windows with the same DataDir
	// share one store.
	DataDir string
	// SharedProcess asks the engine to render this window in a web process
	// shared with other windows that asked for it (less memory; one crash
	// takes them all down).
	SharedProcess bool
	// Schemes are the custom URI schemes the window's pages may use; requests
	// go to Events.ServeScheme.
	Schemes []string
	// Offscreen renders the page without showing a window; frames go to
	// Events.Frame. Transparent keeps a transparent page background
	// transparent (in offscreen frames and, where the display allows, on
	// screen).
	Offscreen, Transparent bool
	// StartScripts run in order at document start in the main frame of every
	// page the window loads, before the page's own scripts.
	StartScripts []string
	// Props are applied before the window is first shown (on-screen
	// windows only).
	Props WindowProps
	// Shortcuts are the window's keyboard shortcuts (Events.Shortcut); keys
	// the engine does not know are left out.
	Shortcuts []Shortcut
	// MenuBar is the window's menu bar (see Window.SetMenuBar); nil: none.
	MenuBar []MenuItem
}

// Modifiers are the modifier keys of a shortcut.
type Modifiers int

// The modifier keys.
const (
	ModCtrl Modifiers = 1 << iota
	ModAlt
	ModShift
	ModSuper
)

// Shortcut is a key with modifiers. Key is an X keysym name ("s", "F5",
// "Return", "plus"); letters are lower case.
type Shortcut struct {
	Key  string
	Mods Modifiers
}

// WindowProps are the window properties that the core keeps for an
// instance, so that they may be set before its window opens. The zero value
// is an ordinary window.
type WindowProps struct {
	Title                                    string // "" shows the page's title
	MinWidth, MinHeight, MaxWidth, MaxHeight int    // 0: no limit
	NotResizable, AlwaysOnTop, SkipTaskbar   bool
	Fullscreen                               bool
	Hidden                                   bool // opens hidden; Show shows it
	Kind                                     WindowKind
	ClickThrough                             bool    // pointer input goes to what is below
	Zoom                                     float64 // page zoom; 0 is 1
	// Maximized opens the window maximised.
	Maximized bool
	// Position, when set, is where the window's frame opens (X11).
	Position *image.Point
	Reserve  Reserve // screen edge kept free for the window
}

// Geometry is where a window is: its frame's top-left corner on the
// screen, its content's size, and its state.
type Geometry struct {
	X, Y, Width, Height   int
	Maximized, Fullscreen bool
}

// WindowKind tells the window manager what a window is for.
type WindowKind int

// The window kinds: an ordinary window; a tool palette; a splash screen; a
// dock or panel (above others, on every desktop, no decorations); the
// desktop (below everything).
const (
	KindNormal WindowKind = iota
	KindUtility
	KindSplash
	KindDock
	KindDesktop
)

// Side is an edge of the screen.
type Side int

// The screen edges.
const (
	SideTop Side = iota
	SideBottom
	SideLeft
	SideRight
)

// Reserve keeps Size pixels along a screen edge for a window (a panel):
// maximised windows and the work area leave them free. Size 0 reserves
// nothing.
type Reserve struct {
	Side Side
	Size int
}

// PrintJob says how to print a page: to the PDF file at PDF (an absolute
// path), or, with PDF "", through the print dialog.
type PrintJob struct {
	PDF string
}

// LoadEvent is a step of a page load.
type LoadEvent int

// The steps of a page load, in order.
const (
	LoadStarted LoadEvent = iota
	LoadCommitted
	LoadFinished
)

// Events receives what happens in one window. Every method is called on the
// engine's UI thread and must return quickly.
type Events interface {
	// Load reports a step of a main-frame load.
	Load(LoadEvent)
	// Message delivers a message that the page posted to the native side.
	// Exactly one of the reply's methods must eventually be called (from any
	// goroutine) to settle the page's promise.
	Message(body string, reply Reply)
	// ServeScheme answers a request of one of the window's custom schemes.
	// Unlike the other methods it is called on a goroutine of its own, and may
	// block; the body streams to the page as it is written.
	ServeScheme(w http.ResponseWriter, r *http.Request)
	// Title, URI and Fullscreen report changes of the page's title, the
	// main frame's address (also by pushState and fragment changes) and of
	// HTML fullscreen.
	Title(title string)
	URI(uri string)
	Fullscreen(on bool)
	// Crashed reports that the window's web process died (reason: "crashed",
	// "memory", or "terminated"). The window shows nothing until it loads a
	// page again.
	Crashed(reason string)
	// ContextMenu asks what the context menu about to open should hold;
	// hit tells what was right-clicked.
	ContextMenu(hit HitTest) Menu
	// Frame delivers a rendered frame of an offscreen window and the
	// rectangle that changed. img is the engine's to reuse after the call.
	Frame(img *image.RGBA, dirty image.Rectangle)
	// Navigate asks what to do with a navigation of the main frame, or with
	// a page's request for a new window (nav.NewWindow). decide must be
	// called exactly once, from any goroutine; the navigation waits for it.
	// Navigations of iframes are not asked about.
	Navigate(nav Navigation, decide func(NavigationAction))
	// Download asks whether a download that a page started may go ahead.
	// decide must be called exactly once, from any goroutine: with path ""
	// it refuses the download and nothing is written; otherwise the file is
	// written to path, and progress (bytes received, total or -1) and then
	// done (nil, or why it failed) are called on the UI thread.
	Download(d Download, decide func(path string, progress func(received, total int64), done func(err error)))
	// Permission asks whether the page may use a capability (see the
	// Permission constants). decide must be called exactly once, from any
	// goroutine; the page waits for it.
	Permission(kind Permission, pageURI string, decide func(allow bool))
	// StartScripts is asked, on the UI thread, just before the main frame
	// takes a new document: changed reports whether the start scripts differ
	// from the last ones the engine was given (then they replace them). It
	// lets the core update them once per page instead of on every change.
	StartScripts() (scripts []string, changed bool)
	// Shortcut reports that the user pressed one of the window's shortcuts.
	Shortcut(key string, mods Modifiers)
	// PageNotification shows a notification the page made (it has the
	// permission). The core calls done once, from any goroutine, when the
	// notification is gone, with clicked when the user clicked it; the
	// engine calls the returned withdraw, on the UI thread, when the page
	// closes the notification first (then done is still to be called).
	PageNotification(title, body string, done func(clicked bool)) (withdraw func())
	// Geometry reports the window's position, size and state when the
	// window manager has changed them (on-screen windows only).
	Geometry(g Geometry)
	// FileDrop reports files the user dropped onto the page (a drag that
	// carried file URLs), as absolute paths, and where: view coordinates
	// in pixels. It comes before the page's own drop event.
	FileDrop(paths []string, x, y int)
	// Closed reports that the window is gone, however it was closed. It is
	// called exactly once; no event follows it.
	Closed()
}

// Navigation describes a navigation the engine asks about.
type Navigation struct {
	URL         string
	NewWindow   bool // target=_blank, window.open
	UserGesture bool // started by a click or a key press
	Redirect    bool // a server redirect of a navigation already allowed
}

// NavigationAction is the answer to a Navigation.
type NavigationAction int

// The answers to a Navigation.
const (
	// NavigationAllow loads the URL in this window (for a new-window
	// request too).
	NavigationAllow NavigationAction = iota
	// NavigationDeny keeps the current page.
	NavigationDeny
	// NavigationOpenExternal keeps the current page and hands the URL to
	// the desktop's default handler.
	NavigationOpenExternal
)

// Download describes a download a page started.
type Download struct {
	URL           string
	SuggestedName string // the file name the server or the page suggests
	MIMEType      string
	Size          int64  // -1 when unknown
	PageURI       string // the address of the window's page when it started
}

// Permission names a capability a page asks for.
type Permission string

// The capabilities pages ask for.
const (
	PermissionGeolocation   Permission = "geolocation"
	PermissionNotifications Permission = "notifications"
	PermissionCamera        Permission = "camera"
	PermissionMicrophone    Permission = "microphone"
	PermissionScreen        Permission = "screen" // display capture
	PermissionClipboard     Permission = "clipboard"
	PermissionDeviceInfo    Permission = "device-info"
	PermissionPointerLock   Permission = "pointer-lock"
	PermissionMediaKeys     Permission = "media-keys"
	PermissionStorageAccess Permission = "storage-access"
	PermissionOther         Permission = "other"
)

// BlobScheme is the core's own URI scheme, which every engine registers on
// every window's web context and routes to Events.ServeScheme like the
// app's schemes: the page fetches large binary results through it (a URL
// with a one-time token), as bytes, where a reply would need text.
const BlobScheme = "gotonium-blob"

// Reply settles the promise of one page message.
type Reply interface {
	// Return resolves the promise with a string.
	Return(value string)
	// Fail rejects the promise with an Error carrying message.
	Fail(message string)
	// Busy reports, on the UI thread, whether more work (such as further
	// page messages) is already waiting there.
	Busy() bool
}

// Menu is the content of a context menu.
type Menu struct {
	// Items are the app's entries, after the engine's own editing items.
	Items []MenuItem
	// Debug keeps all of the engine's items and adds its developer tools.
	Debug bool
}

// MenuItem is one entry of a context menu or a menu bar; Activate runs on
// the UI thread. Labels are plain text, except that in a menu bar "&" marks
// the next letter as the mnemonic (and "&&" is a "&").
type MenuItem struct {
	Label    string
	Activate func()
	// Separator is a line; the other fields do not matter then.
	Separator bool
	// Submenu, when not nil, opens from this item (Activate is not used).
	Submenu []MenuItem
	// Disabled shows the item greyed out; it cannot be chosen.
	Disabled bool
	// Check and Radio make a check item or a radio item, shown checked
	// when Checked. Adjacent radio items form one group.
	Check, Radio, Checked bool
	// Accel is the item's keyboard shortcut in a menu bar, where the engine
	// shows it and the key activates the item (Key "" means none).
	Accel Shortcut
}

// HitTest is what the pointer was over when a context menu opened.
type HitTest struct {
	X, Y                        int // in the view, in CSS pixels at zoom 1
	LinkURL, ImageURL, MediaURL string
	Editable                    bool
}

// Edge names a window edge or corner for BeginResize.
type Edge int

// The edges, clockwise from the top-left corner.
const (
	EdgeNorthWest Edge = iota
	EdgeNorth
	EdgeNorthEast
	EdgeEast
	EdgeSouthEast
	EdgeSouth
	EdgeSouthWest
	EdgeWest
)

// MouseEvent is mouse input for an offscreen window, in page coordinates.
type MouseEvent struct {
	Type   MouseEventType
	X, Y   float64
	Button int // 1 left, 2 middle, 3 right
	DeltaX float64
	DeltaY float64 // wheel
}

// MouseEventType is the kind of a MouseEvent.
type MouseEventType int

// Kinds of mouse input.
const (
	MouseMove MouseEventType = iota
	MouseDown
	MouseUp
	MouseWheel
)

// KeyEvent is keyboard input for an offscreen window: Key is an X keysym
// name ("a", "Return", "BackSpace", "Left", …); Down is press or release.
type KeyEvent struct {
	Key  string
	Down bool
}

// FileDialogMode is what a file dialog chooses.
type FileDialogMode int

// The file dialog modes.
const (
	FileOpen   FileDialogMode = iota // existing files
	FileSave                         // a file name to write, confirming an overwrite
	FolderOpen                       // existing folders
)

// FileDialog describes a file chooser. Strings are valid UTF-8 without NUL
// (the core checks); "" means the toolkit's default.
type FileDialog struct {
	Mode        FileDialogMode
	Title       string
	Folder      string // absolute path of the folder to start in
	Name        string // FileSave: the suggested file name
	AcceptLabel string
	Filters     []FileFilter
	Multiple    bool // FileOpen, FolderOpen
	ShowHidden  bool
}

// FileFilter is one entry of a file dialog's filter list: files matching
// any of the glob patterns or MIME types.
type FileFilter struct {
	Name      string
	Patterns  []string
	MIMETypes []string
}

// MessageKind is the icon and tone of a message dialog.
type MessageKind int

// The message kinds.
const (
	MessageInfo MessageKind = iota
	MessageWarning
	MessageError
	MessageQuestion
)

// MessageDialog describes a message dialog. Buttons are labels, left to
// right, in which an underscore marks the mnemonic; Default is the index of
// the button Enter chooses.
type MessageDialog struct {
	Kind                   MessageKind
	Title, Message, Detail string
	Buttons                []string
	Default                int
}

// ErrUnknownKey is returned for a key the keyboard does not have.
var ErrUnknownKey = errors.New("not a key of this keyboard")

// ErrTaken is returned for a global key another application holds.
var ErrTaken = errors.New("another application has this key")

// ErrUnsupported is returned for what the display server does not allow.
var ErrUnsupported = errors.New("not supported by this display server")

// Window is one open browser window.
type Window interface {
	// LoadURL starts loading url in the window. When url differs from the
	// current page only in its fragment, no page loads; LoadURL then reports
	// LoadStarted and LoadFinished itself, before it returns.
	LoadURL(url string) error
	// Eval runs script in the main frame of the current page. done, if not
	// nil, is called on the UI thread with the result as JSON text (undefined
	// becomes "null") or with the text of the exception the script threw.
	Eval(script string, done func(result string, err error))
	// Reload reloads the current page (also after a crash); with
	// bypassCache, without revalidating from the cache.
	Reload(bypassCache bool) error
	// TryClose asks the page to close, running its beforeunload handlers;
	// the window closes unless a handler keeps it open.
	TryClose() error
	// Window controls. Positions are the frame's top-left corner on the
	// screen, sizes the content's, in pixels.
	Minimize() error
	Maximize() error
	Restore() error
	IsMaximized() (bool, error)
	Position() (x, y int, err error)
	SetPosition(x, y int) error
	Size() (width, height int, err error)
	SetSize(width, height int) error
	// BeginMove and BeginResize hand a pointer drag that started at the
	// given screen position to the window manager. They do nothing when the
	// button is no longer held (a quick click): a move begun then would
	// hold the pointer until the next click.
	BeginMove(button, rootX, rootY int, timestamp uint32) error
	BeginResize(edge Edge, button, rootX, rootY int, timestamp uint32) error
	// SetTitle sets the title the window manager shows; "" returns to
	// showing the page's title. Title returns the title shown.
	SetTitle(title string) error
	Title() (string, error)
	// Center moves the window to the middle of the work area of the screen
	// it is on. Focus raises it and gives it the keyboard focus.
	Center() error
	Focus() error
	// SetVisible shows or hides the window; a window shown again keeps its
	// place. IsVisible reports which.
	SetVisible(visible bool) error
	IsVisible() (bool, error)
	// SetSizeLimits bounds the content size the user can resize to; 0 is
	// no limit.
	SetSizeLimits(minWidth, minHeight, maxWidth, maxHeight int) error
	SetResizable(resizable bool) error
	// SetAlwaysOnTop keeps the window above others. SetSkipTaskbar keeps
	// it out of task bars and pagers.
	SetAlwaysOnTop(on bool) error
	SetSkipTaskbar(skip bool) error
	// SetFullscreen makes the window cover its screen (window fullscreen,
	// not the page's HTML fullscreen); IsFullscreen reports either.
	SetFullscreen(on bool) error
	IsFullscreen() (bool, error)
	// SetShortcuts replaces the window's keyboard shortcuts. They take the
	// key press before the page sees it. A key the engine does not know is
	// an error naming it, and nothing changes.
	SetShortcuts(list []Shortcut) error
	// SetMenuBar replaces the window's menu bar, shown above the page
	// (nil or empty removes it). Accelerators of its items work while the
	// page has the focus; one the engine does not know is an error, and
	// nothing changes. Offscreen windows have no menu bar.
	SetMenuBar(items []MenuItem) error
	// Screen returns the index, in Engine.Screens, of the screen that
	// holds most of the window.
	Screen() (int, error)
	// ShowFileDialog opens a file chooser modal to the window and returns
	// at once; done is called exactly once, on the UI thread, with the
	// chosen paths (nil when the user cancelled), or with ErrClosed when
	// the window closes while the dialog is open (the dialog goes with
	// it). ShowMessageDialog does the same for a message: done gets the
	// index of the button chosen, or -1 when the user closed the dialog.
	ShowFileDialog(d FileDialog, done func(paths []string, err error)) error
	ShowMessageDialog(d MessageDialog, done func(button int, err error)) error
	// NativeHandle is the X11 window id (0 for an offscreen window).
	NativeHandle() uint64
	// Snapshot renders the visible part of the page (of any window) into a
	// new image that belongs to the caller.
	Snapshot() (*image.RGBA, error)
	// SendMouse and SendKey inject input into an offscreen window.
	SendMouse(MouseEvent) error
	SendKey(KeyEvent) error
	// RegisterScheme lets the window's pages use one more custom scheme.
	RegisterScheme(name string) error
	// SetFrameless removes (true) or restores (false) the window decorations.
	SetFrameless(frameless bool) error
	// SetIcon sets the window icon from the bytes of an image file (any
	// format the system's image loaders read).
	SetIcon(data []byte) error
	// SetKind changes what the window is for (a shown window is unmapped
	// and mapped again, so that the window manager takes it in).
	SetKind(kind WindowKind) error
	// SetReserve keeps a screen edge free for the window (struts).
	SetReserve(r Reserve) error
	// SetClickThrough lets pointer input pass through the window to what
	// is below it (on), or not.
	SetClickThrough(on bool) error
	// SetParent makes the window transient for parent (kept above it, on
	// its desktop; nil: none), and modal to it when modal is set. parent
	// is a Window of this engine.
	SetParent(parent Window, modal bool) error
	// SetZoom sets the page zoom (1 is 100 %); Zoom returns it.
	SetZoom(level float64) error
	Zoom() (float64, error)
	// Print prints the page as job says and returns at once; done is
	// called once, on the UI thread, when the job has been handed to the
	// printer or written (printed true), when the user cancelled the
	// dialog (false, nil), or with the error; ErrClosed when the window
	// closes first.
	Print(job PrintJob, done func(printed bool, err error)) error
	// Close destroys the window. Events.Closed is called before it returns.
	// Closing a closed window does nothing.
	Close()
}

// ErrNoDisplay is returned by Start when there is no display to open windows on.
var ErrNoDisplay = errors.New("no display: set DISPLAY (or WAYLAND_DISPLAY), or run under Xvfb")

// ErrClosed is returned for work on a window that has closed.
var ErrClosed = errors.New("window closed")

// ErrPageChanged is returned for a script whose page went away (a
// navigation, a reload) before it finished.
var ErrPageChanged = errors.New("the page changed before the script finished")

// ErrStopped is returned by Window methods once the engine has stopped.
var ErrStopped = errors.New("engine stopped")
