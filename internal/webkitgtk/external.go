package webkitgtk

import "errors"

// OpenExternal hands uri to the desktop's default handler.
func (Engine) OpenExternal(uri string) error { return errors.New("not yet") }
