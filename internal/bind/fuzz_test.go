package bind

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// FuzzRoundTrip checks the conversion of values both ways:
//
//   - any JSON value that encoding/json reads into an any goes through an
//     any parameter and comes back out as the same value (same JSON after
//     decoding, and exactly encoding/json's encoding of it);
//   - any Go string goes through a string parameter unchanged (invalid
//     UTF-8 bytes becoming U+FFFD, as JSON requires);
//   - any text given as the single argument for a string parameter is
//     accepted exactly when encoding/json accepts it (null aside, which is
//     refused on purpose), with the same result.
func FuzzRoundTrip(f *testing.F) {
	seeds := []string{
		`null`, `true`, `false`, `0`, `-0`, `1.5`, `-1e-7`, `9007199254740992`, `-9007199254740993`,
		`1e308`, `5e-324`, `""`, `"a\"b\\c"`, `"</script>"`, `"\u2028\u2029"`, `"\ud83d\ude00"`, `"\ud800"`,
		`[]`, `{}`, `[1,[2,[3,[]]]]`, `{"a":{"b":{"c":null}},"ü":"😀"}`, `{"a":1,"a":2}`,
		` [ 1 , "x" ] `, `"ünïcödé"`, "\"\xff\"", `[1,]`, `{"a"}`, `tru`, `"\u12"`, `1e400`,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	echoAny, err := New(func(v any) any { return v }, "echoAny")
	if err != nil {
		f.Fatal(err)
	}
	echoString, err := New(func(s string) string { return s }, "echoString")
	if err != nil {
		f.Fatal(err)
	}
	ctx := context.Background()

	f.Fuzz(func(t *testing.T, data []byte) {
		args := make([]byte, 0, len(data)+2)
		args = append(append(append(args, '['), data...), ']')

		// 1. Any JSON value through an any parameter.
		var want any
		if json.Unmarshal(data, &want) == nil {
			out, err := echoAny.Call(ctx, args)
			if err != nil {
				t.Fatalf("any: Call(%q): %v", args, err)
			}
			var got any
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("any: result %q is not JSON: %v", out, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("any: %q came back as %q", data, out)
			}
			if enc, _ := json.Marshal(want); string(enc) != string(out) {
				t.Fatalf("any: result %q, want %q", out, enc)
			}
		}

		// 2. Any Go string through a string parameter.
		s := string(data)
		sargs, _ := json.Marshal([]string{s})
		out, err := echoString.Call(ctx, sargs)
		if err != nil {
			t.Fatalf("string: Call(%q): %v", sargs, err)
		}
		var got string
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("string: result %q is not JSON: %v", out, err)
		}
		wantS := string([]rune(s))
		if got != wantS {
			t.Fatalf("string: %q came back as %q, want %q", s, got, wantS)
		}
		if enc, _ := json.Marshal(wantS); string(enc) != string(out) {
			t.Fatalf("string: result %q, encoding/json gives %q", out, enc)
		}

		// 3. The text itself as the argument of a string parameter.
		out, err = echoString.Call(ctx, args)
		if strings.Trim(string(data), " \t\r\n") == "null" {
			// JSON null, which encoding/json reads into a string as a
			// no-op and bind refuses on purpose.
			if err == nil {
				t.Fatalf("string arg %q: null accepted as %s", data, out)
			}
			return
		}
		var js string
		jsErr := json.Unmarshal(data, &js)
		switch {
		case jsErr == nil && err != nil:
			t.Fatalf("string arg %q: bind error %v, encoding/json gives %q", data, err, js)
		case jsErr != nil && err == nil:
			t.Fatalf("string arg %q: bind gives %s, encoding/json error %v", data, out, jsErr)
		case err == nil:
			if enc, _ := json.Marshal(js); string(enc) != string(out) {
				t.Fatalf("string arg %q: bind gives %s, encoding/json %s", data, out, enc)
			}
		}
	})
}
