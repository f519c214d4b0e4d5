package gotonium

import "time"

// SetLoadWaitForTest shortens how long scripts wait for a page to load, and
// returns a func that restores it.
func SetLoadWaitForTest(d time.Duration) (restore func()) {
	old := loadWait
	loadWait = d
	return func() { loadWait = old }
}
