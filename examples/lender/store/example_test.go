package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/credq/credq/consent"
	"github.com/credq/credq/examples/lender/store"
)

// Open a SQLite database (a postgres:// URL works the same way) and use its
// consent stores: a nonce is accepted once, a revoked consent stays revoked.
func Example() {
	dir, _ := os.MkdirTemp("", "store-example-")
	defer os.RemoveAll(dir)
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(dir, "lender.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()

	now := time.Now()
	nonce := [16]byte{1, 2, 3}
	fmt.Println(db.Replay().CheckAndStore(ctx, nonce, now, now.Add(time.Minute)))
	fmt.Println(db.Replay().CheckAndStore(ctx, nonce, now, now.Add(time.Minute)))

	id := consent.ID{9}
	_ = db.Revocations().Revoke(ctx, id, time.Time{})
	revoked, _ := db.Revocations().Revoked(ctx, id)
	fmt.Println("revoked:", revoked, "schema version:", store.SchemaVersion())
	// Output:
	// <nil>
	// consent: replayed presentation
	// revoked: true schema version: 1
}
