package r255

import (
	"strconv"
	"testing"
)

// The per-operation costs below feed the ECDH-PSI cost bound reported by the
// psi benchmarks.

func BenchmarkHashToGroup(b *testing.B) {
	b.ReportAllocs()
	h, _ := NewHasher([]byte("bench"))
	var e Element
	msg := []byte("cnid:v1:11010519491231002X")
	for b.Loop() {
		h.Hash(&e, msg)
	}
}

func BenchmarkScalarMult(b *testing.B) {
	b.ReportAllocs()
	k := randomScalar(b)
	p := NewGenerator()
	var q Element
	for b.Loop() {
		q.ScalarMult(k, p)
	}
}

func BenchmarkEncode(b *testing.B) {
	b.ReportAllocs()
	p := NewGenerator()
	buf := make([]byte, 0, 32)
	for b.Loop() {
		p.Encode(buf[:0])
	}
}

func BenchmarkDecode(b *testing.B) {
	b.ReportAllocs()
	enc := NewGenerator().Encode(nil)
	var e Element
	for b.Loop() {
		e.DecodeNonIdentity(enc)
	}
}

func BenchmarkDoubleEncodeBatch256(b *testing.B) {
	b.ReportAllocs()
	h, _ := NewHasher([]byte("bench"))
	pts := make([]*Element, 256)
	for i := range pts {
		pts[i] = h.Hash(new(Element), []byte(strconv.Itoa(i)))
	}
	out := make([]byte, 32*len(pts))
	var s BatchScratch
	for b.Loop() {
		DoubleEncodeBatch(out, pts, &s)
	}
}

// BenchmarkScalarMultBatch reports the time per point of ScalarMultBatch
// over 256 points (the 4-lane AVX2 path where available), to compare with
// BenchmarkScalarMult.
func BenchmarkScalarMultBatch(b *testing.B) {
	b.ReportAllocs()
	k := randomScalar(b)
	h, _ := NewHasher([]byte("bench"))
	const n = 256
	pts := make([]*Element, n)
	for i := range pts {
		pts[i] = h.Hash(new(Element), []byte(strconv.Itoa(i)))
	}
	for b.Loop() {
		ScalarMultBatch(k, pts)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/point")
}

// BenchmarkHashBatch reports the time per item of HashBatch over 256
// identifiers, to compare with BenchmarkHashToGroup.
func BenchmarkHashBatch(b *testing.B) {
	b.ReportAllocs()
	h, _ := NewHasher([]byte("bench"))
	const n = 256
	msgs := make([][]byte, n)
	for i := range msgs {
		msgs[i] = []byte("cnid:v1:" + strconv.Itoa(1e17+i))
	}
	dst := make([]Element, n)
	for b.Loop() {
		h.HashBatch(dst, msgs)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/item")
}

// BenchmarkDecodeBatch reports the time per element of DecodeBatch over 256
// encodings, to compare with BenchmarkDecode.
func BenchmarkDecodeBatch(b *testing.B) {
	b.ReportAllocs()
	h, _ := NewHasher([]byte("bench"))
	const n = 256
	var src []byte
	for i := range n {
		src = h.Hash(new(Element), []byte(strconv.Itoa(i))).Encode(src)
	}
	dst := make([]Element, n)
	for b.Loop() {
		if _, err := DecodeBatch(dst, src); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/item")
}
