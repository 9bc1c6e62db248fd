package store

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/credq/credq/credit"
	"github.com/credq/credq/credit/synth"
	"github.com/credq/credq/credit/vault"
	"github.com/credq/credq/examples/lender/store/storetest"
)

// TestCorruptRowsAreErrors writes malformed rows behind the store's back:
// every read returns an error, none panics.
func TestCorruptRowsAreErrors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		d := open(t, dsn)
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := d.db.ExecContext(ctx, d.q(q), args...); err != nil {
				t.Fatal(err)
			}
		}
		// Log rows: garbage, oversize, and a key column that disagrees with
		// the entry.
		exec(`INSERT INTO inquiry_log (seq, subject, entry) VALUES (?, ?, ?)`, 0, []byte{1}, []byte("garbage"))
		if _, _, err := d.Log().Last(ctx); err == nil {
			t.Fatal("Last accepted a garbage entry")
		}
		if err := d.Log().Scan(ctx, 0, func(credit.LogEntry) error { return nil }); err == nil {
			t.Fatal("Scan accepted a garbage entry")
		}
		exec(`UPDATE inquiry_log SET entry = ? WHERE seq = 0`, bytes.Repeat([]byte{0}, credit.LogEntrySize+1))
		if _, _, err := d.Log().Last(ctx); err == nil {
			t.Fatal("Last accepted an oversize entry")
		}
		e := entryFor(0)
		good, err := e.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		exec(`DELETE FROM inquiry_log`)
		exec(`INSERT INTO inquiry_log (seq, subject, entry) VALUES (?, ?, ?)`, 5, []byte{1}, good)
		if err := credit.NewLog(d.Log()).Verify(ctx, credit.Checkpoint{}); !errors.Is(err, credit.ErrLogTampered) {
			t.Fatalf("Verify of a misplaced entry = %v, want ErrLogTampered", err)
		}

		// Key rows: an impossible KEK version.
		exec(`INSERT INTO subject_keys (key_id, subject_id, kek_version, wrapped, shredded, created) VALUES (?, ?, ?, ?, ?, ?)`,
			[]byte("k1"), "s1", -1, []byte("w"), false, 1)
		if _, err := d.Vault().SubjectKey(ctx, []byte("k1")); err == nil {
			t.Fatal("SubjectKey accepted a negative KEK version")
		}

		// Record rows: sealed bytes that are not a sealed record, and a
		// record whose bytes were flipped.
		kr, err := vault.NewKeyring("bureau-test")
		if err != nil {
			t.Fatal(err)
		}
		v, err := vault.New(vault.Config{Keyring: kr, Store: d.Vault(), CacheSize: -1})
		if err != nil {
			t.Fatal(err)
		}
		r := synth.New(3, time.Now()).Record()
		r.ID = "r1"
		if err := v.Put(ctx, "s2", r); err != nil {
			t.Fatal(err)
		}
		row, err := d.Vault().Record(ctx, "r1")
		if err != nil {
			t.Fatal(err)
		}
		flipped := append([]byte{}, row.Sealed...)
		flipped[len(flipped)/2] ^= 1
		exec(`UPDATE records SET sealed = ? WHERE record_id = ?`, flipped, "r1")
		if _, err := v.Get(ctx, "r1"); err == nil {
			t.Fatal("Get opened a record with a flipped byte")
		}
		exec(`UPDATE records SET sealed = ? WHERE record_id = ?`, []byte("x"), "r1")
		if _, err := v.Get(ctx, "r1"); err == nil {
			t.Fatal("Get opened garbage")
		}
	})
}
