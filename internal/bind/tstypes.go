package bind

import (
	"encoding"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

var (
	timeType          = reflect.TypeFor[time.Time]()
	rawMessageType    = reflect.TypeFor[json.RawMessage]()
	jsonMarshalerType = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

// tsType is a TypeScript type expression.
type tsType struct {
	s     string
	union bool // s is a union, which needs parentheses before "[]"
}

// orNull returns t | null, once.
func (t tsType) orNull() tsType {
	if t.s == "any" || strings.HasSuffix(t.s, " | null") {
		return t
	}
	return tsType{s: t.s + " | null", union: true}
}

// array returns t[].
func (t tsType) array() tsType {
	if t.union {
		return tsType{s: "(" + t.s + ")[]"}
	}
	return tsType{s: t.s + "[]"}
}

// tsTypes maps Go types to TypeScript types and collects the named struct
// types that need an interface declaration.
type tsTypes struct {
	structs  []reflect.Type          // named struct types met, in order of discovery
	names    map[reflect.Type]string // their interface names, set by nameStructs
	seen     map[reflect.Type]bool
	visiting map[reflect.Type]bool // named non-struct types being mapped, against cycles
}

func newTSTypes() *tsTypes {
	return &tsTypes{
		names:    map[reflect.Type]string{},
		seen:     map[reflect.Type]bool{},
		visiting: map[reflect.Type]bool{},
	}
}

// collect walks t and every type reachable from it, recording named
// structs. It runs before nameStructs; typeOf runs after.
func (ts *tsTypes) collect(t reflect.Type) {
	ts.typeOf(t)
	// Structs discovered while walking a struct's fields are appended to
	// ts.structs, so this loop reaches them all.
	for i := 0; i < len(ts.structs); i++ {
		for _, f := range jsonFields(ts.structs[i]) {
			ts.typeOf(f.typ)
		}
	}
}

// typeOf returns the TypeScript type of the JSON that encoding/json makes
// from (and reads into) a value of type t. Named structs come out as their
// interface name, which is empty until nameStructs has run.
func (ts *tsTypes) typeOf(t reflect.Type) tsType {
	switch {
	case t == timeType:
		return tsType{s: "string"}
	case t == rawMessageType:
		return tsType{s: "any"}
	case t.Kind() == reflect.Pointer:
		if ts.visiting[t] {
			return tsType{s: "any"}
		}
		ts.visiting[t] = true
		defer delete(ts.visiting, t)
		return ts.typeOf(t.Elem()).orNull()
	case t.Kind() == reflect.Interface:
		return tsType{s: "any"}
	case t.Implements(jsonMarshalerType):
		return tsType{s: "any"}
	case t.Implements(textMarshalerType):
		return tsType{s: "string"}
	case reflect.PointerTo(t).Implements(jsonMarshalerType),
		reflect.PointerTo(t).Implements(textMarshalerType):
		// encoding/json uses the method only for addressable values.
		return tsType{s: "any"}
	}

	if t.Name() != "" && t.Kind() != reflect.Struct {
		// A named slice or map may refer to itself.
		if ts.visiting[t] {
			return tsType{s: "any"}
		}
		ts.visiting[t] = true
		defer delete(ts.visiting, t)
	}

	switch t.Kind() {
	case reflect.Bool:
		return tsType{s: "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return tsType{s: "number"}
	case reflect.String:
		return tsType{s: "string"}
	case reflect.Slice:
		e := t.Elem()
		if e.Kind() == reflect.Uint8 {
			pe := reflect.PointerTo(e)
			if !pe.Implements(jsonMarshalerType) && !pe.Implements(textMarshalerType) {
				return tsType{s: "string"} // base64
			}
		}
		return ts.typeOf(e).array()
	case reflect.Array:
		return ts.typeOf(t.Elem()).array()
	case reflect.Map:
		k := t.Key()
		switch k.Kind() {
		case reflect.String,
			reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		default:
			if !k.Implements(textMarshalerType) {
				return tsType{s: "never"} // encoding/json cannot encode it
			}
		}
		return tsType{s: "Record<string, " + ts.typeOf(t.Elem()).s + ">"}
	case reflect.Struct:
		if t.Name() == "" {
			return ts.objectLiteral(t)
		}
		if !ts.seen[t] {
			ts.seen[t] = true
			ts.structs = append(ts.structs, t)
		}
		return tsType{s: ts.names[t]}
	default: // chan, func, complex, unsafe.Pointer: encoding/json cannot encode them
		return tsType{s: "never"}
	}
}

// fieldType returns the TypeScript type of the struct field f.
func (ts *tsTypes) fieldType(f jsonField) tsType {
	if f.quoted {
		if f.typ.Kind() == reflect.Pointer {
			return tsType{s: "string"}.orNull()
		}
		return tsType{s: "string"}
	}
	return ts.typeOf(f.typ)
}

// members returns the property declarations of the struct type t, one per
// JSON field, such as `name?: string;`.
func (ts *tsTypes) members(t reflect.Type) []string {
	var ms []string
	for _, f := range jsonFields(t) {
		opt := ""
		if f.optional {
			opt = "?"
		}
		ms = append(ms, propertyName(f.name)+opt+": "+ts.fieldType(f).s+";")
	}
	return ms
}

// objectLiteral returns the inline object type of an unnamed struct type.
func (ts *tsTypes) objectLiteral(t reflect.Type) tsType {
	ms := ts.members(t)
	if len(ms) == 0 {
		return tsType{s: "{}"}
	}
	return tsType{s: "{ " + strings.Join(ms, " ") + " }"}
}

// propertyName returns name as a TypeScript property name: bare if it is
// an identifier, else a quoted string.
func propertyName(name string) string {
	if isIdentifier(name) {
		return name
	}
	b, _ := json.Marshal(name) // cannot fail for a string
	return string(b)
}

// tsReservedTypeNames may not name an interface: TypeScript's predefined
// type names, and global types the declarations refer to.
var tsReservedTypeNames = map[string]bool{
	"any": true, "unknown": true, "never": true, "void": true, "object": true,
	"string": true, "number": true, "bigint": true, "boolean": true,
	"symbol": true, "undefined": true, "Promise": true, "Record": true,
	// The built-in declarations' own (typescript.go, windowDecl, dialogDecl).
	"WindowPoint": true, "WindowSize": true, "ScreenRect": true, "ScreenInfo": true,
	"FileFilter": true, "FileDialogOptions": true, "MessageDialogOptions": true, // dialogDecl
}

// nameStructs gives each collected struct type its interface name: the Go
// type name; or package_Name where Go names clash or are reserved in
// TypeScript; with a number added (package_Name2) if that still clashes.
// Names depend only on the types and the order they were met, so the
// output is deterministic.
func (ts *tsTypes) nameStructs() {
	byBase := map[string]int{}
	for _, t := range ts.structs {
		byBase[typeBaseName(t.Name())]++
	}
	type cand struct {
		t    reflect.Type
		want string
	}
	cands := make([]cand, len(ts.structs))
	wants := map[string]int{}
	for i, t := range ts.structs {
		want := typeBaseName(t.Name())
		if byBase[want] > 1 || tsReservedTypeNames[want] || reservedWords[want] {
			want = pkgBaseName(t.PkgPath()) + "_" + want
		}
		cands[i] = cand{t, want}
		wants[want]++
	}
	slices.SortStableFunc(cands, func(a, b cand) int {
		if c := strings.Compare(a.want, b.want); c != 0 {
			return c
		}
		return strings.Compare(a.t.PkgPath(), b.t.PkgPath())
	})
	// Names wanted once are theirs; the others share what is left.
	used := map[string]bool{}
	for want, n := range wants {
		if n == 1 {
			used[want] = true
		}
	}
	for _, c := range cands {
		name := c.want
		if wants[name] > 1 {
			for n := 2; used[name]; n++ {
				name = c.want + strconv.Itoa(n)
			}
			used[name] = true
		}
		ts.names[c.t] = name
	}
}

// typeBaseName makes a TypeScript identifier of a Go type name, dropping
// package paths from type arguments: "Pair[int,example.com/m.Item]"
// becomes "Pair_int_m_Item".
func typeBaseName(name string) string {
	var b []rune
	for _, r := range name {
		if r == '/' {
			// Drop the path element just written.
			for len(b) > 0 && (b[len(b)-1] == '_' || b[len(b)-1] == '$' || b[len(b)-1] == '.' || b[len(b)-1] == '-' ||
				unicode.IsLetter(b[len(b)-1]) || unicode.IsDigit(b[len(b)-1])) {
				b = b[:len(b)-1]
			}
			continue
		}
		b = append(b, r)
	}
	return identifierOf(string(b))
}

// pkgBaseName returns the last element of a package path as an
// identifier.
func pkgBaseName(path string) string {
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		path = path[i+1:]
	}
	if path == "" {
		return "pkg"
	}
	return identifierOf(path)
}

// identifierOf replaces every run of characters that may not appear in an
// identifier by one '_', and trims '_' from both ends.
func identifierOf(s string) string {
	var b strings.Builder
	under := false
	for _, r := range s {
		if r == '_' || r == '$' || unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			under = false
		} else if !under {
			b.WriteByte('_')
			under = true
		}
	}
	out := strings.Trim(b.String(), "_")
	if out == "" || unicode.IsDigit([]rune(out)[0]) {
		out = "T" + out
	}
	return out
}
