package consent

import "time"

// Verified is a grant that passed [Verifier.Verify] for one query. Only
// Verify produces one: its fields are unexported, and the zero Verified (or
// a nil pointer) reports Valid() == false, an invalid Purpose, an empty Scope
// and empty IDs, so code that builds views from it releases nothing. Only
// Valid may be called on a nil *Verified; the other accessors panic on nil,
// which is a programmer error (an unchecked error from Verify).
type Verified struct {
	ok                                 bool
	id                                 ID
	purpose                            Purpose
	scope, requested                   Scope
	grantee, holder, audience, authRef string
	subject                            SubjectRef
	delegated                          bool
	nbf, exp, at                       time.Time
}

func newVerified(t *tokenView, requested Scope, now time.Time) *Verified {
	r := &t.root
	v := &Verified{
		ok: true, id: r.id, purpose: r.purpose, scope: r.scope, requested: requested,
		subject: r.subject, nbf: time.Unix(r.nbf, 0).UTC(), exp: time.Unix(r.exp, 0).UTC(), at: now,
	}
	holder := r.grantee
	if t.n > 0 {
		b := &t.blocks[t.n-1]
		v.purpose, v.scope, v.exp, v.delegated = b.purpose, b.scope, time.Unix(b.exp, 0).UTC(), true
		holder = b.delegate
	}
	// One allocation for all four strings: copy them into one buffer and
	// slice it.
	var buf [4 * MaxIDLen]byte
	s := append(buf[:0], r.grantee...)
	s = append(s, holder...)
	s = append(s, r.audience...)
	s = append(s, r.authRef...)
	all := string(s)
	i := 0
	v.grantee, i = all[i:i+len(r.grantee)], i+len(r.grantee)
	v.holder, i = all[i:i+len(holder)], i+len(holder)
	v.audience, i = all[i:i+len(r.audience)], i+len(r.audience)
	v.authRef = all[i:]
	return v
}

// Valid reports whether v was produced by a successful Verify.
func (v *Verified) Valid() bool { return v != nil && v.ok }

// ConsentID returns the root grant's consent ID (the key for revocation and
// for the inquiry log).
func (v *Verified) ConsentID() ID { return v.id }

// Purpose returns the effective purpose after delegation (it equals the
// query's purpose).
func (v *Verified) Purpose() Purpose { return v.purpose }

// Scope returns the effective scope after delegation.
func (v *Verified) Scope() Scope { return v.scope }

// RequestedScope returns the classes the query asked for (a subset of
// Scope). Views should release only these.
func (v *Verified) RequestedScope() Scope { return v.requested }

// GranteeID returns the root grant's grantee (the lender).
func (v *Verified) GranteeID() string { return v.grantee }

// HolderID returns who presented: the grantee, or the last delegate.
func (v *Verified) HolderID() string { return v.holder }

// Delegated reports whether the presenter is a delegate.
func (v *Verified) Delegated() bool { return v.delegated }

// Audience returns the data holder the grant is for (this verifier).
func (v *Verified) Audience() string { return v.audience }

// SubjectRef returns the pseudonymous subject reference.
func (v *Verified) SubjectRef() SubjectRef { return v.subject }

// AuthorizationRef returns the written authorization (授权书) number, or "".
func (v *Verified) AuthorizationRef() string { return v.authRef }

// NotBefore returns the root grant's not-before time.
func (v *Verified) NotBefore() time.Time { return v.nbf }

// Expiry returns the effective expiry (the last block's, or the grant's).
func (v *Verified) Expiry() time.Time { return v.exp }

// VerifiedAt returns the verifier's clock at verification.
func (v *Verified) VerifiedAt() time.Time { return v.at }
