package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	optable "github.com/optable/match/pkg/psi"

	"github.com/credq/credq/bench/benchutil"
)

// compareOT runs credq OT-extension PSI and optable/match KKRT on the same
// sets at 50% overlap (the setting of optable's own KKRT benchmark), both
// over loopback TCP, alternating run by run.
func compareOT(o *options, b *strings.Builder) error {
	fmt.Fprintf(b, "### OT-extension PSI vs optable/match v1.4.0 KKRT (loopback TCP, both parties in one process, 50%% overlap, runs alternate)\n\n")
	fmt.Fprintf(b, "| items per side | credq OT-PSI | optable KKRT | credq ÷ KKRT | credq wire bytes ÷ n | credq exact | KKRT exact |\n|---|---|---|---|---|---|---|\n")
	for _, n := range o.otSizes {
		x, y := benchutil.PSIItems(n, n/2, "x"), benchutil.PSIItems(n, n/2, "y")
		want := map[string]bool{}
		for _, it := range x[:n/2] {
			want[string(it)] = true
		}
		cOK, kOK := true, true
		var wire int64
		kkrt := func() (time.Duration, error) {
			t, got, err := optableRun(optable.ProtocolKKRTPSI, x, y)
			if err != nil {
				return 0, fmt.Errorf("optable KKRT n=%d: %w", n, err)
			}
			kOK = kOK && sameSet(got, want)
			return t, nil
		}
		ot := func() (time.Duration, error) {
			run, err := benchutil.RunPSI("ot", x, y)
			if err != nil {
				return 0, fmt.Errorf("credq OT n=%d: %w", n, err)
			}
			wire, cOK = run.Wire, cOK && sameSet(run.Matched, want)
			return run.Elapsed, nil
		}
		p, err := benchutil.MedianPaired(o.reps, kkrt, ot)
		if err != nil {
			return err
		}
		cm, km := p.Times[0], p.Base
		fmt.Fprintf(b, "| %d | %s | %s | **%.2f×** | %.1f | %s | %s |\n", n, benchutil.Secs(cm), benchutil.Secs(km), p.Ratios[0], float64(wire)/float64(n), yesno(cOK), yesno(kOK))
		fmt.Fprintf(stderrW, "compare: ot n=%d: credq %.2fs, KKRT %.2fs\n", n, cm.Seconds(), km.Seconds())
	}
	fmt.Fprintf(b, "\nMedians of %d alternating runs each; the ratio is the median of the per-run ratios.\n\n", max(o.reps, 1))
	return nil
}

func feed(items [][]byte) <-chan []byte {
	ch := make(chan []byte, 4096)
	go func() {
		for _, it := range items {
			ch <- it
		}
		close(ch)
	}()
	return ch
}

// errHung reports an optable run that produced nothing before its
// deadline; its connections are closed and its goroutines abandoned.
var errHung = errors.New("no result before the deadline (hung)")

// optableTimeout bounds one optable run: generous, but a deadlocked run
// must not stall the whole comparison.
var optableTimeout = 15 * time.Minute

func optableRun(proto optable.Protocol, x, y [][]byte) (time.Duration, [][]byte, error) {
	a, b, err := benchutil.Loopback()
	if err != nil {
		return 0, nil, err
	}
	defer a.Close()
	defer b.Close()
	type outcome struct {
		out [][]byte
		err error
	}
	done := make(chan outcome, 1)
	errc := make(chan error, 1)
	t0 := time.Now()
	go func() {
		s, err := optable.NewSender(proto, b)
		if err == nil {
			err = s.Send(context.Background(), int64(len(y)), feed(y))
		}
		errc <- err
	}()
	go func() {
		r, err := optable.NewReceiver(proto, a)
		if err != nil {
			done <- outcome{nil, err}
			return
		}
		out, err := r.Intersect(context.Background(), int64(len(x)), feed(x))
		if err == nil {
			err = <-errc
		}
		done <- outcome{out, err}
	}()
	select {
	case o := <-done:
		if o.err != nil {
			return 0, nil, o.err
		}
		return time.Since(t0), o.out, nil
	case <-time.After(optableTimeout):
		return 0, nil, errHung
	}
}

func sameSet(got [][]byte, want map[string]bool) bool {
	if len(got) != len(want) {
		return false
	}
	for _, g := range got {
		if !want[string(g)] {
			return false
		}
	}
	return true
}

// comparePSI runs credq ECDH-PSI and optable/match DHPSI and KKRT on the same
// sets (10% overlap), both parties in this process over loopback TCP.
func comparePSI(o *options, b *strings.Builder) error {
	fmt.Fprintf(b, "### PSI vs optable/match v1.4.0 (loopback TCP, both parties in one process, 10%% overlap)\n\n")
	fmt.Fprintf(b, "| items per side | credq ECDH-PSI | optable DHPSI | credq ÷ DHPSI | optable DHPSI exact | optable KKRT | KKRT exact |\n|---|---|---|---|---|---|---|\n")
	for _, n := range o.sizes {
		x, y := benchutil.PSIItems(n, n/10, "x"), benchutil.PSIItems(n, n/10, "y")
		want := map[string]bool{}
		for _, it := range x[:n/10] {
			want[string(it)] = true
		}
		reps := o.reps
		if n >= 1_000_000 {
			reps = 1
		}
		var credqOK, dhOK, kkOK = true, true, true
		ct, err := benchutil.Median(reps, func() (time.Duration, error) {
			run, err := benchutil.RunPSI("ecdh", x, y)
			t, got := run.Elapsed, run.Matched
			credqOK = credqOK && sameSet(got, want)
			return t, err
		})
		if err != nil {
			return fmt.Errorf("credq n=%d: %w", n, err)
		}
		if !credqOK {
			return fmt.Errorf("credq ECDH-PSI returned a wrong intersection at n=%d", n)
		}
		dt, err := benchutil.Median(reps, func() (time.Duration, error) {
			t, got, err := optableRun(optable.ProtocolDHPSI, x, y)
			dhOK = dhOK && sameSet(got, want)
			return t, err
		})
		dhNote := ""
		if errors.Is(err, errHung) {
			dhNote = fmt.Sprintf("hung: no result after %v", optableTimeout)
		} else if err != nil {
			return fmt.Errorf("optable DHPSI n=%d: %w", n, err)
		}
		kt, err := benchutil.Median(reps, func() (time.Duration, error) {
			t, got, err := optableRun(optable.ProtocolKKRTPSI, x, y)
			kkOK = kkOK && sameSet(got, want)
			return t, err
		})
		if err != nil {
			return fmt.Errorf("optable KKRT n=%d: %w", n, err)
		}
		if dhNote != "" {
			fmt.Fprintf(b, "| %d | %s | **%s** | – | – | %s | %s |\n", n, benchutil.Secs(ct), dhNote, benchutil.Secs(kt), yesno(kkOK))
		} else {
			fmt.Fprintf(b, "| %d | %s | %s | **%s** | %s | %s | %s |\n", n, benchutil.Secs(ct), benchutil.Secs(dt), benchutil.Ratio(ct, dt), yesno(dhOK), benchutil.Secs(kt), yesno(kkOK))
		}
		fmt.Fprintf(stderrW, "compare: psi n=%d: credq %.2fs, DHPSI %.2fs, KKRT %.2fs\n", n, ct.Seconds(), dt.Seconds(), kt.Seconds())
	}
	b.WriteString("\n")
	return nil
}

func yesno(ok bool) string {
	if ok {
		return "yes"
	}
	return "**NO — wrong result**"
}
