package bind

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// splitArray splits data, the text of a JSON array, into its elements'
// texts (sub-slices of data). Empty or all-space data counts as an empty
// array. It checks the array's own syntax but not the elements', which are
// checked as they are decoded.
func splitArray(data []byte) ([][]byte, error) {
	i := skipSpace(data, 0)
	if i == len(data) {
		return nil, nil
	}
	if data[i] != '[' {
		return nil, fmt.Errorf("found %s, not an array", excerpt(data[i:]))
	}
	i = skipSpace(data, i+1)
	var elems [][]byte
	if i < len(data) && data[i] == ']' {
		i++
	} else {
		for {
			if i == len(data) {
				return nil, errors.New("unexpected end of JSON input")
			}
			end, err := skipValue(data, i)
			if err != nil {
				return nil, err
			}
			elems = append(elems, data[i:end])
			i = skipSpace(data, end)
			if i == len(data) {
				return nil, errors.New("unexpected end of JSON input")
			}
			if data[i] == ']' {
				i++
				break
			}
			if data[i] != ',' {
				return nil, fmt.Errorf("invalid character %q after array element", data[i])
			}
			i = skipSpace(data, i+1)
		}
	}
	if i = skipSpace(data, i); i != len(data) {
		return nil, fmt.Errorf("invalid character %q after array", data[i])
	}
	return elems, nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func skipSpace(data []byte, i int) int {
	for i < len(data) && isSpace(data[i]) {
		i++
	}
	return i
}

// skipValue returns the end of the JSON value starting at data[i]. It finds
// only the extent; the value's syntax is checked later.
func skipValue(data []byte, i int) (int, error) {
	switch data[i] {
	case '"':
		return skipString(data, i)
	case '[', '{':
		depth := 0
		for j := i; j < len(data); j++ {
			switch data[j] {
			case '"':
				end, err := skipString(data, j)
				if err != nil {
					return 0, err
				}
				j = end - 1
			case '[', '{':
				depth++
			case ']', '}':
				depth--
				if depth == 0 {
					return j + 1, nil
				}
			}
		}
		return 0, errors.New("unexpected end of JSON input")
	case ',', ']', '}', ':':
		return 0, fmt.Errorf("invalid character %q looking for beginning of value", data[i])
	default:
		j := i
		for j < len(data) && !isSpace(data[j]) && data[j] != ',' && data[j] != ']' {
			j++
		}
		return j, nil
	}
}

// skipString returns the end of the JSON string starting at data[i] == '"',
// just past its closing quote.
func skipString(data []byte, i int) (int, error) {
	j := i + 1
	for {
		k := bytes.IndexByte(data[j:], '"')
		if k < 0 {
			return 0, errors.New("unexpected end of JSON input in string")
		}
		j += k
		// The quote is escaped if an odd number of backslashes precede it.
		b := j - 1
		for b > i && data[b] == '\\' {
			b--
		}
		if (j-1-b)%2 == 0 {
			return j + 1, nil
		}
		j++
	}
}

// unquote decodes the JSON string literal s (with its quotes) exactly as
// encoding/json does: invalid UTF-8 bytes and unpaired surrogate escapes
// become U+FFFD. It reports false if s is not a valid JSON string.
func unquote(s []byte) (string, bool) {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return "", false
	}
	s = s[1 : len(s)-1]
	i := plainRun(s, 0)
	if i == len(s) {
		return string(s), true // nothing to unescape or replace
	}
	b := make([]byte, i, len(s))
	copy(b, s[:i])
	for {
		j := plainRun(s, i)
		b = append(b, s[i:j]...)
		i = j
		if i == len(s) {
			return string(b), true
		}
		switch c := s[i]; {
		case c == '\\':
			if i+1 >= len(s) {
				return "", false
			}
			switch s[i+1] {
			case '"', '\\', '/':
				b = append(b, s[i+1])
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r, ok := hex4(s[i+2:])
				if !ok {
					return "", false
				}
				i += 6
				if utf16.IsSurrogate(r) {
					if r2, ok := hex4Escape(s[i:]); ok {
						if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
							b = utf8.AppendRune(b, dec)
							i += 6
							continue
						}
					}
					r = utf8.RuneError
				}
				b = utf8.AppendRune(b, r)
				continue
			default:
				return "", false
			}
			i += 2
		case c < utf8.RuneSelf: // '"' or a control character
			return "", false
		default: // a byte that is not valid UTF-8
			b = utf8.AppendRune(b, utf8.RuneError)
			i++
		}
	}
}

// plainRun returns the end of the run of bytes from s[i] that a JSON
// string holds as they are: ASCII other than '"', '\\' and control
// characters, and valid UTF-8.
func plainRun(s []byte, i int) int {
	start, high := i, false
	for i+8 <= len(s) {
		w := binary.LittleEndian.Uint64(s[i:])
		if special8(w) {
			break
		}
		high = high || w&0x8080808080808080 != 0
		i += 8
	}
	for i < len(s) {
		c := s[i]
		if c == '\\' || c == '"' || c < 0x20 {
			break
		}
		high = high || c >= utf8.RuneSelf
		i++
	}
	if !high || utf8.Valid(s[start:i]) {
		return i
	}
	// Stop at the first byte that is not valid UTF-8.
	end := i
	for i = start; i < end; {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(s[i:end])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return end
}

// special8 reports whether one of the 8 bytes in w is a control
// character, '"' or '\\'.
func special8(w uint64) bool {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	q := w ^ (lo * '"')  // zero bytes where w has '"'
	b := w ^ (lo * '\\') // zero bytes where w has '\\'
	// (x-lo)&^x has a high bit set if and only if x has a zero byte, and
	// (w-lo*0x20)&^w if and only if w has a byte below 0x20.
	return ((w-lo*0x20)&^w|(q-lo)&^q|(b-lo)&^b)&hi != 0
}

// hex4Escape decodes a `\uXXXX` escape at the start of s.
func hex4Escape(s []byte) (rune, bool) {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return 0, false
	}
	return hex4(s[2:])
}

// hex4 decodes four hex digits at the start of s.
func hex4(s []byte) (rune, bool) {
	if len(s) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range s[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// quotePlain returns s as a JSON string, exactly as encoding/json would
// encode it, if s holds only printable ASCII that needs no escape (no '"',
// '\\', '<', '>' or '&'). It reports false otherwise.
func quotePlain(s string) ([]byte, bool) {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if !plainOut8(uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56) {
			return nil, false
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return nil, false
		}
	}
	b := make([]byte, len(s)+2)
	b[0] = '"'
	copy(b[1:], s)
	b[len(b)-1] = '"'
	return b, true
}

// plainOut8 reports whether the 8 bytes in w are all printable ASCII
// other than '"', '\\', '<', '>' and '&'.
func plainOut8(w uint64) bool {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	if w&hi != 0 || special8(w) {
		return false
	}
	lt := w ^ (lo * '<')
	gt := w ^ (lo * '>')
	amp := w ^ (lo * '&')
	return ((lt-lo)&^lt|(gt-lo)&^gt|(amp-lo)&^amp)&hi == 0
}
