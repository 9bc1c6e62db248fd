package kkrt

import (
	"encoding/binary"
)

const (
	// CodeBits is the length k of the pseudorandom code and the number of
	// base OTs. For a random code of 440 bits two codewords are closer than
	// 128 bits with probability 2⁻⁶²·⁴, so over the ≤ 2²² (item, bin) pairs
	// of a 10⁶-item session the minimum distance is ≥ 128 except with
	// probability ≤ 2⁻⁴⁰ (KKRT16 §4 requires distance ≥ κ = 128). 440 bits
	// keep a row at 55 bytes: one SHA-256 block for the output hash.
	CodeBits = 440
	// Words is the number of 64-bit words of an in-memory row (the top 8
	// bits of the last word are zero).
	Words = 7
	// RowBytes is the wire size of one row of the OT-extension matrix.
	RowBytes = CodeBits / 8
	// BatchBins is the number of bins per OT-extension batch (a multiple of
	// 64; one frame of RowBytes·BatchBins bytes).
	BatchBins    = 8192
	lastWordMask = 1<<(CodeBits-64*(Words-1)) - 1
)

// Digest is the 120-bit fingerprint of an item: the first 15 bytes of its
// SHA-256 hash, as two little-endian words (D1 holds 56 bits). Cuckoo bins
// and codewords are functions of the digest only; distinct items share a
// digest with probability ≤ n²·2⁻¹²¹.
type Digest struct{ D0, D1 uint64 }

// DigestOf returns the digest of item.
func DigestOf(item []byte) Digest {
	w0, w1 := sha256Short(item)
	return Digest{w0, w1 & (1<<56 - 1)}
}

// Row is one row of the OT-extension matrix: CodeBits bits in Words words.
type Row [Words]uint64

// Code computes pseudorandom codewords C(d ‖ k) with a fixed public AES key
// (KKRT16 §4: a PRF with public key suffices against semi-honest parties).
// The hash index k is part of the input so that an item's three cuckoo
// positions give unrelated OPRF inputs. C(d ‖ k) is AES_key(d ‖ k<<2 | j)
// for j = 0..3, truncated to CodeBits bits; the batch paths of Receiver and
// Sender compute codeChunk codewords at a time with putInput, one encrypt
// call and getCodeword.
type Code struct{ e *ecb }

// NewCode returns the code keyed by key (16 bytes, derived from the session
// transcript by the caller).
func NewCode(key [16]byte) *Code { return &Code{e: newECB(key)} }

// codeChunk is the number of codewords computed per call of the block
// cipher.
const codeChunk = 128

// putInput writes the four AES inputs of C(d ‖ k), d ‖ (k<<2 | j) for
// j = 0..3, to in[0:64].
func putInput(in []byte, d Digest, k int) {
	for j := range 4 {
		binary.LittleEndian.PutUint64(in[16*j:], d.D0)
		binary.LittleEndian.PutUint64(in[16*j+8:], d.D1|uint64(k<<2|j)<<56)
	}
}

// getCodeword reads the codeword from the cipher output out[0:64],
// truncated to CodeBits bits.
func getCodeword(r *Row, out []byte) {
	for w := range r {
		r[w] = binary.LittleEndian.Uint64(out[8*w:])
	}
	r[Words-1] &= lastWordMask
}

// Output is an OPRF output truncated to 64+HiBits bits: Lo is the low word,
// Hi the next HiBits bits.
type Output struct {
	Lo uint64
	Hi uint32
}

// Hash returns the OPRF output H(r) (KKRT16 Fig. 4, H modelled as a random
// oracle): SHA-256 of the 55-byte row, truncated by hiMask.
func Hash(r *Row, hiMask uint32) Output {
	var buf [Words * 8]byte
	for w, v := range r {
		binary.LittleEndian.PutUint64(buf[8*w:], v)
	}
	w0, w1 := sha256Short(buf[:RowBytes])
	return Output{w0, uint32(w1) & hiMask}
}

// PutRow writes the RowBytes wire form of r to dst.
func PutRow(dst []byte, r *Row) {
	_ = dst[RowBytes-1]
	for w := range Words - 1 {
		binary.LittleEndian.PutUint64(dst[8*w:], r[w])
	}
	last := r[Words-1]
	for i := range RowBytes - 8*(Words-1) {
		dst[8*(Words-1)+i] = byte(last >> (8 * i))
	}
}

// GetRow reads a RowBytes wire row.
func GetRow(r *Row, src []byte) {
	_ = src[RowBytes-1]
	for w := range Words - 1 {
		r[w] = binary.LittleEndian.Uint64(src[8*w:])
	}
	var last uint64
	for i := range RowBytes - 8*(Words-1) {
		last |= uint64(src[8*(Words-1)+i]) << (8 * i)
	}
	r[Words-1] = last
}
