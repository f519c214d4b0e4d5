package engine

import "testing"

func TestUnderscoreMnemonics(t *testing.T) {
	for in, want := range map[string]string{
		"&File": "_File", "Save &As…": "Save _As…", "R&&D": "R&D", "snake_case": "snake__case", "end&": "end&", "": "",
	} {
		if got := UnderscoreMnemonics(in); got != want {
			t.Errorf("UnderscoreMnemonics(%q) = %q, want %q", in, got, want)
		}
	}
}
