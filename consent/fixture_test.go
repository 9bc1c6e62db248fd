package consent

import (
	"context"
	"crypto/sha256"
	"testing"
	"time"
)

// t0 is the fixed "now" of the tests.
var t0 = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

// seeded returns deterministic key material for tests: SHA-256 of a name.
func seeded(name string) []byte {
	s := sha256.Sum256([]byte("credq consent test seed " + name))
	return s[:]
}

func testIssuer(t testing.TB, alg Algorithm, name string) *Issuer {
	t.Helper()
	seed := seeded(name)
	if alg == AlgHybrid {
		seed = append(seed, seeded(name+"/ml")...)
	}
	is, err := IssuerFromSeed(alg, seed)
	if err != nil {
		t.Fatal(err)
	}
	return is
}

func testHolder(t testing.TB, name string) *HolderKey {
	t.Helper()
	h, err := HolderKeyFromSeed(seeded(name))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func testID(name string) ID {
	var id ID
	copy(id[:], seeded("id "+name))
	return id
}

func testNonce(name string) [nonceSize]byte {
	var n [nonceSize]byte
	copy(n[:], seeded("nonce "+name))
	return n
}

// fixture holds one issuer, a grantee, a delegate and a verifier with a
// controllable clock.
type fixture struct {
	t        testing.TB
	issuer   *Issuer
	grantee  *HolderKey
	delegate *HolderKey
	keys     *KeySet
	revs     *MemoryRevocations
	uses     *MemoryUseStore
	now      time.Time
	v        *Verifier
}

func newFixture(t testing.TB, alg Algorithm) *fixture {
	t.Helper()
	f := &fixture{
		t:        t,
		issuer:   testIssuer(t, alg, "issuer"),
		grantee:  testHolder(t, "grantee"),
		delegate: testHolder(t, "delegate"),
		revs:     NewMemoryRevocations(0),
		uses:     NewMemoryUseStore(0),
		now:      t0,
	}
	f.keys = NewKeySet(f.issuer.PublicKey())
	v, err := NewVerifier(VerifierConfig{
		Audience:    "bureau-1",
		Keys:        f.keys,
		Revocations: f.revs,
		Uses:        f.uses,
		Now:         func() time.Time { return f.now },
	})
	if err != nil {
		t.Fatal(err)
	}
	f.v = v
	return f
}

// grant returns the standard test grant: loan approval, direct+financial,
// valid t0-1h .. t0+24h, one use.
func (f *fixture) grant() Grant {
	return Grant{
		Subject:          SubjectRef(sha256.Sum256([]byte("subject"))),
		GranteeID:        "lender-1",
		GranteeKey:       f.grantee.Public(),
		Audience:         "bureau-1",
		Purpose:          PurposeLoanApproval,
		Scope:            NewScope(ClassDirect, ClassFinancial),
		NotBefore:        t0.Add(-time.Hour),
		Expiry:           t0.Add(24 * time.Hour),
		Uses:             OneTime,
		AuthorizationRef: "AUTH-2026-000123",
	}
}

func (f *fixture) issue(g Grant) *Token {
	f.t.Helper()
	tok, err := f.issuer.issue(g, testID("grant"), t0)
	if err != nil {
		f.t.Fatalf("issue: %v", err)
	}
	return tok
}

func (f *fixture) present(h *HolderKey, tok *Token, q Query, nonce string) []byte {
	f.t.Helper()
	p, err := h.present(tok, q, f.now, testNonce(nonce))
	if err != nil {
		f.t.Fatalf("present: %v", err)
	}
	return p
}

func (f *fixture) verify(p []byte, q Query) (*Verified, error) {
	return f.v.Verify(context.Background(), p, q)
}

func loanQuery() Query {
	return Query{Purpose: PurposeLoanApproval, Scope: NewScope(ClassFinancial), Body: []byte(`{"q":1}`)}
}
