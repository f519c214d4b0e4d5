//go:build !fakeengine

package gotonium_test

import (
	"testing"
	"time"

	"github.com/gotonium/gotonium"
)

// TestStateCatchUpRace: a page that is behind the store asks Go for the
// changes it missed; a change Go pushes meanwhile can reach the page before
// the answer. The page once applied that change first and then skipped the
// older ones in the answer as already seen, so it kept missing them.
//
// The page is put behind by hand, with the runtime's own reset (which Go
// uses when a window starts sharing another's store) to a snapshot without
// the last change; in a real app that is a change made while the page loads.
func TestStateCatchUpRace(t *testing.T) {
	pump(t)
	p := open(t, page(`<title>race</title><script>
		window.events = [];
		Gotonium.appState.registerForStateUpdates("race", ["race"], false, true);
		document.addEventListener("race", e => events.push(e.detail.key + "=" + JSON.stringify(e.detail.value)));
	</script>`), 300, 200)
	must(t, p.SetState("race", "first", 1))
	waitFor(t, 5*time.Second, "the page to get the first change", func() bool {
		return eval(t, p, `Gotonium.appState.getState("race", "first")`) == 1.0
	})
	gotonium.SetStateSyncHookForTest(func(q *gotonium.Instance, answer func()) {
		gotonium.SetStateSyncHookForTest(nil)
		must(t, q.SetState("race", "second", 2)) // its push goes out now
		go func() {
			// A script evaluated after the push has run: the push reached
			// the page before the answer goes.
			if _, err := q.EvaluateJavascript("0"); err != nil {
				t.Error(err)
			}
			answer()
		}()
	})
	t.Cleanup(func() { gotonium.SetStateSyncHookForTest(nil) })
	// Behind by one change: the store without "first", at the number
	// before it.
	eval(t, p, `events.length = 0; Gotonium.__gotonium.reset({}, 0); 1`)
	waitFor(t, 10*time.Second, "the page to have both changes", func() bool {
		raw, err := p.EvaluateJavascript(`JSON.stringify([Gotonium.appState.getState("race", "first"), Gotonium.appState.getState("race", "second")])`)
		return err == nil && string(raw) == `"[1,2]"`
	})
	if got := evalString(t, p, "events.join(' ')"); got != "first=1 second=2" {
		t.Errorf("the page's subscription saw %q, want each change once, in order", got)
	}
}
