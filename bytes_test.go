//go:build !fakeengine

package gotonium_test

import (
	"fmt"
	"hash/fnv"
	"math/rand"
	"testing"
)

// TestBytesResult: a bound function's []byte result arrives as a
// Uint8Array with the same bytes (nil as null), fetched once through
// gotonium's blob scheme; a guessed token gets nothing; []byte inside a
// struct stays base64 as encoding/json makes it.
func TestBytesResult(t *testing.T) {
	p := open(t, page(`<title>bytes</title><script>
window.fnv = (b) => { let h = 0x811c9dc5; for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193) >>> 0; return b.length + ":" + h; };
</script>`), 200, 150)
	big := make([]byte, 8<<20)
	rand.New(rand.NewSource(1)).Read(big)
	h := fnv.New32a()
	h.Write(big)
	sum := fmt.Sprintf("%d:%d", len(big), h.Sum32())
	must(t, p.BindFunction(func(n int) []byte {
		switch n {
		case -1:
			return nil
		case -2:
			return big
		}
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(i)
		}
		return b
	}, "bytes", "app"))
	must(t, p.BindFunction(func() struct{ B []byte } { return struct{ B []byte }{[]byte("hi")} }, "inStruct", "app"))
	pump(t)
	for _, c := range []struct{ expr, want string }{
		{`Gotonium.app.bytes(-1).then((b) => String(b))`, "null"},
		{`Gotonium.app.bytes(0).then((b) => Object.prototype.toString.call(b) + b.length)`, "[object Uint8Array]0"},
		{`Gotonium.app.bytes(300).then((b) => b.constructor.name + " " + b.length + " " + b[0] + "," + b[255] + "," + b[299])`, "Uint8Array 300 0,255,43"},
		{`Gotonium.app.bytes(-2).then(fnv)`, sum},
		{`Gotonium.app.inStruct().then((s) => s.B)`, "aGk="},
		{`fetch("gotonium-blob://localhost/" + "0".repeat(32)).then((r) => "status " + r.status, (e) => "refused " + e.name)`, "status 404"},
	} {
		if got := await(t, p, c.expr); got != c.want {
			t.Errorf("%s = %v; want %s", c.expr, got, c.want)
		}
	}
	// Bytes to Go: a Uint8Array (also a part of a buffer), an ArrayBuffer
	// and a Blob arrive as []byte, as bytes.
	must(t, p.BindFunction(func(a, b []byte, s string, c []byte) string {
		return fmt.Sprintf("%d:%v %d:%v %s %d:%v", len(a), a[:3], len(b), b[len(b)-1], s, len(c), string(c))
	}, "take", "app"))
	must(t, p.BindFunction(func(b []byte) int { h := fnv.New32a(); h.Write(b); return int(h.Sum32()) }, "sum", "app"))
	if got := await(t, p, `Gotonium.app.take(new Uint8Array([1, 2, 3, 4]).subarray(1), new Uint8Array(300000).fill(7).buffer, "text", new Blob(["blob!"]))`); got != "3:[2 3 4] 300000:7 text 5:blob!" {
		t.Errorf("take: %v", got)
	}
	if got := await(t, p, `(() => { const b = new Uint8Array(8 << 20); for (let i = 0; i < b.length; i++) b[i] = (i * 7) & 255; return Gotonium.app.sum(b).then((s) => s === fnv(b).split(":")[1] * 1 ? "same" : s + " " + fnv(b)); })()`); got != "same" {
		t.Errorf("8 MB to Go: %v", got)
	}
	// 50 MB, timed in the page.
	got := await(t, p, `(async () => { const t0 = performance.now(); const b = await Gotonium.app.bytes(50 * 1024 * 1024); return [b.length, performance.now() - t0]; })()`)
	r, _ := got.([]any)
	if len(r) != 2 || r[0] != float64(50<<20) {
		t.Fatalf("50 MB: %v", got)
	}
	t.Logf("50 MB result (made in Go and fetched by the page): %.0f ms", r[1])
	must(t, p.BindFunction(func(b []byte) int { return len(b) }, "size", "app"))
	got = await(t, p, `(async () => { const b = new Uint8Array(50 * 1024 * 1024); const t0 = performance.now(); const n = await Gotonium.app.size(b); return [n, performance.now() - t0]; })()`)
	if r, _ = got.([]any); len(r) != 2 || r[0] != float64(50<<20) {
		t.Fatalf("50 MB to Go: %v", got)
	}
	t.Logf("50 MB argument (sent by the page to Go): %.0f ms", r[1])
}
