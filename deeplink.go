package gotonium

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// Deep links: the app as the desktop's handler of its own URL scheme.

var deepLinks struct {
	mu       sync.Mutex
	handlers map[string]func(url string) // by lower-case scheme
}

// systemSchemes belong to the browser or the system, never to an app.
var systemSchemes = map[string]bool{
	"http": true, "https": true, "file": true, "ftp": true, "mailto": true, "data": true, "javascript": true,
	"about": true, "blob": true, "ws": true, "wss": true, "tel": true, "sms": true, "geo": true, "gotonium": true,
}

func checkScheme(scheme string) (string, error) {
	s := strings.ToLower(scheme)
	ok := s != "" && s[0] >= 'a' && s[0] <= 'z'
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
			ok = false
		}
	}
	if !ok {
		return "", fmt.Errorf("%w: URL scheme %q (a letter, then letters, digits, '+', '-' or '.')", ErrInvalidArgument, scheme)
	}
	if systemSchemes[s] {
		return "", fmt.Errorf("%w: URL scheme %q belongs to the browser or the system", ErrInvalidArgument, scheme)
	}
	return s, nil
}

// OnDeepLink runs fn(url) for every scheme: URL the app is launched with,
// on the goroutine that pumps: the ones among this process's os.Args[1:]
// (queued at once, so a cold start by the desktop delivers its URL), and,
// with SingleInstance, the ones a later launch forwards. Call SingleInstance
// first, so that a second launch hands over before it queues anything. The
// scheme is case-insensitive; http, https, file and other schemes of the
// browser or system are ErrInvalidArgument. fn nil stops the handling.
// RegisterURLScheme makes the desktop launch the app for such URLs.
func OnDeepLink(scheme string, fn func(url string)) error {
	s, err := checkScheme(scheme)
	if err != nil {
		return err
	}
	deepLinks.mu.Lock()
	if fn == nil {
		delete(deepLinks.handlers, s)
		deepLinks.mu.Unlock()
		return nil
	}
	if deepLinks.handlers == nil {
		deepLinks.handlers = map[string]func(string){}
	}
	deepLinks.handlers[s] = fn
	deepLinks.mu.Unlock()
	for _, a := range os.Args[1:] {
		if hasScheme(a, s) {
			u := a
			callbacks.push(func() { fn(u) })
		}
	}
	return nil
}

func hasScheme(arg, scheme string) bool {
	return len(arg) > len(scheme) && arg[len(scheme)] == ':' && strings.EqualFold(arg[:len(scheme)], scheme)
}

// deliverDeepLinks queues the deep-link handlers for URLs among args.
func deliverDeepLinks(args []string) {
	deepLinks.mu.Lock()
	defer deepLinks.mu.Unlock()
	for _, a := range args {
		for s, fn := range deepLinks.handlers {
			if hasScheme(a, s) {
				u, f := a, fn
				callbacks.push(func() { f(u) })
			}
		}
	}
}

// RegisterURLScheme makes this app the desktop's handler of scheme: URLs
// for the user: it writes $XDG_DATA_HOME/applications/<AppID>.desktop
// (~/.local/share/applications) that runs this executable with the URL as
// its argument and declares x-scheme-handler/<scheme> (keeping the schemes
// registered before), updates that folder's desktop database
// (update-desktop-database, when installed) and makes the entry the
// default handler (xdg-mime default, from xdg-utils). name is the app's
// name in the entry. No root needed. A packaged app declares the scheme in
// its own .desktop file instead; inside a Flatpak sandbox this is
// ErrUnsupported for that reason. Set the app id (SetAppID) first.
func RegisterURLScheme(scheme, name string) error {
	s, err := checkScheme(scheme)
	if err != nil {
		return err
	}
	if strings.TrimSpace(name) == "" || strings.ContainsAny(name, "\n\r") {
		return fmt.Errorf("%w: RegisterURLScheme: name %q", ErrInvalidArgument, name)
	}
	if os.Getenv("FLATPAK_ID") != "" {
		return fmt.Errorf("%w: RegisterURLScheme inside Flatpak: declare MimeType=x-scheme-handler/%s in the app's .desktop file", ErrUnsupported, s)
	}
	exe, err := executable()
	if err != nil {
		return fmt.Errorf("gotonium: RegisterURLScheme: %w", err)
	}
	data := os.Getenv("XDG_DATA_HOME")
	if data == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return fmt.Errorf("gotonium: RegisterURLScheme: %w", err)
		}
		data = filepath.Join(home, ".local", "share")
	}
	dir := filepath.Join(data, "applications")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("gotonium: RegisterURLScheme: %w", err)
	}
	entry := AppID() + ".desktop"
	path := filepath.Join(dir, entry)
	mimes := []string{"x-scheme-handler/" + s}
	if old, err := os.ReadFile(path); err == nil {
		for _, line := range strings.Split(string(old), "\n") {
			if v, ok := strings.CutPrefix(line, "MimeType="); ok {
				for _, m := range strings.Split(v, ";") {
					if m != "" && m != mimes[0] {
						mimes = append(mimes, m)
					}
				}
			}
		}
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "[Desktop Entry]\nType=Application\nName=%s\nExec=%s %%u\nTerminal=false\nNoDisplay=true\nMimeType=%s;\n",
		name, execQuote(exe), strings.Join(mimes, ";"))
	if err := writeFileAtomic(path, b.Bytes()); err != nil {
		return fmt.Errorf("gotonium: RegisterURLScheme: %w", err)
	}
	if tool, err := exec.LookPath("update-desktop-database"); err == nil {
		if out, err := exec.Command(tool, dir).CombinedOutput(); err != nil {
			log().Warn("gotonium: update-desktop-database failed", "err", err, "output", string(out))
		}
	}
	tool, err := exec.LookPath("xdg-mime")
	if err != nil {
		return fmt.Errorf("%w: RegisterURLScheme: wrote %s, but xdg-mime (xdg-utils) is missing to make it the default", ErrUnsupported, path)
	}
	if out, err := exec.Command(tool, "default", entry, "x-scheme-handler/"+s).CombinedOutput(); err != nil {
		return fmt.Errorf("gotonium: RegisterURLScheme: xdg-mime default: %v: %s", err, bytes.TrimSpace(out))
	}
	return nil
}

// execQuote quotes a path for a desktop entry's Exec key (the Desktop Entry
// Specification's quoting, then its escaping of string values).
func execQuote(s string) string {
	s = strings.ReplaceAll(s, "%", "%%")
	if strings.ContainsAny(s, " \t\"'\\><~|&;$*?#()`") {
		s = `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "`", "\\`", `$`, `\$`).Replace(s) + `"`
	}
	return strings.ReplaceAll(s, `\`, `\\`)
}
