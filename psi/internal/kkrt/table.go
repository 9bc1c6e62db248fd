package kkrt

import (
	"cmp"
	"slices"
)

// Matcher finds the receiver's items among the sender's outputs. The
// receiver's own outputs are sorted once; the sender's arrive sorted too
// (SortOutputs), so matching is a merge of two ascending sequences with no
// random memory access.
type Matcher struct {
	own  []ownOutput
	next int
}

type ownOutput struct {
	lo   uint64
	hi   uint32
	item int32
}

func (a ownOutput) cmp(hi uint32, lo uint64) int {
	if c := cmp.Compare(a.hi, hi); c != 0 {
		return c
	}
	return cmp.Compare(a.lo, lo)
}

// NewMatcher sorts outs, the receiver's output for each of its items.
func NewMatcher(outs []Output) *Matcher {
	own := make([]ownOutput, len(outs))
	for i, o := range outs {
		own[i] = ownOutput{lo: o.Lo, hi: o.Hi, item: int32(i)}
	}
	slices.SortFunc(own, func(a, b ownOutput) int { return a.cmp(b.hi, b.lo) })
	return &Matcher{own: own}
}

// Next consumes the next sender output (hi, lo), which must not be smaller
// than the previous one, and returns the receiver's item with that output.
func (m *Matcher) Next(hi uint32, lo uint64) (int, bool) {
	for m.next < len(m.own) && m.own[m.next].cmp(hi, lo) < 0 {
		m.next++
	}
	if m.next < len(m.own) && m.own[m.next].cmp(hi, lo) == 0 {
		return int(m.own[m.next].item), true
	}
	return 0, false
}
