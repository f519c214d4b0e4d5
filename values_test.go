//go:build !fakeengine

package gotonium_test

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"github.com/gotonium/gotonium"
)

// randomValue makes a random JSON value: nested arrays and objects, nulls,
// booleans, integers up to 2^53, fractions, and strings with quotes, escapes,
// </script>, line separators and non-BMP characters.
func randomValue(r *rand.Rand, depth int) any {
	pieces := []string{"a", "\"", "\\", "</script>", "\u2028", "\u2029", "é", "😀", "\n", "\t", "\x00", "'", "${x}", "\uFFFD"}
	switch k := r.Intn(9); {
	case k == 0:
		return nil
	case k == 1:
		return r.Intn(2) == 0
	case k == 2:
		return float64(r.Int63n(1<<53)) * float64(1-2*r.Intn(2))
	case k == 3:
		return math.Round(r.NormFloat64()*1e6) / 1e3
	case k <= 5:
		var b strings.Builder
		for i := r.Intn(8); i > 0; i-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		return b.String()
	case k == 6 && depth < 4:
		a := make([]any, r.Intn(5))
		for i := range a {
			a[i] = randomValue(r, depth+1)
		}
		return a
	case depth < 4:
		m := map[string]any{}
		for i := r.Intn(5); i > 0; i-- {
			m[fmt.Sprint(randomValue(r, 4))] = randomValue(r, depth+1)
		}
		return m
	}
	return "leaf"
}

// TestRandomValuesRoundTrip sends random values Go → page (state), page → Go
// (a call's arguments) and Go → page (the call's result), and checks each
// arrives unchanged.
func TestRandomValuesRoundTrip(t *testing.T) {
	p := gotonium.New()
	got := make(chan []any, 1)
	must(t, p.BindFunction(func(args ...any) []any { got <- args; return args }, "echo", ""))
	must(t, p.Initialize(page("<title>fuzz</title>"), 200, 100))
	t.Cleanup(func() { p.CloseBrowser() })
	pump(t)
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 200; i++ {
		want := []any{randomValue(r, 0), randomValue(r, 0), nil, randomValue(r, 0)}
		// Go → page through the state store, then page → Go → page through a call.
		must(t, p.SetState("fuzz", "v", want))
		back := await(t, p, `Gotonium.echo(...Gotonium.appState.getState("fuzz", "v")).then(r => JSON.stringify(r) === JSON.stringify(Gotonium.appState.getState("fuzz", "v")) ? r : "result differs")`)
		var received []any
		select {
		case received = <-got:
		default:
			t.Fatalf("value %d: the call did not reach Go (%v)", i, back)
		}
		// Go decodes numbers as float64 and objects as maps: compare as JSON values.
		if !sameJSON(received, want) {
			t.Fatalf("value %d: Go received\n%s\nwant\n%s", i, mustJSON(received), mustJSON(want))
		}
		if !sameJSON(back, want) {
			t.Fatalf("value %d: the page got back\n%s\nwant\n%s", i, mustJSON(back), mustJSON(want))
		}
	}
}

func sameJSON(a, b any) bool {
	var x, y any
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	json.Unmarshal(ja, &x)
	json.Unmarshal(jb, &y)
	return reflect.DeepEqual(x, y)
}
