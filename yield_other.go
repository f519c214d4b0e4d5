//go:build !linux

package gotonium

import "runtime"

// osYield yields the processor; see yield_linux.go.
func osYield() { runtime.Gosched() }
