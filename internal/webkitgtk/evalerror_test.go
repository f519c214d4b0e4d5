package webkitgtk

import (
	"errors"
	"testing"

	"github.com/gotonium/gotonium/internal/engine"
)

// TestEvalErrorPageChanged: both texts WebKit gives for a script whose page
// went away are ErrPageChanged (the second one failed TestHammer once in ten
// runs before it was mapped); other texts are kept as they are.
func TestEvalErrorPageChanged(t *testing.T) {
	for _, msg := range []string{"Unsupported result type", "Completion handler for function call is no longer reachable"} {
		if err := evalError(msg); !errors.Is(err, engine.ErrPageChanged) {
			t.Errorf("%q: %v, want ErrPageChanged", msg, err)
		}
	}
	if err := evalError("ReferenceError: x"); err == nil || err.Error() != "ReferenceError: x" || errors.Is(err, engine.ErrPageChanged) {
		t.Errorf("a script's own error: %v", err)
	}
}
