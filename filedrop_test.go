//go:build !fakeengine

package gotonium_test

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// xdrag drags with the real X pointer (XTest) from x0, y0 in window from
// to x1, y1 in window to, in steps, as a hand would: WebKit starts a drag
// past its threshold and the drop goes through XDND.
func xdrag(t *testing.T, from uint64, x0, y0 int, to uint64, x1, y1 int) {
	t.Helper()
	at := func(xid uint64, x, y int) (int, int) {
		xdt(t, "mousemove", "--window", fmt.Sprint(xid), strconv.Itoa(x), strconv.Itoa(y))
		v := map[string]int{}
		for _, f := range strings.Fields(xdt(t, "getmouselocation", "--shell")) {
			if k, n, ok := strings.Cut(f, "="); ok {
				v[k], _ = strconv.Atoi(n)
			}
		}
		return v["X"], v["Y"]
	}
	ex, ey := at(to, x1, y1)
	sx, sy := at(from, x0, y0)
	time.Sleep(100 * time.Millisecond)
	xdt(t, "mousedown", "1")
	for i := 1; i <= 5; i++ { // past the drag threshold, slowly: WebKit decides in the web process
		xdt(t, "mousemove", strconv.Itoa(sx+4*i), strconv.Itoa(sy))
		time.Sleep(50 * time.Millisecond)
	}
	sx += 20
	for i := 1; i <= 20; i++ {
		xdt(t, "mousemove", strconv.Itoa(sx+(ex-sx)*i/20), strconv.Itoa(sy+(ey-sy)*i/20))
		time.Sleep(30 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // the target asks for the data while the pointer rests
	xdt(t, "mouseup", "1")
}

// dragCounters counts the drags a page starts and ends; dragWith reads
// them to tell a gesture WebKit did not take from a drop that went wrong.
const dragCounters = `<script>window.dragStarts = 0; window.dragEnds = 0;
addEventListener("dragstart", () => dragStarts++, true); addEventListener("dragend", () => dragEnds++, true);</script>`

// dragSource is a window with a link to each of a test's URLs, stacked,
// 60 pixels tall (link i at 60, 60*i+30), to drag from.
type dragSource struct {
	p   *gotonium.Instance
	xid uint64
}

func newDragSource(t *testing.T, urls ...string) *dragSource {
	t.Helper()
	html := `<!doctype html><title>drag-source</title><style>body{margin:0}a{display:block;height:60px;font:40px sans-serif}</style>` + dragCounters
	for i, u := range urls {
		html += fmt.Sprintf(`<a id="l%d" href="%s">file %d</a>`, i, u, i)
	}
	src := gotonium.New()
	// A file: page: WebKit does not let other pages drag links to files.
	must(t, src.Initialize(filePage(t, html), 300, 60*len(urls)+20))
	t.Cleanup(func() { src.CloseBrowser() })
	waitPainted(t, src)
	must(t, src.SetWindowPosition(20, 100))
	waitFor(t, 5*time.Second, "the source in place", func() bool { x, y, _ := src.WindowPosition(); return x == 20 && y == 100 })
	return &dragSource{p: src, xid: src.NativeWindowHandle()}
}

// drag drags link i onto x, y of window to with the real pointer; see dragWith.
func (s *dragSource) drag(t *testing.T, i int, to uint64, x, y int) {
	t.Helper()
	dragWith(t, s.p, s.xid, 60, 60*i+30, to, x, y)
}

// dragWith drags from x0, y0 in window from (the window of src, whose page
// has dragCounters) to x1, y1 in window to, and returns once the drag has
// ended: the source page's dragend, which WebKit fires only after the
// target has handled the drop. A gesture that started no drag in the
// source page (WebKit decides in the web process, and a loaded machine
// can see the pointer move on before the press) is made again, up to
// three times; a drag that started is never repeated.
func dragWith(t *testing.T, src *gotonium.Instance, from uint64, x0, y0 int, to uint64, x1, y1 int) {
	t.Helper()
	for try := 1; ; try++ {
		starts, ends := eval(t, src, "dragStarts"), eval(t, src, "dragEnds")
		xdrag(t, from, x0, y0, to, x1, y1)
		started := false
		for end := time.Now().Add(2 * time.Second); time.Now().Before(end) && !started; time.Sleep(20 * time.Millisecond) {
			started = eval(t, src, "dragStarts") != starts
		}
		if started {
			waitFor(t, 5*time.Second, "the drag's end in the source page", func() bool { return eval(t, src, "dragEnds") != ends })
			return
		}
		if try == 3 {
			t.Fatalf("three drags from %d,%d started no drag in the source page", x0, y0)
		}
		t.Logf("drag %d from %d,%d started no drag in the source page; again", try, x0, y0)
	}
}

// dropTarget is the app's window that files are dropped on.
type dropTarget struct {
	p     *gotonium.Instance
	mu    sync.Mutex
	drops [][]string
	at    [][2]int
}

func (d *dropTarget) got() ([][]string, [][2]int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([][]string(nil), d.drops...), append([][2]int(nil), d.at...)
}

func openDropTarget(t *testing.T, html string) *dropTarget {
	t.Helper()
	d := &dropTarget{p: gotonium.New()}
	// flush answers after every callback queued before it: the engine's
	// callbacks run in order on the pumping goroutine.
	must(t, d.p.BindFunction(func() {}, "flush", ""))
	d.p.OnFileDrop(func(paths []string, x, y int) {
		d.mu.Lock()
		d.drops = append(d.drops, paths)
		d.at = append(d.at, [2]int{x, y})
		d.mu.Unlock()
	})
	must(t, d.p.Initialize(page(html), 400, 300))
	t.Cleanup(func() { d.p.CloseBrowser() })
	waitPainted(t, d.p)
	must(t, d.p.SetWindowPosition(400, 100))
	waitFor(t, 5*time.Second, "the target in place", func() bool { x, y, _ := d.p.WindowPosition(); return x == 400 && y == 100 })
	return d
}

const dropPage = `<!doctype html><title>drop-target</title>
<style>body{margin:0} #zone{position:absolute;left:200px;top:100px;width:150px;height:150px;background:teal}
#card{width:80px;height:60px;background:orange} #bin{position:absolute;left:0;top:200px;width:120px;height:90px;background:gray}</style>
` + dragCounters + `<div id="card" draggable="true">card</div><div id="bin"></div><div id="zone"></div>
<script>
window.fileDrops = [];
addEventListener("GotoniumFileDrop", (e) => fileDrops.push({paths: e.detail.paths, x: e.detail.x, y: e.detail.y, target: e.target.id || "window"}));
window.pageDrops = [];
card.addEventListener("dragstart", (e) => e.dataTransfer.setData("text/plain", "card-data"));
bin.addEventListener("dragover", (e) => e.preventDefault());
bin.addEventListener("drop", (e) => { e.preventDefault(); pageDrops.push(e.dataTransfer.getData("text/plain")); });
</script>`

func fileURL(path string) string { return (&url.URL{Scheme: "file", Path: path}).String() }

// TestFileDrop: a file dragged onto the window with the real pointer
// reaches OnFileDrop with its path and the page as a GotoniumFileDrop
// event on the element it was dropped on; the window stays on its page.
// Links that are not files do not count; the page's own drag and drop
// still works.
func TestFileDrop(t *testing.T) {
	pump(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "dropped note.txt")
	must(t, os.WriteFile(file, []byte("hi"), 0o644))
	source := newDragSource(t, fileURL(file), "https://example.com/page")
	d := openDropTarget(t, dropPage)

	target := d.p.NativeWindowHandle()
	source.drag(t, 0, target, 270, 170) // onto #zone
	waitFor(t, 5*time.Second, "OnFileDrop", func() bool { drops, _ := d.got(); return len(drops) == 1 })
	drops, at := d.got()
	if !reflect.DeepEqual(drops[0], []string{file}) {
		t.Errorf("OnFileDrop paths = %q; want %q", drops[0], file)
	}
	if dx, dy := at[0][0]-270, at[0][1]-170; dx < -3 || dx > 3 || dy < -3 || dy > 3 {
		t.Errorf("OnFileDrop at %v; want about 270,170", at[0])
	}
	waitFor(t, 5*time.Second, "the page's GotoniumFileDrop", func() bool { return eval(t, d.p, "fileDrops.length") == 1.0 })
	got := evalString(t, d.p, "JSON.stringify(fileDrops[0])")
	want := fmt.Sprintf(`{"paths":[%q],"x":%d,"y":%d,"target":"zone"}`, file, at[0][0], at[0][1])
	if got != want {
		t.Errorf("GotoniumFileDrop = %s; want %s", got, want)
	}
	if u := evalString(t, d.p, "location.protocol"); u != "data:" {
		t.Errorf("the drop navigated the window to %s", u)
	}

	// A link to a web page is no file.
	// The drag has ended in the source page, so the target has handled the
	// drop; flush returns after any callback that drop queued.
	source.drag(t, 1, target, 270, 170)
	await(t, d.p, "Gotonium.flush()")
	if drops, _ := d.got(); len(drops) != 1 {
		t.Errorf("a web link counted as a file drop: %q", drops)
	}

	// The page's own drag and drop.
	dragWith(t, d.p, target, 40, 30, target, 60, 250)
	waitFor(t, 5*time.Second, "the page's own drop", func() bool { return eval(t, d.p, "pageDrops.length") == 1.0 })
	if got := evalString(t, d.p, "pageDrops[0]"); got != "card-data" {
		t.Errorf("the page's own drop carried %q", got)
	}
	if drops, _ := d.got(); len(drops) != 1 || eval(t, d.p, "fileDrops.length") != 1.0 {
		t.Errorf("the page's own drag and drop counted as a file drop: %q", drops)
	}
}

// TestSecurityFileDrop: a page the app did not choose, shown in its window,
// does not learn the paths of files dropped onto it (not even through a
// Gotonium object of its own making); the app still hears of the drop.
func TestSecurityFileDrop(t *testing.T) {
	pump(t)
	evil := newOrigin(t)
	file := filepath.Join(t.TempDir(), "secret.txt")
	must(t, os.WriteFile(file, []byte("s"), 0o644))
	source := newDragSource(t, fileURL(file))
	d := openDropTarget(t, dropPage)
	d.p.OnNavigate(func(gotonium.Navigation) gotonium.NavigationAction { return gotonium.NavigationAllow })
	hostile := evil.page("/drop.html", `<title>hostile</title><style>body{margin:0;height:300px}</style><script>
window.leaked = [];
window.Gotonium = {__gotonium: {fileDrop(d) { leaked.push(d); }, receive(m) { leaked.push(m); }}};
addEventListener("GotoniumFileDrop", (e) => leaked.push(e.detail));
addEventListener("dragover", (e) => e.preventDefault());
addEventListener("drop", (e) => e.preventDefault());
</script>`)
	must(t, d.p.ExecuteJavascript(`location.href = `+mustJSON(hostile)))
	waitFor(t, 5*time.Second, "the hostile page", func() bool { t, _ := d.p.Title(); return t == "hostile" })
	source.drag(t, 0, d.p.NativeWindowHandle(), 200, 150)
	waitFor(t, 5*time.Second, "OnFileDrop", func() bool { drops, _ := d.got(); return len(drops) == 1 })
	// A push to the page is sent on the GTK thread right after the callback
	// is queued, so before the script below, and scripts run in order.
	if got := evalString(t, d.p, "JSON.stringify(leaked)"); got != "[]" {
		t.Errorf("the hostile page learned %s", got)
	}
}
