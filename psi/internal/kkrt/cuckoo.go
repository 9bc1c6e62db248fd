package kkrt

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"math/bits"
)

// Cuckoo hashing of the receiver's set (KKRT16 §5; Pinkas, Schneider,
// Zohner, ToPS 2018 for the parameters): NumHashes = 3 functions into
// Bins(n) ≈ 1.27·n bins, no stash. The receiver draws the public seed of
// the hash functions itself, before the session starts, so that hashing
// overlaps the handshake; the seed travels to the sender. An insertion that
// runs longer than maxKicks evictions makes the table fail and the receiver
// draws a new seed (MaxAttempts in all). Published estimates (PSZ18) put
// the failure probability of one seed at these parameters below 2⁻⁴⁰ for
// large n, but they are not claimed for this code's deterministic eviction
// order (see fill), so the bound relied on here is empirical: a local
// experiment saw no failure in 125 000, 20 000, 2 000 and 200 placements
// of 16, 100, 1 000 and 10 000 items. When a retry happens, the seed the
// sender sees is one that did not fail for the receiver's set, which is
// all it reveals.

// NumHashes is the number of cuckoo hash functions.
const NumHashes = 3

// MaxAttempts bounds the cuckoo seeds a receiver may try.
const MaxAttempts = 16

// SeedSize is the size of a cuckoo seed.
const SeedSize = 16

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

// Hasher maps digests to bins.
//
// A table of at least splitBins bins is split into two halves and a digest
// lives in the half its first bit selects, all three of its bins there; the
// two halves are independent cuckoo tables, filled in parallel. Each half
// receives n/2 ± O(√n) items, a load difference below 0.5% at that size.
type Hasher struct {
	seed [NumHashes + 1][2]uint64 // the last one picks the half
	half uint64                   // bins per part
	two  bool                     // split into two parts
}

// splitBins is the smallest table that is split into two halves.
const splitBins = 1 << 16

// NewHasher derives the hash functions from the seed, for m bins (a
// multiple of 64).
func NewHasher(seed *[SeedSize]byte, m int) *Hasher {
	h := &Hasher{half: uint64(m), two: m >= splitBins}
	if h.two {
		h.half = uint64(m / 2)
	}
	for k := range NumHashes + 1 {
		d := sha256.New()
		d.Write([]byte(cuckooLabel))
		d.Write(seed[:])
		d.Write([]byte{byte(k)})
		s := d.Sum(nil)
		h.seed[k] = [2]uint64{binary.LittleEndian.Uint64(s), binary.LittleEndian.Uint64(s[8:])}
	}
	return h
}

// Bin returns the bin of d under hash function k. Digests are SHA-256
// outputs, so a multiply–fold of the seeded words spreads them uniformly.
func (h *Hasher) Bin(d Digest, k int) uint32 {
	hi, lo := bits.Mul64(d.D0^h.seed[k][0], d.D1^h.seed[k][1])
	b, _ := bits.Mul64(hi^lo, h.half)
	return uint32(b + uint64(h.part(d))*h.half)
}

// part returns the half of the table d lives in: 0 or 1 when the table is
// split, by a seeded hash bit (so a new seed also redraws the halves), else
// 0.
func (h *Hasher) part(d Digest) int {
	if !h.two {
		return 0
	}
	hi, lo := bits.Mul64(d.D0^h.seed[NumHashes][0], d.D1^h.seed[NumHashes][1])
	return int((hi ^ lo) >> 63)
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

// Placement is the receiver's cuckoo table with what the session needs to
// know about it.
type Placement struct {
	Table *Table
	Seed  [SeedSize]byte
	// First[i] is the position in the input of the first digest equal to
	// the input's i-th; items in the table are named by these positions.
	First []int32
	// Distinct is the number of distinct digests; the table has
	// Bins(Distinct) bins.
	Distinct int
}

// Place puts the receiver's digests into a cuckoo table under a fresh
// random seed, removing duplicates on the way: an item always sits in one
// of its three bins, so comparing the three bins a new digest is tried in
// finds an earlier copy at no extra cost.
func Place(ds []Digest) (*Placement, error) {
	if len(ds) >= 1<<30 {
		return nil, ErrCuckoo
	}
	p := &Placement{First: make([]int32, len(ds))}
	m := Bins(len(ds))
	for range MaxAttempts {
		if _, err := rand.Read(p.Seed[:]); err != nil {
			return nil, err
		}
		t := &Table{Bins: make([]Slot, m)}
		n, ok := t.fill(NewHasher(&p.Seed, m), ds, nil, p.First)
		if !ok {
			continue
		}
		p.Table, p.Distinct = t, n
		if Bins(n) == m {
			return p, nil
		}
		// Duplicates made the set smaller than its input: place the
		// distinct digests into the bins their number calls for.
		dd, ids := make([]Digest, 0, n), make([]int32, 0, n)
		for _, s := range t.Bins {
			if s.V != emptyBin {
				dd, ids = append(dd, s.D), append(ids, int32(s.V>>2))
			}
		}
		t = &Table{Bins: make([]Slot, Bins(n))}
		if _, ok := t.fill(NewHasher(&p.Seed, Bins(n)), dd, ids, nil); ok {
			p.Table = t
			return p, nil
		}
	}
	return nil, ErrCuckoo
}

// fill inserts every digest ds[x], named ids[x] (or x if ids is nil): into
// the first empty one of its three bins if there is one (the three loads
// are independent, so their cache misses overlap), otherwise by evicting
// the occupant of the bin of its first-tried hash function; the evicted
// digest then moves on the same way, trying its next hash function first.
// The eviction order is deterministic, not a random walk, and its failure
// rate is known only from experiment (see the top of this file). With first
// non-nil it also removes duplicates, recording for every x the name of
// the first equal digest; it returns the number of distinct digests.
func (t *Table) fill(h *Hasher, ds []Digest, ids []int32, first []int32) (int, bool) {
	for b := range t.Bins {
		t.Bins[b] = Slot{V: emptyBin}
	}
	if !h.two {
		return t.fillPart(h, ds, ids, first, 0)
	}
	// The halves share no bin, so two goroutines fill them independently;
	// each writes only its own bins and its own digests' entries of first.
	var n1 int
	var ok1 bool
	done := make(chan struct{})
	go func() {
		defer close(done)
		n1, ok1 = t.fillPart(h, ds, ids, first, 1)
	}()
	n0, ok0 := t.fillPart(h, ds, ids, first, 0)
	<-done
	return n0 + n1, ok0 && ok1
}

// fillPart is fill for the digests of one part.
func (t *Table) fillPart(h *Hasher, ds []Digest, ids []int32, first []int32, part int) (int, bool) {
	n := 0
	for x, d := range ds {
		if h.part(d) != part {
			continue
		}
		id := uint32(x)
		if ids != nil {
			id = uint32(ids[x])
		}
		var bs [NumHashes]uint32
		for k := range NumHashes {
			bs[k] = h.Bin(d, k)
		}
		if first != nil {
			first[x] = int32(id)
			dup := false
			for _, b := range bs {
				if s := t.Bins[b]; s.V != emptyBin && s.D == d {
					first[x], dup = int32(s.V>>2), true
					break
				}
			}
			if dup {
				continue
			}
		}
		n++
		cur := Slot{D: d, V: id << 2}
		for kick := 0; ; kick++ {
			if kick == maxKicks {
				return n, false
			}
			k0 := int(cur.V & 3)
			if kick > 0 {
				for y := range NumHashes {
					bs[y] = h.Bin(cur.D, (k0+y)%NumHashes)
				}
			}
			placed := false
			for y, b := range bs {
				if t.Bins[b].V == emptyBin {
					t.Bins[b] = Slot{D: cur.D, V: cur.V&^3 | uint32((k0+y)%NumHashes)}
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
	return n, true
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
