// Package consenttest builds [consent.Verified] grants for tests of packages
// that consume them (credit views, the inquiry log, examples).
//
// It takes no shortcut: [Grant] generates an issuer key and holder keys,
// issues a real grant, optionally delegates it, presents it and verifies it
// with a real [consent.Verifier] and in-memory stores. A Verified can be
// obtained no other way. It is for tests only: keys are thrown away, and
// failures end the test with t.Fatal.
package consenttest

import (
	"context"
	"testing"
	"time"

	"github.com/credq/credq/consent"
)

// Options describe the grant to build. Zero fields take the defaults noted.
type Options struct {
	// Purpose of the grant; zero means consent.PurposeLoanApproval.
	Purpose consent.Purpose
	// Scope of the grant; zero means direct+quasi+financial.
	Scope consent.Scope
	// Requested is the query's classes; zero means the effective scope.
	Requested consent.Scope
	// GranteeID defaults to "lender-test"; Audience to "bureau-test".
	GranteeID, Audience string
	// AuthorizationRef is copied into the grant ("" for none).
	AuthorizationRef string
	// Subject defaults to a reference derived with a fresh key from
	// "cnid:v1:11010519491231002X".
	Subject consent.SubjectRef
	// DelegateTo, if set, delegates the grant to that ID before presenting;
	// the delegate presents.
	DelegateTo string
	// DelegatePurpose is the delegation's purpose; zero keeps the grant's
	// (post-loan management may become delegated collection).
	DelegatePurpose consent.Purpose
	// DelegateScope is the delegation's scope; zero keeps the grant's.
	DelegateScope consent.Scope
	// Now is the verification time; zero means time.Now().
	Now time.Time
	// Validity is the grant's lifetime from Now; zero means 24 hours.
	Validity time.Duration
}

// Grant issues, (optionally) delegates, presents and verifies a grant as o
// describes, and returns the verified grant. Any failure fails t.
func Grant(t testing.TB, o Options) *consent.Verified {
	t.Helper()
	v, err := TryGrant(o)
	if err != nil {
		t.Fatalf("consenttest.Grant: %v", err)
	}
	return v
}

// TryGrant is [Grant] returning the verification error instead of failing
// a test, for tests that expect a rejection (e.g. a delegation the purpose
// policy forbids).
func TryGrant(o Options) (*consent.Verified, error) {
	if o.Purpose == 0 {
		o.Purpose = consent.PurposeLoanApproval
	}
	if o.Scope == 0 {
		o.Scope = consent.NewScope(consent.ClassDirect, consent.ClassQuasi, consent.ClassFinancial)
	}
	if o.GranteeID == "" {
		o.GranteeID = "lender-test"
	}
	if o.Audience == "" {
		o.Audience = "bureau-test"
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.Validity == 0 {
		o.Validity = 24 * time.Hour
	}
	if o.Subject == (consent.SubjectRef{}) {
		sk, err := consent.NewSubjectKey()
		if err != nil {
			return nil, err
		}
		o.Subject = sk.Ref("cnid:v1:11010519491231002X")
	}
	issuer, err := consent.GenerateIssuer(consent.AlgEd25519)
	if err != nil {
		return nil, err
	}
	grantee, err := consent.GenerateHolderKey()
	if err != nil {
		return nil, err
	}
	uses := consent.OneTime
	if o.Purpose.AllowsRecurring() {
		uses = consent.Recurring
	}
	tok, err := issuer.Issue(consent.Grant{
		Subject:          o.Subject,
		GranteeID:        o.GranteeID,
		GranteeKey:       grantee.Public(),
		Audience:         o.Audience,
		Purpose:          o.Purpose,
		Scope:            o.Scope,
		NotBefore:        o.Now.Add(-time.Minute),
		Expiry:           o.Now.Add(o.Validity),
		Uses:             uses,
		AuthorizationRef: o.AuthorizationRef,
	})
	if err != nil {
		return nil, err
	}
	holder := grantee
	if o.DelegateTo != "" {
		delegate, err := consent.GenerateHolderKey()
		if err != nil {
			return nil, err
		}
		dUses := consent.OneTime
		p := o.DelegatePurpose
		if p == 0 {
			p = o.Purpose
		}
		if uses == consent.Recurring && p.AllowsRecurring() {
			dUses = consent.Recurring
		}
		tok, err = grantee.Delegate(tok, consent.Delegation{
			DelegateID:  o.DelegateTo,
			DelegateKey: delegate.Public(),
			Purpose:     o.DelegatePurpose,
			Scope:       o.DelegateScope,
			Uses:        dUses,
		})
		if err != nil {
			return nil, err
		}
		holder = delegate
	}
	q := consent.Query{Purpose: tok.Purpose(), Scope: o.Requested, Body: []byte("consenttest query")}
	if q.Scope == 0 {
		q.Scope = tok.Scope()
	}
	pres, err := holder.PresentAt(tok, q, o.Now)
	if err != nil {
		return nil, err
	}
	verifier, err := consent.NewVerifier(consent.VerifierConfig{
		Audience: o.Audience,
		Keys:     consent.NewKeySet(issuer.PublicKey()),
		Now:      func() time.Time { return o.Now },
	})
	if err != nil {
		return nil, err
	}
	return verifier.Verify(context.Background(), pres, q)
}
