package gotonium

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/gotonium/gotonium/internal/engine"
)

// proc is the process-wide state: one engine, many instances.
var proc struct {
	mu          sync.Mutex
	eng         engine.Engine
	started     bool
	stopping    bool // Shutdown is closing the windows: no new ones
	lightweight bool
	nextID      int
	open        map[*browser]struct{}
}

// newEngine makes the engine; engine_<os>.go sets the default and tests may
// swap in a fake.
var newEngine = defaultEngine

var logger atomic.Pointer[slog.Logger]

func init() {
	logger.Store(slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.Level(100)})))
}

func log() *slog.Logger { return logger.Load() }

// currentLogger is the slog.Handler the engine gets: it hands every record to
// the logger set now, so SetLogger after Initialize reaches the engine too.
type currentLogger struct{}

func (currentLogger) Enabled(ctx context.Context, l slog.Level) bool {
	return log().Handler().Enabled(ctx, l)
}
func (currentLogger) Handle(ctx context.Context, r slog.Record) error {
	return log().Handler().Handle(ctx, r)
}

// WithAttrs and WithGroup bind to the logger of the moment (the engine
// logs without them).
func (currentLogger) WithAttrs(attrs []slog.Attr) slog.Handler {
	return log().Handler().WithAttrs(attrs)
}
func (currentLogger) WithGroup(name string) slog.Handler { return log().Handler().WithGroup(name) }

// SetLogger sets where gotonium logs (panics recovered from app code, scripts
// that failed, engine warnings). Logging is silent until it is called; nil
// makes it silent again.
func SetLogger(l *slog.Logger) {
	if l == nil {
		l = slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.Level(100)}))
	}
	logger.Store(l)
}

// SetLightweightMode makes windows opened afterwards share one web process
// (per cache path) instead of getting one each. It saves most of the memory of
// each extra window (see docs/benchmarks.md) at a price: one web process crash,
// or one page's busy script, affects every window in the group. Bindings, state
// and scripts stay per window either way.
func SetLightweightMode(on bool) {
	proc.mu.Lock()
	proc.lightweight = on
	proc.mu.Unlock()
}

// IsInitialized reports whether the engine is running: true from the first
// successful Initialize until Shutdown.
func IsInitialized() bool {
	proc.mu.Lock()
	defer proc.mu.Unlock()
	return proc.started
}

// start brings the engine up if it is not running yet.
func start() error {
	proc.mu.Lock()
	defer proc.mu.Unlock()
	if proc.started {
		return nil
	}
	if proc.stopping { // Shutdown runs the last callbacks: not from them
		return ErrNotInitialized
	}
	if proc.eng == nil {
		proc.eng = newEngine()
	}
	appID.mu.Lock()
	id := appID.id
	appID.started = true
	appID.mu.Unlock()
	cfg := engine.Config{Logger: slog.New(currentLogger{}), AppID: id, Automation: automationConfig()}
	if err := proc.eng.Start(cfg); err != nil {
		return fmt.Errorf("gotonium: start engine: %w", err)
	}
	proc.started = true
	proc.open = map[*browser]struct{}{}
	return nil
}

// Shutdown stops the engine for the whole process. It is safe with windows
// still open: each is closed as CloseBrowser does (scripts queued with
// ExecuteJavascript run first), then app callbacks still queued run on the
// calling goroutine, so call it from the goroutine that pumps. Afterwards
// IsInitialized is false and Initialize may start the engine again. Windows
// that callbacks try to open while Shutdown runs (from an OnClose handler,
// say) are refused with ErrNotInitialized. A second Shutdown at the same time
// waits for the first. It returns ErrNotInitialized when the engine is not
// running.
func Shutdown() error {
	shutdownMu.Lock()
	defer shutdownMu.Unlock()
	proc.mu.Lock()
	if !proc.started {
		proc.mu.Unlock()
		return ErrNotInitialized
	}
	proc.stopping = true
	proc.mu.Unlock()
	stopDevWatchers() // before the windows close: a live reload may be asking one
	proc.mu.Lock()
	open := make([]*browser, 0, len(proc.open))
	for b := range proc.open {
		open = append(open, b)
	}
	eng := proc.eng
	proc.mu.Unlock()

	var wg sync.WaitGroup
	for _, b := range open {
		wg.Add(1)
		go func(b *browser) {
			defer wg.Done()
			b.close()
		}(b)
	}
	wg.Wait()

	// Not under proc.mu: the engine's last events (a window's Closed) take it.
	eng.Stop()
	forgetGlobalShortcuts() // the engine released them
	proc.mu.Lock()
	proc.started = false
	proc.mu.Unlock()
	callbacks.run() // still stopping: these callbacks cannot start it again
	proc.mu.Lock()
	proc.stopping = false
	proc.mu.Unlock()
	return nil
}

// shutdownMu makes concurrent Shutdowns take turns.
var shutdownMu sync.Mutex

// Shutdown stops the engine for the whole process; see the package-level
// Shutdown. It may be called on any instance.
func (p *Instance) Shutdown() error { return Shutdown() }
