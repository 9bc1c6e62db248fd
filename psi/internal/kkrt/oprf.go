package kkrt

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/subtle"
	"encoding/binary"
)

// OT extension with the KKRT16 pseudorandom-code OPRF (KKRT16 Fig. 4, the
// IKNP03 matrix with rows C(x) instead of repeated choice bits):
//
//	receiver: T0, T1 columns = PRG(K0_i), PRG(K1_i); row j: u_j = t0_j ⊕ t1_j ⊕ C(x_j)
//	          output for bin j: H(t0_j)
//	sender:   column i = PRG(K{s_i}_i); row j: q_j = g_j ⊕ (u_j ∧ s) = t0_j ⊕ (C(x_j) ∧ s)
//	          F_j(y) = H(q_j ⊕ (C(y) ∧ s)), equal to the receiver's output iff C(y) = C(x_j)
//
// The PRG of column i is AES-128-CTR under its base-OT key; batch b of the
// column starts at byte b·BatchBins/8, so batches are independent and can be
// computed in any order.

// NumBatches returns the number of OT-extension batches for m bins.
func NumBatches(m int) int { return (m + BatchBins - 1) / BatchBins }

// batchBins returns the number of bins in batch b of m.
func batchBins(m, b int) int { return min(BatchBins, m-b*BatchBins) }

func prgBlocks(keys [][16]byte) []cipher.Block {
	bs := make([]cipher.Block, len(keys))
	for i := range keys {
		c, err := aes.NewCipher(keys[i][:])
		if err != nil {
			panic("kkrt: AES-128 key rejected") // unreachable: fixed length
		}
		bs[i] = c
	}
	return bs
}

// prg XORs dst with column bytes [b·BatchBins/8, +len(dst)) of the stream.
func prg(dst []byte, c cipher.Block, b int) {
	var iv [16]byte
	binary.BigEndian.PutUint64(iv[8:], uint64(b)*BatchBins/128)
	cipher.NewCTR(c, iv[:]).XORKeyStream(dst, dst)
}

// Scratch is per-goroutine working memory for one batch.
type Scratch struct {
	c0, c1 []byte   // columns, 64·Words of BatchBins/8 bytes
	r0, r1 []uint64 // rows, BatchBins of Words words
}

// NewScratch allocates a Scratch.
func NewScratch() *Scratch {
	return &Scratch{
		c0: make([]byte, 64*Words*BatchBins/8), c1: make([]byte, 64*Words*BatchBins/8),
		r0: make([]uint64, BatchBins*Words), r1: make([]uint64, BatchBins*Words),
	}
}

func row(rows []uint64, j int) *Row { return (*Row)(rows[j*Words : (j+1)*Words]) }

// Receiver is the OT-extension receiver (the PSI receiver), holding both
// keys of every base OT.
type Receiver struct {
	g0, g1 []cipher.Block
	code   *Code
	hiMask uint32
}

// NewReceiver returns the receiver for base-OT keys k0, k1 (CodeBits each).
func NewReceiver(k0, k1 [][16]byte, code *Code, hiMask uint32) *Receiver {
	return &Receiver{g0: prgBlocks(k0), g1: prgBlocks(k1), code: code, hiMask: hiMask}
}

// Batch computes batch b of m bins: it writes the rows u_j to u
// (RowBytes each) and the OPRF output of every occupied bin to out (indexed
// by bin within the batch). ds are the receiver's digests, t its table.
func (r *Receiver) Batch(s *Scratch, m, b int, t *Table, ds []Digest, u []byte, out []Output) {
	n := batchBins(m, b)
	cb := n / 8
	c0, c1 := s.c0[:64*Words*cb], s.c1[:64*Words*cb]
	clear(c0)
	clear(c1)
	for i := range CodeBits {
		t0, d := c0[i*cb:(i+1)*cb], c1[i*cb:(i+1)*cb]
		prg(t0, r.g0[i], b)
		prg(d, r.g1[i], b)
		subtle.XORBytes(d, d, t0)
	}
	colsToRows(s.r0, c0, cb)
	colsToRows(s.r1, c1, cb)
	var c Row
	for j := range n {
		t0, d := row(s.r0, j), row(s.r1, j)
		item, k, ok := t.Item(b*BatchBins + j)
		if ok {
			r.code.Encode(&c, ds[item], k)
			for w := range c {
				c[w] ^= d[w]
			}
			PutRow(u[j*RowBytes:], &c)
			out[j] = Hash(t0, r.hiMask)
		} else {
			PutRow(u[j*RowBytes:], d)
		}
	}
}

// Sender is the OT-extension sender (the PSI sender), holding the secret
// choice s and the chosen key of every base OT.
type Sender struct {
	g      []cipher.Block
	s      Row
	code   *Code
	h      *Hasher
	hiMask uint32
}

// NewSender returns the sender for choice bits s and chosen keys k.
func NewSender(s *Row, k [][16]byte, code *Code, h *Hasher, hiMask uint32) *Sender {
	return &Sender{g: prgBlocks(k), s: *s, code: code, h: h, hiMask: hiMask}
}

// Batch evaluates the OPRF for batch b of m bins from the receiver's rows u
// (RowBytes each): for every entry e = item<<2|k of the batch (from
// SimpleHash) out[e's position] = F_bin(item ‖ k).
func (sd *Sender) Batch(s *Scratch, m, b int, u []byte, ds []Digest, entries []uint32, out []Output) {
	n := batchBins(m, b)
	cb := n / 8
	c0 := s.c0[:64*Words*cb]
	clear(c0)
	for i := range CodeBits {
		prg(c0[i*cb:(i+1)*cb], sd.g[i], b)
	}
	colsToRows(s.r0, c0, cb)
	var ur, c Row
	for j := range n {
		q := row(s.r0, j)
		GetRow(&ur, u[j*RowBytes:])
		for w := range q {
			q[w] ^= ur[w] & sd.s[w]
		}
	}
	for x, e := range entries {
		item, k := int(e>>2), int(e&3)
		j := int(sd.h.Bin(ds[item], k)) - b*BatchBins
		sd.code.Encode(&c, ds[item], k)
		q := row(s.r0, j)
		for w := range c {
			c[w] = c[w]&sd.s[w] ^ q[w]
		}
		out[x] = Hash(&c, sd.hiMask)
	}
}
