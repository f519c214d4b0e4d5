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
	// 50 MB, timed in the page.
	got := await(t, p, `(async () => { const t0 = performance.now(); const b = await Gotonium.app.bytes(50 * 1024 * 1024); return [b.length, performance.now() - t0]; })()`)
	r, _ := got.([]any)
	if len(r) != 2 || r[0] != float64(50<<20) {
		t.Fatalf("50 MB: %v", got)
	}
	t.Logf("50 MB result (made in Go and fetched by the page): %.0f ms", r[1])
}
