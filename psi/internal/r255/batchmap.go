package r255

import "filippo.io/edwards25519/field"

// pow22523Lanes sets each x[l] = x[l]^((p-5)/8) one lane at a time with
// field.Element.Pow22523: pow22523x4 without AVX2, in purego builds and
// off amd64.
func pow22523Lanes(x *[4]field.Element) {
	for l := range x {
		x[l].Pow22523(&x[l])
	}
}

// sqrtRatio4 sets r[l], wasSquare[l] = SQRT_RATIO_M1(u[l], v[l]) exactly as
// field.Element.SqrtRatio does, with the exponentiation of the four lanes
// done together by pow22523x4 (one AVX2 instruction stream where
// available). The lanes take their different branches (which root, which
// sign) with field.Element.Select and Equal, in constant time.
func sqrtRatio4(r *[4]field.Element, u, v *[4]field.Element) (wasSquare [4]int) {
	var uv3, w [4]field.Element
	for l := range 4 {
		var v2, t0 field.Element
		v2.Square(&v[l])
		uv3[l].Multiply(&u[l], t0.Multiply(&v2, &v[l]))
		w[l].Multiply(&uv3[l], t0.Square(&v2)) // u·v⁷
	}
	pow22523x4(&w)
	for l := range 4 {
		var rr, check, uNeg, t0, rPrime field.Element
		rr.Multiply(&uv3[l], &w[l])
		check.Multiply(&v[l], t0.Square(&rr)) // v·r²
		uNeg.Negate(&u[l])
		correct := check.Equal(&u[l])
		flipped := check.Equal(&uNeg)
		flippedI := check.Equal(t0.Multiply(&uNeg, sqrtM1))
		rPrime.Multiply(&rr, sqrtM1)
		rr.Select(&rPrime, &rr, flipped|flippedI)
		r[l].Absolute(&rr)
		wasSquare[l] = correct | flipped
	}
	return wasSquare
}

// HashBatch sets dst[i] = hash_to_group(msgs[i]) for every i (the same
// elements as hs.Hash): expand_message_xmd runs per message, and the square
// roots of the Elligator maps (two per message) go four at a time through
// sqrtRatio4. It runs in constant time with respect to the messages.
// len(dst) must be at least len(msgs).
func (hs *Hasher) HashBatch(dst []Element, msgs [][]byte) {
	dst = dst[:len(msgs)]
	var m [4]mapState
	var u, v, s [4]field.Element
	var half [4]Element
	// Lanes 0, 1 are the two halves of message i, lanes 2, 3 those of
	// message i+1; for a lone last message, lanes 2, 3 repeat lanes 0, 1
	// as padding and their results are not used.
	for i := 0; i < len(msgs); i += 2 {
		lanes := min(4, 2*(len(msgs)-i))
		b0 := hs.Expand64(msgs[i])
		m[0].pre(b0[:32])
		m[1].pre(b0[32:])
		if lanes == 4 {
			b1 := hs.Expand64(msgs[i+1])
			m[2].pre(b1[:32])
			m[3].pre(b1[32:])
		} else {
			m[2], m[3] = m[0], m[1]
		}
		for l := range 4 {
			u[l], v[l] = m[l].u, m[l].v
		}
		ws := sqrtRatio4(&s, &u, &v)
		for l := range lanes {
			half[l].mapPost(&m[l], &s[l], ws[l])
		}
		dst[i].Add(&half[0], &half[1])
		if lanes == 4 {
			dst[i+1].Add(&half[2], &half[3])
		}
	}
}

// DecodeBatch decodes the len(src)/32 encodings in src into dst[0:] as
// DecodeNonIdentity does, four inverse square roots at a time through
// sqrtRatio4. On failure it returns the index of the first encoding that
// DecodeNonIdentity rejects and that encoding's error; dst's contents are
// then unspecified. len(src) must be a multiple of 32 and len(dst) at least
// len(src)/32. Encodings are public: the checks before the square root
// branch on them.
func DecodeBatch(dst []Element, src []byte) (int, error) {
	n := len(src) / ElementSize
	var d [4]decodeState
	var one, t0, r [4]field.Element
	var idx [4]int
	for l := range 4 {
		one[l].One()
	}
	k := 0
	flush := func() (int, error) {
		for l := k; l < 4; l++ {
			t0[l].One() // unused lanes
		}
		ws := sqrtRatio4(&r, &one, &t0)
		for l := range k {
			if err := dst[idx[l]].decodePost(&d[l], &r[l], ws[l]); err != nil {
				return idx[l], err
			}
		}
		k = 0
		return -1, nil
	}
	for i := range n {
		b := src[ElementSize*i : ElementSize*(i+1)]
		if allZero(b) {
			if bad, err := flush(); err != nil {
				return bad, err
			}
			return i, ErrIdentity
		}
		if err := d[k].pre(b); err != nil {
			if bad, err := flush(); err != nil {
				return bad, err
			}
			return i, err
		}
		t0[k], idx[k] = d[k].t0, i
		if k++; k == 4 {
			if bad, err := flush(); err != nil {
				return bad, err
			}
		}
	}
	if k > 0 {
		if bad, err := flush(); err != nil {
			return bad, err
		}
	}
	return -1, nil
}
