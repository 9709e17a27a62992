//go:build unix

package storage

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used, on every core and in the runtime
// (the garbage collector included). On a machine shared with other work it measures
// what an operation costs more steadily than the wall clock does.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
