//go:build !race

package gotonium_test

// raceEnabled: memory figures are the race detector's too (shadow memory).
const raceEnabled = false
