//go:build amd64 && !purego

package kkrt

import (
	"fmt"
	"testing"
)

// BenchmarkSessionAsm measures what the AES-NI and SHA-NI loops of this
// package gain over the crypto/aes and crypto/sha256 calls they replace, in
// a whole 10⁵ × 10⁵ session (both parties on one goroutine).
func BenchmarkSessionAsm(b *testing.B) {
	n := 100_000
	xs, ys := items("x", n), items("y", n)
	for i := 0; i < n/2; i++ {
		ys[i] = xs[i]
	}
	aesni, shani := useAESNI, useSHANI
	defer func() { useAESNI, useSHANI = aesni, shani }()
	for _, on := range []bool{true, false} {
		b.Run(fmt.Sprintf("asm=%v", on), func(b *testing.B) {
			useAESNI, useSHANI = aesni && on, shani && on
			b.ReportAllocs()
			for b.Loop() {
				if got := session(b, xs, ys); len(got) != n/2 {
					b.Fatalf("matches = %d, want %d", len(got), n/2)
				}
			}
		})
	}
}
