package bind

import (
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"
)

var (
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// argDecoder decodes one JavaScript argument into a value of one Go type.
// It is made once per parameter by New.
type argDecoder struct {
	typ      reflect.Type
	nullable bool // JSON null decodes to the zero value (nil)
	// fastString: typ is a string kind without UnmarshalJSON or
	// UnmarshalText, so a JSON string is decoded without encoding/json.
	fastString bool
}

func newArgDecoder(t reflect.Type) argDecoder {
	d := argDecoder{typ: t}
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		d.nullable = true
	case reflect.String:
		pt := reflect.PointerTo(t)
		d.fastString = !pt.Implements(jsonUnmarshalerType) && !pt.Implements(textUnmarshalerType)
	}
	return d
}

// decode decodes raw, one complete JSON value, into a new value of d.typ.
// Its error says what went wrong without naming the function or argument.
func (d argDecoder) decode(raw []byte) (reflect.Value, error) {
	if string(raw) == "null" {
		if !d.nullable {
			return reflect.Value{}, fmt.Errorf("cannot use null as %s", typeString(d.typ))
		}
		return reflect.Zero(d.typ), nil
	}
	if d.fastString && raw[0] == '"' {
		if s, ok := unquote(raw); ok {
			v := reflect.New(d.typ).Elem()
			v.SetString(s)
			return v, nil
		}
		// Not a valid JSON string: let encoding/json say why.
	}
	p := reflect.New(d.typ)
	if err := json.Unmarshal(raw, p.Interface()); err != nil {
		return reflect.Value{}, d.describe(raw, err)
	}
	return p.Elem(), nil
}

// describe turns an error of json.Unmarshal for raw into a message such as
// `cannot use "x" (string) as int`.
func (d argDecoder) describe(raw []byte, err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te) && te.Type != nil:
		if te.Field == "" && (te.Type == d.typ || raw[0] != '[' && raw[0] != '{') {
			// The argument as a whole does not fit.
			return fmt.Errorf("cannot use %s (%s) as %s", excerpt(raw), jsonKind(raw), typeString(d.typ))
		}
		if te.Field != "" {
			return fmt.Errorf("field %q: cannot use %s as %s", te.Field, te.Value, typeString(te.Type))
		}
		return fmt.Errorf("cannot use %s as %s (in %s)", te.Value, typeString(te.Type), typeString(d.typ))
	case errors.As(err, &se):
		return fmt.Errorf("invalid JSON: %s", trimJSONPrefix(se.Error()))
	default:
		// An error of an UnmarshalJSON or UnmarshalText method.
		return fmt.Errorf("cannot use %s (%s) as %s: %s", excerpt(raw), jsonKind(raw), typeString(d.typ), trimJSONPrefix(err.Error()))
	}
}

func trimJSONPrefix(s string) string {
	if len(s) > 6 && s[:6] == "json: " {
		return s[6:]
	}
	return s
}

// jsonKind names the kind of the JSON value raw by its first byte.
func jsonKind(raw []byte) string {
	switch raw[0] {
	case '"':
		return "string"
	case '[':
		return "array"
	case '{':
		return "object"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	default:
		return "number"
	}
}

// maxExcerpt is how many bytes of an argument an error message quotes.
const maxExcerpt = 40

// excerpt returns raw, cut to about maxExcerpt bytes on a rune boundary.
func excerpt(raw []byte) string {
	if len(raw) <= maxExcerpt {
		return string(raw)
	}
	n := maxExcerpt
	for n > 0 && !utf8.RuneStart(raw[n]) {
		n--
	}
	return string(raw[:n]) + "…"
}

// typeString names t as Go source does, with "any" for interface{}.
func typeString(t reflect.Type) string {
	return strings.ReplaceAll(t.String(), "interface {}", "any")
}
