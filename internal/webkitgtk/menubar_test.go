package webkitgtk

import "testing"

func TestMnemonicLabel(t *testing.T) {
	for in, want := range map[string]string{
		"&File": "_File", "Save &As…": "Save _As…", "R&&D": "R&D", "snake_case": "snake__case", "end&": "end&", "": "",
	} {
		if got := mnemonicLabel(in); got != want {
			t.Errorf("mnemonicLabel(%q) = %q, want %q", in, got, want)
		}
	}
}
