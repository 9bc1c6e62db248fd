//go:build amd64 && !purego

package r255

import (
	"encoding/binary"
	"math/bits"

	"filippo.io/edwards25519/field"
)

// An fe4 holds four elements of GF(2^255-19), one per 64-bit lane, in radix
// 2^25.5: element = Σ limb[i]·2^⌈25.5·i⌉, limbs alternately 26 (even i) and
// 25 (odd i) bits wide when reduced. It is limb-major, so fe4[i] is limb i of
// the four lanes and fills one YMM register. Limbs are unsigned: VPMULUDQ
// multiplies the low 32 bits of each lane (32×32→64 bits, unsigned).
//
// Limb bounds used below (per limb, per lane; p = 2^255-19):
//
//	T (tight):  even limbs < 2^26,      odd limbs < 2^25 + 2^18
//	L (loose):  even limbs < 3·2^26,    odd limbs < 3·2^25 + 2^19
//	2p limbs:   2^27-38 (limb 0), 2^27-2 (even), 2^26-2 (odd)
//	4p limbs:   2^28-76 (limb 0), 2^28-4 (even), 2^27-4 (odd)
//
// T ⊂ L; T+T ⊂ L; T + 2p ⊂ L; 2p - T ⊂ L. TestFe4Bounds recomputes every
// numeric claim below from these definitions.
type fe4 [10][4]uint64

// fe4Mul sets z = x·y.
//
// Accepts x, y in L; guarantees z in T. Every multiplier operand fits in 32
// bits: x_i, 2·x_i < 2^28.6 and 19·y_j < 19·3·2^26 = 3825205248 < 2^32. The
// accumulator of output limb k is Σ c·x_i·y_j over i+j ≡ k (mod 10) with
// c = 2 when i and j are odd and ×19 when i+j ≥ 10; its largest value (limb
// 0, with all inputs at the L bounds) is < 2^62.14, so the 64-bit lanes
// cannot overflow, neither in the sum nor when the carry chain adds a carry
// (< 2^38) to the next limb. The carry chain (ref10 order 0,4 1,5 2,6 3,7 4,8
// 9 0; c9·19 computed as c9 + 2c9 + 16c9, c9 < 2^39) masks every limb to its
// width except limbs 1 and 5, which receive the last carries (< 2^18 and
// < 2^13).
//
//go:noescape
func fe4Mul(z, x, y *fe4)

// fe4Square sets z = x². Accepts x in L; guarantees z in T. Operands: x_j,
// 2x_i, 4x_i (i odd) < 2^28.6 and 19·x_j < 2^32; the accumulators equal those
// of fe4Mul(x, x) (< 2^62.14).
//
//go:noescape
func fe4Square(z, x *fe4)

// fe4Square2 sets z = 2·x². Accepts x in L; guarantees z in T. The doubled
// accumulators are < 2^63.14.
//
//go:noescape
func fe4Square2(z, x *fe4)

// fe4Add sets z = x + y without reduction. For x, y in T, z is in L.
//
//go:noescape
func fe4Add(z, x, y *fe4)

// fe4Sub sets z = x + 2p - y without reduction. Requires y ≤ 2p limb by limb
// (true for y in T) so no lane goes negative; for x in T, z is in L.
//
//go:noescape
func fe4Sub(z, x, y *fe4)

// fe4SubCarry sets z = x + 4p - y and reduces it with the carry chain of
// fe4Mul. Requires y ≤ 4p limb by limb (true for y in L) and x < 2^63 limb
// by limb (x + 4p and every limb plus its incoming carries, < 2^45, then stay
// below 2^64); guarantees z in T.
//
//go:noescape
func fe4SubCarry(z, x, y *fe4)

// cached4 is four points in the form added by add-2008-hwcd-3:
// (Y+X, Y-X, 2Z, 2dT). Bounds: Y+X, 2Z in T+T; Y-X in T+2p; 2dT in T (2p-T
// after a negation): all in L.
type cached4 struct{ ypx, ymx, z2, t2d fe4 }

// selectCached sets dst = tbl[xabs] for xabs in 0..8 (the same in every
// lane): it reads all nine entries and keeps one under VPCMPEQQ masks, with
// no branch or address depending on xabs. Then, where neg is all ones (neg
// must be 0 or all ones), it negates the point with masks: Y+X and Y-X are
// swapped and 2dT becomes 2p - 2dT, which needs 2dT ≤ 2p (true in T).
//
//go:noescape
func selectCached(dst *cached4, tbl *[9]cached4, xabs, neg uint64)

// limb offsets and widths of radix 2^25.5.
var (
	fe4Off   = [10]uint{0, 26, 51, 77, 102, 128, 153, 179, 204, 230}
	fe4Width = [10]uint{26, 25, 26, 25, 26, 25, 26, 25, 26, 25}
)

// setLane sets lane l of v to x; the limbs are exact (reduced and canonical).
func (v *fe4) setLane(l int, x *field.Element) {
	b := x.Bytes()
	var w [5]uint64
	for i := range 4 {
		w[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	for i := range 10 {
		off, n := fe4Off[i], fe4Width[i]
		lo := w[off/64] >> (off % 64)
		if off%64 != 0 {
			lo |= w[off/64+1] << (64 - off%64)
		}
		v[i][l] = lo & (1<<n - 1)
	}
}

// laneInto sets x to lane l of v and returns x. Any limbs < 2^64 are
// accepted; the value is reduced mod p.
func (v *fe4) laneInto(l int, x *field.Element) *field.Element {
	// Σ limb·2^off < 2^294 fits six words.
	var w [6]uint64
	for i := range 10 {
		off := fe4Off[i]
		lo := v[i][l] << (off % 64)
		var hi uint64
		if off%64 != 0 {
			hi = v[i][l] >> (64 - off%64)
		}
		addAt(&w, int(off/64), lo)
		addAt(&w, int(off/64)+1, hi)
	}
	// Fold 2^255 ≡ 19 until the value is below 2^255.
	for range 3 {
		top0 := w[3]>>63 | w[4]<<1
		top1 := w[4]>>63 | w[5]<<1
		w[3] &= 1<<63 - 1
		w[4], w[5] = 0, 0
		// 19·top < 2^64·19: add as two words.
		hi, lo := bits.Mul64(top0, 19)
		addAt(&w, 0, lo)
		addAt(&w, 1, hi)
		hi, lo = bits.Mul64(top1, 19)
		addAt(&w, 1, lo)
		addAt(&w, 2, hi)
	}
	var b [32]byte
	for i := range 4 {
		binary.LittleEndian.PutUint64(b[8*i:], w[i])
	}
	if _, err := x.SetBytes(b[:]); err != nil {
		panic("r255: fe4 lane conversion")
	}
	return x
}

// addAt adds x at word i of w, propagating the carry to the top word without
// data-dependent branches (the coordinates are secret).
func addAt(w *[6]uint64, i int, x uint64) {
	var c uint64
	w[i], c = bits.Add64(w[i], x, 0)
	for j := i + 1; j < len(w); j++ {
		w[j], c = bits.Add64(w[j], 0, c)
	}
}
