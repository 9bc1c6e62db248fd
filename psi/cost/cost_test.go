package cost

import (
	"fmt"
	"testing"
	"time"
)

func TestBoundsScale(t *testing.T) {
	c := Costs{HashToGroup: 3, ScalarMult: 10, ScalarMultEach: 20, Decode: 2, Encode: 1, Hash: 1}
	// own = 3+10+1 = 14, peer = 2+10+1+1 = 14 → 28 per item, (n+m) items.
	if got, want := c.ECDH(100, 50, 1), time.Duration(150*28); got != want {
		t.Fatalf("ECDH(100, 50, 1) = %v, want %v", got, want)
	}
	if got, want := c.ECDH(100, 50, 2), time.Duration(150*28/2); got != want {
		t.Fatalf("ECDH(100, 50, 2) = %v, want %v", got, want)
	}
	// h2g 3 + blind and unblind 2·20 + evaluate 10 + 3 encodes + 2 decodes·2 + hash 1 = 61 per item.
	if got, want := c.OPRFOnline(10, 1), time.Duration(610); got != want {
		t.Fatalf("OPRFOnline(10, 1) = %v, want %v", got, want)
	}
}

func TestMeasurePositive(t *testing.T) {
	c := Measure(50)
	for name, d := range map[string]time.Duration{"h2g": c.HashToGroup, "mul": c.ScalarMult, "mul1": c.ScalarMultEach, "dec": c.Decode, "enc": c.Encode} {
		if d <= 0 {
			t.Fatalf("Measure(50).%s = %v, want > 0", name, d)
		}
	}
	if c.ScalarMult < c.Encode {
		t.Fatalf("scalar multiplication (%v) measured cheaper than a batched encode (%v)", c.ScalarMult, c.Encode)
	}
}

func ExampleCosts_ECDH() {
	c := Costs{HashToGroup: 20 * time.Microsecond, ScalarMult: 40 * time.Microsecond, Decode: 8 * time.Microsecond, Encode: 2 * time.Microsecond, Hash: 1 * time.Microsecond}
	fmt.Println(c.ECDH(1_000_000, 1_000_000, 2))
	// Output: 1m53s
}
