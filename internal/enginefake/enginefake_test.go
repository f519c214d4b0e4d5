package enginefake

import (
	"image"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/gotonium/gotonium/internal/engine"
)

// events checks that every Events method runs on the fake's UI goroutine,
// one at a time.
type events struct {
	e       *Engine
	t       *testing.T
	running atomic.Int32
	mu      sync.Mutex
	loads   []engine.LoadEvent
	closed  int
}

func (v *events) enter() func() {
	if !v.e.OnUI() {
		v.t.Error("an Events method ran off the UI goroutine")
	}
	if v.running.Add(1) != 1 {
		v.t.Error("two Events methods ran at once")
	}
	return func() { v.running.Add(-1) }
}

func (v *events) Load(ev engine.LoadEvent) {
	defer v.enter()()
	v.mu.Lock()
	v.loads = append(v.loads, ev)
	v.mu.Unlock()
}
func (v *events) Message(body string, r engine.Reply) {
	defer v.enter()()
	if body == "later" {
		go r.Return("late")
		return
	}
	r.Return("echo " + body)
}
func (v *events) ServeScheme(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }
func (v *events) Title(string)                                       { defer v.enter()() }
func (v *events) Shortcut(string, engine.Modifiers)                  { defer v.enter()() }
func (v *events) FileDrop([]string, int, int)                        { defer v.enter()() }
func (v *events) Geometry(engine.Geometry)                           { defer v.enter()() }
func (v *events) PageNotification(string, string, func(bool)) func() { defer v.enter()(); return nil }
func (v *events) URI(string)                                         { defer v.enter()() }
func (v *events) Fullscreen(bool)                                    { defer v.enter()() }
func (v *events) Crashed(string)                                     { defer v.enter()() }
func (v *events) ContextMenu(engine.HitTest) engine.Menu             { defer v.enter()(); return engine.Menu{} }
func (v *events) Frame(*image.RGBA, image.Rectangle)                 { defer v.enter()() }
func (v *events) Navigate(n engine.Navigation, decide func(engine.NavigationAction)) {
	defer v.enter()()
	decide(engine.NavigationDeny)
}
func (v *events) Download(engine.Download, func(string, func(int64, int64), func(error))) {
	defer v.enter()()
}
func (v *events) Permission(_ engine.Permission, _ string, decide func(bool)) {
	defer v.enter()()
	go decide(true)
}
func (v *events) StartScripts() ([]string, bool) { defer v.enter()(); return []string{"new"}, true }
func (v *events) Closed() {
	defer v.enter()()
	v.mu.Lock()
	v.closed++
	v.mu.Unlock()
}

func TestThreading(t *testing.T) {
	e := New()
	if err := e.Start(engine.Config{}); err != nil {
		t.Fatal(err)
	}
	v := &events{e: e, t: t}
	win, err := e.NewWindow(engine.WindowConfig{URL: "app://x/", Width: 10, Height: 10, StartScripts: []string{"old"}}, v)
	if err != nil {
		t.Fatal(err)
	}
	w := win.(*Window)
	var wg sync.WaitGroup
	results := make(chan string, 100)
	for g := 0; g < 10; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				w.Eval("x", func(r string, err error) {
					if !e.OnUI() {
						t.Error("Eval's done ran off the UI goroutine")
					}
					results <- r
				})
				w.PageTitle("t")
				w.SetPosition(i, i)
				if v, err := w.Message("m"); err != nil || v != "echo m" {
					t.Errorf("Message: %q %v", v, err)
				}
			}
		}()
	}
	wg.Wait()
	if p := w.WaitPending(100); len(p) != 100 {
		t.Fatalf("%d scripts pending", len(p))
	}
	if len(results) != 0 {
		t.Fatal("a script was answered before the test answered it")
	}
	w.AnswerAll(`"r"`)
	if len(results) != 100 {
		t.Fatalf("%d answers", len(results))
	}
	if v, err := w.Message("later"); err != nil || v != "late" {
		t.Errorf("a reply from another goroutine: %q %v", v, err)
	}
	if a, ok := w.Navigate(engine.Navigation{URL: "x"}); !ok || a != engine.NavigationDeny {
		t.Errorf("Navigate: %v %v", a, ok)
	}
	if a, ok := w.Permission(engine.PermissionCamera, "x"); !ok || !a {
		t.Errorf("Permission: %v %v", a, ok)
	}
	w.Load(engine.LoadCommitted)
	if s := w.StartScripts(); len(s) != 1 || s[0] != "new" {
		t.Errorf("start scripts after a commit: %v", s)
	}
	w.Eval("pending", func(string, error) {})
	w.Sync()
	done := make(chan error, 1)
	w.Eval("after close", func(_ string, err error) { done <- err })
	w.Close()
	w.Close()
	if err := <-done; err != engine.ErrClosed {
		t.Errorf("Eval on a closed window: %v", err)
	}
	if err := w.SetSize(1, 1); err != engine.ErrClosed {
		t.Errorf("SetSize on a closed window: %v", err)
	}
	if v.closed != 1 {
		t.Errorf("Closed ran %d times", v.closed)
	}
	e.Stop()
	if p := e.Problems(); len(p) != 0 {
		t.Errorf("problems: %v", p)
	}
}
