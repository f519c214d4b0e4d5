package gotonium

import "github.com/gotonium/gotonium/internal/engine"

// Download is an engine event: a page started a download. Until OnDownload
// is built, every download is refused.
func (b *browser) Download(d engine.Download, decide func(path string, progress func(received, total int64), done func(err error))) {
	decide("", nil, nil)
}
