package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Names of the rows of keyring_meta.
const (
	// MetaKeyring is the institution's vault keyring sealed to its root age
	// identity (vault.Keyring.Seal).
	MetaKeyring = "keyring"
	// MetaSubjectKey is the consent.SubjectKey (from which subject
	// references are derived) sealed to the same root identity.
	MetaSubjectKey = "subject-key"
)

// maxMetaBytes caps a keyring_meta value read back.
const maxMetaBytes = 1 << 20

// Meta returns the sealed value stored under name, or ErrNotFound.
func (d *DB) Meta(ctx context.Context, name string) ([]byte, error) {
	var b []byte
	err := d.db.QueryRowContext(ctx, d.q(`SELECT sealed FROM keyring_meta WHERE name = ?`), name).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: read keyring metadata: %w", err)
	}
	if len(b) > maxMetaBytes {
		return nil, errors.New("store: keyring metadata over the size cap")
	}
	return b, nil
}

// CreateMeta stores value under name unless a value is already there, and
// returns the value that is stored afterwards: two processes initializing
// one database at the same time agree on one keyring.
func (d *DB) CreateMeta(ctx context.Context, name string, value []byte) ([]byte, error) {
	if _, err := d.db.ExecContext(ctx, d.q(`INSERT INTO keyring_meta (name, sealed, updated) VALUES (?, ?, ?)
		ON CONFLICT (name) DO NOTHING`), name, value, time.Now().UnixMilli()); err != nil {
		return nil, fmt.Errorf("store: create keyring metadata: %w", err)
	}
	return d.Meta(ctx, name)
}

// UpdateMeta replaces the value under name (after a key rotation).
func (d *DB) UpdateMeta(ctx context.Context, name string, value []byte) error {
	if _, err := d.db.ExecContext(ctx, d.q(`INSERT INTO keyring_meta (name, sealed, updated) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET sealed = excluded.sealed, updated = excluded.updated`),
		name, value, time.Now().UnixMilli()); err != nil {
		return fmt.Errorf("store: update keyring metadata: %w", err)
	}
	return nil
}
