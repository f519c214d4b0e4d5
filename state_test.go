//go:build !fakeengine

package gotonium_test

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// recorder is a StateHandler that keeps what it is told.
type recorder struct {
	mu  sync.Mutex
	got []string
}

func (r *recorder) UpdateState(ns, key string, value any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, ns+"/"+key+"="+mustJSON(value))
}

func (r *recorder) RemoveState(ns, key string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, ns+"/"+key+" removed")
}

func (r *recorder) list() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.got, "; ")
}

const statePage = `<title>s</title><script>
	window.events = [];
	window.initial = Pytonium.appState.getState("app", "count");
	Pytonium.appState.registerForStateUpdates("fromGo", ["app"], false, true);
	Pytonium.appState.registerForStateUpdates("fromJs", ["app"], true, false);
	document.addEventListener("fromGo", e => events.push("go:" + e.detail.namespace + "/" + e.detail.key + "=" + JSON.stringify(e.detail.value)));
	document.addEventListener("fromJs", e => events.push("js:" + e.detail.namespace + "/" + e.detail.key + "=" + JSON.stringify(e.detail.value)));
</script>`

func TestStateBothWaysAndSurvivesReload(t *testing.T) {
	p := gotonium.New()
	rec := &recorder{}
	must(t, p.AddStateHandler(rec, []string{"app"}))
	must(t, p.SetState("app", "count", 1)) // before the window opens
	must(t, p.Initialize(filePage(t, statePage), 300, 200))
	t.Cleanup(func() { p.CloseBrowser() })
	pump(t)
	if got := eval(t, p, "window.initial"); got != float64(1) {
		t.Fatalf("state at page start: %v", got)
	}
	// Go → page: getState sees it and fromGo subscriptions fire.
	must(t, p.SetState("app", "count", map[string]any{"n": 2, "list": []any{1, nil, true}}))
	waitFor(t, 5*time.Second, "the page to get Go's update", func() bool {
		return evalString(t, p, "JSON.stringify(events)") == `["go:app/count={\"list\":[1,null,true],\"n\":2}"]`
	})
	// page → Go: the handler runs, the fromJs subscription fires in the page.
	eval(t, p, `Pytonium.appState.setState("app", "name", "x'y"); 1`)
	waitFor(t, 5*time.Second, "the handler to get the page's update", func() bool { return rec.list() == `app/name="x'y"` })
	if got := eval(t, p, `events[1]`); got != `js:app/name="x'y"` {
		t.Fatalf("fromJs event: %v", got)
	}
	if v, ok := p.GetState("app", "name"); !ok || v != "x'y" {
		t.Fatalf("GetState after page setState: %v %v", v, ok)
	}
	// Removal from the page reaches Go; from Go, the page.
	eval(t, p, `Pytonium.appState.removeState("app", "name"); 1`)
	waitFor(t, 5*time.Second, "the handler to hear of the removal", func() bool { return strings.HasSuffix(rec.list(), "app/name removed") })
	if _, ok := p.GetState("app", "name"); ok {
		t.Fatal("removed key still in Go")
	}
	must(t, p.RemoveState("app", "count"))
	waitFor(t, 5*time.Second, "the page to hear Go's removal", func() bool {
		return eval(t, p, `events[events.length - 1]`) == "go:app/count=null"
	})
	// Reload: what the store holds is there before the page's scripts run.
	must(t, p.SetState("app", "count", 42))
	eval(t, p, `Pytonium.appState.setState("app", "fromPage", [1, 2]); location.reload(); 1`)
	waitFor(t, 5*time.Second, "the reloaded page", func() bool {
		raw, err := p.EvaluateJavascript(`window.initial === 42 && JSON.stringify(Pytonium.appState.getState("app", "fromPage"))`)
		return err == nil && string(raw) == `"[1,2]"`
	})
	// Navigation to another page keeps it too.
	must(t, p.LoadURL(page(`<title>other</title><script>window.v = Gotonium.appState.getState("app", "count")</script>`)))
	if got := eval(t, p, "window.v"); got != float64(42) {
		t.Fatalf("after navigation: %v", got)
	}
}

func TestStateBadArgumentsThrow(t *testing.T) {
	p := open(t, page("<title>b</title>"), 300, 200)
	for _, code := range []string{
		`Pytonium.appState.setState("", "k", 1)`,
		`Pytonium.appState.setState("n", 5, 1)`,
		`Pytonium.appState.setState("n", "k")`,
		`Pytonium.appState.setState("n", "k", undefined)`,
		`Pytonium.appState.setState("n", "k", () => 1)`,
		`Pytonium.appState.setState("n", "k", 1n)`,
		`(() => { const a = {}; a.a = a; Pytonium.appState.setState("n", "k", a) })()`,
		`Pytonium.appState.getState("n")`,
		`Pytonium.appState.removeState(null, "k")`,
		`Pytonium.appState.registerForStateUpdates("e", "ns", true, true)`,
		`Pytonium.appState.registerForStateUpdates("e", ["ns", 3], true, true)`,
		`Pytonium.appState.registerForStateUpdates("e", ["ns"], 1, true)`,
		`Pytonium.appState.registerForStateUpdates("e", ["ns"])`,
	} {
		got := eval(t, p, `(() => { try { `+code+`; return "no error"; } catch (e) { return e.constructor.name + ": " + e.message; } })()`)
		if s, _ := got.(string); !strings.HasPrefix(s, "TypeError: appState.") {
			t.Errorf("%s → %v, want a TypeError", code, got)
		}
	}
	for name, err := range map[string]error{
		"SetState empty ns":  p.SetState("", "k", 1),
		"SetState bad value": p.SetState("n", "k", make(chan int)),
		"RemoveState empty":  p.RemoveState("n", ""),
		"handler nil":        p.AddStateHandler(nil, []string{"n"}),
		"handler no ns":      p.AddStateHandler(&recorder{}, nil),
		"share with self":    p.ShareStateWith(p),
	} {
		if !errors.Is(err, gotonium.ErrInvalidArgument) {
			t.Errorf("%s: %v, want ErrInvalidArgument", name, err)
		}
	}
}

func TestStatePerInstanceAndShared(t *testing.T) {
	p1 := open(t, page(statePage), 300, 200)
	p2 := open(t, page(statePage), 300, 200)
	pump(t)
	// Per instance by default: no cross-talk.
	must(t, p1.SetState("app", "count", 7))
	eval(t, p2, `Pytonium.appState.setState("app", "count", 8); 1`)
	// Go has p2's change (it would push any cross-talk to p1 before the
	// next script reaches p1's page).
	waitFor(t, 5*time.Second, "p2's change in Go", func() bool { v, _ := p2.GetState("app", "count"); return v == float64(8) })
	if a, b := eval(t, p1, `Pytonium.appState.getState("app", "count")`), eval(t, p2, `Pytonium.appState.getState("app", "count")`); a != float64(7) || b != float64(8) {
		t.Fatalf("separate stores: %v %v", a, b)
	}
	// Shared: the page of window 2 updates window 1's page and Go handlers.
	p3 := gotonium.New()
	rec := &recorder{}
	must(t, p1.AddStateHandler(rec, []string{"settings"}))
	must(t, p3.ShareStateWith(p1))
	must(t, p3.Initialize(page(statePage), 300, 200))
	t.Cleanup(func() { p3.CloseBrowser() })
	if got := eval(t, p3, "window.initial"); got != float64(7) {
		t.Fatalf("shared store at start: %v", got)
	}
	eval(t, p1, `Pytonium.appState.registerForStateUpdates("s", ["settings"], true, true); document.addEventListener("s", e => events.push("s:" + e.detail.value)); 1`)
	eval(t, p3, `Pytonium.appState.setState("settings", "theme", "light"); 1`)
	waitFor(t, 5*time.Second, "window 1 to get window 3's change", func() bool {
		return eval(t, p1, `events[events.length - 1]`) == "s:light"
	})
	waitFor(t, 5*time.Second, "window 1's Go handler", func() bool { return rec.list() == `settings/theme="light"` })
	if got := eval(t, p2, `Pytonium.appState.getState("settings", "theme")`); got != nil {
		t.Fatalf("window 2 is not in the group but got %v", got)
	}
}
