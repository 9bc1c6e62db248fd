// Command lender is a bureau/lender backend built on credq: an HTTP API that
// stores credit records field-encrypted in SQL (embedded SQLite by default,
// PostgreSQL when given a postgres:// URL) and answers credit queries only
// with a verified consent presentation, returning a disclosure encrypted to
// the requester's age key and logging every inquiry in a hash-chained log.
//
// Quick start — everything in one process on loopback with synthetic data:
//
//	go run ./examples/lender demo
//
// Running the service:
//
//	go run ./examples/lender serve --db lender.db --listen 127.0.0.1:8080 \
//	    --institution bureau-demo --issuer ed25519:<hex public key>
//	go run ./examples/lender serve --db 'postgres://user@host/db' …
//
// serve creates on first start, if missing: the root age identity file
// (--identity, mode 0600; it seals the vault keyring and the consent subject
// key stored in the database, so keep it offline or in an HSM in
// production) and the admin token file (--admin-token-file). The schema is
// migrated on every start (versioned, idempotent migrations in package
// store).
//
// # Endpoints
//
// Listed with their JSON types, statuses and error codes in package
// examples/lender/api:
//
//	GET  /v1/health                 liveness and database check
//	POST /v1/records          admin load records, sealed on write (field-level AES-GCM under per-subject keys)
//	POST /v1/subjects/ref     admin a subject's pseudonymous reference, for the consent service
//	POST /v1/queries                consent-gated credit query → age-encrypted disclosure
//	POST /v1/consents/revoke  admin revoke a consent and every delegation derived from it
//	POST /v1/subjects/inquiries admin who queried a subject in the last 24 months
//	POST /v1/subjects/shred   admin crypto-shred a subject (records unreadable, 410 afterwards)
//	GET  /v1/audit/log        admin verify the inquiry log end to end
//
// Rejections are JSON {"error": code, "message": text}: 400 malformed,
// 401 bad signature / expired / unknown issuer key / admin token, 403
// purpose or scope not covered / revoked / use limit / purpose-policy
// precondition, 404 unknown subject, 409 replayed presentation, 410
// shredded subject, 413 body over its cap. Messages are the library
// sentinels' texts; no ID number, subject reference or key reaches a
// response or the log (one line per request: method, path, status, error
// code, duration).
//
// # What a query goes through
//
//  1. The body (capped at 64 KiB) names the purpose, the requested classes,
//     the requester's age recipient, the query facts and the armored
//     presentation, which signs all of them (api.QueryBody).
//  2. consent.Verifier checks the token chain, the presentation, freshness,
//     revocation, the nonce and the use count, with the SQL stores of
//     package store, so replays and use limits hold across processes
//     sharing the database.
//  3. The subject's record is found by the grant's pseudonymous subject
//     reference (the vault's subject ID), decrypted, cut down to the
//     purpose's view (credit), logged, and sealed to the requester
//     (vault.Disclose): no view leaves unlogged.
//
// # Durability
//
// A record and its blind-index entries are written in one transaction and
// SQLite runs with WAL and synchronous=FULL, so a server killed mid-load
// leaves each record either whole or absent, and the inquiry log verifies
// after a restart (TestServeSurvivesSIGKILL kills a real child process).
//
// # PostgreSQL
//
// Tests run the same store and API suites against PostgreSQL when
// CREDQ_TEST_POSTGRES_DSN is set; testdata/postgres-ci.sh installs (if
// needed) and starts a throwaway server and prints the variable:
//
//	eval "$(bash examples/lender/testdata/postgres-ci.sh)"
//	go test -race ./examples/lender/...
//	bash examples/lender/testdata/postgres-ci.sh stop
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `usage: lender <command> [flags]

commands:
  demo    run the service on loopback with a temporary database and walk through
          consent, query, replay, delegated collection, revocation, inquiry
          history and shredding
  serve   run the HTTP API

Run "lender <command> -h" for the flags of a command.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// usageError marks errors caused by how the command was invoked (exit 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// run executes one command and returns the exit code: 0 success, 1 failure,
// 2 bad usage.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "demo":
		err = demoCmd(ctx, args[1:], stdout, stderr)
	case "serve":
		err = serveCmd(ctx, args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "lender: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if err == nil {
		return 0
	}
	fmt.Fprintf(stderr, "lender: %v\n", err)
	if errors.As(err, new(usageError)) {
		return 2
	}
	return 1
}
