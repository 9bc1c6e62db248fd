package consent

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"time"
)

// DefaultSkew is the clock skew a [Verifier] allows when VerifierConfig.Skew
// is zero.
const DefaultSkew = 2 * time.Minute

// VerifierConfig configures a [Verifier]. Audience and Keys are required;
// every other zero value is safe.
type VerifierConfig struct {
	// Audience is this data holder's ID; grants for any other audience fail
	// with ErrWrongAudience.
	Audience string
	// Keys holds the trusted issuer keys. The caller may keep rotating it.
	Keys *KeySet
	// Skew is the allowed difference between the verifier's clock and the
	// grant's validity window and the presentation timestamp, and how long
	// nonces are remembered. Zero means DefaultSkew; at most 1 hour.
	Skew time.Duration
	// Revocations reports revoked consent IDs; nil means a fresh
	// MemoryRevocations that nobody can add to (no revocation).
	Revocations RevocationStore
	// Replay remembers nonces; nil means a fresh MemoryReplayStore.
	Replay ReplayStore
	// Uses counts presentations; nil means a fresh MemoryUseStore.
	Uses UseStore
	// Now is the verifier's clock; nil means time.Now.
	Now func() time.Time
}

// Verifier checks presentations for one data holder. It is safe for
// concurrent use.
type Verifier struct {
	audience string
	keys     *KeySet
	skew     int64 // seconds
	revoked  RevocationStore
	replay   ReplayStore
	uses     UseStore
	now      func() time.Time
}

// NewVerifier returns a Verifier for c.
func NewVerifier(c VerifierConfig) (*Verifier, error) {
	if !validID([]byte(c.Audience), 1, MaxIDLen) {
		return nil, errors.New("consent: verifier audience must be 1-64 bytes of printable UTF-8")
	}
	if c.Keys == nil {
		return nil, errors.New("consent: verifier needs a key set")
	}
	if c.Skew < 0 || c.Skew > time.Hour {
		return nil, errors.New("consent: verifier skew must be between 0 and 1 hour")
	}
	v := &Verifier{
		audience: c.Audience, keys: c.Keys, skew: int64(c.Skew / time.Second),
		revoked: c.Revocations, replay: c.Replay, uses: c.Uses, now: c.Now,
	}
	if c.Skew == 0 {
		v.skew = int64(DefaultSkew / time.Second)
	}
	if v.revoked == nil {
		v.revoked = NewMemoryRevocations(1)
	}
	if v.replay == nil {
		v.replay = NewMemoryReplayStore(0)
	}
	if v.uses == nil {
		v.uses = NewMemoryUseStore(0)
	}
	if v.now == nil {
		v.now = time.Now
	}
	return v, nil
}

// Verify checks presentation (the binary form from [HolderKey.Present])
// against q and, if every check passes, consumes one use and returns the
// verified grant. The steps, in order (SPEC.md § Verification):
//
//  1. parse the presentation and the token (ErrMalformed);
//  2. look up the issuer key ID (ErrUnknownKey, ErrKeyRetired);
//  3. audience (ErrWrongAudience);
//  4. every delegation block narrows its parent (ErrWidening);
//  5. validity window with skew (ErrNotYetValid, ErrExpired) and
//     presentation freshness (ErrStale);
//  6. query purpose and classes (ErrPurposeMismatch, ErrScopeExceeded);
//  7. signatures: grant, each block, presentation (ErrBadSignature);
//  8. revocation (ErrRevoked);
//  9. nonce (ErrReplay);
//  10. use counts (ErrUseLimit).
//
// Steps 1–6 read only public data carried by the request and cost no
// signature verification, so garbage is rejected cheaply. Steps 8–10 touch
// state and run only for a presentation whose signatures all verify: nobody
// without the holder's key can probe revocation status, burn nonces or spend
// uses.
func (v *Verifier) Verify(ctx context.Context, presentation []byte, q Query) (*Verified, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var p presentationView
	if err := parsePresentation(presentation, &p); err != nil {
		return nil, err
	}
	t := &p.tok
	r := &t.root

	key, err := v.keys.lookup(r.keyID)
	if err != nil {
		return nil, err
	}
	if string(r.audience) != v.audience {
		return nil, ErrWrongAudience
	}

	// Effective claims after delegation; each block must narrow.
	purpose, scope, exp, uses := r.purpose, r.scope, r.exp, r.uses
	for i := 0; i < t.n; i++ {
		b := &t.blocks[i]
		if err := narrows(purpose, scope, exp, uses, b.purpose, b.scope, b.exp, b.uses); err != nil {
			return nil, err
		}
		purpose, scope, exp, uses = b.purpose, b.scope, b.exp, b.uses
	}

	now := v.now()
	sec := now.Unix()
	switch {
	case sec < r.nbf-v.skew:
		return nil, ErrNotYetValid
	case sec >= exp+v.skew:
		return nil, ErrExpired
	case sec-p.ts > v.skew || p.ts-sec > v.skew:
		return nil, ErrStale
	}

	if q.Purpose != purpose {
		return nil, ErrPurposeMismatch
	}
	if q.Scope.Empty() || !scope.Contains(q.Scope) {
		return nil, ErrScopeExceeded
	}

	if !key.verifyGrant(r.body, r.sig) {
		return nil, ErrBadSignature
	}
	var buf [512]byte
	prevSig, cnf := r.sig, r.cnf
	for i := 0; i < t.n; i++ {
		b := &t.blocks[i]
		if !ed25519.Verify(ed25519.PublicKey(cnf), blockMessage(buf[:0], prevSig, b.body), b.sig) {
			return nil, ErrBadSignature
		}
		prevSig, cnf = b.sig, b.cnf
	}
	qh := q.Hash()
	if !ed25519.Verify(ed25519.PublicKey(cnf), presentationMessage(buf[:0], r.audience, &qh, p.unsigned), p.sig) {
		return nil, ErrBadSignature
	}

	if revoked, err := v.revoked.Revoked(ctx, r.id); err != nil {
		return nil, fmt.Errorf("consent: revocation store: %w", err)
	} else if revoked {
		return nil, ErrRevoked
	}
	if err := v.replay.CheckAndStore(ctx, p.nonce, now, time.Unix(p.ts+v.skew+1, 0)); err != nil {
		return nil, err
	}
	if err := v.consume(ctx, now, t); err != nil {
		return nil, err
	}
	return newVerified(t, q.Scope, now), nil
}

// consume spends one use of every counted level of the chain: the root
// grant under its consent ID, each block under the first 16 bytes of its
// signature (unique per block). Recurring levels are not counted.
func (v *Verifier) consume(ctx context.Context, now time.Time, t *tokenView) error {
	var uses [MaxBlocks + 1]Use
	n := 0
	if t.root.uses != Recurring {
		uses[n] = Use{Key: t.root.id, Limit: t.root.uses, Until: time.Unix(t.root.exp+v.skew, 0)}
		n++
	}
	for i := 0; i < t.n; i++ {
		b := &t.blocks[i]
		if b.uses == Recurring {
			continue
		}
		uses[n] = Use{Limit: b.uses, Until: time.Unix(b.exp+v.skew, 0)}
		copy(uses[n].Key[:], b.sig)
		n++
	}
	if n == 0 {
		return nil
	}
	return v.uses.Consume(ctx, now, uses[:n])
}
