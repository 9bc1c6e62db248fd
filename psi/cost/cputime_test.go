package cost

import "testing"

func TestCPUTimeAdvances(t *testing.T) {
	t0 := CPUTime()
	x := 0
	for i := range 50_000_000 {
		x ^= i * i
	}
	if d := CPUTime() - t0; d <= 0 || x == 42 {
		t.Fatalf("CPUTime advanced by %v over a busy loop, want > 0", d)
	}
}
