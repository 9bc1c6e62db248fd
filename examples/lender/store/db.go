package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver "pgx"
	_ "modernc.org/sqlite"             // SQLite driver "sqlite"
)

// Dialect names the SQL database behind a DB.
type Dialect uint8

const (
	// SQLite is the embedded default (modernc.org/sqlite, pure Go).
	SQLite Dialect = iota + 1
	// Postgres is PostgreSQL through github.com/jackc/pgx/v5/stdlib.
	Postgres
)

// String returns "sqlite" or "postgres".
func (d Dialect) String() string {
	switch d {
	case SQLite:
		return "sqlite"
	case Postgres:
		return "postgres"
	}
	return "unknown"
}

// ErrNotFound means a row the caller asked for does not exist. Methods that
// implement vault.Store return vault.ErrNotFound instead, as that interface
// requires.
var ErrNotFound = errors.New("store: not found")

// DB is an open database with the lender schema migrated to the latest
// version. It is safe for concurrent use.
type DB struct {
	db      *sql.DB
	dialect Dialect
	// The dialect's SQL text, computed once: types replaces the ddl
	// tokens, numbered memoizes q's PostgreSQL rewrite of each query
	// (the queries are constants), logAppend is Log.Append's statement.
	types     *strings.Replacer
	numbered  sync.Map // string → string
	logAppend string
}

// Open opens dsn and migrates its schema: a "postgres://" or
// "postgresql://" URL selects PostgreSQL, anything else is a SQLite file
// path (created if missing). SQLite runs in WAL mode with synchronous=FULL
// (a committed transaction survives a crash of the process or the machine),
// a busy timeout, and BEGIN IMMEDIATE transactions, so that concurrent
// writers (goroutines or processes) queue instead of failing.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if dsn == "" {
		return nil, errors.New("store: empty database name")
	}
	var (
		d       *DB
		sqldb   *sql.DB
		err     error
		dialect Dialect
	)
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		dialect = Postgres
		sqldb, err = sql.Open("pgx", dsn)
	} else {
		dialect = SQLite
		q := url.Values{}
		q.Add("_pragma", "busy_timeout(10000)")
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(FULL)")
		q.Add("_pragma", "foreign_keys(1)")
		q.Set("_txlock", "immediate")
		sqldb, err = sql.Open("sqlite", "file:"+dsn+"?"+q.Encode())
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", dialect, err)
	}
	if dialect == SQLite {
		// One writer at a time is all SQLite allows; a small pool keeps
		// readers concurrent in WAL mode without piling up busy waits.
		sqldb.SetMaxOpenConns(4)
	} else {
		sqldb.SetMaxOpenConns(16)
	}
	sqldb.SetConnMaxIdleTime(5 * time.Minute)
	d = &DB{db: sqldb, dialect: dialect, types: strings.NewReplacer("{BLOB}", "BLOB", "{BOOL}", "INTEGER")}
	if dialect == Postgres {
		d.types = strings.NewReplacer("{BLOB}", "BYTEA", "{BOOL}", "BOOLEAN")
	}
	d.logAppend = d.q(d.ddl(logAppendSQL))
	if err := d.db.PingContext(ctx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("store: connect to %s: %w", dialect, err)
	}
	if err := d.migrate(ctx); err != nil {
		sqldb.Close()
		return nil, err
	}
	return d, nil
}

// Dialect reports which database d talks to.
func (d *DB) Dialect() Dialect { return d.dialect }

// Close closes the database.
func (d *DB) Close() error { return d.db.Close() }

// Ping checks that the database answers (the health endpoint).
func (d *DB) Ping(ctx context.Context) error {
	if err := d.db.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// q rewrites a query written with ? placeholders for d's dialect
// (PostgreSQL numbers them: $1, $2, …), once per query text: pass only
// constant text, as the memo keeps every query it is given. Queries in
// this package contain no ? inside string literals.
func (d *DB) q(query string) string {
	if d.dialect != Postgres {
		return query
	}
	if s, ok := d.numbered.Load(query); ok {
		return s.(string)
	}
	s := numberPlaceholders(query)
	d.numbered.Store(query, s)
	return s
}

func numberPlaceholders(query string) string {
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

// ddl replaces the type tokens of a schema statement for d's dialect:
// {BLOB} is BLOB or BYTEA, {BOOL} is INTEGER (0/1) or BOOLEAN.
func (d *DB) ddl(stmt string) string { return d.types.Replace(stmt) }

// inTx runs fn in a transaction and commits it, or rolls back when fn or the
// commit fails.
func (d *DB) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// millis is the stored form of a time: Unix milliseconds, 0 for the zero
// time.
func millis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}
