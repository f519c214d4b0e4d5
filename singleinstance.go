package gotonium

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"

	"github.com/godbus/dbus/v5"
	"github.com/gotonium/gotonium/internal/sessionbus"
)

// Single instance: the first process of an app owns the app id's name on
// the session bus; later ones hand it their arguments and exit.

// singleInstanceIface is the interface the first instance exports at the
// app id's object path (see appObjectPath).
const singleInstanceIface = "io.gotonium.SingleInstance"

var single struct {
	mu       sync.Mutex
	conn     *dbus.Conn // owns the name; nil before SingleInstance succeeded
	name     string
	onSecond func(args []string, workingDir string)
}

// exitProcess ends a second instance; tests replace it.
var exitProcess = os.Exit

// SingleInstance makes the app a single-instance app on this desktop
// session, under the name AppID on the D-Bus session bus (so set the id
// with SetAppID first; inside a Flatpak sandbox the app may own its own app
// id).
//
// In the first process it returns nil and, for every later launch, runs
// onSecond(args, workingDir) with that launch's os.Args[1:] and working
// directory, on the goroutine that pumps (UpdateMessageLoop, Run,
// RunMulti) like every app callback (URLs among the arguments also go to
// their OnDeepLink handler); a typical onSecond opens the files or
// URLs it got and focuses the window (Instance.Focus). onSecond may be nil.
// Calling SingleInstance again in the first process replaces onSecond.
//
// In a later process it forwards os.Args[1:] and the working directory to
// the first and ends the process with status 0; it returns only with an
// error, when the first could not be reached. No session bus is an error
// wrapping ErrUnsupported (then the app may run as an ordinary process);
// an invalid app id is ErrInvalidArgument. Safe from any goroutine.
func SingleInstance(onSecond func(args []string, workingDir string)) error {
	name := AppID()
	if err := checkAppID(name); err != nil {
		return err
	}
	single.mu.Lock()
	defer single.mu.Unlock()
	if single.conn != nil && single.conn.Connected() && single.name == name {
		single.onSecond = onSecond
		return nil
	}
	conn, err := sessionbus.Shared()
	if err != nil {
		return busError("single instance", err)
	}
	wd, err := os.Getwd()
	if err != nil {
		return fmt.Errorf("gotonium: single instance: working directory: %w", err)
	}
	path := dbus.ObjectPath(appObjectPath(name))
	// Export before owning the name, so that a second launch that sees the
	// name finds the method too.
	err = conn.ExportMethodTable(map[string]any{
		"Forward": func(args []string, workingDir string, platform map[string]dbus.Variant) *dbus.Error {
			single.mu.Lock()
			f := single.onSecond
			single.mu.Unlock()
			if f != nil {
				callbacks.push(func() { f(args, workingDir) })
			}
			deliverDeepLinks(args)
			return nil
		},
	}, path, singleInstanceIface)
	if err != nil {
		return fmt.Errorf("gotonium: single instance: %w", err)
	}
	// A first instance that is just exiting lets go of the name: try again.
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		reply, err := conn.RequestName(name, dbus.NameFlagDoNotQueue)
		if err != nil {
			conn.Export(nil, path, singleInstanceIface)
			return busError("single instance", fmt.Errorf("owning %s: %w", name, err))
		}
		switch reply {
		case dbus.RequestNameReplyPrimaryOwner, dbus.RequestNameReplyAlreadyOwner:
			single.conn, single.name, single.onSecond = conn, name, onSecond
			return nil
		}
		lastErr = forward(conn, name, path, os.Args[1:], wd)
		if lastErr == nil {
			log().Info("gotonium: handed the launch to the first instance; exiting", "app-id", name)
			exitProcess(0)
			return nil // only when a test replaced exitProcess
		}
		var de dbus.Error
		if !errors.As(lastErr, &de) {
			break
		}
	}
	conn.Export(nil, path, singleInstanceIface)
	return fmt.Errorf("gotonium: single instance: %s runs but did not take the launch: %w", name, lastErr)
}

// forward hands a launch to the first instance.
func forward(conn *dbus.Conn, name string, path dbus.ObjectPath, args []string, wd string) error {
	if args == nil {
		args = []string{}
	}
	platform := map[string]dbus.Variant{}
	for _, env := range []string{"XDG_ACTIVATION_TOKEN", "DESKTOP_STARTUP_ID"} {
		if v := os.Getenv(env); v != "" {
			platform[env] = dbus.MakeVariant(v)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), busCallTimeout)
	defer cancel()
	return conn.Object(name, path).CallWithContext(ctx, singleInstanceIface+".Forward", 0, args, wd, platform).Err
}
