package webkitgtk

/*
#include "webkitgtk.h"
*/
import "C"

import (
	"errors"
	"image"
	"time"
	"unsafe"
)

// clipboardWait bounds a read: the clipboard's owner (another app) may never
// answer.
const clipboardWait = 5 * time.Second

// Owned by the GTK thread: the readers waiting for the clipboard.
var (
	clipboardReaders = map[int]func(text *C.char, img *image.NRGBA){}
	nextReader       int
)

// errOnUIThread: a clipboard read cannot wait on the thread that answers it.
var errOnUIThread = errors.New("the clipboard cannot be read on the engine's UI thread (from inside an engine event)")

func (Engine) SetClipboardText(text string) error {
	return call(func() {
		C.gtn_clipboard_set_text((*C.char)(unsafe.Pointer(unsafe.StringData(text))), C.int(len(text)))
	})
}

func (Engine) ClipboardText() (string, error) {
	var text string
	err := readClipboard(func(token C.int) { C.gtn_clipboard_request_text(token) }, func(t *C.char, _ *image.NRGBA) {
		if t != nil {
			text = C.GoString(t)
		}
	})
	return text, err
}

func (Engine) SetClipboardImage(img *image.NRGBA) error {
	b := img.Bounds()
	if b.Empty() {
		return errors.New("empty image")
	}
	return call(func() {
		C.gtn_clipboard_set_image((*C.guchar)(unsafe.Pointer(&img.Pix[img.PixOffset(b.Min.X, b.Min.Y)])),
			C.int(b.Dx()), C.int(b.Dy()), C.int(img.Stride))
	})
}

func (Engine) ClipboardImage() (*image.NRGBA, error) {
	var out *image.NRGBA
	err := readClipboard(func(token C.int) { C.gtn_clipboard_request_image(token) }, func(_ *C.char, img *image.NRGBA) { out = img })
	return out, err
}

// readClipboard asks GTK for the clipboard's content and waits for the
// answer, at most clipboardWait.
func readClipboard(request func(C.int), got func(*C.char, *image.NRGBA)) error {
	if onGTKThread() {
		return errOnUIThread
	}
	done := make(chan struct{})
	var token int
	if err := call(func() {
		nextReader++
		token = nextReader
		clipboardReaders[token] = func(t *C.char, img *image.NRGBA) { got(t, img); close(done) }
		request(C.int(token))
	}); err != nil {
		return err
	}
	select {
	case <-done:
		return nil
	case <-time.After(clipboardWait):
		call(func() { delete(clipboardReaders, token) })
		select {
		case <-done: // answered meanwhile
			return nil
		default:
		}
		return errors.New("the clipboard's owner did not answer within 5 s")
	}
}

//export goClipboardText
func goClipboardText(token C.int, text *C.char) {
	if f := clipboardReaders[int(token)]; f != nil {
		delete(clipboardReaders, int(token))
		safely(func() { f(text, nil) })
	}
}

//export goClipboardImage
func goClipboardImage(token C.int, pixels *C.guchar, width, height, stride, hasAlpha, channels C.int) {
	f := clipboardReaders[int(token)]
	if f == nil {
		return
	}
	delete(clipboardReaders, int(token))
	var img *image.NRGBA // pixbufs are not premultiplied either
	if pixels != nil && width > 0 && height > 0 && (channels == 3 || channels == 4) {
		w, h, n := int(width), int(height), int(channels)
		src := unsafe.Slice((*byte)(unsafe.Pointer(pixels)), int(stride)*(h-1)+w*n)
		img = image.NewNRGBA(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			row := src[y*int(stride):]
			for x := 0; x < w; x++ {
				r, g, b, a := row[x*n], row[x*n+1], row[x*n+2], byte(255)
				if hasAlpha != 0 && n == 4 {
					a = row[x*n+3]
				}
				o := img.PixOffset(x, y)
				img.Pix[o], img.Pix[o+1], img.Pix[o+2], img.Pix[o+3] = r, g, b, a
			}
		}
	}
	safely(func() { f(nil, img) })
}
