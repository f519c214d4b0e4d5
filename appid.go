package gotonium

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// The app id: one name for the app on the desktop.

var appID struct {
	mu      sync.Mutex
	id      string // "" until SetAppID: AppID derives one
	started bool   // the engine started once: the toolkit has its name
}

// SetAppID sets the app's id, a reverse-DNS name such as
// "com.example.Notes": two or more dot-separated elements of ASCII letters,
// digits, '_' and '-', none empty or starting with a digit, at most 255
// bytes — a valid D-Bus well-known name, as Flatpak app ids are. It names
// the app everywhere on the desktop: the D-Bus name SingleInstance owns, the
// .desktop entry RegisterURLScheme writes, the X11 WM_CLASS of every window
// (which task bars match with a .desktop file's StartupWMClass) and the
// folder of the engine's default data and cache ($XDG_DATA_HOME/<id>,
// $XDG_CACHE_HOME/<id>; without SetAppID the program's file name).
//
// Call it first, before anything starts the engine (a window, Screens, the
// clipboard, a global shortcut): afterwards the toolkit has its name for the
// life of the process and SetAppID returns ErrEngineStarted, changing
// nothing. An invalid id is ErrInvalidArgument and the id stays as it was.
func SetAppID(id string) error {
	if err := checkAppID(id); err != nil {
		return err
	}
	appID.mu.Lock()
	defer appID.mu.Unlock()
	if appID.started {
		return fmt.Errorf("%w: SetAppID(%q) comes too late: the window class and data folders are named already", ErrEngineStarted, id)
	}
	appID.id = id
	return nil
}

// AppID returns the id set with SetAppID, or, before that, one derived from
// the program's file name: "io.gotonium." and the name with every character
// outside [A-Za-z0-9_] replaced by '_' (so "my-tool" gives
// "io.gotonium.my_tool"). Inside a Flatpak sandbox ($FLATPAK_ID set) the
// default is the sandbox's app id, the name the sandbox lets the app own.
func AppID() string {
	appID.mu.Lock()
	defer appID.mu.Unlock()
	if appID.id != "" {
		return appID.id
	}
	if f := os.Getenv("FLATPAK_ID"); f != "" && checkAppID(f) == nil {
		return f
	}
	return defaultAppID(filepath.Base(os.Args[0]))
}

func defaultAppID(prog string) string {
	var b strings.Builder
	for _, c := range prog {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '_':
			b.WriteRune(c)
		default:
			b.WriteByte('_')
		}
	}
	name := b.String()
	if name == "" || name[0] >= '0' && name[0] <= '9' {
		name = "_" + name
	}
	if len(name) > 200 {
		name = name[:200]
	}
	return "io.gotonium." + name
}

// checkAppID reports whether id is a valid D-Bus well-known bus name.
func checkAppID(id string) error {
	bad := func(why string) error {
		return fmt.Errorf("%w: app id %q: %s (want a reverse-DNS name such as \"com.example.App\")", ErrInvalidArgument, id, why)
	}
	if id == "" {
		return bad("empty")
	}
	if len(id) > 255 {
		return bad("longer than 255 bytes")
	}
	elems := strings.Split(id, ".")
	if len(elems) < 2 {
		return bad("needs at least two dot-separated elements")
	}
	for _, e := range elems {
		if e == "" {
			return bad("an empty element")
		}
		if e[0] >= '0' && e[0] <= '9' {
			return bad("an element starts with a digit")
		}
		for _, c := range e {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
				return bad(fmt.Sprintf("%q is not allowed (only ASCII letters, digits, '_' and '-')", c))
			}
		}
	}
	return nil
}

// appObjectPath is the D-Bus object path for an app id, as GApplication
// makes it: "com.example.my-app" → "/com/example/my_app".
func appObjectPath(id string) string {
	return "/" + strings.NewReplacer(".", "/", "-", "_").Replace(id)
}
