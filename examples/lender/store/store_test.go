package store

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/credq/credq/consent"
	"github.com/credq/credq/credit"
	"github.com/credq/credq/credit/synth"
	"github.com/credq/credq/credit/vault"
	"github.com/credq/credq/examples/lender/store/storetest"
)

func open(t *testing.T, dsn string) *DB {
	t.Helper()
	ctx := context.Background()
	d, err := Open(ctx, dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func TestOpenMigratesIdempotently(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		d := open(t, dsn)
		d2 := open(t, dsn) // second open on a migrated database
		for _, db := range []*DB{d, d2} {
			v, err := db.AppliedVersion(ctx)
			if err != nil || v != SchemaVersion() {
				t.Fatalf("AppliedVersion = %d, %v; want %d", v, err, SchemaVersion())
			}
		}
		if err := d.Ping(ctx); err != nil {
			t.Fatal(err)
		}
		if want := map[bool]Dialect{true: Postgres, false: SQLite}[storetest.IsPostgres(dsn)]; d.Dialect() != want {
			t.Fatalf("Dialect = %v, want %v", d.Dialect(), want)
		}
	})
}

func TestOpenRejectsEmptyName(t *testing.T) {
	if _, err := Open(context.Background(), ""); err == nil {
		t.Fatal("Open(\"\") succeeded")
	}
}

func testVault(t *testing.T, d *DB) *vault.Vault {
	t.Helper()
	kr, err := vault.NewKeyring("bureau-test")
	if err != nil {
		t.Fatal(err)
	}
	v, err := vault.New(vault.Config{Keyring: kr, Store: d.Vault(), CacheSize: -1})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := v.AddIndex(vault.IndexResidentID, 1000); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestVaultStoreRoundTripLookupShred(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		d := open(t, dsn)
		v := testVault(t, d)
		recs := synth.New(7, time.Now()).Records(3)
		for i, r := range recs {
			r.ID = []string{"r1", "r2", "r3"}[i]
			if err := v.Put(ctx, []string{"s1", "s2", "s2"}[i], r); err != nil {
				t.Fatalf("Put: %v", err)
			}
		}
		got, err := v.Get(ctx, "r2")
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		if got.Identity.IDNumber != recs[1].Identity.IDNumber {
			t.Fatal("Get returned another record")
		}
		found, err := v.Lookup(ctx, vault.IndexResidentID, recs[0].Identity.IDNumber)
		if err != nil || len(found) != 1 || found[0].ID != "r1" {
			t.Fatalf("Lookup = %d records, %v; want r1", len(found), err)
		}
		if _, err := v.Get(ctx, "nope"); !errors.Is(err, vault.ErrNotFound) {
			t.Fatalf("Get(unknown) = %v, want ErrNotFound", err)
		}
		latest, err := d.Vault().LatestRecord(ctx, "s2")
		if err != nil || latest != "r3" {
			t.Fatalf("LatestRecord = %q, %v; want r3", latest, err)
		}
		if _, err := d.Vault().LatestRecord(ctx, "s9"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("LatestRecord(unknown) = %v, want ErrNotFound", err)
		}
		if err := v.Shred(ctx, "s2"); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"r2", "r3"} {
			if _, err := v.Get(ctx, id); !errors.Is(err, vault.ErrShredded) {
				t.Fatalf("Get(%s) after shred = %v, want ErrShredded", id, err)
			}
		}
		if _, err := v.Lookup(ctx, vault.IndexResidentID, recs[1].Identity.IDNumber); !errors.Is(err, vault.ErrShredded) {
			t.Fatalf("Lookup after shred = %v, want ErrShredded", err)
		}
		if _, err := v.Get(ctx, "r1"); err != nil {
			t.Fatalf("other subject after shred: %v", err)
		}
		ids, err := d.Vault().RecordIDs(ctx, "", 10)
		if err != nil || len(ids) != 3 {
			t.Fatalf("RecordIDs = %v, %v", ids, err)
		}
	})
}

func TestShreddedKeyIsNotRevived(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn).Vault()
		row := vault.SubjectKeyRow{KeyID: bytes.Repeat([]byte{1}, 16), SubjectID: "s", KEKVersion: 1, Wrapped: []byte("wrapped")}
		if err := s.PutSubjectKey(ctx, row); err != nil {
			t.Fatal(err)
		}
		got, err := s.CurrentSubjectKey(ctx, "s")
		if err != nil || !bytes.Equal(got.Wrapped, row.Wrapped) || got.KEKVersion != 1 {
			t.Fatalf("CurrentSubjectKey = %+v, %v", got, err)
		}
		if err := s.Shred(ctx, "s"); err != nil {
			t.Fatal(err)
		}
		row.KEKVersion = 2 // a re-wrap that read the key before the shred
		if err := s.PutSubjectKey(ctx, row); !errors.Is(err, vault.ErrShredded) {
			t.Fatalf("PutSubjectKey over a shredded row = %v, want ErrShredded", err)
		}
		got, err = s.SubjectKey(ctx, row.KeyID)
		if err != nil || !got.Shredded || got.Wrapped != nil {
			t.Fatalf("SubjectKey after shred + put = %+v, %v; want a tombstone", got, err)
		}
		if _, err := s.CurrentSubjectKey(ctx, "s"); !errors.Is(err, vault.ErrNotFound) {
			t.Fatalf("CurrentSubjectKey after shred = %v, want ErrNotFound", err)
		}
		if _, err := s.SubjectKey(ctx, []byte("missing")); !errors.Is(err, vault.ErrNotFound) {
			t.Fatalf("SubjectKey(missing) = %v", err)
		}
		keys, err := s.SubjectKeys(ctx, nil, 10)
		if err != nil || len(keys) != 0 {
			t.Fatalf("SubjectKeys = %d, %v; want none live", len(keys), err)
		}
	})
}

func TestPutRecordReplacesIndexEntries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn).Vault()
		e := func(tag string) vault.IndexRow {
			return vault.IndexRow{Index: "cnid", Version: 1, Tag: []byte(tag), RecordID: "r", SubjectID: "s"}
		}
		if err := s.PutRecord(ctx, vault.RecordRow{RecordID: "r", SubjectID: "s", Sealed: []byte{1}}, []vault.IndexRow{e("a"), e("b")}); err != nil {
			t.Fatal(err)
		}
		if err := s.PutRecord(ctx, vault.RecordRow{RecordID: "r", SubjectID: "s", Sealed: []byte{2}}, []vault.IndexRow{e("c")}); err != nil {
			t.Fatal(err)
		}
		for tag, want := range map[string]int{"a": 0, "b": 0, "c": 1} {
			rows, err := s.FindIndex(ctx, "cnid", 1, []byte(tag))
			if err != nil || len(rows) != want {
				t.Fatalf("FindIndex(%s) = %d rows, %v; want %d", tag, len(rows), err, want)
			}
		}
		r, err := s.Record(ctx, "r")
		if err != nil || !bytes.Equal(r.Sealed, []byte{2}) {
			t.Fatalf("Record = %v, %v", r.Sealed, err)
		}
	})
}

func entryFor(i int) credit.LogEntry {
	return credit.LogEntry{
		Time: time.Unix(1_700_000_000+int64(i), 0), Querier: "lender", Holder: "lender",
		Purpose: consent.PurposeLoanApproval, Released: consent.NewScope(consent.ClassFinancial),
		Subject: consent.SubjectRef{byte(i % 3)},
	}
}

func TestLogStoreChainsAndVerifies(t *testing.T) {
	defer func(n int) { scanPage = n }(scanPage)
	scanPage = 4 // exercise paging with few rows
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		d := open(t, dsn)
		log := credit.NewLog(d.Log())
		for i := range 10 {
			if _, err := log.Append(ctx, entryFor(i)); err != nil {
				t.Fatalf("Append %d: %v", i, err)
			}
		}
		cp, err := log.Checkpoint(ctx)
		if err != nil || cp.Len != 10 {
			t.Fatalf("Checkpoint = %+v, %v", cp, err)
		}
		if err := log.Verify(ctx, cp); err != nil {
			t.Fatalf("Verify: %v", err)
		}
		// A fresh Log over the same database (a restarted server) continues
		// the chain.
		if _, err := credit.NewLog(open(t, dsn).Log()).Append(ctx, entryFor(10)); err != nil {
			t.Fatal(err)
		}
		if err := log.Verify(ctx, cp); err != nil {
			t.Fatalf("Verify after restart: %v", err)
		}
		var seqs []uint64
		if err := d.Log().Scan(ctx, 7, func(e credit.LogEntry) error { seqs = append(seqs, e.Seq); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(seqs) != 4 || seqs[0] != 7 || seqs[3] != 10 {
			t.Fatalf("Scan(7) = %v", seqs)
		}
		stop := errors.New("stop")
		if err := d.Log().Scan(ctx, 0, func(credit.LogEntry) error { return stop }); !errors.Is(err, stop) {
			t.Fatalf("Scan error = %v, want the callback's", err)
		}
		n, err := log.SubjectInquiries(ctx, consent.SubjectRef{1}, time.Unix(1_700_000_100, 0))
		if err != nil || len(n) != 4 {
			t.Fatalf("SubjectInquiries = %d, %v; want 4", len(n), err)
		}
	})
}

func TestLogStoreRefusesForks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn).Log()
		e := entryFor(0)
		if err := s.Append(ctx, e); err != nil {
			t.Fatal(err)
		}
		if err := s.Append(ctx, e); !errors.Is(err, credit.ErrLogConflict) {
			t.Fatalf("duplicate seq: %v, want ErrLogConflict", err)
		}
		e.Seq = 5
		if err := s.Append(ctx, e); !errors.Is(err, credit.ErrLogConflict) {
			t.Fatalf("gap: %v, want ErrLogConflict", err)
		}
		last, ok, err := s.Last(ctx)
		if err != nil || !ok || last.Seq != 0 {
			t.Fatalf("Last = %d, %v, %v", last.Seq, ok, err)
		}
	})
}

func TestLogStoreEmpty(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		if _, ok, err := open(t, dsn).Log().Last(context.Background()); ok || err != nil {
			t.Fatalf("Last on empty log = %v, %v", ok, err)
		}
	})
}

func TestLogStoreConcurrentAppendsNeverFork(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		// Two handles on one database, as two server processes would be.
		a, b := open(t, dsn).Log(), open(t, dsn).Log()
		var ok atomic.Int32
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Go(func() {
				s := a
				if i%2 == 1 {
					s = b
				}
				err := s.Append(ctx, entryFor(0))
				if err == nil {
					ok.Add(1)
				} else if !errors.Is(err, credit.ErrLogConflict) {
					t.Errorf("Append: %v", err)
				}
			})
		}
		wg.Wait()
		if ok.Load() != 1 {
			t.Fatalf("%d writers appended entry 0, want exactly 1", ok.Load())
		}
	})
}

func TestReplayStoreConcurrentExactlyOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		stores := []Replay{open(t, dsn).Replay(), open(t, dsn).Replay()}
		now := time.Now()
		for round := range 3 {
			nonce := [16]byte{byte(round), 9}
			var ok, replay atomic.Int32
			var wg sync.WaitGroup
			for i := range 16 {
				wg.Go(func() {
					err := stores[i%2].CheckAndStore(ctx, nonce, now, now.Add(time.Minute))
					switch {
					case err == nil:
						ok.Add(1)
					case errors.Is(err, consent.ErrReplay):
						replay.Add(1)
					default:
						t.Errorf("CheckAndStore: %v", err)
					}
				})
			}
			wg.Wait()
			if ok.Load() != 1 || replay.Load() != 15 {
				t.Fatalf("round %d: %d accepted, %d replays; want 1 and 15", round, ok.Load(), replay.Load())
			}
		}
	})
}

func TestReplayStoreExpiredNonceIsForgotten(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		r := open(t, dsn).Replay()
		now := time.Now()
		n := [16]byte{1}
		if err := r.CheckAndStore(ctx, n, now, now.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := r.CheckAndStore(ctx, n, now.Add(30*time.Second), now.Add(2*time.Minute)); !errors.Is(err, consent.ErrReplay) {
			t.Fatalf("live nonce: %v, want ErrReplay", err)
		}
		if err := r.CheckAndStore(ctx, n, now.Add(2*time.Minute), now.Add(3*time.Minute)); err != nil {
			t.Fatalf("expired nonce: %v, want accepted", err)
		}
	})
}

func TestUseStoreConcurrentLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		stores := []Uses{open(t, dsn).Uses(), open(t, dsn).Uses()}
		now := time.Now()
		uses := []consent.Use{
			{Key: [16]byte{1}, Limit: 5, Until: now.Add(time.Hour)},
			{Key: [16]byte{2}, Limit: 100, Until: now.Add(time.Hour)},
		}
		var ok, limited atomic.Int32
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Go(func() {
				err := stores[i%2].Consume(ctx, now, uses)
				switch {
				case err == nil:
					ok.Add(1)
				case errors.Is(err, consent.ErrUseLimit):
					limited.Add(1)
				default:
					t.Errorf("Consume: %v", err)
				}
			})
		}
		wg.Wait()
		if ok.Load() != 5 || limited.Load() != 15 {
			t.Fatalf("%d consumed, %d refused; want 5 and 15", ok.Load(), limited.Load())
		}
		// All or nothing: the refused calls did not count against key 2.
		if err := stores[0].Consume(ctx, now, []consent.Use{{Key: [16]byte{2}, Limit: 6, Until: now.Add(time.Hour)}}); err != nil {
			t.Fatalf("key 2 after 5 uses with limit 6: %v (refused calls were counted)", err)
		}
		if err := stores[0].Consume(ctx, now, []consent.Use{{Key: [16]byte{2}, Limit: 6, Until: now.Add(time.Hour)}}); !errors.Is(err, consent.ErrUseLimit) {
			t.Fatalf("key 2 at its limit: %v, want ErrUseLimit", err)
		}
		// An expired counter restarts.
		later := now.Add(2 * time.Hour)
		if err := stores[1].Consume(ctx, later, []consent.Use{{Key: [16]byte{1}, Limit: 1, Until: later.Add(time.Hour)}}); err != nil {
			t.Fatalf("expired counter: %v", err)
		}
	})
}

func TestRevocations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		d := open(t, dsn)
		r := d.Revocations()
		now := time.Now()
		a, b := consent.ID{1}, consent.ID{2}
		if rev, err := r.Revoked(ctx, a); err != nil || rev {
			t.Fatalf("Revoked before Revoke = %v, %v", rev, err)
		}
		if err := r.Revoke(ctx, a, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := r.Revoke(ctx, b, time.Time{}); err != nil {
			t.Fatal(err)
		}
		if err := r.Revoke(ctx, b, now.Add(time.Minute)); err != nil { // forever wins
			t.Fatal(err)
		}
		for _, id := range []consent.ID{a, b} {
			if rev, err := r.Revoked(ctx, id); err != nil || !rev {
				t.Fatalf("Revoked = %v, %v", rev, err)
			}
		}
		if err := d.Purge(ctx, now.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if rev, _ := r.Revoked(ctx, a); rev {
			t.Fatal("expired revocation survived Purge")
		}
		if rev, _ := r.Revoked(ctx, b); !rev {
			t.Fatal("permanent revocation was purged")
		}
	})
}

func TestMeta(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		d := open(t, dsn)
		if _, err := d.Meta(ctx, MetaKeyring); !errors.Is(err, ErrNotFound) {
			t.Fatalf("Meta before create = %v", err)
		}
		got, err := d.CreateMeta(ctx, MetaKeyring, []byte("one"))
		if err != nil || string(got) != "one" {
			t.Fatalf("CreateMeta = %q, %v", got, err)
		}
		got, err = d.CreateMeta(ctx, MetaKeyring, []byte("two"))
		if err != nil || string(got) != "one" {
			t.Fatalf("second CreateMeta = %q, %v; want the first value", got, err)
		}
		if err := d.UpdateMeta(ctx, MetaKeyring, []byte("three")); err != nil {
			t.Fatal(err)
		}
		if got, _ := d.Meta(ctx, MetaKeyring); string(got) != "three" {
			t.Fatalf("Meta after update = %q", got)
		}
	})
}

// TestConcurrentOpensMigrateOnce opens one fresh database from several
// goroutines at once, as several server processes starting together would.
func TestConcurrentOpensMigrateOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				d, err := Open(context.Background(), dsn)
				if err != nil {
					t.Errorf("Open: %v", err)
					return
				}
				d.Close()
			})
		}
		wg.Wait()
		if v, err := open(t, dsn).AppliedVersion(context.Background()); err != nil || v != SchemaVersion() {
			t.Fatalf("AppliedVersion = %d, %v", v, err)
		}
	})
}
