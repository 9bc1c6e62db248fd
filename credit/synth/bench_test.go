package synth

import "testing"

func BenchmarkRecord(b *testing.B) {
	g := New(1, now)
	b.ReportAllocs()
	for b.Loop() {
		g.Record()
	}
}
