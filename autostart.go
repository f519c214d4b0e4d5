package gotonium

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// SetAutostart makes the app start when the user logs in (on) with the
// given arguments, or not (off): it writes or removes the XDG autostart
// entry $XDG_CONFIG_HOME/autostart/<AppID>.desktop, which desktops that
// follow the XDG Autostart specification run at login (GNOME, KDE, Xfce,
// LXQt, …). The entry runs the program's executable as it is now (the
// symlinks resolved). Set the app id (SetAppID) first: the entry is named
// after it. Off when it is off already is not an error. Arguments must not
// hold newlines or NUL (ErrInvalidArgument). Inside a Flatpak sandbox it is
// ErrUnsupported: use the Background portal's autostart there.
func SetAutostart(on bool, args ...string) error {
	path, err := autostartPath()
	if err != nil {
		return err
	}
	if !on {
		if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("gotonium: SetAutostart: %w", err)
		}
		return nil
	}
	exe, err := executable()
	if err != nil {
		return fmt.Errorf("gotonium: SetAutostart: %w", err)
	}
	line := execQuote(exe)
	for _, a := range args {
		if strings.ContainsAny(a, "\n\r\x00") {
			return fmt.Errorf("%w: SetAutostart: argument %q", ErrInvalidArgument, a)
		}
		line += " " + execQuote(a)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "[Desktop Entry]\nType=Application\nName=%s\nExec=%s\nTerminal=false\nNoDisplay=true\nX-GNOME-Autostart-enabled=true\n",
		filepath.Base(exe), line)
	if err := writeFileAtomic(path, b.Bytes()); err != nil {
		return fmt.Errorf("gotonium: SetAutostart: %w", err)
	}
	return nil
}

// IsAutostart reports whether SetAutostart(true) made the app start at
// login (its autostart entry exists).
func IsAutostart() (bool, error) {
	path, err := autostartPath()
	if err != nil {
		return false, err
	}
	_, err = os.Stat(path)
	if os.IsNotExist(err) {
		return false, nil
	}
	return err == nil, err
}

func autostartPath() (string, error) {
	if os.Getenv("FLATPAK_ID") != "" {
		return "", fmt.Errorf("%w: autostart inside Flatpak (use the Background portal)", ErrUnsupported)
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("gotonium: autostart: %w", err)
	}
	return filepath.Join(dir, "autostart", AppID()+".desktop"), nil
}

// executable is the program's file, symlinks resolved.
func executable() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(exe)
}

// writeFileAtomic writes data to path through a temporary file and a
// rename, creating the folder: readers see the old file or the new one.
func writeFileAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}
