package bind

import (
	"context"
	"encoding/json"
	"errors"
	"image"
	"os"
	"strings"
	"testing"

	"github.com/gotonium/gotonium/internal/tsc"
	"time"
)

// runTSC type-checks the given files (name → content) with tsc --strict
// and returns its output and whether it succeeded. Without npm to install
// TypeScript the test fails in CI and is skipped elsewhere.
func runTSC(t *testing.T, files map[string]string) (string, bool) {
	t.Helper()
	out, ok, err := tsc.Check(files)
	if errors.Is(err, tsc.ErrNoNPM) && os.Getenv("CI") != "true" {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return out, ok
}

// richDeclarations returns the .d.ts for a varied set of bound functions.
func richDeclarations(t *testing.T) string {
	t.Helper()
	type Settings struct { // clashes with the package-level Settings
		Local bool `json:"local"`
	}
	app := []*Func{
		mustNew(t, func() string { return "" }, "get_app_name"),
		mustNew(t, func(key string, value int) error { return nil }, "apply_setting"),
		mustNew(t, func() (pkgSettings, error) { return pkgSettings{}, nil }, "GetSettings"),
		mustNew(t, func(Document) (*Node, error) { return nil, nil }, "SaveDocument"),
		mustNew(t, func(ctx context.Context, xs ...int) int { return 0 }, "Sum"),
		mustNew(t, func(map[string][]Point) map[string]*pkgSettings { return nil }, "Lookup"),
		mustNew(t, func(json.RawMessage) any { return nil }, "Raw"),
		mustNew(t, func([]byte) []byte { return nil }, "Bytes"),
		mustNew(t, func(time.Time) time.Time { return time.Time{} }, "When"),
		mustNew(t, func() <-chan Point { return nil }, "Points"),
		mustNew(t, func() []Pair[string, pkgSettings] { return nil }, "Pairs"),
		mustNew(t, func(Settings, image.Point) Settings { return Settings{} }, "Local"),
		mustNew(t, func(delete int, new string) {}, "$reservedParamNames"),
		// Named parameters, one named like its own type, one Unicode, a rest one.
		mustName(t, mustNew(t, func(ctx context.Context, p Point, größe int, tags ...string) (*Node, error) { return nil, nil }, "Named"),
			"Point", "größe", "tags"),
		mustName(t, mustNew(t, func(doc Document, path string) error { return nil }, "saveAs"), "doc", "path"),
	}
	top := []*Func{mustNew(t, func(a int) string { return "" }, "topLevelFn")}
	ms, err := Methods(&counter{})
	if err != nil {
		t.Fatal(err)
	}
	var counterFuncs []*Func
	for _, m := range ms {
		if f, err := New(m.Func, m.Name); err == nil {
			counterFuncs = append(counterFuncs, f)
		}
	}
	return writeTS(t, []Namespace{
		{Name: "app", Funcs: app},
		{Funcs: top},
		{Name: "counter", Funcs: counterFuncs},
	})
}

const pageTS = `export {};

declare const doc: Gotonium.Document;

async function main(): Promise<void> {
  const name: string = await Pytonium.app.get_app_name();
  const name2: string = await Gotonium.app.get_app_name();
  const name3: string = await window.Pytonium.app.get_app_name();
  const name4: string = await window.Gotonium.app.get_app_name();
  const done: void = await Pytonium.app.apply_setting("theme", 3);

  const s: Pytonium.bind_Settings = await Pytonium.app.GetSettings();
  const theme: string = s.theme;
  const size: number | undefined = s.size;

  const node = await Pytonium.app.SaveDocument(doc);
  if (node !== null) {
    const v: number = node.value;
    for (const c of node.children) {
      if (c) console.log(c.value, c.parent?.value);
    }
  }
  const title: string = doc.title;
  const count: string = doc.count;
  const note: string | undefined = doc.note;
  const weird: string = doc["we ird"];
  const lat: number | undefined = doc.local?.Lat;
  const x: number = doc.at.X;
  const rows: string[][] = doc.table.rows;

  const total: number = await Pytonium.app.Sum(1, 2, 3);
  const none: number = await Pytonium.app.Sum();
  const found = await Pytonium.app.Lookup({ home: [{ Lat: 1.5, Lng: 2 }] });
  const foundTheme: string | undefined = found["home"]?.theme;
  const raw: any = await Pytonium.app.Raw({ anything: [1, "x", null] });
  const bytes: Uint8Array | null = await Pytonium.app.Bytes("aGk="); // a base64 argument, a Uint8Array result
  await Pytonium.app.Bytes(new Uint8Array([1, 2]));
  await Pytonium.app.Bytes(new Blob(["x"]));
  const when: string = await Pytonium.app.When(new Date().toISOString());
  const pairs = await Pytonium.app.Pairs();
  const key: string = pairs[0].key;
  const pairTheme: string = pairs[0].value.theme;
  const local: boolean = (await Pytonium.app.Local({ local: true }, { X: 1, Y: 2 })).local;
  await Pytonium.app.$reservedParamNames(1, "two");
  const named = await Pytonium.app.Named({ Lat: 1, Lng: 2 }, 3, "a", "b");
  const namedNoRest = await Gotonium.app.Named({ Lat: 1, Lng: 2 }, 3);
  const saved: void = await Gotonium.app.saveAs(doc, "/tmp/doc.json");
  const top: string = await Pytonium.topLevelFn(1);
  const added: number = await Pytonium.counter.Add(2);
  await window.Gotonium.counter.Reset();

  Pytonium.appState.setState("ns", "key", { a: 1 });
  const state: any = Pytonium.appState.getState("ns", "key");
  Pytonium.appState.removeState("ns", "key");
  Pytonium.appState.registerForStateUpdates("stateChanged", ["ns"], true, false);
  for await (const pt of await Gotonium.app.Points()) console.log(pt);
  const stop: () => void = Gotonium.on("tick", (data: any) => console.log(data));
  stop();
  Gotonium.off("tick", console.log);

  try {
    await Pytonium.app.apply_setting("theme", 3);
  } catch (e) {
    console.error(e);
  }
  console.log(name, name2, name3, name4, done, theme, size, title, count, note, weird, lat, x, rows,
    total, none, foundTheme, raw, bytes, when, key, pairTheme, local, top, added, state,
    named?.value, namedNoRest, saved);
}

window.addEventListener('PytoniumReady', (e: Event) => { void main(); });
window.addEventListener('GotoniumReady', () => { console.log(window.GotoniumReady); });
if (window.PytoniumReady) {
  void main();
}
`

func TestTypeScriptCompiles(t *testing.T) {
	decl := richDeclarations(t)
	out, ok := runTSC(t, map[string]string{"gotonium.d.ts": decl, "page.ts": pageTS})
	if !ok || out != "" {
		t.Fatalf("tsc rejected the declarations or the page:\n%s\n--- gotonium.d.ts:\n%s", out, decl)
	}
}

func TestTypeScriptCatchesMistakes(t *testing.T) {
	decl := richDeclarations(t)
	mistakes := map[string]string{
		"result_type.ts":   `async function f() { const n: number = await Pytonium.app.get_app_name(); }`,
		"not_a_promise.ts": `const s: string = Pytonium.app.get_app_name();`,
		"arg_type.ts":      `void Pytonium.app.apply_setting("theme", "3");`,
		"arg_count.ts":     `void Pytonium.app.apply_setting("theme");`,
		"variadic_type.ts": `void Pytonium.app.Sum(1, "2");`,
		"no_context.ts":    `void Pytonium.app.Sum({} as any as AbortSignal);`,
		"field_type.ts":    `async function f() { const s = await Pytonium.app.GetSettings(); const x: number = s.theme; }`,
		"no_field.ts":      `async function f() { const s = await Pytonium.app.GetSettings(); s.colour; }`,
		"maybe_null.ts":    `declare const d: Gotonium.Document; async function f() { const n = await Pytonium.app.SaveDocument(d); n.value; }`,
		"optional.ts":      `async function f() { const s = await Pytonium.app.GetSettings(); const n: number = s.size; }`,
		"no_function.ts":   `void Pytonium.app.nonexistent();`,
		"no_namespace.ts":  `void Pytonium.nothing.get_app_name();`,
		"app_state.ts":     `Pytonium.appState.setState("ns", 1, 2);`,
		"ready_flag.ts":    `const r: string = window.PytoniumReady;`,
		"struct_arg.ts":    `void Pytonium.app.Local({ local: "yes" }, { X: 1, Y: 2 });`,
		"named_type.ts":    `void Pytonium.app.Named({ Lat: 1, Lng: 2 }, "3");`,
		"named_rest.ts":    `void Pytonium.app.Named({ Lat: 1, Lng: 2 }, 3, "a", 4);`,
		"named_count.ts":   `declare const d: Gotonium.Document; void Gotonium.app.saveAs(d);`,
		"named_struct.ts":  `void Gotonium.app.saveAs({ title: 1 }, "p");`,
	}
	files := map[string]string{"gotonium.d.ts": decl}
	for name, src := range mistakes {
		files[name] = "export {};\n" + src + "\n"
	}
	out, ok := runTSC(t, files)
	if ok {
		t.Fatalf("tsc accepted every mistake:\n%s", out)
	}
	if strings.Contains(out, "gotonium.d.ts(") {
		t.Errorf("tsc found errors in the declarations themselves:\n%s", out)
	}
	for name := range mistakes {
		if !strings.Contains(out, name+"(") {
			t.Errorf("tsc did not catch the mistake in %s: %s", name, mistakes[name])
		}
	}
	if t.Failed() {
		t.Logf("tsc output:\n%s", out)
	}
}

// TestTypeScriptReservedNames: functions named with reserved words (valid
// as Gotonium.notes.delete()) give declarations tsc accepts, and wrong uses
// of them are caught.
func TestTypeScriptReservedNames(t *testing.T) {
	mk := func(fn any, name string) *Func {
		f, err := NewBound(fn, name)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	var b strings.Builder
	err := WriteTypeScript(&b, []Namespace{{Name: "notes", Funcs: []*Func{
		mk(func(id int) bool { return true }, "delete"),
		mk(func(title string) int { return 0 }, "new"),
		mk(func() []string { return nil }, "list"),
	}}})
	if err != nil {
		t.Fatal(err)
	}
	decl := b.String()
	out, ok := runTSC(t, map[string]string{"gotonium.d.ts": decl, "page.ts": `export {};
async function f() { const ok: boolean = await Gotonium.notes.delete(await Gotonium.notes.new("x")); const l: string[] = await Pytonium.notes.list(); console.log(ok, l); }
void f();
`})
	if !ok || out != "" {
		t.Fatalf("tsc rejected reserved-word names:\n%s\n%s", out, decl)
	}
	out, ok = runTSC(t, map[string]string{"gotonium.d.ts": decl, "wrong.ts": `export {};
void Gotonium.notes.delete("one");
`})
	if ok || !strings.Contains(out, "wrong.ts(") {
		t.Fatalf("tsc accepted a wrong argument:\n%s", out)
	}
	if err := WriteTypeScript(&b, []Namespace{{Name: "", Funcs: []*Func{mk(func() {}, "delete")}}}); err == nil {
		t.Fatal("a reserved word on Gotonium itself was accepted")
	}
}
