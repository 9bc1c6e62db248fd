//go:build amd64 && !purego

package r255

import "filippo.io/edwards25519/field"

// pow22523x4 sets each x[l] = x[l]^((p-5)/8), the exponentiation of
// field.Element.Pow22523 (same addition chain: 250 squarings and 11
// multiplications), on the four lanes of one fe4 when AVX2 is available.
// Bounds: setLane gives T; every step is fe4Square or fe4Mul of values in
// T ⊂ L, which return T, so no carry or bound check is needed in between.
// It runs in constant time (no branch or index depends on the values).
func pow22523x4(x *[4]field.Element) {
	if !useAVX2 {
		pow22523Lanes(x)
		return
	}
	var z, t0, t1, t2 fe4
	for l := range x {
		z.setLane(l, &x[l])
	}
	sq := func(v *fe4, n int) {
		for range n {
			fe4Square(v, v)
		}
	}
	fe4Square(&t0, &z)    // x^2
	fe4Square(&t1, &t0)   // x^4
	fe4Square(&t1, &t1)   // x^8
	fe4Mul(&t1, &z, &t1)  // x^9
	fe4Mul(&t0, &t0, &t1) // x^11
	fe4Square(&t0, &t0)   // x^22
	fe4Mul(&t0, &t1, &t0) // x^31 = 2^5 - 1
	fe4Square(&t1, &t0)   // 2^6 - 2
	sq(&t1, 4)            // 2^10 - 2^5
	fe4Mul(&t0, &t1, &t0) // 2^10 - 1
	fe4Square(&t1, &t0)   // 2^11 - 2
	sq(&t1, 9)            // 2^20 - 2^10
	fe4Mul(&t1, &t1, &t0) // 2^20 - 1
	fe4Square(&t2, &t1)   // 2^21 - 2
	sq(&t2, 19)           // 2^40 - 2^20
	fe4Mul(&t1, &t2, &t1) // 2^40 - 1
	fe4Square(&t1, &t1)   // 2^41 - 2
	sq(&t1, 9)            // 2^50 - 2^10
	fe4Mul(&t0, &t1, &t0) // 2^50 - 1
	fe4Square(&t1, &t0)   // 2^51 - 2
	sq(&t1, 49)           // 2^100 - 2^50
	fe4Mul(&t1, &t1, &t0) // 2^100 - 1
	fe4Square(&t2, &t1)   // 2^101 - 2
	sq(&t2, 99)           // 2^200 - 2^100
	fe4Mul(&t1, &t2, &t1) // 2^200 - 1
	fe4Square(&t1, &t1)   // 2^201 - 2
	sq(&t1, 49)           // 2^250 - 2^50
	fe4Mul(&t0, &t1, &t0) // 2^250 - 1
	fe4Square(&t0, &t0)   // 2^251 - 2
	fe4Square(&t0, &t0)   // 2^252 - 4
	fe4Mul(&t0, &t0, &z)  // 2^252 - 3
	for l := range x {
		t0.laneInto(l, &x[l])
	}
}
