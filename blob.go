package gotonium

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Binary results. A reply to the page can carry only text (WebKitGTK turns
// a typed array in a reply into a plain object of numbered keys, measured
// on 2.50), so a bound function's []byte result waits in the window's blob
// table under a random one-time token, the reply names the token, and the
// page runtime fetches gotonium-blob://localhost/<token> as an ArrayBuffer:
// bytes all the way, no base64, no JSON numbers.

// blobMarker starts a reply that names a blob token; JSON text never
// starts with it.
const blobMarker = "\x01blob:"

// blobTTL is how long an unfetched blob is kept.
const blobTTL = 30 * time.Second

// putBlob keeps data for one fetch by the window's page and returns the
// reply that names it.
func (b *browser) putBlob(data []byte) string {
	var raw [16]byte
	rand.Read(raw[:])
	token := hex.EncodeToString(raw[:])
	b.mu.Lock()
	if b.blobs == nil {
		b.blobs = map[string][]byte{}
	}
	b.blobs[token] = data
	b.mu.Unlock()
	time.AfterFunc(blobTTL, func() { b.takeBlob(token) })
	return blobMarker + token
}

// takeBlob removes and returns the blob of token.
func (b *browser) takeBlob(token string) ([]byte, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	data, ok := b.blobs[token]
	delete(b.blobs, token)
	return data, ok
}

// maxUpload bounds the bytes of one upload and of all uploads a window
// holds at once.
const maxUpload = 1 << 30

// serveBlob answers the page runtime's fetch of a blob: the bytes once,
// 404 for a token unknown to this window (taken already, expired, or never
// given); and its uploads of bytes for a call's arguments (POST /upload
// with the window's secret), answered with the token that names them.
func (b *browser) serveBlob(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/upload" {
		b.upload(w, r)
		return
	}
	token := strings.TrimPrefix(r.URL.Path, "/")
	if r.Method != http.MethodGet || len(token) != 32 {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	data, ok := b.takeBlob(token)
	if !ok {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(data)
}

// upload keeps the bytes of a request body for a call's argument. Only the
// page runtime knows the window's secret, so no other page or frame can
// fill the window's memory.
func (b *browser) upload(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodOptions { // the preflight of the secret's header
		w.Header().Set("Access-Control-Allow-Methods", "POST")
		w.Header().Set("Access-Control-Allow-Headers", "X-Gotonium-Secret")
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if r.Method != http.MethodPost || subtle.ConstantTimeCompare([]byte(r.Header.Get("X-Gotonium-Secret")), []byte(b.secret)) != 1 {
		http.Error(w, "refused", http.StatusForbidden)
		return
	}
	data, err := readBody(r, maxUpload+1)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	b.mu.Lock()
	held := 0
	for _, u := range b.uploads {
		held += len(u)
	}
	if len(data) > maxUpload || held+len(data) > maxUpload {
		b.mu.Unlock()
		http.Error(w, "too large", http.StatusRequestEntityTooLarge)
		return
	}
	var raw [16]byte
	rand.Read(raw[:])
	token := hex.EncodeToString(raw[:])
	if b.uploads == nil {
		b.uploads = map[string][]byte{}
	}
	b.uploads[token] = data
	b.mu.Unlock()
	time.AfterFunc(blobTTL, func() { b.takeUpload(token) })
	w.Header().Set("Content-Type", "text/plain")
	w.Header().Set("Content-Length", strconv.Itoa(len(token))) // sent whole, not streamed
	io.WriteString(w, token)
}

// takeUpload removes and returns the upload of token.
func (b *browser) takeUpload(token string) ([]byte, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	data, ok := b.uploads[token]
	delete(b.uploads, token)
	return data, ok
}

// readBody reads up to limit bytes of r's body. With a Content-Length it
// reads straight into one buffer of that size: io.ReadAll's growing buffer
// would copy a 50 MB body about five more times.
func readBody(r *http.Request, limit int64) ([]byte, error) {
	n := r.ContentLength
	if n <= 0 || n > limit {
		return io.ReadAll(io.LimitReader(r.Body, limit))
	}
	data := make([]byte, n)
	got, err := io.ReadFull(r.Body, data)
	if err != nil {
		if err == io.ErrUnexpectedEOF {
			err = fmt.Errorf("the body ended after %d of its %d bytes", got, n)
		}
		return nil, err
	}
	var extra [1]byte // longer than it said: read on, up to limit
	if k, _ := r.Body.Read(extra[:]); k > 0 {
		rest, err := io.ReadAll(io.LimitReader(r.Body, limit-n-1))
		return append(append(data, extra[0]), rest...), err
	}
	return data, nil
}
