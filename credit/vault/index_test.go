package vault

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/credq/credq/credit"
)

func TestPlanIndex(t *testing.T) {
	cases := []struct {
		n, bits int
	}{
		{16, 3}, {17, 3}, {31, 3}, {32, 4}, {1000, 8}, {1 << 20, 19}, {1_400_000_000, 29},
	}
	for _, c := range cases {
		p, err := PlanIndex(c.n)
		if err != nil {
			t.Fatalf("PlanIndex(%d): %v", c.n, err)
		}
		if p.Bits != c.bits {
			t.Errorf("PlanIndex(%d).Bits = %d, want %d", c.n, p.Bits, c.bits)
		}
		if p.ExpectedCollisions < 2 || p.ExpectedCollisions >= math.Sqrt(float64(c.n)) {
			t.Errorf("PlanIndex(%d): collisions %.2f outside [2, √N)", c.n, p.ExpectedCollisions)
		}
		if p.FalsePositiveRate != math.Exp2(-float64(c.bits)) {
			t.Errorf("PlanIndex(%d).FalsePositiveRate = %g", c.n, p.FalsePositiveRate)
		}
	}
	for _, n := range []int{-1, 0, 1, 15} {
		if _, err := PlanIndex(n); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("PlanIndex(%d) = %v, want ErrInvalidInput", n, err)
		}
	}
}

func TestTagTruncation(t *testing.T) {
	kr, _ := NewKeyring("bank-a")
	for _, b := range []int{1, 7, 8, 9, 19, 256} {
		_, _ = kr.AddIndex(IndexEmail, b)
		k := kr.liveIndexes(IndexEmail)[0]
		tag := k.tag("email:v1:a@b")
		if len(tag) != (b+7)/8 {
			t.Fatalf("bits %d: tag of %d bytes", b, len(tag))
		}
		if r := b % 8; r != 0 && tag[len(tag)-1]&(0xff>>r) != 0 {
			t.Fatalf("bits %d: low bits not cleared", b)
		}
	}
}

func putPeople(t *testing.T, v *Vault, n int) {
	t.Helper()
	for i := range n {
		r := &credit.Record{ID: fmt.Sprintf("r%d", i), Phones: []credit.Phone{{Number: fmt.Sprintf("+86138%08d", i)}}}
		if err := v.Put(context.Background(), fmt.Sprintf("s%d", i), r); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLookupFiltersFalsePositives(t *testing.T) {
	v, st := testVault(t)
	ctx := context.Background()
	// 2-bit tags over 40 people: about 10 candidates per lookup, one real.
	v.mu.Lock()
	_, _ = v.kr.AddIndex(IndexMobile, 2)
	v.mu.Unlock()
	putPeople(t, v, 40)
	for _, i := range []int{0, 17, 39} {
		got, err := v.Lookup(ctx, IndexMobile, fmt.Sprintf("138 %04d %04d", i/10000, i%10000))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].ID != fmt.Sprintf("r%d", i) {
			t.Fatalf("Lookup(%d) = %d records", i, len(got))
		}
	}
	k := v.kr.liveIndexes(IndexMobile)[0]
	rows, _ := st.FindIndex(ctx, IndexMobile, k.Version, k.tag("cnmob:v1:+8613800000017"))
	if len(rows) < 2 {
		t.Fatalf("2-bit tag shared by %d entries; the test needs collisions", len(rows))
	}
	got, err := v.Lookup(ctx, IndexMobile, "13899999999")
	if err != nil || len(got) != 0 {
		t.Fatalf("Lookup(absent) = %d, %v", len(got), err)
	}
}

func TestLookupRejects(t *testing.T) {
	v, _ := testVault(t)
	ctx := context.Background()
	if _, err := v.Lookup(ctx, "nope", "x"); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("unknown index: %v", err)
	}
	if _, err := v.Lookup(ctx, IndexMobile, "12345"); !errors.Is(err, ErrInvalidInput) || !errors.Is(err, credit.ErrInvalidMobile) {
		t.Errorf("bad value: %v", err)
	}
	if _, err := v.Lookup(ctx, IndexMobile, "13800138000"); !errors.Is(err, ErrUnknownKeyVersion) {
		t.Errorf("no index key: %v", err)
	}
	if _, _, err := v.AddIndex("nope", 100); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("AddIndex(unknown) = %v", err)
	}
}

func TestIndexRotationKeepsOldEntriesSearchable(t *testing.T) {
	v, _ := testVault(t)
	ctx := context.Background()
	if _, _, err := v.AddIndex(IndexResidentID, 1000); err != nil {
		t.Fatal(err)
	}
	if err := v.Put(ctx, "s1", fixture("old")); err != nil {
		t.Fatal(err)
	}
	_, ver, err := v.AddIndex(IndexResidentID, 1000)
	if err != nil || ver != 2 {
		t.Fatalf("AddIndex = %d, %v", ver, err)
	}
	other := fixture("new")
	other.Identity.IDNumber = "440524199003071236"
	_ = v.Put(ctx, "s2", other)
	for id, want := range map[string]string{"11010519491231002X": "old", "440524199003071236": "new", "11010519491231002x": "old"} {
		got, err := v.Lookup(ctx, IndexResidentID, id)
		if err != nil || len(got) != 1 || got[0].ID != want {
			t.Fatalf("Lookup(%s) = %v, %v", want, len(got), err)
		}
	}
	// Retiring v1 before moving "old" hides it; re-putting moves it to v2.
	_ = v.RetireIndex(IndexResidentID, 1)
	if got, _ := v.Lookup(ctx, IndexResidentID, "11010519491231002X"); len(got) != 0 {
		t.Fatal("entry under retired index version still found")
	}
	rec, _ := v.Get(ctx, "old")
	_ = v.Put(ctx, "s1", rec)
	if got, _ := v.Lookup(ctx, IndexResidentID, "11010519491231002X"); len(got) != 1 {
		t.Fatal("re-put record not found under the new version")
	}
	if err := v.RetireIndex(IndexResidentID, 1); !errors.Is(err, ErrUnknownKeyVersion) {
		t.Errorf("RetireIndex twice = %v", err)
	}
}
