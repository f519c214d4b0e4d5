package scheme

import (
	"errors"
	"fmt"
	"mime"
	"path/filepath"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// DefaultMimeType is what [MimeTable.Lookup] returns for a name whose
// extension is in neither the overrides nor the built-in table.
const DefaultMimeType = "application/octet-stream"

// builtinMime is the fixed table every MimeTable starts from, keyed by
// lower-case extension without the dot. Textual types carry
// "; charset=utf-8". It never changes at run time.
var builtinMime = map[string]string{
	// documents and code
	"html":        "text/html; charset=utf-8",
	"htm":         "text/html; charset=utf-8",
	"xhtml":       "application/xhtml+xml",
	"js":          "text/javascript; charset=utf-8",
	"mjs":         "text/javascript; charset=utf-8",
	"cjs":         "text/javascript; charset=utf-8",
	"css":         "text/css; charset=utf-8",
	"json":        "application/json",
	"map":         "application/json",
	"jsonld":      "application/ld+json",
	"webmanifest": "application/manifest+json",
	"wasm":        "application/wasm",
	"txt":         "text/plain; charset=utf-8",
	"xml":         "text/xml; charset=utf-8",
	"csv":         "text/csv; charset=utf-8",
	"md":          "text/markdown; charset=utf-8",
	"vtt":         "text/vtt; charset=utf-8",
	"wgsl":        "text/wgsl; charset=utf-8",
	"pdf":         "application/pdf",
	// images
	"svg":  "image/svg+xml",
	"png":  "image/png",
	"apng": "image/apng",
	"jpg":  "image/jpeg",
	"jpeg": "image/jpeg",
	"gif":  "image/gif",
	"webp": "image/webp",
	"avif": "image/avif",
	"ico":  "image/x-icon",
	"bmp":  "image/bmp",
	"tif":  "image/tiff",
	"tiff": "image/tiff",
	// fonts
	"woff":  "font/woff",
	"woff2": "font/woff2",
	"ttf":   "font/ttf",
	"otf":   "font/otf",
	"eot":   "application/vnd.ms-fontobject",
	// audio and video
	"mp4":  "video/mp4",
	"m4v":  "video/mp4",
	"webm": "video/webm",
	"ogv":  "video/ogg",
	"mov":  "video/quicktime",
	"ogg":  "audio/ogg",
	"oga":  "audio/ogg",
	"opus": "audio/ogg",
	"mp3":  "audio/mpeg",
	"wav":  "audio/wav",
	"flac": "audio/flac",
	"m4a":  "audio/mp4",
	"aac":  "audio/aac",
	// 3D models
	"glb":  "model/gltf-binary",
	"gltf": "model/gltf+json",
	// archives and binaries
	"zip": "application/zip",
	"gz":  "application/gzip",
	"tar": "application/x-tar",
	"bin": "application/octet-stream",
}

// MimeTable maps file extensions to MIME types: the built-in table plus the
// overrides added with Set. The zero value is ready to use and holds the
// built-in table only; a nil *MimeTable looks up the built-in table. A
// MimeTable is safe for concurrent use and must not be copied after first
// use. It never consults the host (no /etc/mime.types), so results are the
// same everywhere.
type MimeTable struct {
	mu        sync.RWMutex
	overrides map[string]string
}

// NewMimeTable returns a table holding the built-in types only.
func NewMimeTable() *MimeTable {
	return &MimeTable{}
}

// Set makes files with extension ext be served as mimeType, overriding the
// built-in entry if there is one. ext may be given with or without its dot
// and in any case: "glb", ".glb" and ".GLB" are the same. mimeType is stored
// in the canonical form of [mime.FormatMediaType] (type, subtype and
// parameter names lower-case, parameters sorted, no empty parameters), so
// " Text/X-Foo; Charset=utf-8 " is served as "text/x-foo; charset=utf-8".
// Text types should carry their charset.
//
// Set returns an error, and changes nothing, when ext is empty or contains
// '.', '/', '\', spaces or control characters, or when mimeType is not a
// well-formed "type/subtype" media type with optional parameters.
func (t *MimeTable) Set(ext, mimeType string) error {
	if t == nil {
		return errors.New("scheme: Set on nil MimeTable")
	}
	key, err := extKey(ext)
	if err != nil {
		return err
	}
	mimeType, err = canonicalMime(mimeType)
	if err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.overrides == nil {
		t.overrides = make(map[string]string)
	}
	t.overrides[key] = mimeType
	return nil
}

// Lookup returns the MIME type for the file name or path name, chosen by its
// extension (the text after the last '.' of its last element, in any case):
// an override from Set first, then the built-in table, then
// [DefaultMimeType]. A name without an extension gets DefaultMimeType.
func (t *MimeTable) Lookup(name string) string {
	ext := filepath.Ext(name)
	if len(ext) < 2 {
		return DefaultMimeType
	}
	key := strings.ToLower(ext[1:])
	if t != nil {
		t.mu.RLock()
		m, ok := t.overrides[key]
		t.mu.RUnlock()
		if ok {
			return m
		}
	}
	if m, ok := builtinMime[key]; ok {
		return m
	}
	return DefaultMimeType
}

// extKey validates ext and returns it lower-case, without its leading dot.
func extKey(ext string) (string, error) {
	key := strings.TrimPrefix(ext, ".")
	if key == "" {
		return "", fmt.Errorf("scheme: empty file extension %q", ext)
	}
	if !utf8.ValidString(key) {
		return "", fmt.Errorf("scheme: file extension %q is not valid UTF-8", ext)
	}
	for _, r := range key {
		if r == '.' || r == '/' || r == '\\' || unicode.IsSpace(r) || unicode.IsControl(r) {
			return "", fmt.Errorf("scheme: bad character %q in file extension %q", r, ext)
		}
	}
	return strings.ToLower(key), nil
}

// canonicalMime checks that m is a well-formed media type "type/subtype"
// with optional parameters, fit for a Content-Type header, and returns it in
// the canonical form of [mime.FormatMediaType].
func canonicalMime(m string) (string, error) {
	for _, r := range m {
		if r < ' ' || r == 0x7f {
			return "", fmt.Errorf("scheme: control character in MIME type %q", m)
		}
	}
	mt, params, err := mime.ParseMediaType(m)
	if err != nil {
		return "", fmt.Errorf("scheme: bad MIME type %q: %v", m, err)
	}
	typ, sub, ok := strings.Cut(mt, "/")
	if !ok || typ == "" || sub == "" {
		return "", fmt.Errorf("scheme: bad MIME type %q: want type/subtype", m)
	}
	c := mime.FormatMediaType(mt, params)
	if c == "" {
		return "", fmt.Errorf("scheme: bad MIME type %q", m)
	}
	return c, nil
}
