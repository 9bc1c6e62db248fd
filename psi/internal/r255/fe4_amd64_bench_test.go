//go:build amd64 && !purego

package r255

import "testing"

// The fe4 benchmarks report ns/op for four lanes and ns/lane next to
// field.Element's Multiply and Square.

func BenchmarkFe4Mul(b *testing.B) {
	x, y := fe4Of(randFE(b), randFE(b)), fe4Of(randFE(b))
	for b.Loop() {
		fe4Mul(x, x, y)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(4*b.N), "ns/lane")
}

func BenchmarkFe4Square(b *testing.B) {
	x := fe4Of(randFE(b), randFE(b))
	for b.Loop() {
		fe4Square(x, x)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(4*b.N), "ns/lane")
}

func BenchmarkFieldMul(b *testing.B) {
	x, y := randFE(b), randFE(b)
	for b.Loop() {
		x.Multiply(x, y)
	}
}

func BenchmarkFieldSquare(b *testing.B) {
	x := randFE(b)
	for b.Loop() {
		x.Square(x)
	}
}

func BenchmarkSelectCached(b *testing.B) {
	var s sm4
	i := 0
	for b.Loop() {
		selectCached(&s.m, &s.tbl, uint64(i%9), 0)
		i++
	}
}
