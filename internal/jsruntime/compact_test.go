package jsruntime

import (
	"strings"
	"testing"
)

// TestCompact: comment lines, blank lines and indentation go; code, inline
// comments and the placeholders Script fills in stay.
func TestCompact(t *testing.T) {
	got := compact("  // a comment\n\n  const a = 1; // kept\n\t  if (!(/*GATE*/ false)) return;\n  const u = \"https://x\";\n")
	want := "const a = 1; // kept\nif (!(/*GATE*/ false)) return;\nconst u = \"https://x\";\n"
	if got != want {
		t.Fatalf("compact = %q; want %q", got, want)
	}
	for _, p := range []string{"/*GATE*/ false", "/*SECRET*/ \"\"", "/*BINDINGS*/ []", "/*FRAMELESS*/ false"} {
		if !strings.Contains(runtime, p) {
			t.Errorf("the compacted runtime lost %q", p)
		}
	}
	if len(runtime) >= len(source)*4/5 {
		t.Errorf("compacted runtime %d bytes of %d", len(runtime), len(source))
	}
}
