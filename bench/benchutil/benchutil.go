// Package benchutil holds the measurement helpers shared by the bench
// harness (go run ./bench) and the comparison module (bench/compare), so that
// both time workloads, build PSI inputs and connect parties the same way.
// It is not part of credq's library API.
package benchutil

import (
	"fmt"
	"net"
	"time"

	"github.com/credq/credq/psi/cost"
)

// Median runs f reps times and returns the median of the durations it
// reports.
func Median(reps int, f func() (time.Duration, error)) (time.Duration, error) {
	d := make([]time.Duration, 0, reps)
	for range max(reps, 1) {
		t, err := f()
		if err != nil {
			return 0, err
		}
		d = append(d, t)
	}
	return median(d), nil
}

// CPULoop runs f for about dur of wall time (and at least minIters times)
// and returns the CPU time (user + system, cost.CPUTime) the whole process
// used per call. For a single-goroutine loop that is the per-operation cost
// on one core plus the garbage collector's work on the others, which load
// from other processes does not inflate. Where the platform does not report
// CPU time, it is wall time.
func CPULoop(dur time.Duration, minIters int, f func() error) (time.Duration, error) {
	start, c0 := time.Now(), cost.CPUTime()
	n := 0
	for n < minIters || time.Since(start) < dur {
		if err := f(); err != nil {
			return 0, err
		}
		n++
	}
	return (cost.CPUTime() - c0) / time.Duration(n), nil
}

// PSIItems returns n distinct matching keys; the first shared of them are the
// same for every tag, the rest are unique to tag.
func PSIItems(n, shared int, tag string) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		if i < shared {
			out[i] = fmt.Appendf(nil, "cnid:v1:%017dS", i)
		} else {
			out[i] = fmt.Appendf(nil, "cnid:v1:%s%016d", tag, i)
		}
	}
	return out
}

// Loopback returns the two ends of a TCP connection on 127.0.0.1.
func Loopback() (net.Conn, net.Conn, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	defer ln.Close()
	type accepted struct {
		c   net.Conn
		err error
	}
	ch := make(chan accepted, 1)
	go func() { c, err := ln.Accept(); ch <- accepted{c, err} }()
	c1, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		return nil, nil, err
	}
	a := <-ch
	if a.err != nil {
		c1.Close()
		return nil, nil, a.err
	}
	return c1, a.c, nil
}

// Secs formats a duration with a unit suited to its size.
func Secs(d time.Duration) string {
	switch s := d.Seconds(); {
	case s >= 10:
		return fmt.Sprintf("%.1f s", s)
	case s >= 0.01:
		return fmt.Sprintf("%.2f s", s)
	case s >= 1e-5:
		return fmt.Sprintf("%.1f µs", s*1e6)
	default:
		return fmt.Sprintf("%.2f µs", s*1e6)
	}
}

// Ratio formats a/b as "1.23×", or "–" when b is not positive.
func Ratio(a, b time.Duration) string {
	if b <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f×", float64(a)/float64(b))
}
