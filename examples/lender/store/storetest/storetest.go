// Package storetest gives tests of the lender store and API a fresh database
// per test on every backend that is available: always SQLite (a file in the
// test's temporary directory), and PostgreSQL when the environment variable
// CREDQ_TEST_POSTGRES_DSN names a server (each test gets its own schema,
// dropped at the end). Without it the PostgreSQL subtests skip with a printed
// reason; examples/lender/testdata/postgres-ci.sh starts a throwaway server
// and prints the variable.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver "pgx"
)

// EnvPostgres is the environment variable naming the PostgreSQL server.
const EnvPostgres = "CREDQ_TEST_POSTGRES_DSN"

// Each runs fn as a subtest per backend ("sqlite", "postgres") with the DSN
// of a fresh, empty database.
func Each(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite returns the path of a new SQLite database file in t.TempDir().
func SQLite(t testing.TB) string {
	return filepath.Join(t.TempDir(), "lender.db")
}

// Postgres returns a DSN for a fresh schema on the server named by
// CREDQ_TEST_POSTGRES_DSN, or skips t with the reason.
func Postgres(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		t.Skip("PostgreSQL tests skipped: " + EnvPostgres + " is not set (run examples/lender/testdata/postgres-ci.sh to start a server)")
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s does not parse as a URL", EnvPostgres)
	}
	var rnd [6]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		t.Fatal(err)
	}
	schema := "t_" + hex.EncodeToString(rnd[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open PostgreSQL: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, _ = admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// IsPostgres reports whether dsn names PostgreSQL.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}
