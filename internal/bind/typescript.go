package bind

import (
	"bytes"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
)

// Namespace is a group of bound functions as JavaScript sees them: the
// functions of a Namespace named "app" are called as Gotonium.app.f(…)
// (and Pytonium.app.f(…)); those of the Namespace named "" are called as
// Gotonium.f(…).
type Namespace struct {
	// Name is the namespace's JavaScript name, or "" for functions placed
	// directly on Gotonium. It must be an identifier, not a reserved word,
	// and not "appState".
	Name string
	// Funcs are the functions of the namespace, in any order.
	Funcs []*Func
}

// AppStateNamespace is the name of the namespace that gotonium itself
// provides for shared state. No Namespace may have this name, and no
// function of the namespace "" either.
const AppStateNamespace = "appState"

// appStateDecl declares the functions of the appState namespace, which run
// synchronously in the page.
const appStateDecl = `  namespace appState {
    function registerForStateUpdates(eventName: string, namespaces: string[], getUpdatesFromJavascript: boolean, getUpdatesFromPytonium: boolean): void;
    function setState(namespace: string, key: string, value: any): void;
    function getState(namespace: string, key: string): any;
    function removeState(namespace: string, key: string): void;
  }
`

// eventsDecl declares Gotonium.on and Gotonium.off, the page side of
// Instance.Emit.
const eventsDecl = `  /** Calls fn with the data of every event named event that Go emits (Instance.Emit): JSON values, or a Uint8Array for []byte. Returns a function that removes fn. */
  function on(event: string, fn: (data: any) => void): () => void;
  /** Stops calling fn for event. */
  function off(event: string, fn: (data: any) => void): void;
`

// windowDecl declares the built-in Gotonium.window functions (the page
// side of the window controls; internal/jsruntime). Namespaces merge, so
// functions an app binds into "window" add to it.
const windowDecl = `  interface WindowPoint { x: number; y: number; }
  interface WindowSize { width: number; height: number; }
  interface ScreenRect { x: number; y: number; width: number; height: number; }
  interface ScreenInfo { name: string; bounds: ScreenRect; workArea: ScreenRect; scale: number; primary: boolean; }
  namespace window {
    function minimize(): Promise<void>;
    function maximize(): Promise<void>;
    function restore(): Promise<void>;
    function toggleMaximize(): Promise<void>;
    function close(): Promise<void>;
    function isMaximized(): Promise<boolean>;
    function getPosition(): Promise<WindowPoint>;
    function setPosition(x: number, y: number): Promise<void>;
    function drag(dx: number, dy: number): Promise<void>;
    function getSize(): Promise<WindowSize>;
    function setSize(width: number, height: number): Promise<void>;
    /** anchor: 0 top left, 1 top right, 2 bottom left, 3 bottom right stays in place. */
    function resize(width: number, height: number, anchor?: 0 | 1 | 2 | 3): Promise<void>;
    /** Hands the drag that the mousedown event e started to the window manager. */
    function startMove(e: MouseEvent): Promise<void>;
    function setTitle(title: string): Promise<void>;
    function getTitle(): Promise<string>;
    function center(): Promise<void>;
    function focus(): Promise<void>;
    function show(): Promise<void>;
    function hide(): Promise<void>;
    function isVisible(): Promise<boolean>;
    function setMinSize(width: number, height: number): Promise<void>;
    function setMaxSize(width: number, height: number): Promise<void>;
    function setResizable(on: boolean): Promise<void>;
    function setAlwaysOnTop(on: boolean): Promise<void>;
    function setSkipTaskbar(on: boolean): Promise<void>;
    function setFullscreen(on: boolean): Promise<void>;
    function isFullscreen(): Promise<boolean>;
    function getScreen(): Promise<ScreenInfo>;
    function screens(): Promise<ScreenInfo[]>;
    /** Zooms the page: 1 is 100 %, from 0.25 to 5. */
    function setZoom(factor: number): Promise<void>;
    function getZoom(): Promise<number>;
    /** The pointer goes through the window to what is below it (on). */
    function setClickThrough(on: boolean): Promise<void>;
    function setKind(kind: "normal" | "utility" | "splash" | "dock" | "desktop"): Promise<void>;
    /** Shows the print dialog: true when printed, false when cancelled. */
    function print(): Promise<boolean>;
  }
`

// dialogDecl declares the built-in Gotonium.dialog functions (dialog.go
// in the root package; internal/jsruntime).
const dialogDecl = `  interface FileFilter { name?: string; patterns?: string[]; mimeTypes?: string[]; }
  interface FileDialogOptions {
    title?: string; folder?: string; name?: string; acceptLabel?: string;
    filters?: FileFilter[]; multiple?: boolean; showHidden?: boolean;
  }
  interface MessageDialogOptions {
    kind?: "info" | "warning" | "error" | "question"; title?: string; message: string; detail?: string;
    buttons?: string[]; default?: string;
  }
  namespace dialog {
    /** Resolves with the chosen files' paths, or null when the user cancels. */
    function openFile(options?: FileDialogOptions): Promise<string[] | null>;
    /** Resolves with the path to save to, or null when the user cancels. */
    function saveFile(options?: FileDialogOptions): Promise<string | null>;
    /** Resolves with the chosen folders' paths, or null when the user cancels. */
    function openFolder(options?: FileDialogOptions): Promise<string[] | null>;
    /** Resolves with the label of the button chosen, or null when the user closes the dialog. */
    function message(options: MessageDialogOptions | string): Promise<string | null>;
  }
`

// globalsDecl makes Pytonium an alias of Gotonium (as a value and for type
// names) and declares both on window, with the ready flags and events.
const globalsDecl = `import Pytonium = Gotonium;

interface Window {
  Gotonium: typeof Gotonium;
  Pytonium: typeof Gotonium;
  GotoniumReady: boolean;
  PytoniumReady: boolean;
}

interface WindowEventMap {
  GotoniumReady: Event;
  PytoniumReady: Event;
  GotoniumFileDrop: CustomEvent<{ paths: string[]; x: number; y: number }>;
}

interface HTMLElementEventMap {
  GotoniumFileDrop: CustomEvent<{ paths: string[]; x: number; y: number }>;
}
`

// WriteTypeScript writes to w a TypeScript declaration file (.d.ts) for
// the functions in namespaces, for use as a global script (it has no
// imports or exports). It declares:
//
//   - namespace Gotonium, holding an interface for every named struct type
//     reachable from the functions' parameters and results, the functions
//     of the namespace "", a nested namespace for each other Namespace,
//     and the appState namespace;
//   - Pytonium as an alias of Gotonium;
//   - Gotonium, Pytonium, GotoniumReady and PytoniumReady on Window, and
//     the GotoniumReady, PytoniumReady and GotoniumFileDrop events in WindowEventMap.
//
// Each function is declared as function name(arg1: T1, …): Promise<R>,
// without a leading context parameter; a variadic one ends in
// ...args: T[]. A Func given names by [Func.WithParamNames] has them in
// place of arg1, arg2, … and args. R is void for a function that returns nothing or only an
// error. Types map as encoding/json encodes them: numbers to number,
// string, bool to boolean, []byte to string (base64), slices and arrays to
// T[], maps to Record<string, T>, pointers to T | null, interfaces and
// json.RawMessage to any, time.Time and other encoding.TextMarshalers to
// string, other json.Marshalers to any, structs to interfaces with their
// JSON field names (optional with omitempty or omitzero), and types
// encoding/json cannot encode (channels, funcs, complex numbers) to never.
// Note that a nil slice or map is encoded as null although its type says
// T[] or Record.
//
// An interface is named after its Go type; where two types share a name,
// or the name is reserved in TypeScript, it is prefixed with the last
// element of the package path and '_' (main_Settings).
//
// Functions and namespaces are sorted by name, interfaces by their
// names, so the output depends only on the functions given; it ends with
// a newline. Nothing is written if WriteTypeScript returns an error, which
// it does when a namespace name is not a JavaScript identifier, is a
// reserved word or is "appState"; when a name is given twice, or a
// function of the namespace "" has the name of a namespace; or when a Func
// is nil. Any error of w is returned.
func WriteTypeScript(w io.Writer, namespaces []Namespace) error {
	var top []*Func
	var nested []Namespace
	seen := map[string]bool{}
	for _, ns := range namespaces {
		switch {
		case ns.Name == AppStateNamespace:
			return fmt.Errorf("bind: namespace name %q is reserved by gotonium", ns.Name)
		case seen[ns.Name]:
			return fmt.Errorf("bind: namespace %q is given twice", ns.Name)
		case ns.Name != "":
			if err := checkName(ns.Name); err != nil {
				return fmt.Errorf("bind: bad namespace name: %w", err)
			}
		}
		seen[ns.Name] = true
		funcs, err := sortedFuncs(ns)
		if err != nil {
			return err
		}
		if ns.Name == "" {
			top = funcs
		} else {
			nested = append(nested, Namespace{Name: ns.Name, Funcs: funcs})
		}
	}
	for _, f := range top {
		if seen[f.name] || f.name == AppStateNamespace {
			return fmt.Errorf("bind: function %q has the name of a namespace", f.name)
		}
		if jsReserved[f.name] {
			return fmt.Errorf("bind: function %q on Gotonium itself cannot be declared in TypeScript (a reserved word); bind it into an object instead", f.name)
		}
	}
	slices.SortFunc(nested, func(a, b Namespace) int { return strings.Compare(a.Name, b.Name) })

	ts := newTSTypes()
	all := slices.Clone(top)
	for _, ns := range nested {
		all = append(all, ns.Funcs...)
	}
	for _, f := range all {
		for _, p := range f.params {
			ts.collect(p)
		}
		if f.result != nil {
			ts.collect(f.result)
		}
	}
	ts.nameStructs()

	var b bytes.Buffer
	b.WriteString("// Code generated by gotonium; DO NOT EDIT.\n")
	b.WriteString("// TypeScript declarations of the Go functions bound to this page.\n\n")
	b.WriteString("declare namespace Gotonium {\n")

	structs := slices.Clone(ts.structs)
	slices.SortFunc(structs, func(a, c reflect.Type) int { return strings.Compare(ts.names[a], ts.names[c]) })
	for _, t := range structs {
		fmt.Fprintf(&b, "  interface %s {\n", ts.names[t])
		for _, m := range ts.members(t) {
			fmt.Fprintf(&b, "    %s\n", m)
		}
		b.WriteString("  }\n\n")
	}
	for _, f := range top {
		fmt.Fprintf(&b, "  %s\n", ts.signature(f))
	}
	if len(top) > 0 {
		b.WriteString("\n")
	}
	for _, ns := range nested {
		if slices.ContainsFunc(ns.Funcs, func(f *Func) bool { return jsReserved[f.name] }) {
			// function delete(…) is no declaration; an object type's method
			// may have any name, and Gotonium.notes.delete() checks the same.
			fmt.Fprintf(&b, "  const %s: {\n", ns.Name)
			for _, f := range ns.Funcs {
				sig := strings.TrimPrefix(ts.signature(f), "function ")
				if jsReserved[f.name] { // quoted: new(…) would be a construct signature
					sig = `"` + f.name + `"` + strings.TrimPrefix(sig, f.name)
				}
				fmt.Fprintf(&b, "    %s\n", sig)
			}
			b.WriteString("  };\n\n")
			continue
		}
		fmt.Fprintf(&b, "  namespace %s {\n", ns.Name)
		for _, f := range ns.Funcs {
			fmt.Fprintf(&b, "    %s\n", ts.signature(f))
		}
		b.WriteString("  }\n\n")
	}
	b.WriteString(appStateDecl)
	b.WriteString(eventsDecl)
	b.WriteString(windowDecl)
	b.WriteString(dialogDecl)
	b.WriteString("}\n\n")
	b.WriteString(globalsDecl)

	_, err := w.Write(b.Bytes())
	return err
}

// sortedFuncs returns the funcs of ns sorted by name, or an error if one
// is nil or a name is given twice.
func sortedFuncs(ns Namespace) ([]*Func, error) {
	funcs := slices.Clone(ns.Funcs)
	for _, f := range funcs {
		if f == nil {
			return nil, fmt.Errorf("bind: namespace %q holds a nil *Func", ns.Name)
		}
	}
	slices.SortFunc(funcs, func(a, b *Func) int { return strings.Compare(a.name, b.name) })
	for i := 1; i < len(funcs); i++ {
		if funcs[i].name == funcs[i-1].name {
			return nil, fmt.Errorf("bind: namespace %q holds two functions named %q", ns.Name, funcs[i].name)
		}
	}
	return funcs, nil
}

// signature returns the declaration of f, such as
// `function f(arg1: number, ...args: string[]): Promise<string>;`, or with
// the names of WithParamNames `function f(count: number, ...tags: string[])…`.
func (ts *tsTypes) signature(f *Func) string {
	var b strings.Builder
	b.WriteString("function " + f.name + "(")
	for i, p := range f.params {
		if i > 0 {
			b.WriteString(", ")
		}
		if f.variadic && i == len(f.params)-1 {
			b.WriteString("..." + f.tsParamName(i) + ": " + ts.typeOf(p.Elem()).array().s)
		} else if p == bytesType {
			// Sent as bytes (or a base64 string, as encoding/json takes it).
			b.WriteString(f.tsParamName(i) + ": Uint8Array | ArrayBuffer | Blob | string")
		} else {
			b.WriteString(f.tsParamName(i) + ": " + ts.typeOf(p).s)
		}
	}
	res := "void"
	switch {
	case f.bytesResult:
		res = "Uint8Array | null" // fetched as bytes, not JSON
	case f.StreamResult():
		res = "AsyncIterable<" + ts.typeOf(f.StreamType()).s + ">"
	case f.result != nil:
		res = ts.typeOf(f.result).s
	}
	b.WriteString("): Promise<" + res + ">;")
	return b.String()
}

// jsReserved are the words JavaScript and TypeScript reserve: valid property
// names (Gotonium.notes.delete()), but not names of declarations.
var jsReserved = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`break case catch class const continue debugger default delete do else enum
		export extends false finally for function if import in instanceof new null return super switch this throw
		true try typeof var void while with implements interface let package private protected public static
		yield await`) {
		jsReserved[w] = true
	}
}
