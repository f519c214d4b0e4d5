package sni_test

import (
	"errors"
	"testing"

	"github.com/godbus/dbus/v5"
	"github.com/gotonium/gotonium/internal/sni"
	"github.com/gotonium/gotonium/internal/sni/snitest"
)

type layout struct {
	ID       int32
	Props    map[string]dbus.Variant
	Children []dbus.Variant
}

func child(t *testing.T, l layout, i int) layout {
	t.Helper()
	var c layout
	if err := dbus.Store([]any{l.Children[i].Value()}, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestNoBus(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	if _, err := sni.New(sni.Config{}); !errors.Is(err, sni.ErrNoBus) {
		t.Fatalf("New without a bus: %v, want ErrNoBus", err)
	}
}

func TestNoWatcher(t *testing.T) {
	snitest.StartBus(t)
	if _, err := sni.New(sni.Config{}); !errors.Is(err, sni.ErrNoWatcher) {
		t.Fatalf("New without a watcher: %v, want ErrNoWatcher", err)
	}
}

// TestMenuProtocol checks the dbusmenu methods a host uses beyond the
// basics: depth-limited and partial GetLayout, property filters,
// GetGroupProperties, GetProperty, EventGroup and AboutToShow, unknown ids.
func TestMenuProtocol(t *testing.T) {
	snitest.StartBus(t)
	w := snitest.StartWatcher(t)
	clicked := make(chan int32, 8)
	it, err := sni.New(sni.Config{
		Menu: []sni.MenuEntry{
			{ID: 1, Label: "_Open"},
			{ID: 2, Separator: true},
			{ID: 3, Label: "More", Children: []sni.MenuEntry{{ID: 4, Label: "Deep", Toggle: "checkmark", Checked: true}}},
			{ID: 5, Label: "Off", Disabled: true},
		},
		Handlers: sni.Handlers{MenuClicked: func(id int32) { clicked <- id }},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer it.Close()
	name := w.Next(t)
	c := snitest.Connect(t)
	m := c.Object(name, sni.MenuPath)

	var rev uint32
	var l layout
	if err := m.Call(sni.MenuInterface+".GetLayout", 0, int32(0), int32(1), []string{"label"}).Store(&rev, &l); err != nil {
		t.Fatal(err)
	}
	if len(l.Children) != 4 {
		t.Fatalf("root has %d children, want 4", len(l.Children))
	}
	more := child(t, l, 2)
	if len(more.Children) != 0 || len(more.Props) != 1 || more.Props["label"].Value() != "More" {
		t.Errorf("depth 1, label only: %+v", more)
	}
	if err := m.Call(sni.MenuInterface+".GetLayout", 0, int32(3), int32(-1), []string{}).Store(&rev, &l); err != nil {
		t.Fatal(err)
	}
	deep := child(t, l, 0)
	if l.ID != 3 || deep.ID != 4 || deep.Props["toggle-type"].Value() != "checkmark" || deep.Props["toggle-state"].Value() != int32(1) {
		t.Errorf("GetLayout(3): %+v / %+v", l, deep)
	}
	var group []struct {
		ID    int32
		Props map[string]dbus.Variant
	}
	if err := m.Call(sni.MenuInterface+".GetGroupProperties", 0, []int32{2, 5}, []string{}).Store(&group); err != nil {
		t.Fatal(err)
	}
	if len(group) != 2 || group[0].Props["type"].Value() != "separator" || group[1].Props["enabled"].Value() != false {
		t.Errorf("GetGroupProperties: %+v", group)
	}
	var v dbus.Variant
	if err := m.Call(sni.MenuInterface+".GetProperty", 0, int32(1), "label").Store(&v); err != nil || v.Value() != "_Open" {
		t.Errorf("GetProperty: %v %v", v, err)
	}
	if err := m.Call(sni.MenuInterface+".Event", 0, int32(99), "clicked", dbus.MakeVariant(""), uint32(0)).Err; err == nil {
		t.Error("Event on an unknown id: no error")
	}
	type ev struct {
		ID      int32
		EventID string
		Data    dbus.Variant
		Time    uint32
	}
	var bad []int32
	events := []ev{{4, "clicked", dbus.MakeVariant(""), 0}, {5, "clicked", dbus.MakeVariant(""), 0}, {77, "clicked", dbus.MakeVariant(""), 0}, {1, "hovered", dbus.MakeVariant(""), 0}}
	if err := m.Call(sni.MenuInterface+".EventGroup", 0, events).Store(&bad); err != nil {
		t.Fatal(err)
	}
	if len(bad) != 1 || bad[0] != 77 {
		t.Errorf("EventGroup idErrors = %v, want [77]", bad)
	}
	if got := <-clicked; got != 4 {
		t.Errorf("clicked %d, want 4", got)
	}
	select {
	case id := <-clicked:
		t.Errorf("a disabled item or a hover was clicked: %d", id)
	default:
	}
	var need bool
	if err := m.Call(sni.MenuInterface+".AboutToShow", 0, int32(3)).Store(&need); err != nil || need {
		t.Errorf("AboutToShow: %v %v", need, err)
	}
	var version uint32
	if err := m.StoreProperty(sni.MenuInterface+".Version", &version); err != nil || version != 3 {
		t.Errorf("Version = %d %v", version, err)
	}
}

// TestReregister checks that the item registers again with a watcher that
// comes back (a panel restart).
func TestReregister(t *testing.T) {
	snitest.StartBus(t)
	w := snitest.StartWatcher(t)
	it, err := sni.New(sni.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer it.Close()
	name := w.Next(t)
	w.Close()
	w2 := snitest.StartWatcher(t)
	if got := w2.Next(t); got != name {
		t.Errorf("registered again as %q, want %q", got, name)
	}
}
