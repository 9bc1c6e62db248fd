package cost

import "time"

// CPUTime returns the CPU time (user + system) this process has used so far,
// the clock Measure times operations with: wall time where the platform
// does not report CPU time. Benchmarks that run a single goroutine can time
// a loop with it and compare the result with these costs; load from other
// processes does not inflate it, while garbage collection on other cores
// still counts.
func CPUTime() time.Duration { return clock() }
