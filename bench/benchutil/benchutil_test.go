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
		if p != "cardinality" && len(run.Matched) != 40 {
			t.Fatalf("RunPSI(%s) matched %d items, want 40", p, len(run.Matched))
		}
	}
	if _, err := RunPSI("dhpsi", x, y); err == nil {
		t.Fatal("RunPSI(unknown protocol) succeeded")
	}
}
