package kkrt

import (
	"fmt"
	"os"
	"testing"
)

// BenchmarkSession runs the whole mechanism for both parties sequentially
// on one goroutine (no I/O): the CPU cost of one n × n session at 50%
// overlap. 10⁶ only with CREDQ_BENCH_LARGE=1.
func BenchmarkSession(b *testing.B) {
	sizes := []int{10_000, 100_000}
	if os.Getenv("CREDQ_BENCH_LARGE") == "1" {
		sizes = append(sizes, 1_000_000)
	}
	for _, n := range sizes {
		xs, ys := items("x", n), items("y", n)
		for i := 0; i < n/2; i++ {
			ys[i] = xs[i]
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if got := session(b, xs, ys); len(got) != n/2 {
					b.Fatalf("matches = %d, want %d", len(got), n/2)
				}
			}
		})
	}
}

func BenchmarkPlace(b *testing.B) {
	n := 1_000_000
	ds := make([]Digest, n)
	for i := range ds {
		ds[i] = DigestOf(fmt.Appendf(nil, "x%d", i))
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Place(ds); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkColsToRows transposes one batch of CodeBits columns into rows.
func BenchmarkColsToRows(b *testing.B) {
	cols := make([]byte, 64*Words*BatchBins/8)
	rows := make([]uint64, BatchBins*Words)
	b.SetBytes(int64(len(cols)))
	b.ReportAllocs()
	for b.Loop() {
		colsToRows(rows, cols, BatchBins/8)
	}
}

// BenchmarkBaseSenderKeys derives the keys of the CodeBits base OTs from a
// receiver message (the OT sender's side: decoding and one scalar
// multiplication per OT), on one goroutine and on two.
func BenchmarkBaseSenderKeys(b *testing.B) {
	var th [32]byte
	s, aEnc, err := NewBaseSender()
	if err != nil {
		b.Fatal(err)
	}
	msg, _, err := BaseReceive(&th, aEnc, make([]uint64, Words), CodeBits, 2)
	if err != nil {
		b.Fatal(err)
	}
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			for b.Loop() {
				if _, _, err := s.Keys(&th, msg, CodeBits, workers); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
