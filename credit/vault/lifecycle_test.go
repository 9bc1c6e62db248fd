package vault

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/credq/credq/consent/consenttest"
	"github.com/credq/credq/credit"
)

func TestShredMakesEverythingErrShredded(t *testing.T) {
	v, st := testVault(t)
	ctx := context.Background()
	if _, _, err := v.AddIndex(IndexResidentID, 1000); err != nil {
		t.Fatal(err)
	}
	if err := v.Put(ctx, "s", fixture("r")); err != nil {
		t.Fatal(err)
	}
	sealed := mustSeal(t, v, "s", fixture("r2"))
	if err := v.Shred(ctx, "s"); err != nil {
		t.Fatal(err)
	}
	if v.cache.len() != 0 {
		t.Errorf("cache holds %d keys after shred", v.cache.len())
	}
	if _, err := v.Get(ctx, "r"); !errors.Is(err, ErrShredded) {
		t.Errorf("Get = %v, want ErrShredded", err)
	}
	if _, err := v.Open(ctx, sealed); !errors.Is(err, ErrShredded) {
		t.Errorf("Open = %v, want ErrShredded", err)
	}
	if _, err := v.Lookup(ctx, IndexResidentID, "11010519491231002X"); !errors.Is(err, ErrShredded) {
		t.Errorf("Lookup = %v, want ErrShredded", err)
	}
	logStore := &credit.MemoryLogStore{}
	g := consenttest.Grant(t, consenttest.Options{Now: testNow})
	if _, _, err := v.Disclose(ctx, "r", credit.NewLog(logStore), g, credit.Query{}, testNow, x25519(t).Recipient()); !errors.Is(err, ErrShredded) {
		t.Errorf("Disclose = %v, want ErrShredded", err)
	}
	if n := len(logStore.Entries()); n != 0 {
		t.Errorf("a failed disclosure logged %d entries", n)
	}
	// No key material remains in the store.
	rows, _ := st.SubjectKeys(ctx, nil, 100)
	if len(rows) != 0 {
		t.Errorf("%d live key rows after shred", len(rows))
	}
	for _, e := range otherSentinels {
		if errors.Is(ErrShredded, e) {
			t.Errorf("ErrShredded matches %v", e)
		}
	}
	// A new record for the subject gets a new key; the old ones stay shredded.
	if err := v.Put(ctx, "s", fixture("r3")); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Get(ctx, "r3"); err != nil {
		t.Errorf("Get(new record) = %v", err)
	}
	if _, err := v.Get(ctx, "r"); !errors.Is(err, ErrShredded) {
		t.Errorf("Get(old record) = %v, want ErrShredded", err)
	}
}

var otherSentinels = []error{ErrWrongKey, ErrUnknownKeyVersion, ErrTamperedField, ErrTamperedRecord, ErrSchemaViolation, ErrNotFound}

func TestShredOtherSubjectUnaffected(t *testing.T) {
	v, _ := testVault(t)
	ctx := context.Background()
	_ = v.Put(ctx, "a", fixture("ra"))
	_ = v.Put(ctx, "b", fixture("rb"))
	_ = v.Shred(ctx, "a")
	if _, err := v.Get(ctx, "rb"); err != nil {
		t.Fatalf("Get(other subject) = %v", err)
	}
}

func TestRotateRewrapRetireThenReadWithNewKEKOnly(t *testing.T) {
	v, st := testVault(t)
	ctx := context.Background()
	root := x25519(t)
	for i := range 7 {
		if err := v.Put(ctx, fmt.Sprintf("s%d", i), fixture(fmt.Sprintf("r%d", i))); err != nil {
			t.Fatal(err)
		}
	}
	before, _ := st.Record(ctx, "r3")
	newV, err := v.RotateKEK()
	if err != nil || newV != 2 {
		t.Fatalf("RotateKEK = %d, %v", newV, err)
	}
	if err := v.RetireKEK(ctx, 1); !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("RetireKEK before rewrap = %v, want ErrInvalidInput", err)
	}
	// Resumable: batches of 3, restarting from the returned cursor.
	var cur RewrapCursor
	calls := 0
	for done := false; !done; calls++ {
		if cur, done, err = v.Rewrap(ctx, cur, 3); err != nil {
			t.Fatal(err)
		}
	}
	if calls != 3 {
		t.Errorf("Rewrap took %d calls for 7 keys in batches of 3", calls)
	}
	if err := v.RetireKEK(ctx, 2); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("RetireKEK(current) = %v, want ErrInvalidInput", err)
	}
	if err := v.RetireKEK(ctx, 1); err != nil {
		t.Fatal(err)
	}
	after, _ := st.Record(ctx, "r3")
	if string(before.Sealed) != string(after.Sealed) {
		t.Error("rotation changed a sealed record")
	}
	// A fresh vault from the persisted keyring (KEK 1 destroyed) reads all.
	file, err := v.SealKeyring(root.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	kr, err := OpenKeyring(file, root)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kr.kek(1); !errors.Is(err, ErrUnknownKeyVersion) {
		t.Fatalf("retired KEK still usable: %v", err)
	}
	w, _ := New(Config{Keyring: kr, Store: st})
	for i := range 7 {
		if _, err := w.Get(ctx, fmt.Sprintf("r%d", i)); err != nil {
			t.Fatalf("Get after rotation: %v", err)
		}
	}
}

func TestUnwrapUnderRetiredKEKIsUnknownVersion(t *testing.T) {
	v, st := testVault(t)
	ctx := context.Background()
	sealed := mustSeal(t, v, "s", fixture("r"))
	_, _ = v.RotateKEK()
	// Retire without rewrap by going under the check (simulates a keyring
	// restored from a later backup).
	v.mu.Lock()
	_ = v.kr.retireKEK(1)
	v.mu.Unlock()
	v.cache.purge()
	if _, err := v.Open(ctx, sealed); !errors.Is(err, ErrUnknownKeyVersion) {
		t.Fatalf("Open = %v, want ErrUnknownKeyVersion", err)
	}
	_ = st
}

func TestTamperedKeyRowIsWrongKey(t *testing.T) {
	v, st := testVault(t)
	ctx := context.Background()
	sealed := mustSeal(t, v, "s", fixture("r"))
	row, _ := st.CurrentSubjectKey(ctx, "s")
	row.Wrapped[20] ^= 1
	_ = st.PutSubjectKey(ctx, row)
	v.cache.purge()
	if _, err := v.Open(ctx, sealed); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("Open = %v, want ErrWrongKey", err)
	}
}

func TestCacheBoundAndTTL(t *testing.T) {
	now := time.Unix(1000, 0)
	c := newKeyCache(2, time.Minute, func() time.Time { return now })
	a, _ := newSubjectAEAD(make([]byte, 32))
	ids := [3][keyIDSize]byte{{1}, {2}, {3}}
	c.put(ids[0], "s0", a, true)
	c.put(ids[1], "s1", a, true)
	c.get(ids[0]) // s0 is used since the hand passed; s1 is not
	c.put(ids[2], "s2", a, true)
	if _, ok := c.get(ids[1]); ok {
		t.Error("unused entry not evicted")
	}
	if _, ok := c.currentOf("s1"); ok {
		t.Error("evicted entry still current")
	}
	if _, ok := c.get(ids[0]); !ok {
		t.Error("recently used entry evicted")
	}
	// Caching a live key again, as a non-current key (an Open racing a
	// Seal), keeps it the subject's live key.
	c.put(ids[0], "s0", a, false)
	if id, ok := c.currentOf("s0"); !ok || id != ids[0] {
		t.Error("re-caching a live key as non-current dropped it as the subject's live key")
	}
	now = now.Add(time.Minute)
	if _, ok := c.get(ids[0]); ok {
		t.Error("expired entry returned")
	}
	if c.len() != 1 {
		t.Errorf("len = %d, want 1", c.len())
	}
}

// TestCacheClock runs random puts, hits, subject evictions and expiries
// against the cache and checks its invariants after each: the map and the
// ring hold the same entries, each at its slot, within the size bound, and
// every live-key mapping names a cached key of its subject. Then, on a
// full cache, the entries hit since the last sweep outlive those that were
// not.
func TestCacheClock(t *testing.T) {
	now := time.Unix(1000, 0)
	const size = 8
	c := newKeyCache(size, time.Minute, func() time.Time { return now })
	a, _ := newSubjectAEAD(make([]byte, 32))
	rng := rand.New(rand.NewPCG(5, 6))
	check := func(op string) {
		t.Helper()
		if len(c.ring) != len(c.byKey) || len(c.ring) > size {
			t.Fatalf("after %s: %d in ring, %d in map, size %d", op, len(c.ring), len(c.byKey), size)
		}
		for i, e := range c.ring {
			if e.slot != i || c.byKey[e.keyID] != e {
				t.Fatalf("after %s: ring slot %d holds an entry of slot %d or not in the map", op, i, e.slot)
			}
		}
		for subj, id := range c.cur {
			if e := c.byKey[id]; e == nil || e.subject != subj {
				t.Fatalf("after %s: live key of %q not cached", op, subj)
			}
		}
	}
	for range 5000 {
		id := [keyIDSize]byte{byte(rng.IntN(40)), 1}
		subj := fmt.Sprintf("s%d", id[0]%10)
		switch op := rng.IntN(10); {
		case op < 5:
			c.put(id, subj, a, rng.IntN(2) == 0)
			check("put")
		case op < 8:
			c.get(id)
			check("get")
		case op < 9:
			c.evictSubject(subj)
			for _, e := range c.ring {
				if e.subject == subj {
					t.Fatalf("evictSubject(%q) left an entry", subj)
				}
			}
			check("evictSubject")
		default:
			now = now.Add(20 * time.Second) // some entries expire on their next get
		}
	}
	c.purge()
	check("purge")
	if c.len() != 0 {
		t.Errorf("len after purge = %d", c.len())
	}
	for i := range size {
		c.put([keyIDSize]byte{byte(i)}, "s", a, false)
	}
	for i := 0; i < size; i += 2 {
		c.get([keyIDSize]byte{byte(i)})
	}
	for i := range size / 2 {
		c.put([keyIDSize]byte{byte(100 + i)}, "s", a, false)
		check("put on a full cache")
	}
	for i := range size {
		if _, ok := c.get([keyIDSize]byte{byte(i)}); ok != (i%2 == 0) {
			t.Errorf("entry %d (hit: %v) cached = %v after %d puts on a full cache", i, i%2 == 0, ok, size/2)
		}
	}
}

func TestCacheMissUnwrapsOnce(t *testing.T) {
	v, st := testVault(t)
	ctx := context.Background()
	sealed := mustSeal(t, v, "s", fixture("r"))
	v.cache.purge()
	cs := &countingStore{MemStore: st}
	v.store = cs
	for range 5 {
		if _, err := v.Open(ctx, sealed); err != nil {
			t.Fatal(err)
		}
	}
	if cs.keyReads != 1 {
		t.Fatalf("%d key reads for 5 opens, want 1", cs.keyReads)
	}
	w, _ := New(Config{Keyring: v.kr, Store: cs, CacheSize: -1})
	for range 3 {
		if _, err := w.Open(ctx, sealed); err != nil {
			t.Fatal(err)
		}
	}
	if cs.keyReads != 4 {
		t.Fatalf("cache disabled: %d key reads, want 4", cs.keyReads)
	}
}

type countingStore struct {
	*MemStore
	keyReads int
}

func (c *countingStore) SubjectKey(ctx context.Context, id []byte) (SubjectKeyRow, error) {
	c.keyReads++
	return c.MemStore.SubjectKey(ctx, id)
}

// TestRewrapCannotResurrectShreddedKey models a rotation batch that listed
// a key just before the subject was shredded.
func TestRewrapCannotResurrectShreddedKey(t *testing.T) {
	v, st := testVault(t)
	ctx := context.Background()
	_ = v.Put(ctx, "s", fixture("r"))
	rows, _ := st.SubjectKeys(ctx, nil, 10)
	_, _ = v.RotateKEK()
	_ = v.Shred(ctx, "s")
	if err := v.rewrapOne(ctx, rows[0]); err != nil {
		t.Fatalf("rewrapOne after shred = %v", err)
	}
	if _, err := v.Get(ctx, "r"); !errors.Is(err, ErrShredded) {
		t.Fatalf("Get = %v, want ErrShredded", err)
	}
	if err := st.PutSubjectKey(ctx, rows[0]); !errors.Is(err, ErrShredded) {
		t.Fatalf("PutSubjectKey over a shredded row = %v, want ErrShredded", err)
	}
}
