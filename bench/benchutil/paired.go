package benchutil

import (
	"fmt"
	"slices"
	"time"
)

// Paired is the result of [MedianPaired]: the median time of the baseline
// and of each workload, and the median over repetitions of each workload's
// time divided by the baseline's time in the same repetition.
type Paired struct {
	Base   time.Duration
	Times  []time.Duration
	Ratios []float64
}

// MedianPaired runs base and then each of fs in turn, reps times, and
// returns the medians of their times and of the per-repetition ratios to
// base. Pairing within a repetition cancels slow drifts in machine load that
// separate medians of base and of a workload would keep.
func MedianPaired(reps int, base func() (time.Duration, error), fs ...func() (time.Duration, error)) (Paired, error) {
	reps = max(reps, 1)
	bases := make([]time.Duration, 0, reps)
	times := make([][]time.Duration, len(fs))
	ratios := make([][]float64, len(fs))
	for range reps {
		b, err := base()
		if err != nil {
			return Paired{}, err
		}
		if b <= 0 {
			return Paired{}, fmt.Errorf("benchutil: baseline measured %v", b)
		}
		bases = append(bases, b)
		for i, f := range fs {
			t, err := f()
			if err != nil {
				return Paired{}, err
			}
			times[i] = append(times[i], t)
			ratios[i] = append(ratios[i], float64(t)/float64(b))
		}
	}
	p := Paired{Base: median(bases), Times: make([]time.Duration, len(fs)), Ratios: make([]float64, len(fs))}
	for i := range fs {
		p.Times[i] = median(times[i])
		p.Ratios[i] = median(ratios[i])
	}
	return p, nil
}

// median returns the middle element of v (the upper middle for an even
// length), sorting v in place.
func median[T time.Duration | float64](v []T) T {
	slices.Sort(v)
	return v[len(v)/2]
}
