package benchutil

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	vals := []time.Duration{5, 1, 3}
	i := 0
	got, err := Median(3, func() (time.Duration, error) { i++; return vals[i-1], nil })
	if err != nil || got != 3 {
		t.Fatalf("Median(5, 1, 3) = %v, %v; want 3", got, err)
	}
	boom := errors.New("boom")
	if _, err := Median(2, func() (time.Duration, error) { return 0, boom }); !errors.Is(err, boom) {
		t.Fatalf("Median error = %v, want boom", err)
	}
}

func TestPSIItemsShareExactly(t *testing.T) {
	a, b := PSIItems(100, 30, "a"), PSIItems(80, 30, "b")
	in := map[string]bool{}
	for _, x := range a {
		in[string(x)] = true
	}
	n := 0
	for _, y := range b {
		if in[string(y)] {
			n++
		}
	}
	if n != 30 || len(in) != 100 {
		t.Fatalf("shared = %d, distinct = %d; want 30, 100", n, len(in))
	}
}

func TestLoopback(t *testing.T) {
	a, b, err := Loopback()
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	defer b.Close()
	go a.Write([]byte("hi"))
	buf := make([]byte, 2)
	if _, err := b.Read(buf); err != nil || string(buf) != "hi" {
		t.Fatalf("Read = %q, %v", buf, err)
	}
}

func ExampleRatio() {
	fmt.Println(Ratio(3*time.Second, 2*time.Second), Secs(1500*time.Millisecond), Secs(42*time.Microsecond))
	// Output: 1.50× 1.50 s 42.0 µs
}

func TestRunPSIProtocols(t *testing.T) {
	x, y := PSIItems(300, 40, "x"), PSIItems(250, 40, "y")
	for _, p := range []string{"ecdh", "ot", "cardinality"} {
		run, err := RunPSI(p, x, y)
		if err != nil || run.Count != 40 || run.Wire <= 0 {
			t.Fatalf("RunPSI(%s) = count %d, wire %d, %v; want count 40", p, run.Count, run.Wire, err)
		}
		if run.Alloc == 0 || run.Peak == 0 || run.CPU <= 0 {
			t.Fatalf("RunPSI(%s) reported alloc %d, peak %d, CPU %v; want all positive", p, run.Alloc, run.Peak, run.CPU)
		}
		if p != "cardinality" && len(run.Matched) != 40 {
			t.Fatalf("RunPSI(%s) matched %d items, want 40", p, len(run.Matched))
		}
	}
	if _, err := RunPSI("dhpsi", x, y); err == nil {
		t.Fatal("RunPSI(unknown protocol) succeeded")
	}
}

func TestMedianPaired(t *testing.T) {
	// Three repetitions; the baseline drifts, the workload stays at 2× it.
	bases := []time.Duration{10, 30, 20}
	rep := 0
	base := func() (time.Duration, error) { rep++; return bases[rep-1], nil }
	twice := func() (time.Duration, error) { return 2 * bases[rep-1], nil }
	fixed := func() (time.Duration, error) { return 40, nil }
	// falling is slow only when the baseline is fast: the median of its
	// per-repetition ratios (5, 1, 1) is 1, the ratio of the medians 30/20.
	falling := func() (time.Duration, error) { return []time.Duration{50, 30, 20}[rep-1], nil }
	p, err := MedianPaired(3, base, twice, fixed, falling)
	if err != nil {
		t.Fatal(err)
	}
	if p.Base != 20 || p.Times[0] != 40 || p.Times[1] != 40 || p.Times[2] != 30 {
		t.Fatalf("medians = %v, %v; want 20, [40 40 30]", p.Base, p.Times)
	}
	// Per-repetition ratios: twice is 2 every time; fixed is 4, 4/3, 2.
	if p.Ratios[0] != 2 || p.Ratios[1] != 2 || p.Ratios[2] != 1 {
		t.Fatalf("ratios = %v, want [2 2 1]", p.Ratios)
	}
	boom := errors.New("boom")
	rep = 0
	if _, err := MedianPaired(2, base, func() (time.Duration, error) { return 0, boom }); !errors.Is(err, boom) {
		t.Fatalf("MedianPaired error = %v, want boom", err)
	}
	if _, err := MedianPaired(1, func() (time.Duration, error) { return 0, nil }); err == nil {
		t.Fatal("MedianPaired accepted a zero baseline")
	}
}

func TestCPULoop(t *testing.T) {
	calls := 0
	d, err := CPULoop(20*time.Millisecond, 5, func() error {
		calls++
		x := 0
		for i := range 100_000 {
			x ^= i * i
		}
		if x == 42 {
			return errors.New("unreachable")
		}
		return nil
	})
	if err != nil || d <= 0 || calls < 5 {
		t.Fatalf("CPULoop = %v, %v after %d calls; want a positive time after ≥ 5 calls", d, err, calls)
	}
	boom := errors.New("boom")
	if _, err := CPULoop(time.Second, 1, func() error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("CPULoop error = %v, want boom", err)
	}
}
