package main

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"
	"time"

	"github.com/credq/credq/bench/benchutil"
	"github.com/credq/credq/psi"
	"github.com/credq/credq/psi/cost"
)

// psiRow is one PSI measurement: both parties in this process over loopback
// TCP, n items per side (for unbalanced: n server items, client items as
// given), 10% of each side shared.
type psiRow struct {
	protocol string
	n        int
	client   int // unbalanced: client set size
	elapsed  time.Duration
	bound    time.Duration // primitive bound measured in this run (0: none)
	wire     int64         // bytes both directions
	correct  bool
	precomp  time.Duration // unbalanced: server precompute of n items
	setBytes int64         // unbalanced: encoded-set size
	cpu      time.Duration // process CPU time of the median run, both parties
	alloc    uint64        // heap bytes allocated in the median run, both parties
	peak     uint64        // largest live heap sampled in the median run (inputs included)
}

// largeReps caps repetitions for sizes where one run takes minutes.
func repsFor(o *options, n int) int {
	if n >= 1_000_000 {
		return 1
	}
	return o.reps
}

func benchPSI(o *options, r *results) error {
	costs := cost.MeasureMedian(3000, 5)
	r.psiCosts = costs
	cores := runtime.GOMAXPROCS(0)
	for _, n := range o.psiSizes {
		shared := n / 10
		x, y := benchutil.PSIItems(n, shared, "x"), benchutil.PSIItems(n, shared, "y")
		for _, proto := range []string{"ecdh", "cardinality", "ot"} {
			row := psiRow{protocol: proto, n: n}
			if proto != "ot" { // OT-extension PSI has no group-operation bound
				row.bound = costs.ECDH(n, n, cores)
			}
			var runs []benchutil.PSIRun
			for range repsFor(o, n) {
				run, err := benchutil.RunPSI(proto, x, y)
				if err != nil {
					return fmt.Errorf("%s n=%d: %w", proto, n, err)
				}
				runs = append(runs, run)
			}
			slices.SortFunc(runs, func(a, b benchutil.PSIRun) int { return cmp.Compare(a.Elapsed, b.Elapsed) })
			m := runs[len(runs)/2]
			row.elapsed, row.cpu, row.alloc, row.peak, row.wire = m.Elapsed, m.CPU, m.Alloc, m.Peak, m.Wire
			row.correct = true
			for _, run := range runs {
				row.correct = row.correct && run.Count == shared
			}
			r.psi = append(r.psi, row)
			fmt.Fprintf(os.Stderr, "bench: psi %s n=%d: %.2fs (bound %s)\n", proto, n, row.elapsed.Seconds(), boundText(row.bound))
		}
		row, err := benchUnbalanced(o, n, costs, cores)
		if err != nil {
			return fmt.Errorf("unbalanced n=%d: %w", n, err)
		}
		r.psi = append(r.psi, row)
	}
	return nil
}

func benchUnbalanced(o *options, n int, costs cost.Costs, cores int) (psiRow, error) {
	m := min(10_000, n)
	shared := m / 10
	server := benchutil.PSIItems(n, shared, "s")
	client := benchutil.PSIItems(m, shared, "c")
	key, err := psi.GenerateOPRFKey(psi.OPRFBase)
	if err != nil {
		return psiRow{}, err
	}
	cfg := psi.OPRFConfig{IdentifierKind: "cnid:v1", MaxItems: n}
	srv, err := psi.NewOPRFServer(key, cfg)
	if err != nil {
		return psiRow{}, err
	}
	row := psiRow{protocol: "unbalanced", n: n, client: m, bound: costs.OPRFOnline(m, cores)}
	t0 := time.Now()
	set, err := srv.EncodeSet(context.Background(), server)
	if err != nil {
		return row, err
	}
	row.precomp = time.Since(t0)
	row.setBytes, _ = set.WriteTo(discard{})
	cl, err := psi.NewOPRFClient(set, cfg)
	if err != nil {
		return row, err
	}
	row.elapsed, err = benchutil.Median(repsFor(o, n), func() (time.Duration, error) {
		a, b, err := benchutil.Loopback()
		if err != nil {
			return 0, err
		}
		defer a.Close()
		defer b.Close()
		errc := make(chan error, 1)
		start := time.Now()
		go func() { _, err := srv.Serve(context.Background(), b); errc <- err }()
		res, err := cl.Query(context.Background(), a, client)
		if err != nil {
			return 0, err
		}
		if err := <-errc; err != nil {
			return 0, err
		}
		row.wire, row.correct = res.BytesSent+res.BytesReceived, len(res.Matches) == shared
		return time.Since(start), nil
	})
	fmt.Fprintf(os.Stderr, "bench: psi unbalanced server=%d client=%d: precompute %.2fs, online %.3fs\n", n, m, row.precomp.Seconds(), row.elapsed.Seconds())
	return row, err
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
