package r255

import (
	"filippo.io/edwards25519"
	"filippo.io/edwards25519/field"
)

// HalfScalar returns k·2⁻¹ mod ℓ, the scalar to multiply by before
// DoubleEncodeBatch so that the encoded result is k·P.
func HalfScalar(k *edwards25519.Scalar) *edwards25519.Scalar {
	// 2⁻¹ mod ℓ = (ℓ+1)/2.
	half, err := edwards25519.NewScalar().SetCanonicalBytes(halfBytes[:])
	if err != nil {
		panic("r255: bad constant")
	}
	return edwards25519.NewScalar().Multiply(k, half)
}

// (ℓ+1)/2 little-endian, ℓ = 2^252 + 27742317777372353535851937790883648493.
var halfBytes = [32]byte{
	0xf7, 0xe9, 0x7a, 0x2e, 0x8d, 0x31, 0x09, 0x2c, 0x6b, 0xce, 0x7b, 0x51, 0xef, 0x7c, 0x6f, 0x0a,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08,
}

// DoubleEncodeBatch writes the encoding of 2·pts[i] to out[32i:32i+32] for
// every i, using one field inversion for the whole batch (the
// double_and_compress_batch method of curve25519-dalek): the doubling of an
// Edwards point has a representation from which the ristretto255 encoding
// needs no square root. scratch is reused across calls to avoid allocation.
// out must have room for 32·len(pts) bytes.
func DoubleEncodeBatch(out []byte, pts []*Element, scratch *BatchScratch) {
	n := len(pts)
	scratch.grow(n)
	st := scratch.st[:n]
	acc := scratch.acc[:n]
	var running field.Element
	running.One()
	for i, P := range pts {
		X, Y, Z, T := P.p.ExtendedCoordinates()
		s := &st[i]
		var xx, yy, zz, tt field.Element
		xx.Square(X)
		yy.Square(Y)
		zz.Square(Z)
		tt.Square(T)
		s.e.Multiply(X, Y)
		s.e.Add(&s.e, &s.e)
		tt.Multiply(&tt, curveD)
		s.f.Add(&zz, &tt)
		s.g.Add(&yy, &xx)
		s.h.Subtract(&zz, &tt)
		s.eg.Multiply(&s.e, &s.g)
		s.fh.Multiply(&s.f, &s.h)
		var efgh field.Element
		efgh.Multiply(&s.eg, &s.fh)
		// Montgomery's trick: acc[i] = efgh_0 ⋯ efgh_{i-1}.
		acc[i].Set(&running)
		running.Multiply(&running, &efgh)
		s.efgh.Set(&efgh)
	}
	if running.Equal(feZero) == 1 {
		// Some input doubles to the identity class (e = 2XY = 0): the shared
		// inversion is useless, so encode each doubled point on its own.
		var d Element
		for i, P := range pts {
			d.p.Add(&P.p, &P.p)
			d.Encode(out[32*i : 32*i])
		}
		return
	}
	var inv field.Element
	inv.Invert(&running)
	for i := n - 1; i >= 0; i-- {
		s := &st[i]
		var invI field.Element
		invI.Multiply(&inv, &acc[i])
		inv.Multiply(&inv, &s.efgh)
		var zInv, tInv, tmp, e, g, h, magic, minusE, fSqrtA field.Element
		zInv.Multiply(&s.eg, &invI)
		tInv.Multiply(&s.fh, &invI)
		tmp.Multiply(&s.eg, &zInv)
		neg1 := tmp.IsNegative()
		e.Set(&s.e)
		g.Set(&s.g)
		h.Set(&s.h)
		minusE.Negate(&s.e)
		fSqrtA.Multiply(&s.f, sqrtM1)
		magic.Set(invsqrtAMinusD)
		e.Select(&s.g, &e, neg1)
		g.Select(&minusE, &g, neg1)
		h.Select(&fSqrtA, &h, neg1)
		magic.Select(sqrtM1, &magic, neg1)
		tmp.Multiply(&h, &e)
		tmp.Multiply(&tmp, &zInv)
		var ng field.Element
		ng.Negate(&g)
		g.Select(&ng, &g, tmp.IsNegative())
		var sv field.Element
		sv.Subtract(&h, &g)
		tmp.Multiply(&g, &tInv)
		tmp.Multiply(&magic, &tmp)
		sv.Multiply(&sv, &tmp)
		sv.Absolute(&sv)
		copy(out[32*i:32*i+32], sv.Bytes())
	}
}

type batchState struct {
	e, f, g, h, eg, fh, efgh field.Element
}

// BatchScratch holds reusable buffers for DoubleEncodeBatch.
type BatchScratch struct {
	st  []batchState
	acc []field.Element
}

func (s *BatchScratch) grow(n int) {
	if cap(s.st) < n {
		s.st = make([]batchState, n)
		s.acc = make([]field.Element, n)
	}
}
