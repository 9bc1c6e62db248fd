package consent

import (
	"errors"
	"testing"
	"time"
)

// postLoanToken is a recurring post-loan grant with full non-third-party scope.
func (f *fixture) postLoanToken() *Token {
	g := f.grant()
	g.Purpose, g.Uses = PurposePostLoan, Recurring
	g.Scope = NewScope(ClassDirect, ClassQuasi, ClassFinancial)
	return f.issue(g)
}

func collectionQuery() Query {
	return Query{Purpose: PurposeDelegatedCollection, Scope: NewScope(ClassDirect), Body: []byte("debt 42")}
}

func TestDelegateAndVerify(t *testing.T) {
	f := newFixture(t, AlgEd25519)
	tok := f.postLoanToken()
	del, err := f.grantee.Delegate(tok, Delegation{
		DelegateID: "agency-1", DelegateKey: f.delegate.Public(),
		Purpose: PurposeDelegatedCollection, Scope: NewScope(ClassDirect, ClassQuasi),
		Expiry: t0.Add(time.Hour), Uses: 2,
	})
	if err != nil {
		t.Fatal(err)
	}
	if tok.Delegations() != 0 || del.Delegations() != 1 || del.HolderID() != "agency-1" || del.HolderKey() != f.delegate.Public() {
		t.Fatalf("delegated token: %d blocks, holder %q", del.Delegations(), del.HolderID())
	}
	q := collectionQuery()
	v, err := f.verify(f.present(f.delegate, del, q, "a"), q)
	if err != nil {
		t.Fatal(err)
	}
	if !v.Delegated() || v.HolderID() != "agency-1" || v.GranteeID() != "lender-1" ||
		v.Purpose() != PurposeDelegatedCollection || v.Scope() != NewScope(ClassDirect, ClassQuasi) ||
		!v.Expiry().Equal(t0.Add(time.Hour)) {
		t.Fatalf("Verified = %+v", v)
	}
	// The grantee cannot present the delegated token, nor the delegate the
	// root token (dropping its block).
	if _, err := f.grantee.Present(del, q); err == nil {
		t.Fatal("grantee presented the delegate's token")
	}
	p, _ := signPresentation(f.delegate.priv, tok, Query{Purpose: PurposePostLoan, Scope: NewScope(ClassDirect)}, f.now, testNonce("b"))
	if _, err := f.verify(p, Query{Purpose: PurposePostLoan, Scope: NewScope(ClassDirect)}); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("delegate presenting the root token = %v, want ErrBadSignature", err)
	}
}

func TestDelegateInherits(t *testing.T) {
	f := newFixture(t, AlgEd25519)
	tok := f.postLoanToken()
	del, err := f.grantee.Delegate(tok, Delegation{DelegateID: "branch-2", DelegateKey: f.delegate.Public()})
	if err != nil {
		t.Fatal(err)
	}
	if del.Purpose() != PurposePostLoan || del.Scope() != tok.Scope() || !del.Expiry().Equal(tok.Expiry()) || del.Uses() != OneTime {
		t.Fatalf("inherited claims: %v %v %v %v", del.Purpose(), del.Scope(), del.Expiry(), del.Uses())
	}
}

// widen builds a block that the public Delegate would refuse, signed by the
// grantee, and checks that Delegate refuses it and Verify rejects it.
func TestVerifyRejectsWidening(t *testing.T) {
	tests := []struct {
		name string
		d    Delegation
		exp  time.Time
	}{
		{"scope", Delegation{Purpose: PurposeDelegatedCollection, Scope: NewScope(ClassDirect, ClassThirdParty), Uses: 1}, t0.Add(time.Hour)},
		{"expiry", Delegation{Purpose: PurposeDelegatedCollection, Scope: NewScope(ClassDirect), Uses: 1}, t0.Add(48 * time.Hour)},
		{"purpose", Delegation{Purpose: PurposeLoanApproval, Scope: NewScope(ClassDirect), Uses: 1}, t0.Add(time.Hour)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, AlgEd25519)
			tok := f.postLoanToken()
			d := tt.d
			d.DelegateID, d.DelegateKey, d.Expiry = "agency-1", f.delegate.Public(), tt.exp
			if _, err := f.grantee.Delegate(tok, d); !errors.Is(err, ErrWidening) {
				t.Fatalf("Delegate = %v, want ErrWidening", err)
			}
			bad, err := appendBlock(tok, f.grantee.priv, &d, tt.exp.Unix())
			if err != nil {
				t.Fatal(err)
			}
			q := Query{Purpose: d.Purpose, Scope: NewScope(ClassDirect)}
			if _, err := f.verify(f.present(f.delegate, bad, q, "a"), q); !errors.Is(err, ErrWidening) {
				t.Fatalf("Verify = %v, want ErrWidening", err)
			}
		})
	}
}

func TestVerifyRejectsMoreUsesThanParent(t *testing.T) {
	f := newFixture(t, AlgEd25519)
	g := f.grant()
	g.Uses = 2
	tok := f.issue(g)
	d := Delegation{DelegateID: "agency-1", DelegateKey: f.delegate.Public(), Uses: 3}
	if _, err := f.grantee.Delegate(tok, d); !errors.Is(err, ErrWidening) {
		t.Fatalf("Delegate(3 uses of 2) = %v, want ErrWidening", err)
	}
	d.Purpose, d.Scope = tok.Purpose(), tok.Scope()
	bad, err := appendBlock(tok, f.grantee.priv, &d, tok.Expiry().Unix())
	if err != nil {
		t.Fatal(err)
	}
	q := loanQuery()
	if _, err := f.verify(f.present(f.delegate, bad, q, "a"), q); !errors.Is(err, ErrWidening) {
		t.Fatalf("Verify(3 uses of 2) = %v, want ErrWidening", err)
	}
}

func TestVerifyRejectsDelegationAfterUseLimit(t *testing.T) {
	// A one-time grant, used by the grantee, then delegated: the delegate's
	// presentation still spends the root grant's use and fails.
	f := newFixture(t, AlgEd25519)
	tok := f.issue(f.grant())
	q := loanQuery()
	if _, err := f.verify(f.present(f.grantee, tok, q, "a"), q); err != nil {
		t.Fatal(err)
	}
	del, err := f.grantee.Delegate(tok, Delegation{DelegateID: "agency-1", DelegateKey: f.delegate.Public()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.verify(f.present(f.delegate, del, q, "b"), q); !errors.Is(err, ErrUseLimit) {
		t.Fatalf("Verify(delegation after use limit) = %v, want ErrUseLimit", err)
	}
}

func TestVerifyDelegationCountsBothLevels(t *testing.T) {
	// Root 3 uses, delegation 2 uses: the delegate gets 2, the grantee the
	// remaining 1, and a failed use changes no counter.
	f := newFixture(t, AlgEd25519)
	g := f.grant()
	g.Uses = 3
	tok := f.issue(g)
	del, err := f.grantee.Delegate(tok, Delegation{DelegateID: "agency-1", DelegateKey: f.delegate.Public(), Uses: 2})
	if err != nil {
		t.Fatal(err)
	}
	q := loanQuery()
	steps := []struct {
		h    *HolderKey
		tok  *Token
		want error
	}{
		{f.delegate, del, nil}, {f.delegate, del, nil}, {f.delegate, del, ErrUseLimit},
		{f.grantee, tok, nil}, {f.grantee, tok, ErrUseLimit},
	}
	for i, s := range steps {
		_, err := f.verify(f.present(s.h, s.tok, q, string(rune('a'+i))), q)
		if !errors.Is(err, s.want) || (s.want == nil) != (err == nil) {
			t.Fatalf("step %d: Verify = %v, want %v", i, err, s.want)
		}
	}
}

func TestVerifyRejectsSwappedBlocks(t *testing.T) {
	f := newFixture(t, AlgEd25519)
	tok := f.postLoanToken()
	second := testHolder(t, "second delegate")
	a, err := f.grantee.Delegate(tok, Delegation{DelegateID: "agency-1", DelegateKey: f.delegate.Public(), Uses: Recurring})
	if err != nil {
		t.Fatal(err)
	}
	ab, err := f.delegate.Delegate(a, Delegation{DelegateID: "agency-1", DelegateKey: second.Public(), Uses: Recurring})
	if err != nil {
		t.Fatal(err)
	}
	q := Query{Purpose: PurposePostLoan, Scope: NewScope(ClassDirect)}
	if _, err := f.verify(f.present(second, ab, q, "ok"), q); err != nil {
		t.Fatalf("Verify(two blocks) = %v", err)
	}
	// Swap the two (equal-length) blocks.
	raw := ab.Bytes()
	n := len(ab.v.blocks[0].body) + ed25519SigSize
	start := len(raw) - 2*n
	swapped := append(append(append([]byte(nil), raw[:start]...), raw[start+n:]...), raw[start:start+n]...)
	bad, err := ParseToken(swapped)
	if err != nil {
		t.Fatal(err)
	}
	p, err := signPresentation(f.delegate.priv, bad, q, f.now, testNonce("swap"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.verify(p, q); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("Verify(swapped blocks) = %v, want ErrBadSignature", err)
	}
}

func TestVerifyRejectsBlockFromOtherToken(t *testing.T) {
	// A block signed for one grant does not verify on another grant with the
	// same grantee key.
	f := newFixture(t, AlgEd25519)
	tok1 := f.postLoanToken()
	g := f.grant()
	g.Purpose, g.Uses = PurposePostLoan, Recurring
	g.Scope = tok1.Scope()
	tok2, err := f.issuer.issue(g, testID("other grant"), t0)
	if err != nil {
		t.Fatal(err)
	}
	d1, err := f.grantee.Delegate(tok1, Delegation{DelegateID: "agency-1", DelegateKey: f.delegate.Public()})
	if err != nil {
		t.Fatal(err)
	}
	block := d1.raw[len(tok1.raw):]
	raw := append(tok2.Bytes(), block...)
	raw[1+len(tok2.v.root.body)+2+len(tok2.v.root.sig)] = 1
	moved, err := ParseToken(raw)
	if err != nil {
		t.Fatal(err)
	}
	q := Query{Purpose: PurposePostLoan, Scope: NewScope(ClassDirect)}
	if _, err := f.verify(f.present(f.delegate, moved, q, "a"), q); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("Verify(moved block) = %v, want ErrBadSignature", err)
	}
}

func TestDelegateRejects(t *testing.T) {
	f := newFixture(t, AlgEd25519)
	tok := f.postLoanToken()
	ok := Delegation{DelegateID: "agency-1", DelegateKey: f.delegate.Public()}
	if _, err := f.delegate.Delegate(tok, ok); !errors.Is(err, ErrMalformed) {
		t.Errorf("Delegate by non-holder = %v, want ErrMalformed", err)
	}
	bad := ok
	bad.DelegateID = ""
	if _, err := f.grantee.Delegate(tok, bad); !errors.Is(err, ErrMalformed) {
		t.Errorf("Delegate(empty ID) = %v", err)
	}
	bad = ok
	bad.Purpose, bad.Uses = PurposeLoanApproval, Recurring
	if _, err := f.grantee.Delegate(tok, bad); err == nil {
		t.Errorf("Delegate(recurring loan approval) = nil")
	}
	// Chain up to MaxBlocks, then one more fails.
	cur, h := tok, f.grantee
	for i := range MaxBlocks {
		next := testHolder(t, "chain"+string(rune('0'+i)))
		var err error
		cur, err = h.Delegate(cur, Delegation{DelegateID: "d", DelegateKey: next.Public(), Uses: Recurring})
		if err != nil {
			t.Fatalf("block %d: %v", i+1, err)
		}
		h = next
	}
	if _, err := h.Delegate(cur, Delegation{DelegateID: "d", DelegateKey: f.delegate.Public()}); !errors.Is(err, ErrWidening) {
		t.Errorf("Delegate beyond MaxBlocks = %v, want ErrWidening", err)
	}
	q := Query{Purpose: PurposePostLoan, Scope: NewScope(ClassDirect)}
	if _, err := f.verify(f.present(h, cur, q, "max"), q); err != nil {
		t.Errorf("Verify(MaxBlocks chain) = %v", err)
	}
}
