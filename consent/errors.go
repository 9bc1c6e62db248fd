package consent

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every rejection by [Verifier.Verify] matches exactly one of
// them with [errors.Is] (ErrKeyRetired also matches ErrUnknownKey, and
// ErrMalformed errors also wrap the [*encoding.ParseError] that explains what
// failed where). Messages name no consent ID, subject, key or other secret or
// personal value.
var (
	// ErrMalformed means a token, presentation, key or armored text does not
	// parse, or parses to claims that no issuer may sign (an unknown purpose,
	// an empty grantee, an expiry before the not-before time, …).
	ErrMalformed = errors.New("consent: malformed token")
	// ErrUnknownKey means the grant names an issuer key ID that the
	// verifier's key set does not hold.
	ErrUnknownKey = errors.New("consent: unknown issuer key")
	// ErrKeyRetired means the grant names an issuer key that the key set
	// has retired. It also matches ErrUnknownKey.
	ErrKeyRetired = errors.New("consent: issuer key retired")
	// ErrBadSignature means a grant, delegation or presentation signature
	// does not verify: the token was forged or altered, its blocks were
	// swapped, or the presenter does not hold the current confirmation key
	// (a stolen token).
	ErrBadSignature = errors.New("consent: bad signature")
	// ErrWrongAudience means the grant was issued for another data holder.
	ErrWrongAudience = errors.New("consent: wrong audience")
	// ErrNotYetValid means the grant's not-before time lies in the future
	// beyond the allowed clock skew.
	ErrNotYetValid = errors.New("consent: grant not yet valid")
	// ErrExpired means the effective expiry (the earliest in the delegation
	// chain) has passed, allowing for clock skew.
	ErrExpired = errors.New("consent: grant expired")
	// ErrStale means the presentation timestamp is further from the
	// verifier's clock than the allowed skew, in either direction.
	ErrStale = errors.New("consent: presentation outside the freshness window")
	// ErrPurposeMismatch means the query states another purpose than the
	// (effective) purpose of the grant.
	ErrPurposeMismatch = errors.New("consent: query purpose differs from the grant's")
	// ErrScopeExceeded means the query asks for a class outside the
	// (effective) scope of the grant.
	ErrScopeExceeded = errors.New("consent: query scope exceeds the grant's")
	// ErrWidening means a delegation block tries to widen its parent: a
	// larger scope, a later expiry, more uses, a purpose that may not be
	// derived, or more blocks than allowed.
	ErrWidening = errors.New("consent: delegation widens its parent")
	// ErrRevoked means the consent ID (and with it every delegation derived
	// from it) has been revoked.
	ErrRevoked = errors.New("consent: consent revoked")
	// ErrReplay means the presentation nonce was seen before.
	ErrReplay = errors.New("consent: replayed presentation")
	// ErrUseLimit means the grant or one of its delegations has no uses left.
	ErrUseLimit = errors.New("consent: use limit reached")
	// ErrStoreFull means a bounded in-memory store holds as many live
	// entries as its capacity allows; the request is refused (fail closed).
	ErrStoreFull = errors.New("consent: store full")
)

// malformed wraps a parse failure so that it matches ErrMalformed and still
// exposes the underlying *encoding.ParseError through errors.As.
func malformed(err error) error {
	return fmt.Errorf("%w: %w", ErrMalformed, err)
}

// invalid reports a semantic rejection of a claim value as ErrMalformed.
func invalid(what string) error {
	return fmt.Errorf("%w: %s", ErrMalformed, what)
}
