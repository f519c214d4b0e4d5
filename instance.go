package gotonium

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync"

	"github.com/gotonium/gotonium/internal/jsruntime"
	"github.com/gotonium/gotonium/internal/scheme"
)

// An Instance manages one browser window: its settings, and later its
// bindings, state and menus. Create instances with New; many may exist in one
// process, and they share one engine and one message loop. All methods are
// safe to call from any goroutine.
type Instance struct {
	mu        sync.Mutex
	frameless bool
	icon      iconSource // icon.go
	cachePath string
	b         *browser // the current window; nil before the first one opens
	bindings  bindingTable
	store     *stateStore
	handlers  []stateHandler
	schemes   map[string]http.Handler
	mimes     *scheme.MimeTable
	menus     menuState // menu.go
	menubar   menuBar   // menubar.go
	osr       osrState  // osr.go
	events    eventHandlers
	trust     trustSet // trust.go
	nav       navState // navigation.go
	hooks     pageHooks
	props     windowProps // windowprops.go
	parent    parentLink  // windowkind.go
	stateName string      // windowstate.go
	// shortcut.go
	shortcuts        []shortcut
	shortcutsVersion int
}

// pageHooks are the download and permission hooks (download.go,
// permission.go); guarded by Instance.mu.
type pageHooks struct {
	download   func(Download) (string, bool)
	progress   func(DownloadProgress)
	permission func(PermissionRequest) bool
}

// New returns an instance with no window. Open its window with Initialize
// (which also starts the engine) or CreateBrowser.
func New() *Instance { return &Instance{} }

// SetFramelessWindow chooses a window without title bar and borders. Before
// the window opens it applies to the window Initialize or CreateBrowser opens;
// on an open window it takes effect at once.
func (p *Instance) SetFramelessWindow(frameless bool) error {
	p.mu.Lock()
	p.frameless = frameless
	b := p.b
	p.mu.Unlock()
	if w := b.window(); w != nil {
		b.mu.Lock()
		b.frameless = frameless
		b.mu.Unlock()
		b.refreshScripts()
		b.run(jsruntime.SetFrameless(frameless))
		return w.SetFrameless(frameless)
	}
	return nil
}

// SetCachePath sets the folder where the engine keeps this instance's cookies,
// local storage and caches (created if missing; its "data" and "cache"
// subfolders). Instances with the same cache path share one store; the default
// is the engine's per-user location (for WebKitGTK, under $XDG_DATA_HOME and
// $XDG_CACHE_HOME). It applies to windows opened afterwards, so it returns
// ErrBrowserOpen while the window is open.
func (p *Instance) SetCachePath(path string) error {
	if path != "" {
		abs, err := filepath.Abs(path)
		if err != nil {
			return fmt.Errorf("gotonium: cache path: %w", err)
		}
		if err := os.MkdirAll(abs, 0o700); err != nil {
			return fmt.Errorf("gotonium: cache path: %w", err)
		}
		path = abs
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.b != nil && p.b.isOpen() {
		return fmt.Errorf("%w: the cache path applies to windows opened later", ErrBrowserOpen)
	}
	p.cachePath = path
	return nil
}

// current returns the instance's window if it is open.
func (p *Instance) current() *browser {
	p.mu.Lock()
	b := p.b
	p.mu.Unlock()
	if b == nil || !b.isOpen() {
		return nil
	}
	return b
}
