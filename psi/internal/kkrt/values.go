package kkrt

import (
	"encoding/binary"
	"errors"
	"math/bits"
	"slices"
)

// The sender's 3·n2 OPRF outputs travel as one sorted set (KKRT16 §5 sends
// them in random order; ascending order reveals no more and compresses):
// an output of 64+HiBits bits is a bucket number (its HiBits high bits) and
// a 64-bit low word. Frames carry consecutive buckets: the bucket counts,
// then the low words of those buckets, ascending within each bucket. With
// about 2⁻⁴…2⁰ outputs per bucket the counts cost about one byte per 2–16
// outputs, so an output costs ≈ 8.1 bytes instead of ⌈ℓ/8⌉.
//
// Frame payload: uvarint R | R × uvarint count | Σcount × u64le low.

// MaxFrameValues bounds the outputs (and buckets) of one value frame.
const MaxFrameValues = 1 << 16

// StatBits is the statistical security of a false match: any false match
// happens with probability ≤ 2⁻⁴⁰.
const StatBits = 40

// ErrValues means a value frame is malformed: non-minimal varint, counts
// beyond what remains, a length that disagrees with the counts, or lows out
// of order.
var ErrValues = errors.New("kkrt: malformed value frame")

// HiBits returns the high bits kept beyond the low word for a receiver set
// of n1 and a sender set of n2 distinct items. The receiver compares each of
// its n1 outputs with 3·n2 sender outputs, so ℓ = 40 + log2(3·n1·n2) bits
// bound the chance of any false match by 2⁻⁴⁰; HiBits is also at least
// log2(3·n2)−4 so buckets hold ≤ 16 outputs on average.
func HiBits(n1, n2 int) int {
	l := StatBits + bits.Len64(3*uint64(n1)*uint64(n2))
	return min(max(l-64, bits.Len64(3*uint64(n2))-4, 0), 32)
}

// HiMask returns the mask of HiBits(n1, n2) bits.
func HiMask(hiBits int) uint32 { return uint32(1<<hiBits - 1) }

// SortOutputs orders outs by bucket and then low word: it returns the count
// of every one of the 2^hiBits buckets and the low words in that order.
func SortOutputs(outs []Output, hiBits int) (counts []uint32, lows []uint64) {
	counts = make([]uint32, 1<<hiBits)
	for _, o := range outs {
		counts[o.Hi]++
	}
	next := make([]uint32, len(counts))
	var sum uint32
	for b, c := range counts {
		next[b] = sum
		sum += c
	}
	lows = make([]uint64, len(outs))
	for _, o := range outs {
		lows[next[o.Hi]] = o.Lo
		next[o.Hi]++
	}
	var at uint32
	for _, c := range counts {
		if c > 1 {
			slices.Sort(lows[at : at+c])
		}
		at += c
	}
	return counts, lows
}

// FrameSpan returns how many buckets from counts[0] the next frame carries
// and their number of values; ok is false if a single bucket exceeds
// MaxFrameValues.
func FrameSpan(counts []uint32) (buckets, values int, ok bool) {
	for buckets < len(counts) && buckets < MaxFrameValues {
		c := int(counts[buckets])
		if values+c > MaxFrameValues {
			break
		}
		values += c
		buckets++
	}
	return buckets, values, buckets > 0 || len(counts) == 0
}

// AppendValues appends the value frame for counts and their lows.
func AppendValues(dst []byte, counts []uint32, lows []uint64) []byte {
	size := uvarintLen(uint64(len(counts))) + 8*len(lows)
	for _, c := range counts {
		size += uvarintLen(uint64(c))
	}
	dst = slices.Grow(dst, size)
	dst = binary.AppendUvarint(dst, uint64(len(counts)))
	for _, c := range counts {
		dst = binary.AppendUvarint(dst, uint64(c))
	}
	for _, l := range lows {
		dst = binary.LittleEndian.AppendUint64(dst, l)
	}
	return dst
}

// uvarintLen is the size of the minimal uvarint encoding of v.
func uvarintLen(v uint64) int { return (bits.Len64(v|1) + 6) / 7 }

// uvarint reads a minimally encoded uvarint of at most limit.
func uvarint(p []byte, limit uint64) (uint64, []byte, error) {
	v, n := binary.Uvarint(p)
	if n <= 0 || v > limit || n != uvarintLen(v) {
		return 0, nil, ErrValues
	}
	return v, p[n:], nil
}

// ParseValues decodes a value frame into counts (appended to counts[:0])
// and the raw low words. maxBuckets and maxValues are what remains of the
// session's buckets and values.
func ParseValues(p []byte, counts []uint32, maxBuckets, maxValues int) ([]uint32, []byte, error) {
	r, p, err := uvarint(p, uint64(min(maxBuckets, MaxFrameValues)))
	if err != nil || r == 0 {
		return nil, nil, ErrValues
	}
	counts = counts[:0]
	var sum uint64
	limit := uint64(min(maxValues, MaxFrameValues))
	for range r {
		var c uint64
		if c, p, err = uvarint(p, limit-sum); err != nil {
			return nil, nil, err
		}
		sum += c
		counts = append(counts, uint32(c))
	}
	if uint64(len(p)) != 8*sum {
		return nil, nil, ErrValues
	}
	at := 0
	for _, c := range counts {
		for i := 1; i < int(c); i++ {
			if binary.LittleEndian.Uint64(p[8*(at+i):]) < binary.LittleEndian.Uint64(p[8*(at+i-1):]) {
				return nil, nil, ErrValues
			}
		}
		at += int(c)
	}
	return counts, p, nil
}
