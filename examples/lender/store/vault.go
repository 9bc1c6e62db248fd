package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/credq/credq/credit/vault"
)

// Vault is the SQL vault.Store: tables subject_keys, records and
// blind_index. A record and its index entries are written in one
// transaction, so a crash leaves either the old or the new version of both.
type Vault struct{ d *DB }

var _ vault.Store = Vault{}

// Vault returns d's vault.Store.
func (d *DB) Vault() Vault { return Vault{d} }

// maxRowBytes caps a blob read from the database before it is handed to a
// parser (the vault's own cap on sealed records).
const maxRowBytes = vault.MaxSealedSize

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return vault.ErrNotFound
	}
	return err
}

// PutSubjectKey implements vault.Store. A shredded row is a tombstone that
// no later write revives: an update of a shredded key ID changes nothing
// and returns vault.ErrShredded (this closes the window in which a re-wrap
// that read the key before a shred writes it back after).
func (s Vault) PutSubjectKey(ctx context.Context, row vault.SubjectKeyRow) error {
	res, err := s.d.db.ExecContext(ctx, s.d.q(`INSERT INTO subject_keys (key_id, subject_id, kek_version, wrapped, shredded, created)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (key_id) DO UPDATE SET subject_id = excluded.subject_id, kek_version = excluded.kek_version,
			wrapped = excluded.wrapped, shredded = excluded.shredded
		WHERE subject_keys.shredded = ?`),
		row.KeyID, row.SubjectID, int64(row.KEKVersion), nullBytes(row.Wrapped), row.Shredded, time.Now().UnixNano(), false)
	if err != nil {
		return fmt.Errorf("store: put subject key: %w", err)
	}
	// An insert or an update is one row; the guarded update of a tombstone
	// is none.
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: put subject key: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("store: put subject key: %w", vault.ErrShredded)
	}
	return nil
}

func nullBytes(b []byte) any {
	if b == nil {
		return nil
	}
	return b
}

const keyCols = `key_id, subject_id, kek_version, wrapped, shredded`

func scanKey(sc interface{ Scan(...any) error }) (vault.SubjectKeyRow, error) {
	var (
		r   vault.SubjectKeyRow
		ver int64
	)
	if err := sc.Scan(&r.KeyID, &r.SubjectID, &ver, &r.Wrapped, &r.Shredded); err != nil {
		return vault.SubjectKeyRow{}, err
	}
	if ver < 0 || ver > 1<<32-1 || len(r.KeyID) > 64 || len(r.Wrapped) > 1024 {
		return vault.SubjectKeyRow{}, errors.New("store: malformed subject key row")
	}
	r.KEKVersion = uint32(ver)
	return r, nil
}

// CurrentSubjectKey implements vault.Store: the subject's newest key row that
// is not shredded.
func (s Vault) CurrentSubjectKey(ctx context.Context, subjectID string) (vault.SubjectKeyRow, error) {
	row := s.d.db.QueryRowContext(ctx, s.d.q(`SELECT `+keyCols+` FROM subject_keys
		WHERE subject_id = ? AND shredded = ? ORDER BY created DESC, key_id DESC LIMIT 1`), subjectID, false)
	r, err := scanKey(row)
	if err != nil {
		return vault.SubjectKeyRow{}, fmt.Errorf("store: current subject key: %w", notFound(err))
	}
	return r, nil
}

// SubjectKey implements vault.Store.
func (s Vault) SubjectKey(ctx context.Context, keyID []byte) (vault.SubjectKeyRow, error) {
	r, err := scanKey(s.d.db.QueryRowContext(ctx, s.d.q(`SELECT `+keyCols+` FROM subject_keys WHERE key_id = ?`), keyID))
	if err != nil {
		return vault.SubjectKeyRow{}, fmt.Errorf("store: subject key: %w", notFound(err))
	}
	return r, nil
}

// SubjectKeys implements vault.Store.
func (s Vault) SubjectKeys(ctx context.Context, after []byte, limit int) ([]vault.SubjectKeyRow, error) {
	if limit <= 0 {
		return nil, nil
	}
	if after == nil {
		after = []byte{}
	}
	rows, err := s.d.db.QueryContext(ctx, s.d.q(`SELECT `+keyCols+` FROM subject_keys
		WHERE shredded = ? AND key_id > ? ORDER BY key_id LIMIT ?`), false, after, limit)
	if err != nil {
		return nil, fmt.Errorf("store: subject keys: %w", err)
	}
	defer rows.Close()
	var out []vault.SubjectKeyRow
	for rows.Next() {
		r, err := scanKey(rows)
		if err != nil {
			return nil, fmt.Errorf("store: subject keys: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: subject keys: %w", err)
	}
	return out, nil
}

// PutRecord implements vault.Store: the record row and all of its index
// entries are replaced in ONE transaction.
func (s Vault) PutRecord(ctx context.Context, row vault.RecordRow, entries []vault.IndexRow) error {
	err := s.d.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.d.q(`INSERT INTO records (record_id, subject_id, sealed, created) VALUES (?, ?, ?, ?)
			ON CONFLICT (record_id) DO UPDATE SET subject_id = excluded.subject_id, sealed = excluded.sealed, created = excluded.created`),
			row.RecordID, row.SubjectID, row.Sealed, time.Now().UnixNano()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.d.q(`DELETE FROM blind_index WHERE record_id = ?`), row.RecordID); err != nil {
			return err
		}
		for _, e := range entries {
			if _, err := tx.ExecContext(ctx, s.d.q(`INSERT INTO blind_index (index_name, version, tag, record_id, subject_id, shredded)
				VALUES (?, ?, ?, ?, ?, ?)`), e.Index, int64(e.Version), e.Tag, e.RecordID, e.SubjectID, e.Shredded); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: put record: %w", err)
	}
	return nil
}

// Record implements vault.Store.
func (s Vault) Record(ctx context.Context, recordID string) (vault.RecordRow, error) {
	r := vault.RecordRow{RecordID: recordID}
	err := s.d.db.QueryRowContext(ctx, s.d.q(`SELECT subject_id, sealed FROM records WHERE record_id = ?`), recordID).Scan(&r.SubjectID, &r.Sealed)
	if err != nil {
		return vault.RecordRow{}, fmt.Errorf("store: record: %w", notFound(err))
	}
	if len(r.Sealed) > maxRowBytes {
		return vault.RecordRow{}, errors.New("store: record: sealed row over the size cap")
	}
	return r, nil
}

// FindIndex implements vault.Store.
func (s Vault) FindIndex(ctx context.Context, index string, version uint32, tag []byte) ([]vault.IndexRow, error) {
	rows, err := s.d.db.QueryContext(ctx, s.d.q(`SELECT record_id, subject_id, shredded FROM blind_index
		WHERE index_name = ? AND version = ? AND tag = ?`), index, int64(version), tag)
	if err != nil {
		return nil, fmt.Errorf("store: find index: %w", err)
	}
	defer rows.Close()
	var out []vault.IndexRow
	for rows.Next() {
		e := vault.IndexRow{Index: index, Version: version, Tag: append([]byte(nil), tag...)}
		if err := rows.Scan(&e.RecordID, &e.SubjectID, &e.Shredded); err != nil {
			return nil, fmt.Errorf("store: find index: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: find index: %w", err)
	}
	return out, nil
}

// Shred implements vault.Store: in one transaction every key row of the
// subject loses its wrapped key and becomes a tombstone, and every index
// entry of the subject is marked shredded and loses its record ID.
func (s Vault) Shred(ctx context.Context, subjectID string) error {
	err := s.d.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.d.q(`UPDATE subject_keys SET wrapped = NULL, shredded = ? WHERE subject_id = ?`), true, subjectID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.d.q(`UPDATE blind_index SET shredded = ?, record_id = '' WHERE subject_id = ?`), true, subjectID)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: shred: %w", err)
	}
	return nil
}

// LatestRecord returns the ID of the subject's most recently written record,
// or ErrNotFound when the subject has none.
func (s Vault) LatestRecord(ctx context.Context, subjectID string) (string, error) {
	var id string
	err := s.d.db.QueryRowContext(ctx, s.d.q(`SELECT record_id FROM records WHERE subject_id = ?
		ORDER BY created DESC, record_id DESC LIMIT 1`), subjectID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("store: latest record: %w", err)
	}
	return id, nil
}

// RecordIDs returns up to limit record IDs greater than after, in ascending
// order (for audits and the durability test).
func (s Vault) RecordIDs(ctx context.Context, after string, limit int) ([]string, error) {
	rows, err := s.d.db.QueryContext(ctx, s.d.q(`SELECT record_id FROM records WHERE record_id > ? ORDER BY record_id LIMIT ?`), after, limit)
	if err != nil {
		return nil, fmt.Errorf("store: record IDs: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: record IDs: %w", err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: record IDs: %w", err)
	}
	return out, nil
}
