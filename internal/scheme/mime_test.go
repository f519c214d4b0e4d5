package scheme

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

func TestMimeBuiltins(t *testing.T) {
	tests := map[string]string{
		"index.html": "text/html; charset=utf-8", "a.htm": "text/html; charset=utf-8",
		"app.js": "text/javascript; charset=utf-8", "m.mjs": "text/javascript; charset=utf-8",
		"c.cjs": "text/javascript; charset=utf-8", "s.css": "text/css; charset=utf-8",
		"d.json": "application/json", "app.js.map": "application/json", "m.wasm": "application/wasm",
		"i.svg": "image/svg+xml", "i.png": "image/png", "i.jpg": "image/jpeg", "i.jpeg": "image/jpeg",
		"i.gif": "image/gif", "i.webp": "image/webp", "i.avif": "image/avif", "favicon.ico": "image/x-icon",
		"i.bmp": "image/bmp", "f.woff": "font/woff", "f.woff2": "font/woff2", "f.ttf": "font/ttf",
		"f.otf": "font/otf", "f.eot": "application/vnd.ms-fontobject", "v.mp4": "video/mp4",
		"v.webm": "video/webm", "a.ogg": "audio/ogg", "v.ogv": "video/ogg", "a.oga": "audio/ogg",
		"a.mp3": "audio/mpeg", "a.wav": "audio/wav", "a.flac": "audio/flac", "a.m4a": "audio/mp4",
		"a.aac": "audio/aac", "t.txt": "text/plain; charset=utf-8", "x.xml": "text/xml; charset=utf-8",
		"d.pdf": "application/pdf", "d.csv": "text/csv; charset=utf-8", "README.md": "text/markdown; charset=utf-8",
		"m.glb": "model/gltf-binary", "m.gltf": "model/gltf+json", "a.zip": "application/zip",
		// case, paths, no extension
		"INDEX.HTML": "text/html; charset=utf-8", "Style.Css": "text/css; charset=utf-8",
		"/abs/dir.d/app.js": "text/javascript; charset=utf-8", "dir.js/noext": DefaultMimeType,
		"noext": DefaultMimeType, "trailing.": DefaultMimeType, "": DefaultMimeType,
		"x.unknownext": DefaultMimeType, ".js": "text/javascript; charset=utf-8",
	}
	var zero MimeTable
	var nilTable *MimeTable
	for name, want := range tests {
		for _, tab := range []*MimeTable{NewMimeTable(), &zero, nilTable} {
			if got := tab.Lookup(name); got != want {
				t.Errorf("Lookup(%q) = %q; want %q", name, got, want)
			}
		}
	}
	for ext, m := range builtinMime {
		if ext != strings.ToLower(ext) || strings.ContainsAny(ext, "./") {
			t.Errorf("built-in key %q is not a bare lower-case extension", ext)
		}
		if c, err := canonicalMime(m); err != nil || c != m {
			t.Errorf("built-in %q = %q: canonical form %q, %v", ext, m, c, err)
		}
		if strings.HasPrefix(m, "text/") && !strings.HasSuffix(m, "; charset=utf-8") {
			t.Errorf("built-in %q = %q: text type without charset", ext, m)
		}
	}
}

func TestMimeSet(t *testing.T) {
	tab := NewMimeTable()
	for _, tt := range []struct{ ext, mime, name, want string }{
		{"glb", "model/x-custom", "m.glb", "model/x-custom"},  // override a built-in, no dot
		{".gltf", "model/x-other", "m.gltf", "model/x-other"}, // with dot
		{".FOO", "application/x-foo", "a.foo", "application/x-foo"},
		{"bar", "  Text/X-Bar; Charset=utf-8 ", "A.BAR", "text/x-bar; charset=utf-8"},
		{"baz", "text/plain;", "a.baz", "text/plain"},
		{"ext-1_x", "application/x-e; b=2; a=1", "f.ext-1_x", "application/x-e; a=1; b=2"},
	} {
		if err := tab.Set(tt.ext, tt.mime); err != nil {
			t.Fatalf("Set(%q, %q): %v", tt.ext, tt.mime, err)
		}
		if got, want := tab.Lookup(tt.name), tt.want; got != want {
			t.Errorf("after Set(%q, %q): Lookup(%q) = %q; want %q", tt.ext, tt.mime, tt.name, got, want)
		}
	}
	// Set again replaces; other tables keep the built-ins.
	if err := tab.Set("GLB", "model/gltf-binary"); err != nil {
		t.Fatal(err)
	}
	if got := tab.Lookup("m.glb"); got != "model/gltf-binary" {
		t.Errorf("Lookup(m.glb) after reset = %q", got)
	}
	if got := NewMimeTable().Lookup("m.gltf"); got != "model/gltf+json" {
		t.Errorf("fresh table Lookup(m.gltf) = %q; overrides leaked", got)
	}
	var zero MimeTable
	if err := zero.Set("x", "a/b"); err != nil || zero.Lookup("f.x") != "a/b" {
		t.Errorf("zero MimeTable Set/Lookup failed: %v", err)
	}
}

func TestMimeSetErrors(t *testing.T) {
	tab := NewMimeTable()
	for _, tt := range []struct{ ext, mime string }{
		{"", "text/plain"}, {".", "text/plain"}, {"a/b", "text/plain"}, {"a.b", "text/plain"},
		{`a\b`, "text/plain"}, {"a b", "text/plain"}, {"a\x00", "text/plain"}, {"\xff", "text/plain"},
		{"x", ""}, {"x", "   "}, {"x", "text"}, {"x", "text/"}, {"x", "/plain"}, {"x", "a/b/c"},
		{"x", "text/plain\r\nX-Evil: 1"}, {"x", "text/pl ain"},
		{"x", "text/plain; charset"}, {"x", "te(xt/plain"},
	} {
		if err := tab.Set(tt.ext, tt.mime); err == nil {
			t.Errorf("Set(%q, %q) = nil; want an error", tt.ext, tt.mime)
		}
	}
	if got := tab.Lookup("f.x"); got != DefaultMimeType {
		t.Errorf("a failed Set changed the table: Lookup(f.x) = %q", got)
	}
	var nilTable *MimeTable
	if err := nilTable.Set("x", "a/b"); err == nil {
		t.Error("Set on a nil table = nil; want an error")
	}
}

func TestMimeConcurrent(t *testing.T) {
	tab := NewMimeTable()
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				if err := tab.Set(fmt.Sprintf("e%d", i%50), fmt.Sprintf("application/x-%d", i)); err != nil {
					t.Error(err)
					return
				}
			}
		}()
		go func() {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				tab.Lookup(fmt.Sprintf("f.e%d", i%50))
				if got := tab.Lookup("a.html"); got != "text/html; charset=utf-8" {
					t.Errorf("Lookup(a.html) = %q", got)
					return
				}
			}
		}()
	}
	wg.Wait()
}
