package consent

import (
	"crypto/ed25519"
	"time"

	"github.com/credq/credq/encoding"
)

// Token is a signed grant with zero or more delegation blocks, as the
// grantee or a delegate holds it. A Token has been parsed but not verified:
// its accessors report what the token claims, for the holder's convenience.
// Only [Verifier.Verify] decides whether the claims hold.
type Token struct {
	raw []byte
	v   tokenView
}

// ParseToken parses the binary form of a token ([Token.Bytes]). It checks
// structure, size caps and claim well-formedness, and returns an error
// matching [ErrMalformed] (and wrapping an [*encoding.ParseError]) otherwise.
// It verifies no signature.
func ParseToken(b []byte) (*Token, error) {
	if len(b) > MaxTokenSize {
		return nil, malformed(&encoding.ParseError{What: "token", Err: encoding.ErrTooLarge})
	}
	t := &Token{raw: append([]byte(nil), b...)}
	if err := parseToken(t.raw, &t.v); err != nil {
		return nil, err
	}
	return t, nil
}

// ParseTokenText parses the text form of a token ([Token.String]).
func ParseTokenText(s string) (*Token, error) {
	b, err := encoding.Dearmor(TokenPrefix, s, MaxTokenSize)
	if err != nil {
		return nil, malformed(err)
	}
	return ParseToken(b)
}

// Bytes returns a copy of the token's binary form.
func (t *Token) Bytes() []byte { return append([]byte(nil), t.raw...) }

// String returns the token's text form: [TokenPrefix] followed by unpadded
// base64url. A token is a bearer of personal data (a subject pseudonym and
// IDs) but useless without the holder's key.
func (t *Token) String() string { return encoding.Armor(TokenPrefix, t.raw) }

// ConsentID returns the consent ID of the root grant.
func (t *Token) ConsentID() ID { return t.v.root.id }

// IssuerKeyID returns the issuer key ID the root grant names.
func (t *Token) IssuerKeyID() KeyID { return t.v.root.keyID }

// Audience returns the data holder the grant is for.
func (t *Token) Audience() string { return string(t.v.root.audience) }

// Delegations returns the number of delegation blocks.
func (t *Token) Delegations() int { return t.v.n }

// HolderID returns the grantee ID, or the ID of the last delegate.
func (t *Token) HolderID() string {
	if t.v.n > 0 {
		return string(t.v.blocks[t.v.n-1].delegate)
	}
	return string(t.v.root.grantee)
}

// HolderKey returns the confirmation key of the current holder.
func (t *Token) HolderKey() ConfirmationKey {
	var k ConfirmationKey
	copy(k[:], t.tipCnf())
	return k
}

// Purpose returns the effective (last) purpose.
func (t *Token) Purpose() Purpose {
	if t.v.n > 0 {
		return t.v.blocks[t.v.n-1].purpose
	}
	return t.v.root.purpose
}

// Scope returns the effective (last) scope.
func (t *Token) Scope() Scope {
	if t.v.n > 0 {
		return t.v.blocks[t.v.n-1].scope
	}
	return t.v.root.scope
}

// Uses returns the effective (last) use limit.
func (t *Token) Uses() UseLimit {
	if t.v.n > 0 {
		return t.v.blocks[t.v.n-1].uses
	}
	return t.v.root.uses
}

// NotBefore returns the root grant's not-before time.
func (t *Token) NotBefore() time.Time { return time.Unix(t.v.root.nbf, 0).UTC() }

// Expiry returns the effective (last) expiry.
func (t *Token) Expiry() time.Time {
	if t.v.n > 0 {
		return time.Unix(t.v.blocks[t.v.n-1].exp, 0).UTC()
	}
	return time.Unix(t.v.root.exp, 0).UTC()
}

func (t *Token) tipCnf() []byte {
	if t.v.n > 0 {
		return t.v.blocks[t.v.n-1].cnf
	}
	return t.v.root.cnf
}

func (t *Token) tipSig() []byte {
	if t.v.n > 0 {
		return t.v.blocks[t.v.n-1].sig
	}
	return t.v.root.sig
}

// Issue signs g and returns the token. It checks the claims (see [Grant])
// and draws a fresh random consent ID. The token names the issuer's key ID;
// the verifier finds the algorithm from its key set.
func (is *Issuer) Issue(g Grant) (*Token, error) {
	id, err := newID()
	if err != nil {
		return nil, err
	}
	return is.issue(g, id, time.Now())
}

// issue is Issue with a given consent ID and clock; tests use it to build
// reproducible vectors.
func (is *Issuer) issue(g Grant, id ID, now time.Time) (*Token, error) {
	if g.NotBefore.IsZero() {
		g.NotBefore = now
	}
	g.Uses = g.Uses.orDefault()
	nbf, exp := g.NotBefore.Unix(), g.Expiry.Unix()
	switch {
	case !validID([]byte(g.GranteeID), 1, MaxIDLen):
		return nil, invalid("grantee ID must be 1-64 bytes of printable UTF-8")
	case !validID([]byte(g.Audience), 1, MaxIDLen):
		return nil, invalid("audience must be 1-64 bytes of printable UTF-8")
	case !validID([]byte(g.AuthorizationRef), 0, MaxRefLen):
		return nil, invalid("authorization reference must be 0-64 bytes of printable UTF-8")
	case !g.Purpose.Valid():
		return nil, invalid("invalid purpose")
	case !g.Scope.Valid() || g.Scope.Empty():
		return nil, invalid("scope must name at least one class")
	case nbf < 0 || exp <= nbf || exp > encoding.MaxTime:
		return nil, invalid("expiry must follow not-before")
	case g.Uses != Recurring && g.Uses > MaxUses:
		return nil, invalid("use limit too large")
	case g.Uses == Recurring && !g.Purpose.AllowsRecurring():
		return nil, invalid("purpose does not allow a recurring grant")
	}
	body, err := encodeRootBody(id, is.pub.id, &g, nbf, exp, g.Uses)
	if err != nil {
		return nil, malformed(err)
	}
	sig, err := is.signGrant(body)
	if err != nil {
		return nil, err
	}
	raw, err := assembleToken(body, sig)
	if err != nil {
		return nil, malformed(err)
	}
	return ParseToken(raw)
}

// Delegate appends a delegation block that narrows t for a delegate and
// returns the new token; t is unchanged. h must be the token's current
// holder. Zero fields of d inherit from the token (see [Delegation]); a
// value that would widen the token returns [ErrWidening], and a token that
// already has [MaxBlocks] blocks cannot be delegated further.
func (h *HolderKey) Delegate(t *Token, d Delegation) (*Token, error) {
	if ConfirmationKey(t.tipCnf()) != h.pub {
		return nil, invalid("the key does not hold this token")
	}
	if t.v.n >= MaxBlocks {
		return nil, ErrWidening
	}
	if d.Purpose == 0 {
		d.Purpose = t.Purpose()
	}
	if d.Scope == 0 {
		d.Scope = t.Scope()
	}
	exp := t.Expiry().Unix()
	if !d.Expiry.IsZero() {
		exp = d.Expiry.Unix()
	}
	d.Uses = d.Uses.orDefault()
	switch {
	case !validID([]byte(d.DelegateID), 1, MaxIDLen):
		return nil, invalid("delegate ID must be 1-64 bytes of printable UTF-8")
	case !d.Scope.Valid():
		return nil, invalid("invalid scope")
	case exp < 0:
		return nil, invalid("expiry out of range")
	case d.Uses != Recurring && d.Uses > MaxUses:
		return nil, invalid("use limit too large")
	case d.Uses == Recurring && d.Purpose.Valid() && !d.Purpose.AllowsRecurring():
		return nil, invalid("purpose does not allow a recurring grant")
	}
	if err := narrows(t.Purpose(), t.Scope(), t.Expiry().Unix(), t.Uses(), d.Purpose, d.Scope, exp, d.Uses); err != nil {
		return nil, err
	}
	return appendBlock(t, h.priv, &d, exp)
}

// appendBlock signs and appends a block without checking that it narrows;
// tests use it directly to build widening tokens.
func appendBlock(t *Token, priv ed25519.PrivateKey, d *Delegation, exp int64) (*Token, error) {
	body, err := encodeBlockBody(d, exp)
	if err != nil {
		return nil, malformed(err)
	}
	sig := ed25519.Sign(priv, blockMessage(nil, t.tipSig(), body))
	raw := make([]byte, 0, len(t.raw)+len(body)+len(sig))
	raw = append(raw, t.raw...)
	raw = append(raw, body...)
	raw = append(raw, sig...)
	// The block count sits right after the root signature.
	countAt := 1 + len(t.v.root.body) + 2 + len(t.v.root.sig)
	raw[countAt]++
	return ParseToken(raw)
}
