package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// migration is one schema version: statements written with the {BLOB} and
// {BOOL} tokens of DB.ddl. Statements are idempotent (IF NOT EXISTS) as a
// second line of defence; the version row in schema_migrations is what
// decides whether a migration runs.
type migration struct {
	version int
	name    string
	stmts   []string
}

// migrations are applied in order; append, never edit a released one.
var migrations = []migration{
	{1, "initial schema", []string{
		// Field-encrypted records (vault.RecordRow): the sealed bytes are the
		// vault's layout; record and subject IDs are pseudonymous handles.
		`CREATE TABLE IF NOT EXISTS records (
			record_id  TEXT PRIMARY KEY,
			subject_id TEXT NOT NULL,
			sealed     {BLOB} NOT NULL,
			created    BIGINT NOT NULL
		)`,
		`CREATE INDEX IF NOT EXISTS records_subject ON records (subject_id, created)`,
		// Blind-index entries (vault.IndexRow). Shredded entries keep no
		// record ID.
		`CREATE TABLE IF NOT EXISTS blind_index (
			index_name TEXT NOT NULL,
			version    BIGINT NOT NULL,
			tag        {BLOB} NOT NULL,
			record_id  TEXT NOT NULL,
			subject_id TEXT NOT NULL,
			shredded   {BOOL} NOT NULL
		)`,
		`CREATE INDEX IF NOT EXISTS blind_index_tag ON blind_index (index_name, version, tag)`,
		`CREATE INDEX IF NOT EXISTS blind_index_record ON blind_index (record_id)`,
		`CREATE INDEX IF NOT EXISTS blind_index_subject ON blind_index (subject_id)`,
		// Per-subject keys wrapped under a KEK (vault.SubjectKeyRow); a
		// shredded row stays as a tombstone with wrapped = NULL.
		`CREATE TABLE IF NOT EXISTS subject_keys (
			key_id      {BLOB} PRIMARY KEY,
			subject_id  TEXT NOT NULL,
			kek_version BIGINT NOT NULL,
			wrapped     {BLOB},
			shredded    {BOOL} NOT NULL,
			created     BIGINT NOT NULL
		)`,
		`CREATE INDEX IF NOT EXISTS subject_keys_subject ON subject_keys (subject_id, created)`,
		// Keyring metadata: the age-sealed keyring file and the age-sealed
		// consent subject key, by name.
		`CREATE TABLE IF NOT EXISTS keyring_meta (
			name    TEXT PRIMARY KEY,
			sealed  {BLOB} NOT NULL,
			updated BIGINT NOT NULL
		)`,
		// The hash-chained inquiry log (credit.LogEntry in its binary form).
		`CREATE TABLE IF NOT EXISTS inquiry_log (
			seq     BIGINT PRIMARY KEY,
			subject {BLOB} NOT NULL,
			entry   {BLOB} NOT NULL
		)`,
		`CREATE INDEX IF NOT EXISTS inquiry_log_subject ON inquiry_log (subject)`,
		// Consent state: revoked consent IDs, presentation nonces, use counts.
		// Times are Unix milliseconds; until = 0 means forever.
		`CREATE TABLE IF NOT EXISTS revocations (
			consent_id {BLOB} PRIMARY KEY,
			until      BIGINT NOT NULL
		)`,
		`CREATE TABLE IF NOT EXISTS nonces (
			nonce {BLOB} PRIMARY KEY,
			until BIGINT NOT NULL
		)`,
		`CREATE TABLE IF NOT EXISTS use_counts (
			use_key {BLOB} PRIMARY KEY,
			used    BIGINT NOT NULL,
			until   BIGINT NOT NULL
		)`,
	}},
}

// SchemaVersion is the schema version Open migrates to.
func SchemaVersion() int { return migrations[len(migrations)-1].version }

// migrationLock is the PostgreSQL advisory-lock key that serializes
// migrations of processes starting at the same time ("credqmig").
const migrationLock = 0x637265647169_6d67

// migrate creates the version table and applies every migration not yet
// recorded, all in one transaction: DDL is transactional in both databases,
// so a crash mid-migration leaves the previous schema. Concurrent starts are
// serialized by BEGIN IMMEDIATE on SQLite and by a transaction-scoped
// advisory lock on PostgreSQL.
func (d *DB) migrate(ctx context.Context) error {
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		if d.dialect == Postgres {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLock)); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version BIGINT PRIMARY KEY,
			name    TEXT NOT NULL,
			applied BIGINT NOT NULL
		)`); err != nil {
			return err
		}
		for _, m := range migrations {
			var n int
			if err := tx.QueryRowContext(ctx, d.q(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`), m.version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				continue
			}
			for _, s := range m.stmts {
				if _, err := tx.ExecContext(ctx, d.ddl(s)); err != nil {
					return fmt.Errorf("migration %d: %w", m.version, err)
				}
			}
			if _, err := tx.ExecContext(ctx, d.q(`INSERT INTO schema_migrations (version, name, applied) VALUES (?, ?, ?)`),
				m.version, m.name, time.Now().UnixMilli()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	return nil
}

// AppliedVersion returns the highest schema version recorded in the
// database.
func (d *DB) AppliedVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	if err := d.db.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	return int(v.Int64), nil
}
