//go:build !fakeengine

package gotonium_test

import (
	"context"
	"testing"
	"time"
)

// TestLoadURLSameDocument: a LoadURL that only changes the fragment starts
// no page load; scripts sent afterwards must still run, not wait forever.
func TestLoadURLSameDocument(t *testing.T) {
	url := filePage(t, `<title>frag</title><script>window.marker = "same page"</script>`)
	p := open(t, url, 300, 200)
	eval(t, p, "1")
	must(t, p.LoadURL(url+"#section"))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	raw, err := p.EvaluateJavascriptContext(ctx, `window.marker + " " + location.hash`)
	if err != nil {
		t.Fatalf("after a fragment navigation: %v", err)
	}
	if string(raw) != `"same page #section"` {
		t.Fatalf("got %s", raw)
	}
	// A real navigation afterwards still waits for its page.
	must(t, p.LoadURL(url+"?next"))
	must(t, p.ExecuteJavascript(`document.body.dataset.seen = location.search`))
	if got := eval(t, p, "document.body.dataset.seen"); got != "?next" {
		t.Fatalf("after a real navigation: %v", got)
	}
}
