package kkrt

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"math/bits"
)

// Cuckoo hashing of the receiver's set (KKRT16 §5; Pinkas, Schneider,
// Zohner, ToPS 2018 for the parameters): NumHashes = 3 functions into
// Bins(n) ≈ 1.27·n bins, no stash. An insertion that runs longer than
// maxKicks evictions makes the whole table fail; the receiver then tries the
// next seed (MaxAttempts in all). PSZ18 measured the failure probability of
// one attempt at these parameters to be below 2⁻⁴⁰ for large n, so a retry
// is practically never needed; when it is, the attempt number the receiver
// sends reveals only that the earlier seeds failed for its set.

// NumHashes is the number of cuckoo hash functions.
const NumHashes = 3

// MaxAttempts bounds the cuckoo seeds a receiver may try.
const MaxAttempts = 16

const (
	maxKicks    = 1000
	emptyBin    = ^uint32(0)
	cuckooLabel = "credq/psi/ot cuckoo v1"
)

// ErrCuckoo means no seed among MaxAttempts placed the set.
var ErrCuckoo = errors.New("kkrt: cuckoo hashing failed")

// Bins returns the number of bins for a receiver set of n distinct items:
// ⌈1.27·n⌉ rounded up to a multiple of 64, at least 64.
func Bins(n int) int {
	m := (127*n + 99) / 100
	m = (m + 63) &^ 63
	return max(m, 64)
}

// Hasher maps digests to bins for one session and attempt.
type Hasher struct {
	seed [NumHashes][2]uint64
	m    uint64
}

// NewHasher derives the hash functions of an attempt from the transcript
// hash th, for m bins.
func NewHasher(th *[32]byte, attempt, m int) *Hasher {
	h := &Hasher{m: uint64(m)}
	for k := range NumHashes {
		d := sha256.New()
		d.Write([]byte(cuckooLabel))
		d.Write(th[:])
		d.Write([]byte{byte(attempt), byte(k)})
		s := d.Sum(nil)
		h.seed[k] = [2]uint64{binary.LittleEndian.Uint64(s), binary.LittleEndian.Uint64(s[8:])}
	}
	return h
}

// Bin returns the bin of d under hash function k. Digests are SHA-256
// outputs, so a multiply–fold of the seeded words spreads them uniformly.
func (h *Hasher) Bin(d Digest, k int) uint32 {
	hi, lo := bits.Mul64(d.D0^h.seed[k][0], d.D1^h.seed[k][1])
	b, _ := bits.Mul64(hi^lo, h.m)
	return uint32(b)
}

// Table is a cuckoo table: Slot[b] is item<<2 | k for the item placed in bin
// b by hash function k, or empty; D[b] is that item's digest, kept beside
// the slot so that the OT-extension batches read bins in sequence.
type Table struct {
	Slot []uint32
	D    []Digest
}

// Item reports the item and hash index in bin b.
func (t *Table) Item(b int) (item, k int, ok bool) {
	s := t.Slot[b]
	if s == emptyBin {
		return 0, 0, false
	}
	return int(s >> 2), int(s & 3), true
}

// Place puts distinct digests into a table of m bins, trying seeds in turn.
// It returns the table and the attempt that succeeded.
func Place(th *[32]byte, ds []Digest, m int) (*Table, int, error) {
	if len(ds) >= 1<<30 {
		return nil, 0, ErrCuckoo
	}
	t := &Table{Slot: make([]uint32, m), D: make([]Digest, m)}
	pos := make([][NumHashes]uint32, len(ds))
	for attempt := range MaxAttempts {
		h := NewHasher(th, attempt, m)
		for i, d := range ds {
			for k := range NumHashes {
				pos[i][k] = h.Bin(d, k)
			}
		}
		if t.fill(pos, ds) {
			return t, attempt, nil
		}
	}
	return nil, 0, ErrCuckoo
}

// fill runs random-walk insertion; an evicted item moves to its next hash
// function in turn.
func (t *Table) fill(pos [][NumHashes]uint32, ds []Digest) bool {
	for b := range t.Slot {
		t.Slot[b] = emptyBin
	}
	for i := range pos {
		cur, curD := uint32(i)<<2, ds[i]
		for kick := 0; ; kick++ {
			if kick == maxKicks {
				return false
			}
			b := pos[cur>>2][cur&3]
			old, oldD := t.Slot[b], t.D[b]
			t.Slot[b], t.D[b] = cur, curD
			if old == emptyBin {
				break
			}
			curD = oldD
			k := old&3 + 1
			if k == NumHashes {
				k = 0
			}
			cur = old&^3 | k
		}
	}
	return true
}

// Entry is one (item, hash function) pair of the sender: the item's digest,
// the hash index K and its bin.
type Entry struct {
	D   Digest
	Bin uint32
	K   uint32
}

// SimpleHash lists the sender's (item, k) pairs by OT-extension batch of
// their bin (simple hashing, KKRT16 §5): entries[start[b]:start[b+1]] are
// the pairs whose bin falls in batch b, so a batch reads them in sequence.
func SimpleHash(h *Hasher, ds []Digest, batches int) (start []int, entries []Entry) {
	start = make([]int, batches+1)
	bins := make([]uint32, NumHashes*len(ds))
	for i, d := range ds {
		for k := range NumHashes {
			b := h.Bin(d, k)
			bins[NumHashes*i+k] = b
			start[b/BatchBins+1]++
		}
	}
	for b := 1; b <= batches; b++ {
		start[b] += start[b-1]
	}
	next := append([]int(nil), start[:batches]...)
	entries = make([]Entry, NumHashes*len(ds))
	for i, d := range ds {
		for k := range NumHashes {
			bin := bins[NumHashes*i+k]
			at := &next[bin/BatchBins]
			entries[*at] = Entry{D: d, Bin: bin, K: uint32(k)}
			*at++
		}
	}
	return start, entries
}
