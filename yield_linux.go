package gotonium

import "syscall"

// osYield gives the processor to another OS thread: sched_yield, not
// runtime.Gosched, because the threads the message loop's spin waits for
// (the engine's, the web process's) are other OS threads, which a goroutine
// yielding its P would not let run.
func osYield() { syscall.Syscall(syscall.SYS_SCHED_YIELD, 0, 0, 0) }
