package consent

import (
	"crypto/ed25519"
	"fmt"
	"math"
	"time"
	"unicode/utf8"
)

// UseLimit is how many times a grant (or a delegation) may be presented.
// The zero value means one use. [Recurring] means no count: the grant may be
// presented until it expires; only purposes for which
// [Purpose.AllowsRecurring] is true may be recurring.
type UseLimit uint32

const (
	// OneTime is a grant that may be presented once.
	OneTime UseLimit = 1
	// MaxUses is the largest use count a grant may carry.
	MaxUses UseLimit = 1_000_000
	// Recurring is a grant with no use count, valid until it expires.
	Recurring UseLimit = math.MaxUint32
)

// String returns "recurring" or the count.
func (u UseLimit) String() string {
	if u == Recurring {
		return "recurring"
	}
	return fmt.Sprint(uint32(u.orDefault()))
}

func (u UseLimit) orDefault() UseLimit {
	if u == 0 {
		return OneTime
	}
	return u
}

// wire maps the limit to its wire value: 0 for recurring, else the count.
func (u UseLimit) wire() uint64 {
	if u == Recurring {
		return 0
	}
	return uint64(u)
}

func useLimitFromWire(v uint64) (UseLimit, bool) {
	if v == 0 {
		return Recurring, true
	}
	if v > uint64(MaxUses) {
		return 0, false
	}
	return UseLimit(v), true
}

// ConfirmationKey is an Ed25519 public key that a grant or delegation binds
// to its holder (proof of possession, RFC 7800 "cnf"). Only the holder of
// the matching [HolderKey] can present the token.
type ConfirmationKey [ed25519.PublicKeySize]byte

// Limits on the string claims, in bytes of UTF-8.
const (
	MaxIDLen  = 64 // grantee, delegate and audience IDs
	MaxRefLen = 64 // authorization reference
	// MaxBlocks is the most delegation blocks a token may carry.
	MaxBlocks = 4
)

// Grant is the set of claims an [Issuer] signs. Zero fields take the safe
// defaults named below; everything else is required.
type Grant struct {
	// Subject is the pseudonymous subject reference, from [SubjectKey.Ref].
	Subject SubjectRef
	// GranteeID names the lender the borrower consents to (1–64 bytes).
	GranteeID string
	// GranteeKey is the grantee's confirmation key ([HolderKey.Public]).
	GranteeKey ConfirmationKey
	// Audience names the data holder that will answer (1–64 bytes).
	Audience string
	// Purpose is the one inquiry purpose the consent covers.
	Purpose Purpose
	// Scope is the set of field classes the consent covers (not empty).
	Scope Scope
	// NotBefore is when the grant becomes valid; zero means now.
	NotBefore time.Time
	// Expiry is when the grant stops being valid; required, after NotBefore.
	Expiry time.Time
	// Uses limits presentations; zero means [OneTime].
	Uses UseLimit
	// AuthorizationRef optionally names the written authorization (授权书
	// number), 0–64 bytes.
	AuthorizationRef string
}

// Delegation is what a holder signs when it narrows its token for a
// delegate. A block can only narrow: zero fields inherit the parent's value
// (except Uses, where zero means one use), and every explicit value must be
// at most the parent's.
type Delegation struct {
	// DelegateID names the delegate (1–64 bytes).
	DelegateID string
	// DelegateKey is the delegate's confirmation key.
	DelegateKey ConfirmationKey
	// Purpose is the purpose for the delegate; zero keeps the parent's.
	// See [Purpose.CanDeriveFor].
	Purpose Purpose
	// Scope must be a subset of the parent's; zero keeps the parent's.
	Scope Scope
	// Expiry must not be after the parent's; zero keeps the parent's.
	Expiry time.Time
	// Uses must not exceed the parent's; zero means [OneTime].
	Uses UseLimit
}

// validID reports whether s is a usable ID: 1–max bytes of UTF-8 without
// control characters.
func validID(s []byte, min, max int) bool {
	if len(s) < min || len(s) > max || !utf8.Valid(s) {
		return false
	}
	for _, c := range s {
		if c < 0x20 || c == 0x7f {
			return false
		}
	}
	return true
}

// narrows reports whether a child with the given claims narrows its parent.
func narrows(parentPurpose Purpose, parentScope Scope, parentExp int64, parentUses UseLimit,
	purpose Purpose, scope Scope, exp int64, uses UseLimit) error {
	switch {
	case !parentPurpose.CanDeriveFor(purpose):
		return fmt.Errorf("%w: purpose may not be derived", ErrWidening)
	case !parentScope.Contains(scope):
		return fmt.Errorf("%w: scope", ErrWidening)
	case exp > parentExp:
		return fmt.Errorf("%w: expiry", ErrWidening)
	case uses > parentUses:
		return fmt.Errorf("%w: use limit", ErrWidening)
	}
	return nil
}
