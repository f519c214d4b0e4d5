package main

import (
	"context"
	"strings"
	"testing"
)

// TestDoctor: on this machine (scripts/test.sh installed what gotonium
// needs) doctor finds everything; a package that is not installed is
// reported missing by the same dpkg check.
func TestDoctor(t *testing.T) {
	var out syncBuffer
	if err := run(context.Background(), []string{"doctor"}, &out, &out); err != nil {
		t.Fatalf("doctor: %v\n%s", err, out.String())
	}
	for _, want := range []string{"ok       building", "ok       running", "ok       testing", "everything is installed"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("no %q in:\n%s", want, out.String())
		}
	}
	have, err := installed(context.Background(), []string{"libwebkit2gtk-4.1-0", "gotonium-no-such-package"})
	if err != nil {
		t.Fatal(err)
	}
	if !have["libwebkit2gtk-4.1-0"] || have["gotonium-no-such-package"] {
		t.Fatalf("installed: %v", have)
	}
	// The report and the apt line for what is missing.
	saved := needs
	t.Cleanup(func() { needs = saved })
	needs = append(needs, need{"a test's own need", []string{"gotonium-no-such-package"}})
	out = syncBuffer{}
	err = run(context.Background(), []string{"doctor"}, &out, &out)
	if err == nil || !strings.Contains(out.String(), "MISSING  a test's own need: gotonium-no-such-package") ||
		!strings.Contains(out.String(), "sudo apt-get install gotonium-no-such-package\n") {
		t.Fatalf("doctor with a missing package: %v\n%s", err, out.String())
	}
}
