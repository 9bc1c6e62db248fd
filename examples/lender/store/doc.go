// Package store holds the lender example's SQL storage behind database/sql:
// the credit/vault Store (sealed records, blind indexes, subject keys), the
// credit inquiry-log LogStore, and the consent RevocationStore, ReplayStore
// and UseStore, on embedded SQLite (modernc.org/sqlite, pure Go, the
// default) or PostgreSQL (github.com/jackc/pgx/v5/stdlib).
//
// # Which function for which situation
//
//   - Open(ctx, dsn): a file path opens (or creates) SQLite; a
//     "postgres://…" URL opens PostgreSQL. Either way the schema is migrated
//     to SchemaVersion before Open returns.
//   - DB.Vault for vault.New; DB.Log for credit.NewLog; DB.Revocations,
//     DB.Replay and DB.Uses for consent.VerifierConfig. Several processes
//     may share one database: every check-and-update is one atomic statement
//     or one transaction.
//   - DB.Meta, DB.CreateMeta, DB.UpdateMeta keep the age-sealed keyring and
//     the sealed consent subject key (MetaKeyring, MetaSubjectKey).
//   - DB.Purge drops expired nonces, use counters and revocations.
//
// # Schema (version 1)
//
//	records       (record_id PK, subject_id, sealed, created)
//	blind_index   (index_name, version, tag, record_id, subject_id, shredded)
//	subject_keys  (key_id PK, subject_id, kek_version, wrapped NULL, shredded, created)
//	keyring_meta  (name PK, sealed, updated)
//	inquiry_log   (seq PK, subject, entry)
//	revocations   (consent_id PK, until)
//	nonces        (nonce PK, until)
//	use_counts    (use_key PK, used, until)
//	schema_migrations (version PK, name, applied)
//
// Binary columns are BLOB on SQLite and BYTEA on PostgreSQL, booleans
// INTEGER 0/1 and BOOLEAN; times are Unix milliseconds (0: forever), except
// the created columns of records and subject_keys, which are Unix
// nanoseconds (they order a subject's records and keys, newest first).
// Queries are written once with ? placeholders and numbered ($1, $2, …) for
// PostgreSQL; upserts use INSERT … ON CONFLICT, which both databases accept.
// Migrations are a versioned list in code, each applied once and recorded
// in schema_migrations; Open applies all pending ones in one transaction.
// Their statements are idempotent.
//
// # Atomicity
//
//   - PutRecord writes the record and replaces its index entries in one
//     transaction: after a crash a record is either whole with its entries,
//     or absent (or its previous version).
//   - Replay.CheckAndStore is one conditional upsert (insert, or take over
//     an expired row); exactly one of two concurrent calls with one nonce
//     succeeds.
//   - Uses.Consume runs one conditional upsert per counter ("increment only
//     while below the limit") in one transaction and rolls back all of them
//     when one is at its limit.
//   - Log.Append inserts entry n only if entry n-1 exists and n does not, in
//     one statement, so concurrent writers cannot fork the chain.
//
// SQLite runs in WAL mode with synchronous=FULL and BEGIN IMMEDIATE
// transactions (writers queue on the busy timeout instead of failing);
// PostgreSQL runs at its default isolation, where the row locks taken by
// ON CONFLICT DO UPDATE give the same guarantees.
//
// # Security notes
//
// The database holds only sealed records, truncated keyed index tags,
// wrapped keys, the age-sealed keyring, pseudonymous subject references and
// random IDs; the consent subject key and the keyring are readable only with
// the institution's root age identity. Error messages name the operation,
// never a value. A row that does not parse is an error, never a panic, and
// blobs are size-checked before they reach a parser. A shredded subject key
// row is a tombstone that later writes cannot revive.
//
// Tests run on SQLite always and on PostgreSQL when CREDQ_TEST_POSTGRES_DSN
// is set (see package storetest and testdata/postgres-ci.sh one directory
// up).
package store
