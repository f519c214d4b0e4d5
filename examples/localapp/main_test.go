package main

import (
	"image/color"
	"testing"
	"time"

	"github.com/gotonium/gotonium/gotoniumtest"
)

func TestMain(m *testing.M) { gotoniumtest.Main(m) }

// TestLocalApp checks what the page loads from local:// (its stylesheet,
// its JavaScript modules, the image, the video) and its requests to the Go
// handler on api://: the server time shows and ticks, and the form's POST,
// typed into and clicked as a user would, shows the handler's answer.
func TestLocalApp(t *testing.T) {
	p, err := open()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.CloseBrowser() })
	gotoniumtest.Pump(t)
	w := gotoniumtest.NewWindow(t, p)
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err) // the failure screenshot is written too
		}
	}

	// js/main.js (a module importing js/api.js) fetches the time from
	// api://localhost/time every second.
	clock := `document.querySelector("#time").textContent`
	check(w.WaitFor(`/^\d\d:\d\d:\d\d$/.test(`+clock+`)`, 0))
	first, err := w.Text("#time")
	check(err)
	check(w.WaitFor(clock+` !== "`+first+`"`, 5*time.Second))

	// The form POSTs the text to api://localhost/echo and shows the answer.
	check(w.Click("#text"))
	check(w.Press("ctrl+a", "BackSpace"))
	check(w.Type("#text", "gopher"))
	check(w.Click("#echo button"))
	check(w.WaitFor(`document.querySelector("#reply").textContent === '{"method":"POST","upper":"GOPHER"}'`, 0))

	// The image and the video load from the folder: the video's metadata
	// (its size and length); it plays (main.js starts it), and it seeks
	// (the clip is a range request away from any point). The test seeks
	// itself rather than reading where main.js's seek to 1 s started
	// `played`: the 4 s clip loops, and once it has, `played` covers it all.
	check(w.WaitFor(`(() => { const img = document.querySelector("header img"); return img.complete && img.naturalWidth > 0; })()`, 0))
	const clip = `document.querySelector("#clip")`
	check(w.WaitFor(`(() => { const v = `+clip+`; return v.readyState >= 1 && v.videoWidth > 0 && v.duration > 3; })()`, 0))
	check(w.WaitFor(clip+`.played.length > 0`, 0))
	_, err = w.Eval(`(() => { const v = ` + clip + `; v.loop = false; v.pause(); v.currentTime = 2; return true; })()`)
	check(err)
	check(w.WaitFor(`(() => { const v = `+clip+`; return !v.seeking && Math.abs(v.currentTime - 2) < 0.05; })()`, 0))
	_, err = w.Eval(`(` + clip + `.play(), true)`)
	check(err)
	check(w.WaitFor(`(() => { const v = `+clip+`; return (!v.paused && v.currentTime > 2.2) || v.ended; })()`, 0))

	// The stylesheet applies: the header is teal on screen.
	shot, err := w.Screenshot()
	check(err)
	b := shot.Bounds()
	top := b.Min.Y + b.Dy() - 640                     // below a window frame, if there is one
	r, g, bl, _ := shot.At(b.Max.X-40, top+20).RGBA() // the header's right end
	if got := (color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), 0xff}); got != (color.RGBA{0x0f, 0x76, 0x6e, 0xff}) {
		t.Fatalf("the header is %v, want #0f766e", got)
	}
}
