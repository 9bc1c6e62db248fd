package kkrt

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"sync"

	"filippo.io/edwards25519"

	"github.com/credq/credq/psi/internal/r255"
)

// Base OTs: the "simplest OT" of Chou and Orlandi (CO15) over ristretto255,
// batched under one sender message A, as random OTs that yield AES keys.
//
//	OT sender (PSI receiver)        OT receiver (PSI sender, choice bits s)
//	a ← Zq, A = a·G        ── A ──▶
//	                        ◀── B_i ─ b_i ← Zq, B_i = b_i·G + s_i·A
//	K0_i = H(i, A, B_i, a·B_i)        K_i = H(i, A, B_i, b_i·A) = K{s_i}_i
//	K1_i = H(i, A, B_i, a·(B_i − A))
//
// Ristretto255 is a prime-order group, so the small-subgroup issues of the
// original Curve25519 instantiation do not arise; A and every B_i are decoded
// canonically and the identity is rejected. CO15's UC-security claim was
// shown to be flawed (Genç, Iovino, Rial 2017; Byali et al. 2017); the
// protocol is secure against semi-honest parties, which is the model here.
// Hashing A and B_i into each key follows the fix those papers recommend.

// ErrBadPoint means the peer sent a group element that is not a canonical
// non-identity ristretto255 encoding.
var ErrBadPoint = errors.New("kkrt: invalid group element")

// PointSize is the encoded size of a base-OT message element.
const PointSize = r255.ElementSize

const baseOTLabel = "credq/psi/ot base-ot v1"

func randomScalar() (*edwards25519.Scalar, error) {
	var b [64]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, err
	}
	return edwards25519.NewScalar().SetUniformBytes(b[:])
}

func otKey(th *[32]byte, i int, a, b []byte, p *r255.Element) [16]byte {
	h := sha256.New()
	h.Write([]byte(baseOTLabel))
	h.Write(th[:])
	var ib [4]byte
	binary.BigEndian.PutUint32(ib[:], uint32(i))
	h.Write(ib[:])
	h.Write(a)
	h.Write(b)
	var pb [PointSize]byte
	h.Write(p.Encode(pb[:0]))
	var k [16]byte
	copy(k[:], h.Sum(nil))
	return k
}

// BaseSender is the OT sender of the base OTs (the PSI receiver).
type BaseSender struct {
	a   *edwards25519.Scalar
	enc []byte // A
	t   r255.Element
}

// NewBaseSender draws a and returns the sender with its message A.
func NewBaseSender() (*BaseSender, []byte, error) {
	a, err := randomScalar()
	if err != nil {
		return nil, nil, err
	}
	s := &BaseSender{a: a}
	var A r255.Element
	A.ScalarBaseMult(a)
	s.enc = A.Encode(nil)
	// t = −a²·G, so that a·(B − A) = a·B + t.
	a2 := edwards25519.NewScalar().Multiply(a, a)
	s.t.ScalarBaseMult(a2.Negate(a2))
	return s, s.enc, nil
}

// parallel runs f(i) for i in [0, count) on up to workers goroutines and
// returns the first error.
func parallel(count, workers int, f func(i int) error) error {
	return parallelRange(count, workers, 1, func(lo, hi int) error {
		for i := lo; i < hi; i++ {
			if err := f(i); err != nil {
				return err
			}
		}
		return nil
	})
}

// parallelRange splits [0, count) into up to workers contiguous ranges whose
// bounds (but for count) are multiples of align, runs f(lo, hi) on each in
// its own goroutine and returns the first error.
func parallelRange(count, workers, align int, f func(lo, hi int) error) error {
	units := (count + align - 1) / align
	workers = max(1, min(workers, units))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			lo := min(count, w*units/workers*align)
			hi := min(count, (w+1)*units/workers*align)
			errs[w] = f(lo, hi)
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Keys derives both keys of every OT from the receiver's message bs
// (count·PointSize bytes), on up to workers goroutines. Each goroutine
// decodes its B_i with r255.DecodeBatch and multiplies them by a with
// r255.ScalarMultBatch (four points per AVX2 stream where available), so
// its range starts at a multiple of four.
func (s *BaseSender) Keys(th *[32]byte, bs []byte, count, workers int) (k0, k1 [][16]byte, err error) {
	if len(bs) != count*PointSize {
		return nil, nil, ErrBadPoint
	}
	k0, k1 = make([][16]byte, count), make([][16]byte, count)
	err = parallelRange(count, workers, 4, func(lo, hi int) error {
		ps := make([]r255.Element, hi-lo)
		if _, err := r255.DecodeBatch(ps, bs[lo*PointSize:hi*PointSize]); err != nil {
			return ErrBadPoint
		}
		ptrs := make([]*r255.Element, len(ps))
		for j := range ps {
			ptrs[j] = &ps[j]
		}
		r255.ScalarMultBatch(s.a, ptrs)
		for j := range ps {
			i := lo + j
			P := &ps[j]
			enc := bs[i*PointSize : (i+1)*PointSize]
			k0[i] = otKey(th, i, s.enc, enc, P)
			P.Add(P, &s.t)
			k1[i] = otKey(th, i, s.enc, enc, P)
		}
		return nil
	})
	if err != nil {
		return nil, nil, ErrBadPoint
	}
	return k0, k1, nil
}

// BaseReceive runs the receiver side for the choice bits choice[0..count)
// (bit i of word i/64) against the sender's message aEnc, on up to workers
// goroutines. It returns the message to send (count·PointSize bytes) and
// the chosen keys.
func BaseReceive(th *[32]byte, aEnc []byte, choice []uint64, count, workers int) (msg []byte, keys [][16]byte, err error) {
	var A r255.Element
	if _, err := A.DecodeNonIdentity(aEnc); err != nil {
		return nil, nil, ErrBadPoint
	}
	msg = make([]byte, count*PointSize)
	keys = make([][16]byte, count)
	err = parallel(count, workers, func(i int) error {
		var B, BA, P r255.Element
		var e0, e1 [PointSize]byte
		b, err := randomScalar()
		if err != nil {
			return err
		}
		B.ScalarBaseMult(b)
		BA.Add(&B, &A)
		B.Encode(e0[:0])
		BA.Encode(e1[:0])
		// Select B or B + A by the secret choice bit in constant time.
		bit := int(choice[i/64] >> (i % 64) & 1)
		out := msg[i*PointSize : (i+1)*PointSize]
		copy(out, e0[:])
		subtle.ConstantTimeCopy(bit, out, e1[:])
		P.ScalarMult(b, &A)
		keys[i] = otKey(th, i, aEnc, out, &P)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return msg, keys, nil
}
