package consent

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestVerifyAcceptsGrant(t *testing.T) {
	for _, alg := range []Algorithm{AlgEd25519, AlgMLDSA65, AlgHybrid} {
		t.Run(alg.String(), func(t *testing.T) {
			f := newFixture(t, alg)
			tok := f.issue(f.grant())
			q := loanQuery()
			v, err := f.verify(f.present(f.grantee, tok, q, "a"), q)
			if err != nil {
				t.Fatalf("Verify = %v", err)
			}
			if !v.Valid() || v.ConsentID() != testID("grant") || v.Purpose() != PurposeLoanApproval ||
				v.Scope() != NewScope(ClassDirect, ClassFinancial) || v.RequestedScope() != NewScope(ClassFinancial) ||
				v.GranteeID() != "lender-1" || v.HolderID() != "lender-1" || v.Delegated() ||
				v.Audience() != "bureau-1" || v.AuthorizationRef() != "AUTH-2026-000123" ||
				!v.NotBefore().Equal(t0.Add(-time.Hour)) || !v.Expiry().Equal(t0.Add(24*time.Hour)) ||
				!v.VerifiedAt().Equal(t0) || v.SubjectRef() != f.grant().Subject {
				t.Fatalf("Verified = %+v", v)
			}
		})
	}
}

func TestVerifyRejectsPurposeMismatch(t *testing.T) {
	// A token for purpose 02 (loan approval) presented for 01 (post-loan).
	f := newFixture(t, AlgEd25519)
	tok := f.issue(f.grant())
	q := Query{Purpose: PurposePostLoan, Scope: NewScope(ClassFinancial)}
	if _, err := f.verify(f.present(f.grantee, tok, q, "a"), q); !errors.Is(err, ErrPurposeMismatch) {
		t.Fatalf("Verify(02 for 01) = %v, want ErrPurposeMismatch", err)
	}
}

func TestVerifyRejectsScopeExceeded(t *testing.T) {
	// Scope {financial} asked for third-party.
	f := newFixture(t, AlgEd25519)
	g := f.grant()
	g.Scope = NewScope(ClassFinancial)
	tok := f.issue(g)
	for _, s := range []Scope{NewScope(ClassThirdParty), NewScope(ClassFinancial, ClassThirdParty), 0} {
		q := Query{Purpose: PurposeLoanApproval, Scope: s}
		if _, err := f.verify(f.present(f.grantee, tok, q, "a"+s.String()), q); !errors.Is(err, ErrScopeExceeded) {
			t.Errorf("Verify(scope %v) = %v, want ErrScopeExceeded", s, err)
		}
	}
}

func TestVerifyRejectsStolenToken(t *testing.T) {
	// The token is presented by someone who does not hold the grantee key.
	f := newFixture(t, AlgEd25519)
	tok := f.issue(f.grant())
	q := loanQuery()
	thief := testHolder(t, "thief")
	if _, err := thief.Present(tok, q); !errors.Is(err, ErrMalformed) {
		t.Errorf("thief.Present = %v, want refusal", err)
	}
	p, err := signPresentation(thief.priv, tok, q, f.now, testNonce("a"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.verify(p, q); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("Verify(stolen) = %v, want ErrBadSignature", err)
	}
}

func TestVerifyRejectsOtherQuery(t *testing.T) {
	// A presentation signed for one query body cannot accompany another.
	f := newFixture(t, AlgEd25519)
	tok := f.issue(f.grant())
	q := loanQuery()
	p := f.present(f.grantee, tok, q, "a")
	q.Body = []byte(`{"q":2}`)
	if _, err := f.verify(p, q); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("Verify(other body) = %v, want ErrBadSignature", err)
	}
}

func TestVerifyRejectsReplay(t *testing.T) {
	f := newFixture(t, AlgEd25519)
	g := f.grant()
	g.Uses = 5
	tok := f.issue(g)
	q := loanQuery()
	p := f.present(f.grantee, tok, q, "a")
	if _, err := f.verify(p, q); err != nil {
		t.Fatal(err)
	}
	if _, err := f.verify(p, q); !errors.Is(err, ErrReplay) {
		t.Fatalf("Verify(replay) = %v, want ErrReplay", err)
	}
	if c := f.uses.Count(testID("grant"), f.now); c != 1 {
		t.Fatalf("uses after replay = %d, want 1", c)
	}
}

func TestVerifyClockSkewEdges(t *testing.T) {
	skew := DefaultSkew
	g0 := newFixture(t, AlgEd25519).grant()
	tests := []struct {
		name string
		now  time.Time
		want error
	}{
		{"at not-before minus skew", g0.NotBefore.Add(-skew), nil},
		{"one second earlier", g0.NotBefore.Add(-skew - time.Second), ErrNotYetValid},
		{"one second before expiry plus skew", g0.Expiry.Add(skew - time.Second), nil},
		{"at expiry plus skew", g0.Expiry.Add(skew), ErrExpired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, AlgEd25519)
			tok := f.issue(f.grant())
			q := loanQuery()
			f.now = tt.now
			_, err := f.verify(f.present(f.grantee, tok, q, "a"), q)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestVerifyPresentationFreshness(t *testing.T) {
	skew := DefaultSkew
	for _, tt := range []struct {
		name string
		ts   time.Duration // presentation time relative to the verifier's clock
		want error
	}{
		{"skew in the past", -skew, nil},
		{"skew in the future", skew, nil},
		{"one second too old", -skew - time.Second, ErrStale},
		{"one second too new", skew + time.Second, ErrStale},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, AlgEd25519)
			tok := f.issue(f.grant())
			q := loanQuery()
			p, err := f.grantee.present(tok, q, t0.Add(tt.ts), testNonce("a"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.verify(p, q); !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestVerifyRejectsWrongAudience(t *testing.T) {
	f := newFixture(t, AlgEd25519)
	g := f.grant()
	g.Audience = "bureau-2"
	tok := f.issue(g)
	q := loanQuery()
	if _, err := f.verify(f.present(f.grantee, tok, q, "a"), q); !errors.Is(err, ErrWrongAudience) {
		t.Fatalf("Verify(other audience) = %v, want ErrWrongAudience", err)
	}
}

func TestVerifyRejectsUnknownKey(t *testing.T) {
	f := newFixture(t, AlgEd25519)
	other := testIssuer(t, AlgEd25519, "other issuer")
	tok, err := other.issue(f.grant(), testID("grant"), t0)
	if err != nil {
		t.Fatal(err)
	}
	q := loanQuery()
	if _, err := f.verify(f.present(f.grantee, tok, q, "a"), q); !errors.Is(err, ErrUnknownKey) || errors.Is(err, ErrKeyRetired) {
		t.Fatalf("Verify(unknown key) = %v, want ErrUnknownKey", err)
	}
}

func TestVerifyRejectsRetiredKey(t *testing.T) {
	f := newFixture(t, AlgEd25519)
	tok := f.issue(f.grant())
	next := testIssuer(t, AlgEd25519, "next issuer")
	f.keys.Add(next.PublicKey()) // rotation: both valid
	q := loanQuery()
	tok2, err := next.issue(f.grant(), testID("grant2"), t0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.verify(f.present(f.grantee, tok2, q, "b"), q); err != nil {
		t.Fatalf("Verify(new key during overlap) = %v", err)
	}
	if err := f.keys.Retire(f.issuer.KeyID()); err != nil {
		t.Fatal(err)
	}
	_, err = f.verify(f.present(f.grantee, tok, q, "a"), q)
	if !errors.Is(err, ErrKeyRetired) || !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("Verify(retired key) = %v, want ErrKeyRetired", err)
	}
	if err := f.keys.Remove(f.issuer.KeyID()); err != nil {
		t.Fatal(err)
	}
	if _, err = f.verify(f.present(f.grantee, tok, q, "c"), q); !errors.Is(err, ErrUnknownKey) || errors.Is(err, ErrKeyRetired) {
		t.Fatalf("Verify(removed key) = %v, want ErrUnknownKey", err)
	}
	if err := f.keys.Retire(f.issuer.KeyID()); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("Retire(removed) = %v, want ErrUnknownKey", err)
	}
}

func TestVerifyRejectsForgedGrantSignature(t *testing.T) {
	for _, alg := range []Algorithm{AlgEd25519, AlgMLDSA65, AlgHybrid} {
		t.Run(alg.String(), func(t *testing.T) {
			f := newFixture(t, alg)
			tok := f.issue(f.grant())
			// Flip one bit in each half of the signature in turn.
			for _, at := range []int{0, len(tok.v.root.sig) - 1} {
				raw := tok.Bytes()
				raw[1+len(tok.v.root.body)+2+at] ^= 1
				bad, err := ParseToken(raw)
				if err != nil {
					t.Fatal(err)
				}
				q := loanQuery()
				if _, err := f.verify(f.present(f.grantee, bad, q, "a"), q); !errors.Is(err, ErrBadSignature) {
					t.Fatalf("Verify(sig bit %d flipped) = %v, want ErrBadSignature", at, err)
				}
			}
		})
	}
}

func TestVerifyRejectsAlgorithmSubstitution(t *testing.T) {
	// An Ed25519 signature under the ID of a hybrid key: the key set says
	// hybrid, so the signature length alone fails it.
	f := newFixture(t, AlgHybrid)
	ed := testIssuer(t, AlgEd25519, "issuer") // same Ed25519 seed as the hybrid's first half
	g := f.grant()
	tok, err := ed.issue(g, testID("grant"), t0)
	if err != nil {
		t.Fatal(err)
	}
	raw := tok.Bytes()
	id := f.issuer.KeyID()
	copy(raw[1+16:], id[:])
	forged, err := ParseToken(raw)
	if err != nil {
		t.Fatal(err)
	}
	q := loanQuery()
	if _, err := f.verify(f.present(f.grantee, forged, q, "a"), q); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("Verify(Ed25519 sig under hybrid key ID) = %v, want ErrBadSignature", err)
	}
}

func TestVerifyRevocation(t *testing.T) {
	f := newFixture(t, AlgEd25519)
	g := f.grant()
	g.Purpose, g.Uses = PurposePostLoan, Recurring
	tok := f.issue(g)
	del, err := f.grantee.Delegate(tok, Delegation{DelegateID: "agency-1", DelegateKey: f.delegate.Public(),
		Purpose: PurposeDelegatedCollection, Scope: NewScope(ClassDirect), Uses: 3})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.revs.Revoke(tok.ConsentID(), tok.Expiry()); err != nil {
		t.Fatal(err)
	}
	q := Query{Purpose: PurposePostLoan, Scope: NewScope(ClassFinancial)}
	if _, err := f.verify(f.present(f.grantee, tok, q, "a"), q); !errors.Is(err, ErrRevoked) {
		t.Fatalf("Verify(revoked) = %v, want ErrRevoked", err)
	}
	dq := Query{Purpose: PurposeDelegatedCollection, Scope: NewScope(ClassDirect)}
	if _, err := f.verify(f.present(f.delegate, del, dq, "b"), dq); !errors.Is(err, ErrRevoked) {
		t.Fatalf("Verify(delegation of revoked) = %v, want ErrRevoked", err)
	}
}

func TestVerifyUseLimits(t *testing.T) {
	f := newFixture(t, AlgEd25519)
	g := f.grant()
	g.Uses = 3
	tok := f.issue(g)
	q := loanQuery()
	for i := range 3 {
		if _, err := f.verify(f.present(f.grantee, tok, q, string(rune('a'+i))), q); err != nil {
			t.Fatalf("use %d: %v", i+1, err)
		}
	}
	if _, err := f.verify(f.present(f.grantee, tok, q, "z"), q); !errors.Is(err, ErrUseLimit) {
		t.Fatalf("4th use = %v, want ErrUseLimit", err)
	}
}

func TestVerifyOneTime(t *testing.T) {
	f := newFixture(t, AlgEd25519)
	tok := f.issue(f.grant())
	q := loanQuery()
	if _, err := f.verify(f.present(f.grantee, tok, q, "a"), q); err != nil {
		t.Fatal(err)
	}
	if _, err := f.verify(f.present(f.grantee, tok, q, "b"), q); !errors.Is(err, ErrUseLimit) {
		t.Fatalf("second use of one-time grant = %v, want ErrUseLimit", err)
	}
}

func TestVerifyRecurringIsNotCounted(t *testing.T) {
	f := newFixture(t, AlgEd25519)
	g := f.grant()
	g.Purpose, g.Uses = PurposePostLoan, Recurring
	tok := f.issue(g)
	q := Query{Purpose: PurposePostLoan, Scope: NewScope(ClassFinancial)}
	for i := range 5 {
		if _, err := f.verify(f.present(f.grantee, tok, q, string(rune('a'+i))), q); err != nil {
			t.Fatalf("use %d of recurring grant: %v", i+1, err)
		}
	}
}

func TestVerifyStoreFull(t *testing.T) {
	f := newFixture(t, AlgEd25519)
	v, err := NewVerifier(VerifierConfig{Audience: "bureau-1", Keys: f.keys, Replay: NewMemoryReplayStore(1),
		Now: func() time.Time { return f.now }})
	if err != nil {
		t.Fatal(err)
	}
	g := f.grant()
	g.Uses = 5
	tok := f.issue(g)
	q := loanQuery()
	if _, err := v.Verify(context.Background(), f.present(f.grantee, tok, q, "a"), q); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(context.Background(), f.present(f.grantee, tok, q, "b"), q); !errors.Is(err, ErrStoreFull) {
		t.Fatalf("Verify with full replay store = %v, want ErrStoreFull", err)
	}
	f.now = f.now.Add(2*DefaultSkew + 2*time.Second) // the first nonce expires
	if _, err := v.Verify(context.Background(), f.present(f.grantee, tok, q, "c"), q); err != nil {
		t.Fatalf("Verify after nonce expiry = %v", err)
	}
}

func TestVerifyCanceledContext(t *testing.T) {
	f := newFixture(t, AlgEd25519)
	tok := f.issue(f.grant())
	q := loanQuery()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := f.v.Verify(ctx, f.present(f.grantee, tok, q, "a"), q); !errors.Is(err, context.Canceled) {
		t.Fatalf("Verify(canceled) = %v", err)
	}
}

func TestNewVerifierRejectsBadConfig(t *testing.T) {
	keys := NewKeySet()
	for name, c := range map[string]VerifierConfig{
		"no audience": {Keys: keys},
		"no keys":     {Audience: "b"},
		"neg skew":    {Audience: "b", Keys: keys, Skew: -1},
		"huge skew":   {Audience: "b", Keys: keys, Skew: 2 * time.Hour},
	} {
		if _, err := NewVerifier(c); err == nil {
			t.Errorf("NewVerifier(%s) = nil error", name)
		}
	}
}
