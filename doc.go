// Package credq is a library for privacy-preserving credit queries between
// financial institutions: credit bureaus (data holders), lenders, and the
// agencies lenders delegate to.
//
// It addresses three abuses seen in practice:
//
//  1. Forged, stolen or stretched authorizations — intermediaries pull credit
//     reports with authorizations the borrower never gave, or reuse a
//     loan-approval authorization for collection. Package consent issues
//     signed consent tokens bound to one purpose (a PBOC inquiry reason), a
//     scope of field classes, a time window, a use limit, an audience and the
//     grantee's key, and verifies them offline with proof of possession,
//     replay protection and revocation.
//  2. Leaks of stored personal data — credit files and emergency-contact lists
//     sold from databases, collectors contacting a borrower's whole contact
//     list. Package credit models credit records with a sensitivity class on
//     every field, builds purpose-based views that never release third-party
//     contacts to collection, encrypts fields under a key hierarchy with
//     per-borrower keys that can be destroyed, and keeps a tamper-evident
//     inquiry log.
//  3. Multi-lending (多头借贷) detection without pooling customer lists.
//     Package psi runs private set intersection so two institutions learn the
//     borrowers they share, or only how many.
//
// # Packages
//
//   - encoding: strict canonical binary encoding, framed streams, text armor.
//   - consent: consent tokens — issue, delegate (attenuate), present, verify.
//   - credit: the credit-record model, identifier normalization, purpose
//     policy and views, inquiry log, field-level encryption.
//   - psi: private set intersection over any io.ReadWriter.
//   - examples/matcher, examples/lender: runnable programs built on the above.
//
// Dependencies point one way: encoding ← consent ← credit, encoding ← psi.
//
// # Threat model
//
// Institutions are assumed semi-honest towards each other in PSI: they follow
// the protocol but try to learn more from what they see. Each learns only what
// the chosen protocol promises (the intersection, or its size) plus the other
// side's set size. Identifier spaces are small (resident IDs ≈ 2³⁷, mobile
// numbers ≈ 2³³), so credq never offers unkeyed hashing of identifiers: every
// hash of an identifier that leaves an institution is keyed or blinded.
//
// Consent tokens are verified against adversaries who steal, replay, alter,
// truncate or re-purpose them: a token is useless without the grantee's
// private key, each presentation is single-use, and a delegation can only
// narrow what it inherits. The verifier trusts only the issuer keys it was
// configured with; the signature algorithm is a property of the key, never of
// the token.
//
// Stored data is protected against an attacker who obtains the database or a
// backup but not the institution's age identity: field contents, contacts and
// identifiers are unreadable, ciphertexts cannot be moved between fields or
// records unnoticed, and a shredded borrower's data is unrecoverable even with
// the root identity. An attacker with the running process's memory is out of
// scope.
//
// Parsers never panic on input from a peer, a token, a file or a database row;
// they return errors that errors.Is and errors.As can match, and no error
// message contains secrets or personal data.
package credq
