//go:build unix

package vault

import (
	"syscall"
	"testing"
)

// cpuMeter reports the process's CPU time (user + system) per operation as
// "cpu-ns/op" when the returned function is called after the benchmark loop.
// On a machine shared with other jobs, wall-clock ns/op includes time the
// benchmark spent waiting for a core; CPU time per op does not, so it is the
// better estimate of per-core throughput (it still includes GC work, and
// contention for caches).
func cpuMeter(b *testing.B) func() {
	start := cpuNanos()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64(cpuNanos()-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

func cpuNanos() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
