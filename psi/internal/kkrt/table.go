package kkrt

// OutputTable is the receiver's set of its own OPRF outputs, an
// open-addressing hash table keyed by the (uniformly random) low word.
type OutputTable struct {
	lo    []uint64
	hi    []uint32
	item  []int32 // item+1; 0 marks an empty slot
	shift uint
}

// NewOutputTable returns a table for n outputs (load ≤ 1/2).
func NewOutputTable(n int) *OutputTable {
	lg := 1
	for 1<<lg < 2*n {
		lg++
	}
	return &OutputTable{lo: make([]uint64, 1<<lg), hi: make([]uint32, 1<<lg),
		item: make([]int32, 1<<lg), shift: uint(64 - lg)}
}

// Insert records that item has output o.
func (t *OutputTable) Insert(o Output, item int) {
	mask := len(t.lo) - 1
	for s := int(o.Lo >> t.shift); ; s = (s + 1) & mask {
		if t.item[s] == 0 {
			t.lo[s], t.hi[s], t.item[s] = o.Lo, o.Hi, int32(item+1)
			return
		}
	}
}

// Lookup returns the item whose output is (hi, lo).
func (t *OutputTable) Lookup(hi uint32, lo uint64) (int, bool) {
	mask := len(t.lo) - 1
	for s := int(lo >> t.shift); ; s = (s + 1) & mask {
		switch {
		case t.item[s] == 0:
			return 0, false
		case t.lo[s] == lo && t.hi[s] == hi:
			return int(t.item[s] - 1), true
		}
	}
}
