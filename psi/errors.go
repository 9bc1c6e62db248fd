package psi

import "errors"

// Sentinel errors. Callers branch on them with errors.Is; the wrapping error
// says which frame or element failed. Failures of the framing layer wrap the
// encoding package's sentinels instead: a stream that ends early matches
// encoding.ErrTruncated (and io.ErrUnexpectedEOF), an oversize frame
// encoding.ErrFrameTooLarge, a frame of the wrong type
// encoding.ErrUnexpectedFrame, and a malformed message an *encoding.ParseError.
// Messages never contain items, elements or keys.
var (
	// ErrProtocolMismatch means the peer speaks a different protocol of this
	// package (e.g. cardinality against plain ECDH-PSI).
	ErrProtocolMismatch = errors.New("psi: peer runs a different protocol")
	// ErrVersionMismatch means the peer speaks another version of the protocol.
	ErrVersionMismatch = errors.New("psi: protocol version mismatch")
	// ErrRoleMismatch means both parties claimed the same role.
	ErrRoleMismatch = errors.New("psi: both parties claim the same role")
	// ErrIdentifierKindMismatch means the parties normalized their items
	// differently (Config.IdentifierKind differs), which would make every
	// item silently miss.
	ErrIdentifierKindMismatch = errors.New("psi: identifier kind mismatch")
	// ErrModeMismatch means the parties disagree on an option both must share
	// (who learns the result, OPRF mode, tag size).
	ErrModeMismatch = errors.New("psi: session options differ between parties")
	// ErrCountExceedsCap means an announced set size or count exceeds the
	// configured cap; nothing was allocated for it.
	ErrCountExceedsCap = errors.New("psi: count exceeds cap")
	// ErrCountMismatch means the peer sent more or fewer elements than it
	// announced.
	ErrCountMismatch = errors.New("psi: peer sent a wrong number of elements")
	// ErrInvalidElement means the peer sent a group element that is not a
	// canonical ristretto255 encoding, or is the identity element.
	ErrInvalidElement = errors.New("psi: peer sent an invalid group element")
	// ErrInvalidConfig means a Config field is outside its allowed range.
	ErrInvalidConfig = errors.New("psi: invalid configuration")
	// ErrTooManyItems means the local input exceeds Config.MaxItems.
	ErrTooManyItems = errors.New("psi: too many input items")
)
