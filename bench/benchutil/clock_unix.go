//go:build unix

package benchutil

import (
	"syscall"
	"time"
)

// cpuClock is the CPU time (user + system) this process has used.
func cpuClock() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return time.Duration(time.Now().UnixNano())
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
