package r255

import (
	"crypto/sha512"
	"errors"
	"hash"

	"filippo.io/edwards25519/field"
)

// ErrDST is returned for a domain-separation tag that is empty or longer than
// 255 bytes (RFC 9380 §5.3.1 requires the long-DST hashing step, which this
// package does not implement because credq never uses such tags).
var ErrDST = errors.New("r255: domain-separation tag must be 1..255 bytes")

// A Hasher maps byte strings to group elements with the hash-to-group suite
// ristretto255_XMD:SHA-512_R255MAP_RO_ (RFC 9380 Appendix B; RFC 9496
// §4.3.4). It reuses one SHA-512 state, so it is not safe for concurrent use;
// create one per goroutine.
type Hasher struct {
	dstPrime []byte
	h        hash.Hash
	b0, b1   [64]byte
}

// NewHasher returns a Hasher for the domain-separation tag dst.
func NewHasher(dst []byte) (*Hasher, error) {
	if len(dst) == 0 || len(dst) > 255 {
		return nil, ErrDST
	}
	dp := append(append([]byte{}, dst...), byte(len(dst)))
	return &Hasher{dstPrime: dp, h: sha512.New()}, nil
}

var zPad [128]byte // s_in_bytes of SHA-512

// The other constant inputs of Expand64. They are package variables because
// a slice literal passed to hash.Hash.Write escapes: written inline, each
// would be allocated on every call.
var (
	lenAndZero = [...]byte{0, 64, 0} // I2OSP(64, 2) || I2OSP(0, 1)
	counterOne = [...]byte{1}        // I2OSP(1, 1)
)

// Expand64 is expand_message_xmd(msg, DST, 64) with SHA-512 (RFC 9380
// §5.3.1). With len_in_bytes = 64 = b_in_bytes, ell = 1, so the output is b_1.
func (hs *Hasher) Expand64(msg []byte) [64]byte {
	h := hs.h
	h.Reset()
	h.Write(zPad[:])
	h.Write(msg)
	h.Write(lenAndZero[:])
	h.Write(hs.dstPrime)
	h.Sum(hs.b0[:0])
	h.Reset()
	h.Write(hs.b0[:])
	h.Write(counterOne[:])
	h.Write(hs.dstPrime)
	h.Sum(hs.b1[:0])
	return hs.b1
}

// Hash sets e to hash_to_group(msg) and returns e.
func (hs *Hasher) Hash(e *Element, msg []byte) *Element {
	u := hs.Expand64(msg)
	return e.FromUniformBytes(u[:])
}

// FromUniformBytes sets e to the one-way map of 64 uniform bytes: the sum of
// the Elligator map of each half (RFC 9496 §4.3.4).
func (e *Element) FromUniformBytes(b []byte) *Element {
	if len(b) != 64 {
		panic("r255: FromUniformBytes needs 64 bytes")
	}
	var p2 Element
	e.elligator(b[:32])
	p2.elligator(b[32:])
	return e.Add(e, &p2)
}

// elligator is MAP of RFC 9496 §4.3.4: t is the 32-byte input with its top
// bit masked (field.SetBytes ignores it and reduces mod p).
func (e *Element) elligator(b []byte) {
	var m mapState
	m.pre(b)
	var s field.Element
	_, wasSquare := s.SqrtRatio(&m.u, &m.v)
	e.mapPost(&m, &s, wasSquare)
}

// mapState holds MAP's values before its square root.
type mapState struct{ t, r, u, v field.Element }

// pre computes t, r, u and v of MAP for the 32-byte input b; MAP continues
// with SQRT_RATIO_M1(u, v).
func (m *mapState) pre(b []byte) {
	var tmp field.Element
	m.t.SetBytes(b)
	m.r.Square(&m.t)
	m.r.Multiply(&m.r, sqrtM1)
	m.u.Add(&m.r, feOne)
	m.u.Multiply(&m.u, oneMinusDSq)
	// v = (-1 - r*D) * (r + D)
	tmp.Multiply(&m.r, curveD)
	m.v.Subtract(feMinusOne, &tmp)
	tmp.Add(&m.r, curveD)
	m.v.Multiply(&m.v, &tmp)
}

// mapPost finishes MAP from (wasSquare, s) = SQRT_RATIO_M1(u, v) and sets e
// to the result. s is overwritten.
func (e *Element) mapPost(m *mapState, s *field.Element, wasSquare int) {
	var tmp, sPrime, c, n, w0, w1, w2, w3 field.Element
	sPrime.Multiply(s, &m.t)
	sPrime.Absolute(&sPrime)
	sPrime.Negate(&sPrime)
	s.Select(s, &sPrime, wasSquare)
	c.Select(feMinusOne, &m.r, wasSquare)
	// N = c * (r - 1) * D_MINUS_ONE_SQ - v
	n.Subtract(&m.r, feOne)
	n.Multiply(&n, &c)
	n.Multiply(&n, dMinusOneSq)
	n.Subtract(&n, &m.v)
	w0.Multiply(s, &m.v)
	w0.Add(&w0, &w0)
	w1.Multiply(&n, sqrtADMinusOne)
	tmp.Square(s)
	w2.Subtract(feOne, &tmp)
	w3.Add(feOne, &tmp)
	var X, Y, Z, T field.Element
	X.Multiply(&w0, &w3)
	Y.Multiply(&w2, &w1)
	Z.Multiply(&w1, &w3)
	T.Multiply(&w0, &w2)
	if _, err := e.p.SetExtendedCoordinates(&X, &Y, &Z, &T); err != nil {
		// The map always lands on the curve; failure is a bug.
		panic("r255: elligator produced an invalid point")
	}
}
