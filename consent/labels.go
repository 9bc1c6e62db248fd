package consent

// Domain-separation labels. Every signature, hash and key ID in this package
// is computed over one of these labels first, so that bytes signed for one
// purpose can never be accepted for another. For Ed25519 the signed message is
// label || 0x00 || data; for ML-DSA-65 the label is the FIPS 204 context
// string and the message is data. SPEC.md lists what data is for each.
const (
	labelGrant        = "credq/consent/v1/grant"
	labelDelegation   = "credq/consent/v1/delegation"
	labelPresentation = "credq/consent/v1/presentation"
	labelQuery        = "credq/consent/v1/query"
	labelKeyID        = "credq/consent/v1/key-id"
)

// Armor prefixes of the text forms.
const (
	// TokenPrefix starts the text form of a token.
	TokenPrefix = "cqc1_"
	// PresentationPrefix starts the text form of a presentation.
	PresentationPrefix = "cqp1_"
)
