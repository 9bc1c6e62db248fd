// Package consent implements purpose-bound consent tokens for credit
// queries: an issuer signs a grant on the borrower's behalf, the grantee (a
// lender) may narrow it for a delegate (a collection agency), and the holder
// presents it with proof of possession to the data holder (a bureau), which
// verifies offline, fast, that this requester may make this query for this
// purpose right now.
//
// # Which function for which role
//
//   - Consent service (issuer): [GenerateIssuer] or [IssuerFromSeed], then
//     [Issuer.Issue] with a [Grant]. Publish [Issuer.PublicKey] to the data
//     holders. Use [AlgEd25519] (default, 64-byte signatures) unless
//     post-quantum signatures are required: [AlgMLDSA65] (FIPS 204) or
//     [AlgHybrid] (both; valid only if both verify).
//   - Subject references: the data holder's [SubjectKey] ([NewSubjectKey],
//     [SubjectKeyFromBytes]) derives [SubjectRef] from a normalized
//     identifier; tokens carry only that pseudonym.
//   - Grantee and delegates: a [HolderKey] ([GenerateHolderKey]); its
//     [HolderKey.Public] goes into the grant or delegation.
//     [HolderKey.Delegate] narrows a [Token] for a delegate;
//     [HolderKey.Present] signs a presentation for a [Query].
//     [Token.String] / [ParseTokenText] and [ArmorPresentation] /
//     [DearmorPresentation] give text forms.
//   - Data holder: a [KeySet] of trusted issuer keys (rotate with
//     [KeySet.Add] and [KeySet.Retire]), a [Verifier] from [NewVerifier],
//     and [Verifier.Verify] for each request. Only Verify produces a
//     [Verified] grant, from which the credit package builds views.
//   - Stores: [RevocationStore], [ReplayStore] and [UseStore] are small
//     interfaces; [MemoryRevocations], [MemoryReplayStore] and
//     [MemoryUseStore] are bounded in-memory implementations for a single
//     verifier process. Several verifier processes must share the stores
//     (e.g. SQL implementations), or replay and use limits hold per process
//     only.
//   - Tests of other packages: package consent/consenttest builds a
//     Verified through the real path.
//
// # Claims and rules
//
// A grant names a random 128-bit consent [ID], the issuer [KeyID], the
// subject reference, the grantee and its [ConfirmationKey], the audience, one
// [Purpose], a [Scope] of field classes, a validity window, a [UseLimit]
// (one-time by default, a count, or [Recurring] for account-management
// purposes, see [Purpose.AllowsRecurring]) and an optional written
// authorization number. A delegation block can only narrow: the same purpose
// (or delegated collection from post-loan management, [Purpose.CanDeriveFor]),
// a subset of the scope, no later expiry, no more uses, and a new
// confirmation key; anything else fails with [ErrWidening]. A presentation
// consumes one use of the grant and of every counted delegation on the
// path, so delegates never exceed the grant's count. Revoking a consent ID
// revokes every delegation derived from it.
//
// # Wire format
//
// Tokens and presentations are canonical binary encodings built on package
// encoding (one encoding per value; every length capped before allocation)
// with text armor "cqc1_" and "cqp1_". SPEC.md in this directory gives the
// byte layout, signature inputs, domain-separation labels and the
// verification algorithm; testdata/vectors.json holds test vectors. An
// Ed25519 grant with all claims is about 218 bytes, under 300 characters
// armored.
//
// # Security notes
//
//   - The signature algorithm comes from the verifier's key set, never from
//     the token; key IDs commit to the algorithm.
//   - Every signature is domain-separated by a label; delegation signatures
//     chain on the previous signature, so blocks cannot be swapped, moved or
//     reordered; presentations sign the audience, a random nonce, a
//     timestamp, the query hash and the whole token.
//   - Verify checks cheap public properties first, then all signatures, and
//     touches revocation, replay and use-count state only for requests whose
//     signatures verify (no revocation oracle, no burning of others' uses).
//     The order is listed on [Verifier.Verify] and in SPEC.md § 8.
//   - Errors are sentinels matched with errors.Is and contain no IDs, keys or
//     personal data. Secret keys never print.
//   - In-memory stores are bounded and fail closed with [ErrStoreFull].
//
// # Performance
//
// Verification parses into a fixed-size struct of sub-slices of the input
// (no maps, no reflection) and uses crypto/ed25519 directly. Measured with
// `go test -run '^$' -bench . -benchmem -count 5 ./consent/` (medians of 5).
// Measured on a 2-core AMD EPYC VM shared with two other builds (load
// average 5–8, so absolute times are about twice an idle machine's; the
// ratios come from the same run). Ratio is to raw ed25519.Verify.
//
//	benchmark                              ns/op   ratio  allocs  token B
//	ed25519.Verify (raw bound)             86004   1.00      0      -
//	VerifyGrant Ed25519 (parse + verify)   84134   0.98      0     204
//	VerifyGrant ML-DSA-65                  49219   0.57      4    3449
//	VerifyGrant Ed25519+ML-DSA-65         139564   1.62      4    3513
//	Verify presentation Ed25519           167577   1.95      3     204
//	Verify presentation Ed25519, 1 block  253278   2.94      3     319
//	Verify presentation ML-DSA-65         172799   2.01      8    3449
//	Verify presentation ML-DSA-65, 1 blk  277370   3.23      9    3564
//	Verify presentation hybrid            323837   3.77      8    3513
//	Verify presentation hybrid, 1 block   425219   4.94      9    3628
//
// Because the machine was shared, BenchmarkInterleaved also times the three
// operations alternately in each iteration and compares their medians (same
// load for all three; preempted iterations ignored). Over -count 5 at load
// average 15 it gave grant/raw 1.009–1.021 (median 1.014) and
// presentation/raw 2.068–2.117 (median 2.101), raw median 77–84 µs, 3
// allocations per full verification.
//
// Targets: grant verification ≤ 1.10× raw Ed25519 (met), a full Ed25519
// presentation — two signatures — ≤ 2.2× (met), ≤ 10 allocations per
// verification (met; TestVerifyAllocations enforces it). Each delegation
// block adds one Ed25519 verification. A presentation is its token plus 88
// bytes.
package consent
