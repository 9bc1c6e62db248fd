// Package credit is credq's credit-record model: typed records, identifier
// normalization for matching, the sensitivity-class schema, purpose-based
// views built only from a verified consent, and the tamper-evident inquiry
// log. Field-level encryption (package credit/vault) and the synthetic-data
// generator (package credit/synth) build on it.
//
// # Which function for which situation
//
//   - Holding data: fill a [Record] (identity, phones, residences,
//     employment, spouse, emergency contacts, accounts, co-obligors, public
//     records, inquiries, annotations) and call [Record.Validate]; decode API
//     input with [DecodeRecordJSON], which is strict and validates.
//   - Matching keys for PSI or lookups: [ResidentIDKey] ("cnid:v1:"),
//     [MobileKey] ("cnmob:v1:"), [EmailKey] ("email:v1:"), or the
//     Normalize* functions for the bare canonical value. They reject, never
//     repair. Never hash these keys without a key: the identifier spaces are
//     small enough to enumerate (see the credq package documentation).
//   - Answering a query: verify the consent presentation with
//     consent.Verifier, fetch the record by the grant's SubjectRef, then call
//     [Disclose] (view + inquiry-log entry, fail closed). [NewView] builds a
//     view without logging, for callers that log themselves.
//   - Showing a subject who looked at their file: [Log.SubjectInquiries].
//   - Auditing: [Log.Verify] against a [Checkpoint] kept outside the store.
//   - Encrypting or storing field by field: walk [Schema] / [Record.Walk]
//     (concrete path, class, action, canonical text) and rebuild with
//     [Record.SetField].
//   - The same in bulk, without a path string per field: [Record.AppendWalk]
//     or [Record.WalkRefs] visit fields by [FieldRef] (schema row + list
//     element) with their text as bytes; [ParseFieldRefBytesNear] resolves a
//     stored path, [NewRecordFor] allocates the record's sections at once,
//     and [Record.SetFieldRef] fills one field; [BuildRecord] does both for
//     texts held back to back in one buffer, with the record and one copy of
//     the texts in a single allocation. [FieldRef.AppendPath] gives the
//     concrete path back. credit/vault seals and opens records this way.
//     Every setter (SetFieldRef, SetField, JSON decoding) stores through
//     setRow, a switch generated from the schema table (go generate;
//     credit/internal/schemagen).
//
// # Model conventions
//
// Enumerations are uint8 types whose zero value means unset; Valid, Code,
// String, MarshalText and a Parse function come with each, and codes follow
// the PBOC second-generation report (check against the official data
// dictionary in production). Money is [Money], int64 minor units (fen), never
// a float. Dates are civil [Date] values. A repayment history ([Repayment])
// is 24 status characters, oldest month first and the most recent month last
// (the month of Account.RepaymentAsOf). Validation errors are [*FieldError]
// values naming the concrete field path ("accounts[2].status"); no error
// message contains a field's value.
//
// # Schema
//
// The schema (schema_table.go, version [SchemaVersion]) is declared once:
// each row maps a field path ("accounts[].balance") to its sensitivity class
// (consent.Class: direct identifier, quasi-identifier, financial,
// third-party) and its [Action] for field-level encryption (encrypt or
// sign-only). Views, consent scopes and the vault all use it. A path the
// schema does not name is an error ([ErrUnknownField]), never silently
// stored. Record.ID is the storage key, not a field.
//
// # Purpose policy
//
// [PolicyFor] returns the row of DOMAIN.md's purpose × class table for a
// purpose ([Access]: full, restricted, aggregate, none), as data in
// policy.go, with the restricted subsets documented per row. Rules applied to
// every view:
//
//   - Only classes in the grant's scope AND the query's requested classes
//     appear, whatever the row allows.
//   - Adverse items (accounts and public records with an adverse-period end)
//     disappear on the fifth anniversary of the end of the adverse period
//     ([AdverseExpired]); inquiries are shown for 24 months
//     ([InquiryVisible]); co-obligors and annotations of dropped accounts go
//     with them ([ApplyRetention]).
//   - Account numbers are masked ([MaskAccountNumber], last four kept) except
//     for self-inquiry and judicial views; they appear only when direct
//     identifiers are released.
//   - Emergency contacts appear only in the subject's own self-inquiry: they
//     never leave the institution that collected them.
//   - Approvals (02/03/24/26) see the spouse only when [Query] declares the
//     spouse a co-applicant (a fact of the query, which the presentation
//     signs). Post-loan management (01) needs a live account of the grantee
//     ([ErrNoLiveAccount]) and sees co-obligors of those accounts only.
//     Judicial queries (09) must cite a legal instrument in the grant's
//     authorization reference ([ErrNoLegalInstrument]).
//   - Housing-fund re-checks (16) see direct identifiers, marital status and
//     residences, residential housing loans (business types 11 and 13) with
//     their annotations, and the spouse's name and ID only.
//   - Guarantor review (08) and insurance (20/21) see every direct, quasi
//     and financial field and no third-party data.
//   - Reviews (18/19/22/23/25) see direct identifiers and employment; they
//     and the multi-lending check get [Aggregates] for the financial class:
//     account and overdue-account counts, hard inquiries in 1/3/6/12
//     months. The multi-lending check gets nothing else.
//   - Judicial views are unmasked and hold the spouse and co-obligors, but
//     not emergency contacts (see above); a court asks the collecting
//     institution for those.
//   - Delegated collection (a credq extension, derived from post-loan
//     management by delegation) sees the name, ID type, masked ID number
//     ([MaskIDNumber]), the subject's own phones, the latest residence, and
//     only the account under collection (Query.AccountID, a live account of
//     the delegating lender) without history or classification — never any
//     third-party data.
//
// A [View] marshals to JSON without the sections it does not hold: no
// "contacts":[] or "spouse":null that would reveal that such data exists.
//
// # Inquiry log
//
// Every view built by [Disclose] is logged: time, querier (root grantee),
// presenter (delegate or grantee), purpose, consent ID, pseudonymous subject
// reference and released classes. Entries ([LogEntry]) are chained:
//
//	Hash = SHA-256("credq/credit/v1/inquiry-log-entry" || 0x00 || body)
//
// where body is the canonical encoding (package encoding) of Seq, Time
// (Unix seconds), Querier, Holder (1-byte length prefixes, at most
// [MaxPartyID] bytes), Purpose (1 byte), ConsentID (16), Subject (32),
// Released (1) and Prev (32, the previous entry's Hash, zero for the
// first); the stored form appends Hash. Modifying, deleting, inserting or
// reordering an entry breaks the chain at that point. Truncating the tail, or
// rewriting it with recomputed hashes, is detected only against a
// [Checkpoint] kept elsewhere (published, or signed by the holder): the chain
// is unkeyed by design, so that anyone holding the checkpoint can audit it.
// Storage sits behind [LogStore]; [MemoryLogStore] is the in-memory
// implementation.
//
// # Security notes
//
// Views copy; they never share memory with the record. A view is never built
// without a valid, unexpired consent.Verified. Identifier normalizers cap
// their input before allocating and are fuzzed for fixed points (normalizing
// a normalized value returns it unchanged). Errors and String methods never
// include personal data; SubjectRef is a pseudonym and still personal data
// under PIPL Art. 73.
package credit
