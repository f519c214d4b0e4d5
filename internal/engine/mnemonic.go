package engine

import "strings"

// UnderscoreMnemonics writes a label with the core's "&" mnemonics ("&File",
// "&&" for one "&") in the "_" form that GTK and dbusmenu read ("_File",
// "__" for one "_"); a "&" at the end is shown as it is.
func UnderscoreMnemonics(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '&' && i+1 < len(s) && s[i+1] == '&':
			b.WriteByte('&')
			i++
		case c == '&' && i+1 < len(s):
			b.WriteByte('_')
		case c == '_':
			b.WriteString("__")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
