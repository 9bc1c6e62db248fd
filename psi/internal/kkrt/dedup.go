package kkrt

import (
	"runtime"
	"sync"
)

// Digests hashes items with up to workers goroutines.
func Digests(items [][]byte, workers int) []Digest {
	ds := make([]Digest, len(items))
	workers = max(1, min(workers, runtime.GOMAXPROCS(0), len(items)/4096))
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*len(items)/workers, (w+1)*len(items)/workers
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				ds[i] = DigestOf(items[i])
			}
		})
	}
	wg.Wait()
	return ds
}

// Dedup returns the distinct digests of ds in first-seen order.
func Dedup(ds []Digest) []Digest { return dedup(ds, nil) }

// dedup is Dedup that also sets of[i], when of is not nil, to the index of
// ds[i]'s digest among the distinct ones (the tests check the mapping).
func dedup(ds []Digest, of []int32) (distinct []Digest) {
	lg := 1
	for 1<<lg < 2*len(ds) {
		lg++
	}
	// A slot keeps 32 bits of the digest beside the index, so a probe
	// usually touches one 8-byte slot and nothing else.
	type slotT struct {
		tag uint32
		idx int32 // distinct index + 1; 0 is empty
	}
	slot := make([]slotT, 1<<lg)
	mask := len(slot) - 1
	distinct = make([]Digest, 0, len(ds))
	for i, d := range ds {
		s := int(d.D0 >> (64 - lg))
		tag := uint32(d.D0)
		for {
			j := slot[s].idx
			if j == 0 {
				distinct = append(distinct, d)
				slot[s] = slotT{tag, int32(len(distinct))}
				if of != nil {
					of[i] = int32(len(distinct) - 1)
				}
				break
			}
			if slot[s].tag == tag && distinct[j-1] == d {
				if of != nil {
					of[i] = j - 1
				}
				break
			}
			s = (s + 1) & mask
		}
	}
	return distinct
}
