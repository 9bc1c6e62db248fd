// Package server is the lender example's HTTP API: a bureau or lender
// backend that keeps credit records field-encrypted in SQL (package store)
// and answers credit queries only for a verified consent presentation.
//
// # Which function for which situation
//
//   - New builds a Server from a Config: an open store.DB, the institution
//     ID (the audience of consent grants), the root age identity that seals
//     the keyring and the consent subject key, the trusted issuer keys and
//     the admin token. On first start it creates the keyring (with blind
//     indexes sized for Config.Population) and the subject key and stores
//     them sealed; later starts open them, and fail if the identity or the
//     institution does not match.
//   - Server.Handler is the http.Handler with every route of package api.
//
// # Request handling
//
// Every body is read under its cap (http.MaxBytesReader; 413 beyond) and
// decoded strictly (unknown fields and trailing data are 400). The query
// endpoint dearmors the presentation, rebuilds the consent.Query from the
// request (api.QueryRequest.ConsentQuery), verifies it with a
// consent.Verifier over the SQL revocation, replay and use stores, finds the
// subject's latest record by the grant's subject reference and calls
// vault.Disclose, which builds the purpose's view, appends the inquiry-log
// entry and seals the view to the requester's age recipient. Errors are
// mapped sentinel by sentinel (classify) to a status and an api error code;
// the message sent is the sentinel's own text.
//
// Loads decode and validate every record of the batch before storing any;
// each record is then sealed and written with its index entries in one
// transaction. Records get a random ID when they have none; the vault's
// subject ID is the hex subject reference, so the database holds no ID
// number in clear.
//
// # Security notes
//
//   - Admin endpoints compare SHA-256 hashes of the bearer token in
//     constant time.
//   - The access log has one line per request: method, path, status, error
//     code and duration. No body, header, query string, client address,
//     subject or consent ID is logged; subjects travel in bodies, never in
//     URLs.
//   - A panic in a handler (a bug) is recovered into a 500 for that request.
//   - The subject-reference endpoint is an oracle from ID numbers to
//     pseudonyms: it is admin-only, for the consent service of this holder.
//   - Several server processes may share one database: replay, use counts
//     and the log's append are atomic in the store. The vault caches subject
//     keys for up to its TTL, so another process may read a shredded
//     subject for that long (vault.Config.CacheTTL).
//
// # Performance
//
// Measured with go test -run '^$' -bench . -count 5 (medians) in this
// package and in package store, on a 2-core AMD EPYC VM shared with four
// other engineers' builds and tests, so absolute times are noisy (single
// runs vary by 2x). SQLite in a temporary file (WAL, synchronous=FULL);
// PostgreSQL 15 a throwaway loopback cluster with fsync=off (from
// testdata/postgres-ci.sh, so its commits are not durable and the numbers
// are not a production figure):
//
//	benchmark                                   ns/op      allocs
//	Query, whole handler path, SQLite         3,632,928      427
//	Query, whole handler path, PostgreSQL     6,039,972      429
//	Query, consent verification alone (memory)  183,721        3   SQLite/verify = 19.8
//	store: revocation lookup (read)              25,817       17
//	store: nonce check-and-store (1 commit)     451,326       10
//	store: use-count consume (1 commit)         579,807       22
//	store: inquiry-log append (read + commit) 1,602,645       57
//	Load, 1 record per request                3,212,741   ~2,000
//	Load, 10 records                         36,481,738  ~19,000
//	Load, 100 records                       283,000,000 ~190,000   (2.8 ms/record)
//
// A query is dominated by its durable writes (nonce, use count, log entry),
// not by cryptography: consent verification is about 5% of it. Sequentially
// that is roughly 275 queries per second on one SQLite file on this shared
// machine; requests were not measured in parallel.
package server
