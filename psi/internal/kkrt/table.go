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

// NewMatcher sorts the receiver's outputs outs[item] for the items of the
// table t; high parts have hiBits bits.
func NewMatcher(outs []Output, t *Table, hiBits int) *Matcher {
	var items []int32
	for _, s := range t.Bins {
		if s.V != emptyBin {
			items = append(items, int32(s.V>>2))
		}
	}
	own := make([]ownOutput, len(items))
	if 1<<hiBits > 4*len(items) {
		for x, i := range items {
			o := outs[i]
			own[x] = ownOutput{lo: o.Lo, hi: o.Hi, item: i}
		}
		slices.SortFunc(own, func(a, b ownOutput) int { return a.cmp(b.hi, b.lo) })
		return &Matcher{own: own}
	}
	// Counting sort by the high part, then the few outputs of each bucket
	// by the low word.
	next := make([]int32, 1<<hiBits+1)
	for _, i := range items {
		next[outs[i].Hi+1]++
	}
	for b := 1; b < len(next); b++ {
		next[b] += next[b-1]
	}
	for _, i := range items {
		o := outs[i]
		own[next[o.Hi]] = ownOutput{lo: o.Lo, hi: o.Hi, item: i}
		next[o.Hi]++
	}
	for i := 1; i < len(own); i++ {
		for j := i; j > 0 && own[j].cmp(own[j-1].hi, own[j-1].lo) < 0; j-- {
			own[j], own[j-1] = own[j-1], own[j]
		}
	}
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
