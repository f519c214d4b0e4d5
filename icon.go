package gotonium

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
)

// iconSource is where a window's icon comes from: a file, read when the
// window opens, or bytes; the zero value is no icon.
type iconSource struct {
	path string
	data []byte
	set  bool // data was given (a path is "")
}

func (s iconSource) bytes() ([]byte, error) {
	if s.path == "" {
		return s.data, nil
	}
	b, err := os.ReadFile(s.path)
	if err != nil {
		return nil, fmt.Errorf("gotonium: icon: %w", err)
	}
	return b, nil
}

// SetCustomIconPath sets the window icon from an image file (PNG, ICO, SVG or
// any format the system's image loaders read). It returns an error when the
// file does not exist; on an open window, also when it cannot be loaded. A
// window that opens later reads the file then; one that cannot be read or
// loaded then fails to open with the error. An empty path restores the
// default for windows opened afterwards.
func (p *Instance) SetCustomIconPath(path string) error {
	if path == "" {
		return p.setIcon(iconSource{}, nil)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("gotonium: icon: %w", err)
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		return fmt.Errorf("gotonium: icon: %w", err)
	}
	return p.setIcon(iconSource{path: abs}, data)
}

// SetIconData sets the window icon from the bytes of an image file (PNG,
// ICO, SVG, …), such as one embedded with embed.FS; the bytes are copied.
// Empty data is ErrInvalidArgument; on an open window, data the system
// cannot read as an image is an error and the icon stays as it was.
func (p *Instance) SetIconData(data []byte) error {
	if len(data) == 0 {
		return fmt.Errorf("%w: icon: no image data", ErrInvalidArgument)
	}
	data = bytes.Clone(data)
	return p.setIcon(iconSource{data: data, set: true}, data)
}

func (p *Instance) setIcon(src iconSource, data []byte) error {
	b := p.current()
	if w := b.window(); w != nil && data != nil {
		if err := w.SetIcon(data); err != nil {
			return fmt.Errorf("gotonium: %w", err)
		}
	}
	p.mu.Lock()
	p.icon = src
	p.mu.Unlock()
	return nil
}
