package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/credq/credq/consent"
)

// Revocations is the SQL consent.RevocationStore (table revocations).
type Revocations struct{ d *DB }

// Replay is the SQL consent.ReplayStore (table nonces).
type Replay struct{ d *DB }

// Uses is the SQL consent.UseStore (table use_counts).
type Uses struct{ d *DB }

var (
	_ consent.RevocationStore = Revocations{}
	_ consent.ReplayStore     = Replay{}
	_ consent.UseStore        = Uses{}
)

// Revocations returns d's consent.RevocationStore.
func (d *DB) Revocations() Revocations { return Revocations{d} }

// Replay returns d's consent.ReplayStore.
func (d *DB) Replay() Replay { return Replay{d} }

// Uses returns d's consent.UseStore.
func (d *DB) Uses() Uses { return Uses{d} }

// Revoke revokes id (and every delegation derived from it) until the given
// time; the zero time means forever. Revoking again keeps the later of the
// two times (forever wins).
func (r Revocations) Revoke(ctx context.Context, id consent.ID, until time.Time) error {
	_, err := r.d.db.ExecContext(ctx, r.d.q(`INSERT INTO revocations (consent_id, until) VALUES (?, ?)
		ON CONFLICT (consent_id) DO UPDATE SET until = CASE
			WHEN revocations.until = 0 OR excluded.until = 0 THEN 0
			WHEN excluded.until > revocations.until THEN excluded.until
			ELSE revocations.until END`), id[:], millis(until))
	if err != nil {
		return fmt.Errorf("store: revoke: %w", err)
	}
	return nil
}

// Revoked implements consent.RevocationStore. A revoked ID stays revoked
// until Purge removes its row, whatever the clock says; a database error
// fails verification (fail closed).
func (r Revocations) Revoked(ctx context.Context, id consent.ID) (bool, error) {
	var n int64
	if err := r.d.db.QueryRowContext(ctx, r.d.q(`SELECT COUNT(*) FROM revocations WHERE consent_id = ?`), id[:]).Scan(&n); err != nil {
		return false, fmt.Errorf("store: revoked: %w", err)
	}
	return n > 0, nil
}

// CheckAndStore implements consent.ReplayStore with one statement: insert
// the nonce, or take over its row if the old entry has expired; if a live
// entry holds it, nothing changes and the result is consent.ErrReplay. The
// statement is atomic in both databases (SQLite serializes writers,
// PostgreSQL locks the conflicting row), so of two concurrent calls with the
// same nonce exactly one succeeds.
func (r Replay) CheckAndStore(ctx context.Context, nonce [16]byte, now, until time.Time) error {
	res, err := r.d.db.ExecContext(ctx, r.d.q(`INSERT INTO nonces (nonce, until) VALUES (?, ?)
		ON CONFLICT (nonce) DO UPDATE SET until = excluded.until WHERE nonces.until <= ?`),
		nonce[:], millis(until), millis(now))
	if err != nil {
		return fmt.Errorf("store: replay check: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: replay check: %w", err)
	}
	if n == 0 {
		return consent.ErrReplay
	}
	return nil
}

// Consume implements consent.UseStore in one transaction: each counter is
// incremented by a conditional upsert that changes its row only while the
// count is below the limit (or the old counter has expired, which restarts
// it at one). If any counter is at its limit the transaction rolls back,
// nothing changes, and the result is consent.ErrUseLimit. Counters are
// touched in the order given (the chain order), so concurrent transactions
// lock rows in the same order.
func (u Uses) Consume(ctx context.Context, now time.Time, uses []consent.Use) error {
	nowMs := millis(now)
	errLimit := consent.ErrUseLimit
	err := u.d.inTx(ctx, func(tx *sql.Tx) error {
		for _, use := range uses {
			limit := int64(use.Limit)
			if use.Limit == 0 {
				limit = int64(consent.OneTime)
			}
			res, err := tx.ExecContext(ctx, u.d.q(`INSERT INTO use_counts (use_key, used, until) VALUES (?, 1, ?)
				ON CONFLICT (use_key) DO UPDATE SET
					used = CASE WHEN use_counts.until <= ? THEN 1 ELSE use_counts.used + 1 END,
					until = excluded.until
				WHERE use_counts.until <= ? OR use_counts.used < ?`),
				use.Key[:], millis(use.Until), nowMs, nowMs, limit)
			if err != nil {
				return fmt.Errorf("store: consume: %w", err)
			}
			n, err := res.RowsAffected()
			if err != nil {
				return fmt.Errorf("store: consume: %w", err)
			}
			if n == 0 {
				return errLimit
			}
		}
		return nil
	})
	return err
}

// Purge deletes expired nonces, use counters and revocations (those with a
// time that has passed; revocations "forever" stay). Run it periodically.
func (d *DB) Purge(ctx context.Context, now time.Time) error {
	ms := millis(now)
	for _, q := range []string{
		`DELETE FROM nonces WHERE until <= ?`,
		`DELETE FROM use_counts WHERE until <= ?`,
		`DELETE FROM revocations WHERE until <> 0 AND until <= ?`,
	} {
		if _, err := d.db.ExecContext(ctx, d.q(q), ms); err != nil {
			return fmt.Errorf("store: purge: %w", err)
		}
	}
	return nil
}
