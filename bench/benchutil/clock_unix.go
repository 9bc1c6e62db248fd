//go:build unix

package benchutil

import (
	"syscall"
	"time"
)

// CPUTime is the CPU time (user + system) this process has used; the
// harnesses time single-goroutine loops with it, so load from other
// processes does not inflate a result, while garbage collection on other
// cores still counts.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return time.Duration(time.Now().UnixNano())
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
