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

// Table is a cuckoo table of m bins.
type Table struct {
	Bins []Slot
}

// Slot is one bin: V is item<<2 | k for the item placed there by hash
// function k, or empty; D is that item's digest, kept in the bin so that
// insertion touches one cache line per step and the OT-extension batches
// read bins in sequence.
type Slot struct {
	D Digest
	V uint32
}

// Item reports the item and hash index in bin b.
func (t *Table) Item(b int) (item, k int, ok bool) {
	v := t.Bins[b].V
	if v == emptyBin {
		return 0, 0, false
	}
	return int(v >> 2), int(v & 3), true
}

// Place puts distinct digests into a table of m bins, trying seeds in turn.
// It returns the table and the attempt that succeeded.
func Place(th *[32]byte, ds []Digest, m int) (*Table, int, error) {
	if len(ds) >= 1<<30 {
		return nil, 0, ErrCuckoo
	}
	t := &Table{Bins: make([]Slot, m)}
	for attempt := range MaxAttempts {
		if t.fill(NewHasher(th, attempt, m), ds) {
			return t, attempt, nil
		}
	}
	return nil, 0, ErrCuckoo
}

// fill inserts every digest: into the first empty one of its three bins
// if there is one (the three loads are independent, so their cache misses
// overlap), otherwise by evicting the occupant of a bin, which then moves
// on the same way (random-walk cuckoo insertion with its next hash
// function tried first).
func (t *Table) fill(h *Hasher, ds []Digest) bool {
	for b := range t.Bins {
		t.Bins[b] = Slot{V: emptyBin}
	}
	for i, d := range ds {
		cur := Slot{D: d, V: uint32(i) << 2}
		for kick := 0; ; kick++ {
			if kick == maxKicks {
				return false
			}
			k0 := int(cur.V & 3)
			var bs [NumHashes]uint32
			placed := false
			for x := range NumHashes {
				k := (k0 + x) % NumHashes
				bs[x] = h.Bin(cur.D, k)
				if t.Bins[bs[x]].V == emptyBin {
					t.Bins[bs[x]] = Slot{D: cur.D, V: cur.V&^3 | uint32(k)}
					placed = true
					break
				}
			}
			if placed {
				break
			}
			old := t.Bins[bs[0]]
			t.Bins[bs[0]] = cur
			k := old.V&3 + 1
			if k == NumHashes {
				k = 0
			}
			cur = Slot{D: old.D, V: old.V&^3 | k}
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
