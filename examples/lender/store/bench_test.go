package store

import (
	"context"
	"encoding/binary"
	"testing"
	"time"

	"github.com/credq/credq/consent"
	"github.com/credq/credq/credit"
	"github.com/credq/credq/examples/lender/store/storetest"
)

// BenchmarkConsentState measures the three state operations a verification
// performs, on SQLite (WAL, synchronous=FULL: each write commits durably):
// the revocation lookup (a read), the nonce check-and-store and the use-count
// consumption (one write transaction each).
func BenchmarkConsentState(b *testing.B) {
	ctx := context.Background()
	d, err := Open(ctx, storetest.SQLite(b))
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	now := time.Now()
	b.Run("revoked", func(b *testing.B) {
		b.ReportAllocs()
		for i := range b.N {
			var id consent.ID
			binary.BigEndian.PutUint64(id[:], uint64(i))
			if _, err := d.Revocations().Revoked(ctx, id); err != nil {
				b.Fatal(err)
			}
		}
	})
	var nonces uint64 // fresh across the benchmark's repeated runs
	b.Run("replay", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			var n [16]byte
			nonces++
			binary.BigEndian.PutUint64(n[:], nonces)
			if err := d.Replay().CheckAndStore(ctx, n, now, now.Add(time.Minute)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("consume", func(b *testing.B) {
		b.ReportAllocs()
		uses := []consent.Use{{Key: [16]byte{7}, Limit: consent.MaxUses, Until: now.Add(time.Hour)}}
		for range b.N {
			if err := d.Uses().Consume(ctx, now, uses); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkLogAppend measures credit.Log.Append over the SQL log store
// (a read of the last entry and one conditional insert).
func BenchmarkLogAppend(b *testing.B) {
	ctx := context.Background()
	d, err := Open(ctx, storetest.SQLite(b))
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	log := credit.NewLog(d.Log())
	e := entryFor(0)
	b.ReportAllocs()
	for range b.N {
		if _, err := log.Append(ctx, e); err != nil {
			b.Fatal(err)
		}
	}
}
