package bind

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// bigString is a 1 MB string of mixed text, a worst case: ASCII with
// quotes, newlines, HTML and non-ASCII letters every few bytes, which must
// be escaped or checked.
func bigString() string {
	const chunk = `Hello, "world" </script> & ünïcödé — line` + "\n\u2028"
	var b strings.Builder
	for b.Len() < 1<<20 {
		b.WriteString(chunk)
	}
	return b.String()[:1<<20-len(chunk)]
}

// The Plain benchmarks use 1 MB of plain ASCII, the best case.

func BenchmarkCallStringArg1MB(b *testing.B) {
	f, err := New(func(s string) int { return len(s) }, "length")
	if err != nil {
		b.Fatal(err)
	}
	args, _ := json.Marshal([]string{bigString()})
	b.SetBytes(int64(len(args)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := f.Call(context.Background(), args); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCallStringArgPlain1MB(b *testing.B) {
	f, err := New(func(s string) int { return len(s) }, "length")
	if err != nil {
		b.Fatal(err)
	}
	args, _ := json.Marshal([]string{strings.Repeat("abcdefghij", 1<<20/10)})
	b.SetBytes(int64(len(args)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := f.Call(context.Background(), args); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCallStringResult1MB(b *testing.B) {
	s := bigString()
	f, err := New(func() string { return s }, "big")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := f.Call(context.Background(), nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCallSmall(b *testing.B) {
	f, err := New(func(a, c int, s string) string { return s }, "small")
	if err != nil {
		b.Fatal(err)
	}
	args := []byte(`[1, 2, "three"]`)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := f.Call(context.Background(), args); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCallStringResultPlain1MB(b *testing.B) {
	s := strings.Repeat("abcdefghij", 1<<20/10)
	f, err := New(func() string { return s }, "big")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := f.Call(context.Background(), nil); err != nil {
			b.Fatal(err)
		}
	}
}
