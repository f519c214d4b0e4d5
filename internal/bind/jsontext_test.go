package bind

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestSplitArray(t *testing.T) {
	tests := []struct {
		in   string
		want []string
		err  string
	}{
		{in: ``, want: nil},
		{in: " \t\r\n", want: nil},
		{in: `[]`, want: nil},
		{in: ` [ ] `, want: nil},
		{in: `[1]`, want: []string{`1`}},
		{in: `[ "a\"],b" , {"x":[1,{"y":"]}"}]} ,null,-1.5e3,true]`,
			want: []string{`"a\"],b"`, `{"x":[1,{"y":"]}"}]}`, `null`, `-1.5e3`, `true`}},
		{in: `["\\",  "\\\""]`, want: []string{`"\\"`, `"\\\""`}},
		{in: `[[],{},""]`, want: []string{`[]`, `{}`, `""`}},
		{in: `[1,]`, err: "looking for beginning of value"},
		{in: `[1 2]`, err: "after array element"},
		{in: `[`, err: "unexpected end"},
		{in: `[1`, err: "unexpected end"},
		{in: `[1,`, err: "unexpected end"},
		{in: `]`, err: "not an array"},
		{in: `[1]x`, err: "after array"},
		{in: `[1] [2]`, err: "after array"},
		{in: `{"a":1}`, err: "not an array"},
		{in: `"str"`, err: "not an array"},
		{in: `null`, err: "not an array"},
		{in: `[,1]`, err: "looking for beginning of value"},
		{in: `["open]`, err: "unexpected end"},
		{in: `["a\"]`, err: "unexpected end"},
		{in: `[{"a":[1}`, err: "unexpected end"},
	}
	for _, tt := range tests {
		got, err := splitArray([]byte(tt.in))
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("splitArray(%q) = %q, %v; want error containing %q", tt.in, got, err, tt.err)
			}
			continue
		}
		var gs []string
		for _, g := range got {
			gs = append(gs, string(g))
		}
		if err != nil || !reflect.DeepEqual(gs, tt.want) {
			t.Errorf("splitArray(%q) = %q, %v; want %q", tt.in, gs, err, tt.want)
		}
	}
}

// unquoteCases are JSON string literals, valid and not, on which unquote
// must agree with encoding/json.
var unquoteCases = []string{
	`""`, `"a"`, `"hello, world"`, `"\""`, `"\\"`, `"\/"`, `"\b\f\n\r\t"`,
	`"\u0041\u00e9\u4e2d"`, `"\u2028\u2029"`, `"\ud83d\ude00"`, `"\uD83D\uDE00"`,
	`"\ud83d"`, `"\ude00"`, `"\ud83d\u0041"`, `"\ud83d\ud83d\ude00"`, `"\ude00\ud83d"`,
	`"ünïcödé 日本語 😀"`, "\"\xff\"", "\"a\xc3\"", "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"",
	"\"12345678\xff12345678\"", `"12345678\"12345678"`, "\"1234567\x01\"",
	`"\u12"`, `"\u12g4"`, `"\x"`, `"\'"`, `"\`, `"a`, `a"`, "\"\n\"", "\"\t\"", "\"\x7f\"",
	`"\u0000"`, `"` + strings.Repeat("abcdefgh", 20) + `\n` + strings.Repeat("ü", 20) + `"`,
}

func TestUnquoteMatchesEncodingJSON(t *testing.T) {
	for _, in := range unquoteCases {
		checkUnquote(t, []byte(in))
	}
}

func checkUnquote(t *testing.T, in []byte) {
	t.Helper()
	got, ok := unquote(in)
	var want string
	err := json.Unmarshal(in, &want)
	validString := err == nil && len(in) > 0 && in[0] == '"' && in[len(in)-1] == '"'
	if ok != validString || ok && got != want {
		t.Errorf("unquote(%q) = %q, %v; encoding/json gives %q, %v", in, got, ok, want, err)
	}
}

func FuzzUnquote(f *testing.F) {
	for _, c := range unquoteCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		checkUnquote(t, in)
	})
}

func TestQuotePlainMatchesEncodingJSON(t *testing.T) {
	var cases []string
	for _, special := range []string{`"`, `\\`, "<", ">", "&", "\x00", "\x1f", "\n", "\x7f", "\x80", "é", "\u2028", "\xff", " ", "~", "a"} {
		for pos := 0; pos < 20; pos++ {
			cases = append(cases, strings.Repeat("x", pos)+special+strings.Repeat("y", 20-pos))
		}
	}
	cases = append(cases, "", "a", "abcdefgh", "abcdefghi")
	for _, s := range cases {
		want, _ := json.Marshal(s)
		got, ok := quotePlain(s)
		if ok && string(got) != string(want) {
			t.Errorf("quotePlain(%q) = %s, encoding/json gives %s", s, got, want)
		}
		// Plain: printable ASCII (DEL included, as encoding/json keeps it)
		// without the characters encoding/json escapes.
		plain := !strings.ContainsAny(s, "\"\\<>&") && strings.IndexFunc(s, func(r rune) bool { return r < 0x20 || r > 0x7f }) < 0
		if ok != plain {
			t.Errorf("quotePlain(%q) ok = %v", s, ok)
		}
	}
}
