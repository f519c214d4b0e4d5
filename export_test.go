package gotonium

import "time"

// SetLoadWaitForTest shortens how long scripts wait for a page to load, and
// returns a func that restores it.
func SetLoadWaitForTest(d time.Duration) (restore func()) {
	old := loadWait
	loadWait = d
	return func() { loadWait = old }
}

// NewestFrameAtForTest returns the colour at x, y of the newest offscreen
// frame the engine delivered (queued for OnPaint or not), and false when
// there is none.
func (p *Instance) NewestFrameAtForTest(x, y int) (r, g, b, a uint8, ok bool) {
	o := &p.osr
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.latest == nil {
		return 0, 0, 0, 0, false
	}
	c := o.latest.RGBAAt(x, y)
	return c.R, c.G, c.B, c.A, true
}

// FrameQueuedForTest reports whether an offscreen frame waits for OnPaint.
func (p *Instance) FrameQueuedForTest() bool {
	o := &p.osr
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.queued
}

// QueuedCallbacksForTest returns how many app callbacks wait for a pump.
func QueuedCallbacksForTest() int {
	callbacks.mu.Lock()
	defer callbacks.mu.Unlock()
	return len(callbacks.items)
}

// SetStateSyncHookForTest makes h get every page's state catch-up message;
// h answers it by calling answer. nil restores the bridge's own handling.
func SetStateSyncHookForTest(h func(p *Instance, answer func())) { testHookBeforeSync = h }

// BatchedCallsForTest returns how many calls pages have made in bursts
// (batch.go) since the process started.
func BatchedCallsForTest() int64 { return batchedCalls.Load() }

// EventsIdleForTest reports whether the window has no event (and no result
// of a burst of calls) queued or on its way to the page.
func (p *Instance) EventsIdleForTest() bool {
	b := p.current()
	if b == nil {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return !b.emitting && len(b.events) == 0
}
