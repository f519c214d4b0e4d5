//go:build !fakeengine

package gotonium_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gotonium/gotonium"
	"github.com/gotonium/gotonium/internal/tsc"
)

type Settings struct {
	Theme    string            `json:"theme"`
	FontSize int               `json:"fontSize,omitempty"`
	Recent   []string          `json:"recent"`
	Extra    map[string]string `json:"extra"`
}

type api struct{}

func (api) Load(ctx context.Context, name string) (*Settings, error) { return nil, nil }
func (api) Save(s Settings) error                                    { return nil }

func TestTypeScriptDefinitionsCompile(t *testing.T) {
	p := gotonium.New()
	must(t, p.BindFunction(func() string { return "" }, "get_app_name", "app"))
	must(t, p.BindFunction(func(key, value string) {}, "apply_setting", "settings"))
	must(t, p.BindFunction(func(xs ...int) int { return 0 }, "sum", ""))
	must(t, p.BindObjectMethods(api{}, []string{"load", "save"}, "store", gotonium.ParamsFor("save", "settings")))
	must(t, p.BindFunction(func(s Settings, path string, tags ...string) (int, error) { return 0, nil }, "export", "files",
		gotonium.Params("settings", "path", "tags")))
	must(t, p.BindFunction(func(ctx context.Context, n int, send func(Settings)) error { return nil }, "progress", "jobs"))
	must(t, p.BindFunction(func() <-chan int { return nil }, "ticks", "jobs"))
	dts := filepath.Join(t.TempDir(), "gotonium.d.ts")
	must(t, p.GenerateTypescriptDefinitions(dts))
	decl, err := os.ReadFile(dts)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"interface Settings", "Promise<Settings | null>", "PytoniumReady", "GotoniumReady", "registerForStateUpdates",
		"function save(settings: Settings): Promise<void>;",
		"function load(arg1: string): Promise<Settings | null>;",
		`"export"(settings: Settings, path: string, ...tags: string[]): Promise<number>;`, // a reserved word: a method of const files
		"function apply_setting(arg1: string, arg2: string): Promise<void>;",
		"function progress(arg1: number): Promise<AsyncIterable<Settings>>;",
		"function ticks(): Promise<AsyncIterable<number>>;",
	} {
		if !strings.Contains(string(decl), want) {
			t.Errorf("declarations lack %q:\n%s", want, decl)
		}
	}
	good := `
async function init(): Promise<void> {
	const name: string = await Pytonium.app.get_app_name();
	await Gotonium.settings.apply_setting("theme", name);
	const total: number = await Gotonium.sum(1, 2, 3);
	const s = await Gotonium.store.load("main");
	if (s !== null) { const t: string = s.theme; const r: string[] = s.recent; console.log(t, r, s.fontSize); }
	await Gotonium.store.save({theme: "dark", recent: [], extra: {}});
	const written: number = await Gotonium.files.export({theme: "dark", recent: [], extra: {}}, "/tmp/s.json", "a", "b");
	await Pytonium.files.export({theme: "dark", fontSize: written, recent: [], extra: {}}, "/tmp/s.json");
	Pytonium.appState.registerForStateUpdates("ev", ["settings"], true, true);
	Pytonium.appState.setState("settings", "theme", total);
	const v: any = window.Gotonium.appState.getState("settings", "theme");
	console.log(v, window.PytoniumReady);
	for await (const st of await Gotonium.jobs.progress(3)) { const th: string = st.theme; console.log(th); }
	for await (const n of await Gotonium.jobs.ticks()) { const k: number = n + 1; console.log(k); }
}
async function builtins(e: MouseEvent): Promise<void> {
	const w = Gotonium.window;
	await w.minimize(); await w.maximize(); await w.restore(); await w.toggleMaximize(); await w.close();
	const m: boolean = await w.isMaximized();
	const pos = await w.getPosition(); await w.setPosition(pos.x + 1, pos.y); await w.drag(1, 2);
	const size = await w.getSize(); await w.setSize(size.width, size.height); await w.resize(300, 200, 3);
	await w.startMove(e);
	await w.setTitle("t"); const title: string = await w.getTitle();
	await w.center(); await w.focus(); await w.show(); await w.hide(); const v: boolean = await w.isVisible();
	await w.setMinSize(1, 1); await w.setMaxSize(9, 9); await w.setResizable(m); await w.setAlwaysOnTop(v);
	await w.setSkipTaskbar(true); await w.setFullscreen(false); const f: boolean = await Pytonium.window.isFullscreen();
	const s = await w.getScreen(); const all = await w.screens(); await w.setZoom(1.5); const z: number = await w.getZoom(); await w.setClickThrough(false); await w.setKind("utility"); const printed: boolean = await w.print();
	const n: number = s.bounds.width + s.workArea.height + s.scale + all.length; const p: boolean = s.primary;
	console.log(title, f, n, p, s.name);
	const d = Gotonium.dialog;
	const files: string[] | null = await d.openFile({title: "Open", filters: [{name: "Text", patterns: ["*.txt"], mimeTypes: ["text/plain"]}], multiple: true});
	const to: string | null = await d.saveFile({folder: "/tmp", name: "a.txt", acceptLabel: "_Save", showHidden: true});
	const dirs: string[] | null = await Pytonium.dialog.openFolder();
	const b: string | null = await d.message({kind: "question", message: "Go?", detail: "d", buttons: ["Yes", "No"], default: "No"});
	const b2: string | null = await d.message("Done");
	console.log(files, to, dirs, b, b2);
}
window.addEventListener("mousedown", builtins);
if (window.PytoniumReady) init(); else window.addEventListener("PytoniumReady", init);
window.addEventListener("GotoniumReady", (e: Event) => console.log(e.type));
window.addEventListener("GotoniumFileDrop", (e) => { const p: string[] = e.detail.paths; console.log(p.length + e.detail.x); });
document.body.addEventListener("GotoniumFileDrop", (e) => console.log(e.detail.y));
`
	out, ok, err := tsc.Check(map[string]string{"gotonium.d.ts": string(decl), "page.ts": good})
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		t.Fatalf("tsc rejected a correct page:\n%s\n--- declarations:\n%s", out, decl)
	}
	for _, bad := range []string{
		`const n: number = await Pytonium.app.get_app_name();`,
		`await Gotonium.settings.apply_setting("theme");`,
		`await Gotonium.store.save({theme: 5, recent: [], extra: {}});`,
		`await Gotonium.files.export({theme: "dark", recent: [], extra: {}}, 5);`,
		`await Gotonium.files.export({theme: "dark", recent: [], extra: {}}, "/tmp/s.json", "a", 2);`,
		`await Gotonium.files.export("/tmp/s.json");`,
		`const s: string = await Gotonium.files.export({theme: "dark", recent: [], extra: {}}, "p");`,
		`Pytonium.app.missing();`,
		`await Gotonium.window.setTitle(5);`,
		`await Gotonium.window.resize(1, 2, 7);`,
		`const t: number = await Gotonium.window.getTitle();`,
		`const s: string = await Gotonium.dialog.openFile();`,
		`await Gotonium.dialog.message({kind: "fatal", message: "x"});`,
		`await Gotonium.dialog.message({title: "no message"});`,
		`await Gotonium.dialog.saveFile({multiple: "yes"});`,
	} {
		out, ok, err := tsc.Check(map[string]string{"gotonium.d.ts": string(decl), "page.ts": "async function f() { " + bad + " }\n"})
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			t.Errorf("tsc accepted %q", bad)
		} else if !strings.Contains(out, "error TS") {
			t.Errorf("tsc output for %q: %s", bad, out)
		}
	}
}
