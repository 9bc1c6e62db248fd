package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/credq/credq/credit"
)

// Log is the SQL credit.LogStore: table inquiry_log, one row per entry in
// the binary form of credit.LogEntry.MarshalBinary, keyed by sequence
// number.
type Log struct{ d *DB }

var _ credit.LogStore = Log{}

// Log returns d's credit.LogStore.
func (d *DB) Log() Log { return Log{d} }

// scanPage is how many entries Scan reads per query, so that a scan never
// holds a cursor open while its callback runs.
var scanPage = 256

// logAppendSQL is Log.Append's statement before DB.ddl and DB.q (DB.Open
// rewrites it once into DB.logAppend; it is not a prepared statement).
const logAppendSQL = `INSERT INTO inquiry_log (seq, subject, entry)
	SELECT CAST(? AS BIGINT), CAST(? AS {BLOB}), CAST(? AS {BLOB})
	WHERE CAST(? AS BIGINT) = 0 OR EXISTS (SELECT 1 FROM inquiry_log WHERE seq = CAST(? AS BIGINT))
	ON CONFLICT (seq) DO NOTHING`

// Append implements credit.LogStore. The insert succeeds only when e.Seq is
// the current length: the row is written only if e.Seq is 0 or entry
// e.Seq-1 exists, and the primary key refuses a second entry e.Seq. Both
// checks are in the one INSERT statement, so two writers cannot fork the
// chain; the loser gets credit.ErrLogConflict.
func (l Log) Append(ctx context.Context, e credit.LogEntry) error {
	b, err := e.MarshalBinary()
	if err != nil {
		return err
	}
	if e.Seq > 1<<62 {
		return credit.ErrLogConflict
	}
	seq := int64(e.Seq)
	res, err := l.d.db.ExecContext(ctx, l.d.logAppend, seq, e.Subject[:], b, seq, seq-1)
	if err != nil {
		return fmt.Errorf("store: log append: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: log append: %w", err)
	}
	if n != 1 {
		return credit.ErrLogConflict
	}
	return nil
}

func decodeEntry(b []byte) (credit.LogEntry, error) {
	var e credit.LogEntry
	if len(b) > credit.LogEntrySize {
		return e, errors.New("store: log entry row over the size cap")
	}
	if err := e.UnmarshalBinary(b); err != nil {
		return e, fmt.Errorf("store: log entry row: %w", err)
	}
	return e, nil
}

// Last implements credit.LogStore.
func (l Log) Last(ctx context.Context) (credit.LogEntry, bool, error) {
	var b []byte
	err := l.d.db.QueryRowContext(ctx, `SELECT entry FROM inquiry_log ORDER BY seq DESC LIMIT 1`).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return credit.LogEntry{}, false, nil
	}
	if err != nil {
		return credit.LogEntry{}, false, fmt.Errorf("store: log last: %w", err)
	}
	e, err := decodeEntry(b)
	if err != nil {
		return credit.LogEntry{}, false, err
	}
	return e, true, nil
}

// Scan implements credit.LogStore. It reads pages of entries and calls fn
// with no query open, so fn may use the database (and append).
func (l Log) Scan(ctx context.Context, from uint64, fn func(credit.LogEntry) error) error {
	if from > 1<<62 {
		return nil
	}
	next := int64(from)
	for {
		page, err := l.page(ctx, next)
		if err != nil {
			return err
		}
		for _, e := range page {
			if err := fn(e); err != nil {
				return err
			}
		}
		if len(page) < scanPage {
			return nil
		}
		next = int64(page[len(page)-1].Seq) + 1
	}
}

func (l Log) page(ctx context.Context, from int64) ([]credit.LogEntry, error) {
	rows, err := l.d.db.QueryContext(ctx, l.d.q(`SELECT seq, entry FROM inquiry_log WHERE seq >= ? ORDER BY seq LIMIT ?`), from, scanPage)
	if err != nil {
		return nil, fmt.Errorf("store: log scan: %w", err)
	}
	defer rows.Close()
	out := make([]credit.LogEntry, 0, scanPage)
	for rows.Next() {
		var (
			seq int64
			b   []byte
		)
		if err := rows.Scan(&seq, &b); err != nil {
			return nil, fmt.Errorf("store: log scan: %w", err)
		}
		e, err := decodeEntry(b)
		if err != nil {
			return nil, err
		}
		if seq < 0 || uint64(seq) != e.Seq {
			// The key column and the entry disagree: hand the entry on
			// anyway and let the chain verifier name the position.
			e.Seq = uint64(seq)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: log scan: %w", err)
	}
	return out, nil
}
