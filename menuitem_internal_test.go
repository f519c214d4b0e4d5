//go:build fakeengine

package gotonium

import (
	"errors"
	"sync"
	"testing"
)

// TestMenuRadioGroups: adjacent radio items form one group with one item
// checked; choosing one unchecks the rest of its group only.
func TestMenuRadioGroups(t *testing.T) {
	nodes, err := newMenuNodes("test", []MenuItem{
		{Label: "A", Radio: true}, {Label: "B", Radio: true, Checked: true}, {Label: "C", Radio: true, Checked: true},
		{Separator: true},
		{Label: "D", Radio: true}, {Label: "E", Radio: true},
		{Label: "F", Check: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	state := func() (s string) {
		for _, n := range nodes {
			switch {
			case n.sep:
				s += "|"
			case n.checked:
				s += "x"
			default:
				s += "."
			}
		}
		return s
	}
	if got := state(); got != "..x|x.." { // the last checked wins; an unchecked group gets its first
		t.Fatalf("initial state %s", got)
	}
	var mu sync.Mutex
	if !choose(&mu, nodes, 0) || state() != "x..|x.." {
		t.Fatalf("after choosing A: %s", state())
	}
	if !choose(&mu, nodes, 5) || state() != "x..|.x." {
		t.Fatalf("after choosing E: %s", state())
	}
	if !choose(&mu, nodes, 6) || choose(&mu, nodes, 6) || state() != "x..|.x." {
		t.Fatalf("a check item toggles: %s", state())
	}
}

// TestMenuLimits: menus deeper or larger than the limits are refused.
func TestMenuLimits(t *testing.T) {
	deep := []MenuItem{{Label: "leaf"}}
	for i := 0; i <= maxMenuDepth; i++ {
		deep = []MenuItem{{Label: "level", Submenu: deep}}
	}
	wide := make([]MenuItem, maxMenuItems+1)
	for i := range wide {
		wide[i] = MenuItem{Label: "x"}
	}
	for what, items := range map[string][]MenuItem{"deep": deep, "wide": wide} {
		if _, err := newMenuNodes("test", items); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("%s: %v", what, err)
		}
	}
}
