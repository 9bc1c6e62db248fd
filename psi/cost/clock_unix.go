//go:build unix

package cost

import (
	"syscall"
	"time"
)

// clock is the CPU time (user + system) this process has used. On a shared
// machine it is steadier than wall time: other processes' load delays a
// measurement but does not add to it. Measure runs on one goroutine, so the
// process's CPU time is that goroutine's (plus a little runtime work).
func clock() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return time.Duration(time.Now().UnixNano())
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
