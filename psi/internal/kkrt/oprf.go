package kkrt

import (
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

func prgBlocks(keys [][16]byte) []*ecb {
	bs := make([]*ecb, len(keys))
	for i := range keys {
		bs[i] = newECB(keys[i])
	}
	return bs
}

// prg XORs dst with column bytes [b·BatchBins/8, +len(dst)) of the
// AES-128-CTR stream of e (IV 0, big-endian counter). With AES-NI it
// encrypts the counter blocks itself, eight at a time and without
// allocating; otherwise it uses crypto/cipher's CTR. TestPRGMatchesCTR
// compares the two.
func prg(dst []byte, e *ecb, b int, ks *[BatchBins / 8]byte) {
	first := uint64(b) * BatchBins / 128
	if !useAESNI {
		var iv [16]byte
		binary.BigEndian.PutUint64(iv[8:], first)
		cipher.NewCTR(e.b, iv[:]).XORKeyStream(dst, dst)
		return
	}
	n := (len(dst) + 63) &^ 63
	for i := 0; i < n; i += 16 {
		binary.BigEndian.PutUint64(ks[i:], 0)
		binary.BigEndian.PutUint64(ks[i+8:], first+uint64(i/16))
	}
	encryptBlocksAESNI(&e.rk, &ks[0], &ks[0], n/16)
	subtle.XORBytes(dst, dst, ks[:len(dst)])
}

// Scratch is per-goroutine working memory for one batch. Only the receiver
// uses c1 and r1; its first Batch allocates them, so a sender's Scratch
// holds one set of columns and rows.
type Scratch struct {
	c0, c1 []byte   // columns, 64·Words of BatchBins/8 bytes
	r0, r1 []uint64 // rows, BatchBins of Words words
	in     [codeChunk * 64]byte
	out    [codeChunk * 64]byte
	ks     [BatchBins / 8]byte
	bins   [codeChunk]int32
}

// NewScratch allocates a Scratch.
func NewScratch() *Scratch {
	return &Scratch{c0: make([]byte, 64*Words*BatchBins/8), r0: make([]uint64, BatchBins*Words)}
}

func row(rows []uint64, j int) *Row { return (*Row)(rows[j*Words : (j+1)*Words]) }

// Receiver is the OT-extension receiver (the PSI receiver), holding both
// keys of every base OT.
type Receiver struct {
	g0, g1 []*ecb
	code   *Code
	hiMask uint32
}

// NewReceiver returns the receiver for base-OT keys k0, k1 (CodeBits each).
func NewReceiver(k0, k1 [][16]byte, code *Code, hiMask uint32) *Receiver {
	return &Receiver{g0: prgBlocks(k0), g1: prgBlocks(k1), code: code, hiMask: hiMask}
}

// Batch computes batch b of m bins: it writes the rows u_j to u
// (RowBytes each) and the OPRF output of the item in every occupied bin of
// the table t to out[item] (items are named as in Placement.First), and
// returns the number of occupied bins. Batches touch disjoint parts of out,
// so they may run concurrently.
func (r *Receiver) Batch(s *Scratch, m, b int, t *Table, u []byte, out []Output) (occupied int) {
	n := batchBins(m, b)
	cb := n / 8
	if s.c1 == nil {
		s.c1, s.r1 = make([]byte, len(s.c0)), make([]uint64, len(s.r0))
	}
	c0, c1 := s.c0[:64*Words*cb], s.c1[:64*Words*cb]
	clear(c0)
	clear(c1)
	for i := range CodeBits {
		t0, d := c0[i*cb:(i+1)*cb], c1[i*cb:(i+1)*cb]
		prg(t0, r.g0[i], b, &s.ks)
		prg(d, r.g1[i], b, &s.ks)
		subtle.XORBytes(d, d, t0)
	}
	colsToRows(s.r0, c0, cb)
	colsToRows(s.r1, c1, cb)
	var c Row
	for j0 := 0; j0 < n; {
		cnt := 0
		for ; j0 < n && cnt < codeChunk; j0++ {
			if _, k, ok := t.Item(b*BatchBins + j0); ok {
				putInput(s.in[64*cnt:], t.Bins[b*BatchBins+j0].D, k)
				s.bins[cnt] = int32(j0)
				cnt++
			} else {
				// Empty bins send t0 ⊕ t1 (codeword 0): the sender cannot
				// tell, since the column of t{1−s_i} it lacks masks every row.
				PutRow(u[j0*RowBytes:], row(s.r1, j0))
			}
		}
		r.code.e.encrypt(s.out[:64*cnt], s.in[:64*cnt])
		for x := range cnt {
			j := int(s.bins[x])
			item, _, _ := t.Item(b*BatchBins + j)
			getCodeword(&c, s.out[64*x:])
			d := row(s.r1, j)
			for w := range c {
				c[w] ^= d[w]
			}
			PutRow(u[j*RowBytes:], &c)
			out[item] = Hash(row(s.r0, j), r.hiMask)
		}
		occupied += cnt
	}
	return occupied
}

// Sender is the OT-extension sender (the PSI sender), holding the secret
// choice s and the chosen key of every base OT.
type Sender struct {
	g      []*ecb
	s      Row
	code   *Code
	hiMask uint32
}

// NewSender returns the sender for choice bits s and chosen keys k.
func NewSender(s *Row, k [][16]byte, code *Code, hiMask uint32) *Sender {
	return &Sender{g: prgBlocks(k), s: *s, code: code, hiMask: hiMask}
}

// Batch evaluates the OPRF for batch b of m bins from the receiver's rows u
// (RowBytes each): for every entry e = entries[i] of the batch (from
// SimpleHash), out[i] = F_{e.Bin}(e.D ‖ e.K).
func (sd *Sender) Batch(s *Scratch, m, b int, u []byte, entries []Entry, out []Output) {
	n := batchBins(m, b)
	cb := n / 8
	c0 := s.c0[:64*Words*cb]
	clear(c0)
	for i := range CodeBits {
		prg(c0[i*cb:(i+1)*cb], sd.g[i], b, &s.ks)
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
	for x0 := 0; x0 < len(entries); x0 += codeChunk {
		chunk := entries[x0:min(x0+codeChunk, len(entries))]
		for x := range chunk {
			putInput(s.in[64*x:], chunk[x].D, int(chunk[x].K))
		}
		sd.code.e.encrypt(s.out[:64*len(chunk)], s.in[:64*len(chunk)])
		for x := range chunk {
			getCodeword(&c, s.out[64*x:])
			q := row(s.r0, int(chunk[x].Bin)-b*BatchBins)
			for w := range c {
				c[w] = c[w]&sd.s[w] ^ q[w]
			}
			out[x0+x] = Hash(&c, sd.hiMask)
		}
	}
}
