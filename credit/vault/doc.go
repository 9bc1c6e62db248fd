// Package vault is field-level encryption for credit records: an age-rooted
// key hierarchy, per-field AEAD driven by the credit schema, blind indexes
// for lookup without decryption, crypto-shredding, key rotation, and
// disclosures encrypted to the requesting lender.
//
// It is a subpackage of credit rather than part of it because it is the only
// part of the credit model that holds keys and talks to storage: the model,
// the policy and the views stay pure functions over plain records, and a
// program that only builds views does not link age or the store interface.
//
// # Which function to use
//
//   - Once per institution: [NewKeyring], then [Keyring.Seal] to the
//     institution's root age recipient (X25519, or ML-KEM-768+X25519 hybrid
//     from [age.GenerateHybridIdentity] for post-quantum protection). Store
//     only the sealed file.
//   - At start-up: [OpenKeyring] with the root identity, then [New] with the
//     keyring and a [Store] ([NewMemStore], or a SQL store with the columns
//     documented on [SubjectKeyRow], [RecordRow], [IndexRow]).
//   - Writing: [Vault.Put] seals a record and its blind-index entries and
//     stores them; [Vault.PutAll] does a batch, sealing every record
//     before storing any. [Vault.Seal] only seals (bytes to store elsewhere);
//     [Vault.SealFields] seals (path, text) pairs from a column store or a
//     form and rejects paths the schema does not name.
//   - Reading: [Vault.Get] by record ID, [Vault.Open] on sealed bytes,
//     [Vault.Lookup] by a resident ID, mobile number or e-mail through a
//     blind index ([IndexResidentID], [IndexMobile], [IndexEmail]; create
//     them with [Vault.AddIndex], which sizes tags with [PlanIndex]).
//   - Answering a consented query: [Vault.Disclose] reads and decrypts the
//     record, builds and logs the view for the verified grant in one step
//     (credit.Disclose), and seals exactly the view's fields to the
//     requester's age recipient, bound to the consent ID and the inquiry-log
//     entry's hash; the requester calls [OpenDisclosure]. [SealDisclosure]
//     seals a view the caller already holds.
//   - Erasure: [Vault.Shred].
//   - Rotation: [Vault.RotateKEK], [Vault.Rewrap] in batches until done,
//     [Vault.RetireKEK]; [Vault.AddIndex] again and [Vault.RetireIndex] for
//     index keys. After every key change persist [Vault.SealKeyring].
//
// # Key hierarchy
//
//	root age identity (X25519 or ML-KEM-768+X25519, kept offline or in an HSM)
//	  └─ seals the keyring file: KEK v1, v2, … and index keys (name, version)
//	       └─ KEK vN wraps each subject key (AES-256-GCM, row in the store)
//	            └─ subject key (one per borrower: the unit of erasure)
//	                 └─ wraps a fresh data key for every sealed record version
//	                      └─ data key seals the record's fields and its MAC
//
// The age decryption happens once, when the keyring is opened. Unwrapped
// subject keys are cached (as ready AES-GCM instances) with a size bound and
// a TTL ([Config]); a miss costs one store read and one AES-GCM unwrap under
// the KEK. Rotating a KEK re-wraps subject-key rows only: sealed records and
// index entries are untouched.
//
// # Sealed record layout (version 1)
//
// In package encoding's conventions (big-endian integers, length-prefixed
// values, no trailing bytes). The hot paths read and write it with direct
// slice indexing: the encoding.Decoder parser is the reference and produces
// every rejection's *encoding.ParseError, and FuzzSealedRecord and the
// sweeps require both parsers to accept exactly the same inputs with the
// same result; TestSealLayout requires Seal's bytes to equal the
// encoding.Encoder marshal.
//
//	uint8    format version = 1
//	uint16   schema version (credit.SchemaVersion)
//	Fixed 8  schema fingerprint: SHA-256 of the schema table, truncated
//	String8  record ID (1..128 bytes)
//	String8  subject ID (1..128 bytes; a pseudonymous handle, stored in clear)
//	Fixed 16 subject key ID          ┐ together the "key ID and version"
//	Fixed 16 data key ID             ┘ every field ciphertext is bound to
//	Fixed 60 wrapped data key: nonce(12) ‖ AES-256-GCM_subjectkey(data key)
//	List16   fields in credit.Record.Walk order (at most 4096):
//	           String8 concrete path ("accounts[3].balance", printable ASCII)
//	           uint8   action: 1 encrypt, 2 sign-only, 3 plain
//	           Bytes16 encrypt: AES-256-GCM ciphertext ‖ tag; otherwise the text
//	Fixed 16 record MAC
//
// Field i is sealed with AES-256-GCM under the data key, nonce 0x00000000 ‖
// uint64(i), associated data
//
//	"credq/vault/v1/field\x00" ‖ schema version ‖ len ‖ record ID ‖
//	subject key ID ‖ data key ID ‖ len ‖ path
//
// so a ciphertext moved to another field, position, record, record version
// or schema fails on its own ([ErrTamperedField]). The record MAC is GMAC
// (AES-256-GCM with empty plaintext, nonce 0xffffffff ‖ 0) under the data
// key over every preceding byte: it covers the header, the field list, the
// sign-only values and every ciphertext, so added, removed, reordered or
// edited fields fail ([ErrTamperedRecord]). The wrapped data key's
// associated data binds the record ID, subject ID, schema version and both
// key IDs. Deterministic nonces are safe because every data key is random
// and used for exactly one sealing.
//
// Open requires the schema version and fingerprint to equal this build's
// ([ErrSchemaViolation] otherwise): with the table unchanged and every path
// and action byte under the MAC, each field is known to carry its schema
// action without a per-field lookup. Schema actions (credit/schema_table.go)
// decide what is encrypted: names,
// identifiers, addresses, amounts, repayment history and free text are
// encrypted; codes and dates the holder needs without decrypting
// (retention, routing) are sign-only: in clear, covered by the MAC.
//
// # Blind indexes
//
// A tag is HMAC-SHA256(index key, "credq/vault/v1/index\x00" ‖ name ‖
// version ‖ normalized identifier), where the identifier is the credit
// package's versioned matching key ("cnid:v1:…", "cnmob:v1:…",
// "email:v1:…"), truncated to the index's bit length. [PlanIndex] picks the
// length from the population N with the rule 2 ≤ expected collisions < √N:
// bits = ⌊log2(N/2)⌋, so each tag is expected to be shared by 2 to 4 values
// (a stolen index does not single anyone out, and an index-key holder cannot
// confirm a guessed ID from the tag alone), and a lookup fetches 2–4 false
// positives that [Vault.Lookup] discards after decrypting the candidates.
// The false-positive rate per non-matching entry is 2^-bits
// ([IndexPlan.FalsePositiveRate]). Index keys are versioned: new records
// are indexed under the newest live version, lookups search every live
// version, re-putting a record moves its entries, and retiring a version
// destroys its key.
//
// # Crypto-shredding
//
// [Vault.Shred] clears the wrapped subject keys in the store (the rows stay
// as tombstones), evicts the cache, and marks the subject's index entries
// shredded with their record IDs removed. Without the subject key no data
// key unwraps, so every record of the subject is unreadable — in the store,
// in backups of the records table, everywhere — while the keyring and other
// subjects are unaffected. Reads, lookups and disclosures then return
// [ErrShredded], which is distinct from every key or integrity error. Note
// that backups of the key table taken before the shred still hold the
// wrapped key: keep key-table backups on a shorter retention than the
// erasure deadline, or re-key (rotate and retire the KEK) after a shred
// batch, which makes old key-table backups useless. A lookup that finds
// only shredded entries reports [ErrShredded]; because the shredded record
// cannot be decrypted, such a hit may be a tag collision (probability about
// N·2^-bits per shredded entry).
//
// # Disclosure layout (version 1)
//
// The package is one binary age file (not armored) encrypted to the
// requester's recipient. Its payload:
//
//	uint8    format version = 1
//	uint16   schema version
//	Fixed 16 consent ID
//	Fixed 32 inquiry-log entry hash
//	uint8    purpose, uint8 released scope
//	Optional six uint32 aggregate counts (credit.Aggregates field order)
//	List16   fields in Walk order: String8 path, String16 canonical text
//
// [OpenDisclosure] rebuilds the record and requires that it re-encodes to
// the same bytes, so each disclosure has one encoding. age authenticates
// the payload against anyone without the file key but does not identify the
// sender: the requester must check ConsentID (OpenDisclosure does) and may
// check InquiryHash against the holder's published log.
//
// # Errors
//
// [ErrWrongKey] (keyring or key row does not open), [ErrUnknownKeyVersion]
// (a KEK or index version that is not in the keyring or was retired),
// [ErrTamperedField] (inside a [*FieldError]), [ErrTamperedRecord],
// [ErrShredded], [ErrSchemaViolation], [ErrNotFound], [ErrInvalidInput],
// [ErrWrongDisclosure];
// malformed bytes are an [*encoding.ParseError]. Messages never contain
// field values or key material.
//
// # Security notes
//
//   - The subject ID, record ID, paths present and sign-only values are
//     stored in clear. Use pseudonymous subject and record IDs.
//   - Field lengths are visible (AES-GCM does not pad); a name's length in
//     bytes is leaked to whoever reads the database.
//   - The cache holds subject keys in memory for up to CacheTTL; another
//     node sharing the store may read a shredded subject for that long, and
//     a record it seals in that window is sealed under the destroyed key
//     (unreadable at once). Shred on every node, or keep the TTL short.
//   - All randomness is crypto/rand; all tag comparisons are constant time.
//
// # AEAD choice and performance
//
// AES-256-GCM was chosen over XChaCha20-Poly1305: on CPUs with AES and
// carry-less-multiply instructions (x86-64 AES-NI and PCLMULQDQ, ARMv8
// crypto extensions; the benchmark machine has them) it was 2.3–3.0 times
// faster for these field-sized inputs (table below), and the usual argument
// for XChaCha — random 192-bit nonces — does not apply because every data
// key is fresh and its nonces are counters. Without AES instructions Go
// falls back to constant-time software AES, and XChaCha20-Poly1305 would be
// the faster choice.
//
// Measured with go test -run '^$' -bench 'Seal|Open|RawAEAD' -count 5
// -cpu 1 (medians of 5) on the 2-core AMD EPYC development VM, otherwise
// idle; "CPU" is the process CPU time per operation (getrusage). The VM's
// speed moves by up to a third between runs, so compare within a run.
// Records: the shape (12 fields, 606 bytes of text, one record, or
// 2000 such records each under its own subject key, which adds the cache
// misses of a real workload) and 64 credit/synth records (about 100 fields
// and 850 bytes each). Raw AEAD = the same field texts sealed or opened one
// by one with crypto/cipher under one pre-expanded key, no framing.
//
//	                                     CPU ns  records/s  allocs  vs raw
//	                                                 (CPU)          AES-GCM
//	12 fields  Seal (warm cache)          5674    176 000      1     2.8×
//	           Open (warm cache)          4521    221 000      1     2.4×
//	           Open (cold: KEK)           7251    138 000     10     3.8×
//	           raw AES-256-GCM seal       2001    500 000      0     1
//	           raw AES-256-GCM open       1918    521 000      0     1
//	           raw XChaCha20 seal         4547    220 000      0     2.3×
//	           raw XChaCha20 open         4631    216 000      0     2.4×
//	12 fields, Seal (one subject)         5535    181 000      1     3.0×
//	2000       Open (warm cache)          4105    244 000      1     2.1×
//	records    Open (cold: KEK)           6928    144 000     10     3.6×
//	           raw AES-256-GCM open       1923    520 000      0     1
//	synth      Seal (warm cache)         21544     46 400      1     1.8×
//	           Open (warm cache)         24900     40 200     10     1.9×
//	           Open (cold: KEK)          25900     38 600     19     2.0×
//	           raw AES-256-GCM seal      11883     84 200      0     1
//	           raw AES-256-GCM open      13074     76 500      0     1
//	           raw XChaCha20 seal        35492     28 200      0     3.0×
//	           raw XChaCha20 open        36448     27 400      0     2.8×
//	OpenKeyring (age, once per start): X25519 208 µs CPU; ML-KEM-768+X25519
//	           hybrid 244 µs CPU
//	Lookup by mobile number, planned tags (2 expected false positives, each
//	           opened and discarded; -count 3): N=1 024: 29 µs CPU;
//	           N=16 384: 44 µs CPU
//
// Targets per core: seal ≥ 100 000 records/s is met (176 000). Open
// ≥ 200 000 records/s is met for the 12-field record with a warm
// cache: 4.52 µs, 221 000/s (4.26–4.74 µs across the five), and for 2000
// distinct records and subject keys: 4.11 µs, 244 000/s. The bench harness
// (go run ./bench --only vault, which opens the same 2000 records one core
// at a time) gave 4.49 µs, 223 000/s, 2.62× raw, in
// bench/results/2026-11-22-vm-vault.md, and 4.46 µs in a second run right
// after. Earlier in the day, before the last change below (BuildRecord's
// in-order lists and direct stores), two runs gave 4.83 and 5.05 µs: the
// VM's speed moves these figures by a tenth or more from run to run.
//
// Where Open's time goes (CPU profile of the 2000-record benchmark): the
// field AES-GCM opens and the data key's unwrap 37%; building the result
// (one allocation, see credit.BuildRecord, and the generated setter) 27%,
// of which the allocation and the collector's share of it about half; the
// record MAC (GHASH over the whole record) 8%; parsing 8%; the data key's
// setup 5%; the subject-key cache 3.5%. What got Open from
// 6.2 µs to about 4.1–4.5 µs:
//   - the data key set in place into a pooled AES-256-GCM (internal/gcm,
//     the standard library's assembly; crypto/cipher cannot re-key and
//     allocated 1.3 KB per record);
//   - the hash of the associated data's common start (label, schema,
//     record ID, key IDs) computed once per record and continued for each
//     field (gcm.Prefix; one instruction of the copied assembly changed);
//   - fields of 3 to about 14 blocks decrypted through the eight-block loop
//     from a stack buffer instead of its one-block-at-a-time loop;
//   - a per-workspace memo of the last record's paths, compared during
//     parsing instead of validating each path again;
//   - the generated setter instead of four closure calls per field;
//   - a result block holding only the sections the record uses
//     (reflect.StructOf per shape) and filling a size class the runtime
//     packs densely (1280 bytes for the record, from 1792);
//   - a CLOCK subject-key cache (a hit sets a bit instead of moving a list
//     element); tags compared as two 64-bit words;
//   - in BuildRecord, lists given their length up front and fields stored
//     directly when the refs are valid and in order (the vault's always
//     are).
//
// Tried and not kept, because they measured no better: computing all tag
// masks in one eight-block AES pass; batching every field's counter blocks
// through an eight-block AES pass with one GHASH per field (the
// per-message bookkeeping cost what the AES saved); a second-chance cache
// over the LRU list before the CLOCK one. Also not kept: the same
// eight-block counter pass for one field of up to 7 blocks, 10–20 ns
// faster for fields of one or two blocks and no faster above, not worth
// the assembly it adds. Not done: a sealed-format version whose record MAC covers the
// header and field tags with the ciphertexts moved after it halves the
// MAC's hashing (about 3% of Open, measured with a prototype), but the
// MAC then covers the ciphertexts only through their tags, where the
// design asks for a MAC over them. The cold path adds one store read and
// one AES-GCM unwrap under the KEK; the age unwrap is paid only
// when the keyring is opened, never per record.
package vault
