package consent

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/credq/credq/encoding"
)

func TestTokenArmorSize(t *testing.T) {
	// A single-block Ed25519 grant with every claim set, realistic IDs.
	f := newFixture(t, AlgEd25519)
	g := f.grant()
	g.GranteeID = "lender:icbc-1100" // 16 bytes
	g.Audience = "bureau:pboc-crc1"  // 16 bytes
	g.AuthorizationRef = "SQ2026-11-000123"
	g.Uses = 3
	tok := f.issue(g)
	s := tok.String()
	t.Logf("Ed25519 token: %d bytes, %d armored characters", len(tok.raw), len(s))
	if len(s) > 300 {
		t.Fatalf("armored token is %d characters, want ≤ 300", len(s))
	}
	back, err := ParseTokenText(s)
	if err != nil || !bytes.Equal(back.raw, tok.raw) {
		t.Fatalf("ParseTokenText(String()) = %v", err)
	}
}

func TestTokenAccessors(t *testing.T) {
	f := newFixture(t, AlgEd25519)
	tok := f.issue(f.grant())
	if tok.ConsentID() != testID("grant") || tok.IssuerKeyID() != f.issuer.KeyID() || tok.Audience() != "bureau-1" ||
		tok.HolderID() != "lender-1" || tok.HolderKey() != f.grantee.Public() || tok.Purpose() != PurposeLoanApproval ||
		tok.Scope() != NewScope(ClassDirect, ClassFinancial) || tok.Uses() != OneTime ||
		!tok.NotBefore().Equal(t0.Add(-time.Hour)) || !tok.Expiry().Equal(t0.Add(24*time.Hour)) || tok.Delegations() != 0 {
		t.Fatal("token accessors disagree with the grant")
	}
	b := tok.Bytes()
	b[0] ^= 0xff
	if tok.raw[0] == b[0] {
		t.Fatal("Bytes does not return a copy")
	}
}

func TestIssueDefaults(t *testing.T) {
	f := newFixture(t, AlgEd25519)
	g := f.grant()
	g.NotBefore, g.Uses = time.Time{}, 0
	tok, err := f.issuer.Issue(g)
	if err != nil {
		t.Fatal(err)
	}
	if tok.Uses() != OneTime || time.Since(tok.NotBefore()) > time.Minute {
		t.Fatalf("defaults: uses %v, not-before %v", tok.Uses(), tok.NotBefore())
	}
	tok2, _ := f.issuer.Issue(g)
	if tok.ConsentID() == tok2.ConsentID() {
		t.Fatal("two grants got the same consent ID")
	}
}

func TestIssueRejectsBadClaims(t *testing.T) {
	f := newFixture(t, AlgEd25519)
	tests := map[string]func(*Grant){
		"empty grantee":        func(g *Grant) { g.GranteeID = "" },
		"long grantee":         func(g *Grant) { g.GranteeID = strings.Repeat("x", MaxIDLen+1) },
		"control char":         func(g *Grant) { g.GranteeID = "a\nb" },
		"empty audience":       func(g *Grant) { g.Audience = "" },
		"bad UTF-8 ref":        func(g *Grant) { g.AuthorizationRef = "\xff" },
		"long ref":             func(g *Grant) { g.AuthorizationRef = strings.Repeat("x", MaxRefLen+1) },
		"invalid purpose":      func(g *Grant) { g.Purpose = 4 },
		"empty scope":          func(g *Grant) { g.Scope = 0 },
		"invalid scope":        func(g *Grant) { g.Scope = 0x10 },
		"no expiry":            func(g *Grant) { g.Expiry = time.Time{} },
		"expiry at not-before": func(g *Grant) { g.Expiry = g.NotBefore },
		"too many uses":        func(g *Grant) { g.Uses = MaxUses + 1 },
		"recurring approval":   func(g *Grant) { g.Uses = Recurring },
	}
	for name, mutate := range tests {
		g := f.grant()
		mutate(&g)
		if _, err := f.issuer.Issue(g); !errors.Is(err, ErrMalformed) {
			t.Errorf("Issue(%s) = %v, want ErrMalformed", name, err)
		}
	}
}

// TestBadLengths checks every truncation and a one-byte extension of a
// token and a presentation: each must fail with ErrMalformed wrapping an
// *encoding.ParseError, and never panic.
func TestBadLengths(t *testing.T) {
	for _, alg := range []Algorithm{AlgEd25519, AlgHybrid} {
		f := newFixture(t, alg)
		tok := f.postLoanToken()
		del, err := f.grantee.Delegate(tok, Delegation{DelegateID: "agency-1", DelegateKey: f.delegate.Public(),
			Purpose: PurposeDelegatedCollection, Scope: NewScope(ClassDirect)})
		if err != nil {
			t.Fatal(err)
		}
		q := collectionQuery()
		pres := f.present(f.delegate, del, q, "a")
		for _, in := range []struct {
			name  string
			b     []byte
			parse func([]byte) error
		}{
			{"token", del.raw, func(b []byte) error { _, err := ParseToken(b); return err }},
			{"presentation", pres, func(b []byte) error { var p presentationView; return parsePresentation(b, &p) }},
		} {
			for n := 0; n < len(in.b); n++ {
				checkParseError(t, in.name, n, in.parse(in.b[:n]))
			}
			for _, extra := range []byte{0, 1, 0xff} {
				checkParseError(t, in.name, len(in.b)+1, in.parse(append(bytes.Clone(in.b), extra)))
			}
		}
		// The same sweep through Verify: nothing truncated verifies.
		for n := 0; n < len(pres); n++ {
			if _, err := f.verify(pres[:n], q); !errors.Is(err, ErrMalformed) {
				t.Fatalf("Verify(presentation[:%d]) = %v, want ErrMalformed", n, err)
			}
		}
	}
}

func checkParseError(t *testing.T, what string, n int, err error) {
	t.Helper()
	var pe *encoding.ParseError
	if !errors.Is(err, ErrMalformed) || !errors.As(err, &pe) {
		t.Fatalf("parse %s of %d bytes = %v, want ErrMalformed with *encoding.ParseError", what, n, err)
	}
}

// TestBitFlips flips one bit in every byte of a delegated presentation (bit
// i mod 8 of byte i, so each bit position is hit throughout the layout):
// none may verify. Every-bit coverage belongs to the fuzz targets.
func TestBitFlips(t *testing.T) {
	f := newFixture(t, AlgEd25519)
	tok := f.postLoanToken()
	del, err := f.grantee.Delegate(tok, Delegation{DelegateID: "agency-1", DelegateKey: f.delegate.Public(),
		Purpose: PurposeDelegatedCollection, Scope: NewScope(ClassDirect)})
	if err != nil {
		t.Fatal(err)
	}
	q := collectionQuery()
	pres := f.present(f.delegate, del, q, "a")
	for i := range len(pres) {
		b := bytes.Clone(pres)
		b[i] ^= 1 << (i % 8)
		if v, err := f.verify(b, q); err == nil || v != nil {
			t.Fatalf("Verify(byte %d bit %d flipped) succeeded", i, i%8)
		}
	}
	// The original still verifies: no flipped copy consumed its nonce.
	if _, err := f.verify(pres, q); err != nil {
		t.Fatalf("Verify(original) = %v", err)
	}
}

func TestParseTokenRejects(t *testing.T) {
	f := newFixture(t, AlgEd25519)
	tok := f.issue(f.grant())
	bodyAt := 1
	off := map[string]int{ // offsets within the root body
		"purpose": 16 + 8 + 32 + 1 + len("lender-1") + 32 + 1 + len("bureau-1"),
	}
	off["scope"] = off["purpose"] + 1
	tests := map[string]func([]byte) []byte{
		"version":         func(b []byte) []byte { b[0] = 2; return b },
		"invalid purpose": func(b []byte) []byte { b[bodyAt+off["purpose"]] = 4; return b },
		"empty scope":     func(b []byte) []byte { b[bodyAt+off["scope"]] = 0; return b },
		"scope bits":      func(b []byte) []byte { b[bodyAt+off["scope"]] = 0x13; return b },
		"block count":     func(b []byte) []byte { b[len(b)-1] = MaxBlocks + 1; return b },
		"too large":       func(b []byte) []byte { return make([]byte, MaxTokenSize+1) },
		"empty":           func(b []byte) []byte { return nil },
	}
	for name, mutate := range tests {
		if _, err := ParseToken(mutate(tok.Bytes())); !errors.Is(err, ErrMalformed) {
			t.Errorf("ParseToken(%s) = %v, want ErrMalformed", name, err)
		}
	}
	for _, s := range []string{"", "cqc1_", "cqp1_" + tok.String()[5:], tok.String() + "=", tok.String()[:len(tok.String())-1] + "\n"} {
		if _, err := ParseTokenText(s); !errors.Is(err, ErrMalformed) {
			t.Errorf("ParseTokenText(%.8q…) = %v, want ErrMalformed", s, err)
		}
	}
}

func TestPresentationArmor(t *testing.T) {
	f := newFixture(t, AlgEd25519)
	tok := f.issue(f.grant())
	q := loanQuery()
	p := f.present(f.grantee, tok, q, "a")
	s := ArmorPresentation(p)
	back, err := DearmorPresentation(s)
	if err != nil || !bytes.Equal(back, p) {
		t.Fatalf("DearmorPresentation(ArmorPresentation(p)) = %v", err)
	}
	if _, err := f.verify(back, q); err != nil {
		t.Fatal(err)
	}
	if _, err := DearmorPresentation(tok.String()); !errors.Is(err, ErrMalformed) {
		t.Fatalf("DearmorPresentation(token) = %v, want ErrMalformed", err)
	}
}
