package kkrt

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"slices"
	"testing"
)

// session runs the whole mechanism in memory, as package psi drives it over
// a connection, and returns the receiver's matched item indices.
func session(tb testing.TB, xs, ys [][]byte) []int {
	tb.Helper()
	var th [32]byte
	rand.Read(th[:])
	dx := make([]Digest, len(xs))
	for i, x := range xs {
		dx[i] = DigestOf(x)
	}
	dy := make([]Digest, len(ys))
	for i, y := range ys {
		dy[i] = DigestOf(y)
	}
	pl, err := Place(dx)
	if err != nil {
		tb.Fatal(err)
	}
	tab := pl.Table
	m := len(tab.Bins)
	// The sender's set without duplicates, as package psi passes it.
	dy = Dedup(dy)
	// Base OTs.
	bs, aEnc, err := NewBaseSender()
	if err != nil {
		tb.Fatal(err)
	}
	var s Row
	for w := range s {
		var b [8]byte
		rand.Read(b[:])
		s[w] = binary.LittleEndian.Uint64(b[:])
	}
	s[Words-1] &= lastWordMask
	msg, kc, err := BaseReceive(&th, aEnc, s[:], CodeBits, 2)
	if err != nil {
		tb.Fatal(err)
	}
	k0, k1, err := bs.Keys(&th, msg, CodeBits, 2)
	if err != nil {
		tb.Fatal(err)
	}
	var ck [16]byte
	code := NewCode(ck)
	hb := HiBits(pl.Distinct, len(dy))
	rcv := NewReceiver(k0, k1, code, HiMask(hb))
	h := NewHasher(&pl.Seed, m)
	snd := NewSender(&s, kc, code, HiMask(hb))
	nb := NumBatches(m)
	start, entries := SimpleHash(h, dy, nb)
	souts := make([]Output, len(entries))
	routs := make([]Output, len(xs))
	rsc, ssc := NewScratch(), NewScratch()
	u := make([]byte, BatchBins*RowBytes)
	occupied := 0
	for b := range nb {
		occupied += rcv.Batch(rsc, m, b, tab, u, routs)
		snd.Batch(ssc, m, b, u, entries[start[b]:start[b+1]], souts[start[b]:start[b+1]])
	}
	// The sender's working memory is one set of columns and rows.
	if ssc.c1 != nil || ssc.r1 != nil {
		tb.Fatal("Sender.Batch's Scratch holds the receiver-only c1 and r1")
	}
	// Each distinct item sits in exactly one bin.
	if occupied != pl.Distinct {
		tb.Fatalf("Receiver.Batch reported %d occupied bins in all, want %d (distinct items)", occupied, pl.Distinct)
	}
	matcher := NewMatcher(routs, tab, hb)
	counts, lows := SortOutputs(souts, hb)
	var frame []byte
	var got []int
	var pc []uint32
	bucket, left := 0, len(souts)
	for len(counts) > 0 {
		nbk, nv, ok := FrameSpan(counts)
		if !ok {
			tb.Fatal("bucket too large")
		}
		frame = AppendValues(frame[:0], counts[:nbk], lows[:nv])
		var raw []byte
		pc, raw, err = ParseValues(frame, pc, len(counts), left)
		if err != nil {
			tb.Fatal(err)
		}
		for _, c := range pc {
			for range c {
				if item, ok := matcher.Next(uint32(bucket), binary.LittleEndian.Uint64(raw)); ok {
					got = append(got, item)
				}
				raw = raw[8:]
			}
			bucket++
		}
		counts, lows, left = counts[nbk:], lows[nv:], left-nv
	}
	// Matches name first occurrences; every copy of a matched item matches.
	hit := make([]bool, len(xs))
	for _, i := range got {
		hit[i] = true
	}
	got = got[:0]
	for i := range xs {
		if hit[pl.First[i]] {
			got = append(got, i)
		}
	}
	return got
}

func items(prefix string, n int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		out[i] = fmt.Appendf(nil, "%s-%d", prefix, i)
	}
	return out
}

func TestSessionMatchesPlaintextIntersection(t *testing.T) {
	for _, tc := range []struct{ nx, ny, common int }{
		{0, 0, 0}, {1, 0, 0}, {0, 5, 0}, {1, 1, 1}, {1, 1, 0}, {10, 20, 5},
		{100, 100, 44}, {3000, 2000, 1000}, {BatchBins*2 + 77, 5000, 2500}, {200, 50, 50}, {60_000, 3000, 1000},
	} {
		t.Run(fmt.Sprintf("%dx%d/%d", tc.nx, tc.ny, tc.common), func(t *testing.T) {
			xs := items("x", tc.nx)
			ys := items("y", tc.ny)
			var want []int
			for i := 0; i < tc.common; i++ {
				ys[i] = xs[2*i%tc.nx]
			}
			// Duplicates on both sides.
			if tc.nx > 100 {
				for i := 0; i < tc.nx/3; i++ {
					xs[tc.nx-1-i] = xs[i]
				}
			}
			if tc.ny > 10 {
				ys[tc.ny-1] = ys[0]
			}
			seen := map[string]bool{}
			for _, y := range ys {
				seen[string(y)] = true
			}
			for i, x := range xs {
				if seen[string(x)] {
					want = append(want, i)
				}
			}
			got := session(t, xs, ys)
			if !slices.Equal(got, want) {
				t.Fatalf("matches = %d items, want %d", len(got), len(want))
			}
		})
	}
}
