package kkrt

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"testing"
)

func TestTranspose64IsInvolution(t *testing.T) {
	var a, orig [64]uint64
	for i := range a {
		var b [8]byte
		rand.Read(b[:])
		a[i] = binary.LittleEndian.Uint64(b[:])
	}
	orig = a
	transpose64(&a)
	for r := range 64 {
		for c := range 64 {
			if orig[r]>>c&1 != a[c]>>r&1 {
				t.Fatalf("transpose64: bit (%d,%d) = %d, want %d", c, r, a[c]>>r&1, orig[r]>>c&1)
			}
		}
	}
	transpose64(&a)
	if a != orig {
		t.Fatal("transpose64 twice is not the identity")
	}
}

func TestColsToRowsMatchesNaive(t *testing.T) {
	for _, cb := range []int{8, 64, BatchBins / 8} {
		cols := make([]byte, 64*Words*cb)
		rand.Read(cols)
		rows := make([]uint64, 8*cb*Words)
		colsToRows(rows, cols, cb)
		for j := 0; j < 8*cb; j += 7 {
			for i := range 64 * Words {
				want := cols[i*cb+j/8] >> (j % 8) & 1
				got := byte(rows[j*Words+i/64] >> (i % 64) & 1)
				if got != want {
					t.Fatalf("cb=%d: row %d col %d = %d, want %d", cb, j, i, got, want)
				}
			}
		}
	}
}

func TestRowWireRoundTrip(t *testing.T) {
	var r, back Row
	for w := range r {
		r[w] = uint64(w+1) * 0x0102030405060708
	}
	r[Words-1] &= lastWordMask
	buf := make([]byte, RowBytes)
	PutRow(buf, &r)
	GetRow(&back, buf)
	if back != r {
		t.Fatalf("GetRow(PutRow(r)) = %x, want %x", back, r)
	}
}

// codeword computes one codeword C(d ‖ k) the way the batch paths of
// Receiver.Batch and Sender.Batch do (putInput, encrypt, getCodeword).
func codeword(c *Code, d Digest, k int) Row {
	var buf [64]byte
	var r Row
	putInput(buf[:], d, k)
	c.e.encrypt(buf[:], buf[:])
	getCodeword(&r, buf[:])
	return r
}

func TestCodeDependsOnDigestAndHashIndex(t *testing.T) {
	c := NewCode([16]byte{1})
	d := DigestOf([]byte("item"))
	r0 := codeword(c, d, 0)
	r1 := codeword(c, d, 1)
	r2 := codeword(c, DigestOf([]byte("other")), 0)
	if r0 == r1 || r0 == r2 {
		t.Fatal("codewords collide")
	}
	if r0[Words-1]>>(CodeBits-64*(Words-1)) != 0 {
		t.Fatal("codeword has bits beyond CodeBits")
	}
}

func TestBins(t *testing.T) {
	for n, want := range map[int]int{0: 64, 1: 64, 50: 64, 100: 128, 1000: 1280, 1_000_000: 1270016} {
		if got := Bins(n); got != want {
			t.Errorf("Bins(%d) = %d, want %d", n, got, want)
		}
	}
}

func TestHiBitsBoundsFalseMatches(t *testing.T) {
	for _, tc := range []struct{ n1, n2, want int }{
		{0, 0, 0}, {1000, 1000, 8}, {1_000_000, 1_000_000, 18}, {10_000_000, 10_000_000, 25}, {1, 1 << 20, 18},
	} {
		if got := HiBits(tc.n1, tc.n2); got != tc.want {
			t.Errorf("HiBits(%d, %d) = %d, want %d", tc.n1, tc.n2, got, tc.want)
		}
	}
}

func TestFillFailsWhenTableTooSmall(t *testing.T) {
	ds := make([]Digest, 200)
	for i := range ds {
		ds[i] = DigestOf(fmt.Appendf(nil, "%d", i))
	}
	tab := &Table{Bins: make([]Slot, 64)}
	if _, ok := tab.fill(NewHasher(&[SeedSize]byte{}, 64), ds, nil, nil); ok {
		t.Fatal("fill(200 items, 64 bins) succeeded")
	}
}

func TestPlacePutsEveryItemInOneOfItsBins(t *testing.T) {
	for _, tc := range []struct{ n, dups int }{{5000, 0}, {5000, 1}, {5000, 2000}, {60_000, 100}, {60_000, 20_000}} {
		dups := tc.dups
		ds := make([]Digest, tc.n)
		for i := range ds {
			ds[i] = DigestOf(fmt.Appendf(nil, "%d", i%(len(ds)-dups)))
		}
		p, err := Place(ds)
		if err != nil {
			t.Fatal(err)
		}
		m := len(p.Table.Bins)
		if p.Distinct != len(ds)-dups || m != Bins(p.Distinct) {
			t.Fatalf("dups=%d: %d distinct in %d bins, want %d in %d", dups, p.Distinct, m, len(ds)-dups, Bins(len(ds)-dups))
		}
		h := NewHasher(&p.Seed, m)
		seen := map[int]bool{}
		for b := range m {
			if item, k, ok := p.Table.Item(b); ok {
				if seen[item] || int(h.Bin(ds[item], k)) != b || p.Table.Bins[b].D != ds[item] || p.First[item] != int32(item) {
					t.Fatalf("dups=%d: bin %d holds item %d (hash %d) wrongly", dups, b, item, k)
				}
				seen[item] = true
			}
		}
		for i := range ds {
			if !seen[int(p.First[i])] || ds[p.First[i]] != ds[i] {
				t.Fatalf("dups=%d: item %d not placed (first %d)", dups, i, p.First[i])
			}
		}
	}
}

func TestDedup(t *testing.T) {
	ds := []Digest{{1, 2}, {3, 4}, {1, 2}, {1, 3}, {3, 4}}
	of := make([]int32, len(ds))
	distinct := dedup(ds, of)
	if again := Dedup(ds); !slices.Equal(again, distinct) {
		t.Fatalf("Dedup = %v, dedup = %v", again, distinct)
	}
	if len(distinct) != 3 || fmt.Sprint(of) != "[0 1 0 2 1]" {
		t.Fatalf("Dedup = %v, %v", distinct, of)
	}
}

func TestBaseOTRejectsBadPoints(t *testing.T) {
	var th [32]byte
	if _, _, err := BaseReceive(&th, make([]byte, PointSize), make([]uint64, Words), CodeBits, 1); !errors.Is(err, ErrBadPoint) {
		t.Errorf("BaseReceive(identity A) = %v, want ErrBadPoint", err)
	}
	s, a, _ := NewBaseSender()
	if _, _, err := s.Keys(&th, make([]byte, 2*PointSize), 2, 1); !errors.Is(err, ErrBadPoint) {
		t.Errorf("Keys(identity B) = %v, want ErrBadPoint", err)
	}
	if _, _, err := s.Keys(&th, make([]byte, PointSize), 2, 1); !errors.Is(err, ErrBadPoint) {
		t.Errorf("Keys(short) = %v, want ErrBadPoint", err)
	}
	// One non-canonical B_i among valid ones, in a full group of four and
	// in the remainder after the last group.
	msg, _, err := BaseReceive(&th, a, []uint64{0}, 42, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{17, 41} {
		bad := append([]byte(nil), msg...)
		bad[(i+1)*PointSize-1] |= 0x80
		if _, _, err := s.Keys(&th, bad, 42, 2); !errors.Is(err, ErrBadPoint) {
			t.Errorf("Keys(non-canonical B_%d) = %v, want ErrBadPoint", i, err)
		}
	}
}

func TestBaseOTGivesChosenKeys(t *testing.T) {
	var th [32]byte
	s, a, _ := NewBaseSender()
	choice := []uint64{0xdeadbeef}
	msg, keys, err := BaseReceive(&th, a, choice, 40, 2)
	if err != nil {
		t.Fatal(err)
	}
	k0, k1, err := s.Keys(&th, msg, 40, 2)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 40 {
		want, other := k0[i], k1[i]
		if choice[0]>>i&1 == 1 {
			want, other = other, want
		}
		if keys[i] != want || keys[i] == other {
			t.Fatalf("OT %d: receiver key is not the chosen one", i)
		}
	}
}

func valueFrame() []byte {
	return AppendValues(nil, []uint32{2, 0, 1}, []uint64{5, 9, 1})
}

func TestParseValuesRejectsEveryTruncationAndExtension(t *testing.T) {
	good := valueFrame()
	if _, _, err := ParseValues(good, nil, 3, 3); err != nil {
		t.Fatalf("ParseValues(good) = %v", err)
	}
	for i := range len(good) {
		if _, _, err := ParseValues(good[:i], nil, 3, 3); !errors.Is(err, ErrValues) {
			t.Errorf("ParseValues(first %d bytes) = %v, want ErrValues", i, err)
		}
	}
	if _, _, err := ParseValues(append(bytes.Clone(good), 0), nil, 3, 3); !errors.Is(err, ErrValues) {
		t.Errorf("ParseValues(extended) = %v, want ErrValues", err)
	}
}

func TestParseValuesRejectionRules(t *testing.T) {
	for _, tc := range []struct {
		name      string
		p         []byte
		bkt, vals int
	}{
		{"non-minimal bucket count", append([]byte{0x81, 0x00}, valueFrame()[1:]...), 3, 3},
		{"zero buckets", []byte{0}, 3, 3},
		{"more buckets than remain", valueFrame(), 2, 3},
		{"more values than remain", valueFrame(), 3, 2},
		{"lows out of order", AppendValues(nil, []uint32{2}, []uint64{9, 5}), 1, 2},
		{"missing lows", AppendValues(nil, []uint32{2}, []uint64{9}), 1, 2},
	} {
		if _, _, err := ParseValues(tc.p, nil, tc.bkt, tc.vals); !errors.Is(err, ErrValues) {
			t.Errorf("%s: ParseValues = %v, want ErrValues", tc.name, err)
		}
	}
}

func FuzzParseValues(f *testing.F) {
	f.Add(valueFrame())
	f.Add(AppendValues(nil, []uint32{0}, nil))
	f.Fuzz(func(t *testing.T, p []byte) {
		counts, raw, err := ParseValues(p, nil, MaxFrameValues, MaxFrameValues)
		if err != nil {
			if !errors.Is(err, ErrValues) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		lows := make([]uint64, len(raw)/8)
		for i := range lows {
			lows[i] = binary.LittleEndian.Uint64(raw[8*i:])
		}
		if again := AppendValues(nil, counts, lows); !bytes.Equal(again, p) {
			t.Fatalf("re-encoding differs:\n%x\n%x", again, p)
		}
	})
}

func ExampleBins() {
	// A receiver with 10⁶ items uses 1.27·10⁶ bins (rounded to 64), and
	// the outputs carry 18 bits beyond the 64-bit low word.
	fmt.Println(Bins(1_000_000), HiBits(1_000_000, 1_000_000))
	// Output: 1270016 18
}
