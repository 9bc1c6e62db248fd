package r255

import "filippo.io/edwards25519"

// ScalarMultBatch sets each pts[i] = k·pts[i], in constant time with respect
// to k. On amd64 CPUs with AVX2 (and without the purego tag), groups of four
// points go through one AVX2 instruction stream, one point per 64-bit lane;
// the remaining points, and all points elsewhere, use ScalarMult. The
// results are the same group elements as from ScalarMult. The elements of
// pts must be distinct (as in package psi's batches): an element listed
// twice would be multiplied twice on the serial path.
func ScalarMultBatch(k *edwards25519.Scalar, pts []*Element) {
	n := 0
	if useAVX2 && len(pts) >= 4 {
		n = scalarMultBatch4(k, pts)
	}
	for _, p := range pts[n:] {
		p.ScalarMult(k, p)
	}
}

// signedRadix16 returns the digits d_i ∈ [-8, 8) (d_63 ∈ [-8, 8]) with
// k = Σ d_i·16^i, for a canonical scalar k < 2^253 (as edwards25519's
// Scalar.signedRadix16, which is not exported). It runs in constant time.
func signedRadix16(k *edwards25519.Scalar) [64]int8 {
	b := k.Bytes()
	var d [64]int8
	for i := range 32 {
		d[2*i] = int8(b[i] & 15)
		d[2*i+1] = int8(b[i] >> 4)
	}
	for i := range 63 {
		carry := (d[i] + 8) >> 4
		d[i] -= carry << 4
		d[i+1] += carry
	}
	return d
}
