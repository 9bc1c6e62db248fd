package cost

import (
	"slices"
	"time"
)

// MeasureMedian runs Measure(n) reps times (reps < 1 counts as 1) and
// returns, for each operation, the median of its measured costs. A single
// Measure takes a fraction of a second per operation, so a burst of load
// from elsewhere can inflate one operation's cost in one measurement; the
// median over a few measurements is the steadier bound.
func MeasureMedian(n, reps int) Costs {
	all := make([]Costs, max(reps, 1))
	for i := range all {
		all[i] = Measure(n)
	}
	return medianOf(all)
}

// fields lists the operation costs of c, in a fixed order.
func (c *Costs) fields() []*time.Duration {
	return []*time.Duration{&c.HashToGroup, &c.ScalarMult, &c.ScalarMultEach, &c.Decode, &c.Encode, &c.Hash}
}

// medianOf returns the per-operation median of all (the upper middle for an
// even count).
func medianOf(all []Costs) Costs {
	var out Costs
	for j, f := range out.fields() {
		v := make([]time.Duration, len(all))
		for i := range all {
			v[i] = *all[i].fields()[j]
		}
		slices.Sort(v)
		*f = v[len(v)/2]
	}
	return out
}
