package consent_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/credq/credq/consent"
)

// The whole flow: a consent service issues a post-loan grant to a lender,
// the lender delegates a narrowed grant to a collection agency, the agency
// presents it with a query, and the bureau verifies it.
func Example() {
	// The bureau (data holder) derives subject references with its key.
	subjectKey, _ := consent.NewSubjectKey()
	subject := subjectKey.Ref("cnid:v1:11010519491231002X")

	// The consent service's issuer key; its public key goes to the bureau.
	issuer, _ := consent.GenerateIssuer(consent.AlgEd25519)
	lender, _ := consent.GenerateHolderKey()
	agency, _ := consent.GenerateHolderKey()

	now := time.Now()
	token, err := issuer.Issue(consent.Grant{
		Subject:          subject,
		GranteeID:        "lender-1",
		GranteeKey:       lender.Public(),
		Audience:         "bureau-1",
		Purpose:          consent.PurposePostLoan,
		Scope:            consent.NewScope(consent.ClassDirect, consent.ClassQuasi, consent.ClassFinancial),
		Expiry:           now.Add(365 * 24 * time.Hour),
		Uses:             consent.Recurring,
		AuthorizationRef: "SQ2026-000123",
	})
	if err != nil {
		panic(err)
	}

	// The lender narrows it for the agency: collection, direct identifiers
	// only, 30 days, 3 uses.
	delegated, err := lender.Delegate(token, consent.Delegation{
		DelegateID:  "agency-7",
		DelegateKey: agency.Public(),
		Purpose:     consent.PurposeDelegatedCollection,
		Scope:       consent.NewScope(consent.ClassDirect),
		Expiry:      now.Add(30 * 24 * time.Hour),
		Uses:        3,
	})
	if err != nil {
		panic(err)
	}

	// The agency presents it with its query.
	query := consent.Query{
		Purpose: consent.PurposeDelegatedCollection,
		Scope:   consent.NewScope(consent.ClassDirect),
		Body:    []byte(`{"debt":"loan-42"}`),
	}
	presentation, err := agency.Present(delegated, query)
	if err != nil {
		panic(err)
	}

	// The bureau verifies.
	verifier, err := consent.NewVerifier(consent.VerifierConfig{
		Audience: "bureau-1",
		Keys:     consent.NewKeySet(issuer.PublicKey()),
	})
	if err != nil {
		panic(err)
	}
	grant, err := verifier.Verify(context.Background(), presentation, query)
	if err != nil {
		panic(err)
	}
	fmt.Println("purpose:", grant.Purpose())
	fmt.Println("scope:", grant.Scope())
	fmt.Println("grantee:", grant.GranteeID(), "holder:", grant.HolderID(), "delegated:", grant.Delegated())
	fmt.Println("authorization:", grant.AuthorizationRef())

	// The same presentation again is a replay.
	_, err = verifier.Verify(context.Background(), presentation, query)
	fmt.Println("again:", errors.Is(err, consent.ErrReplay))

	// The agency cannot ask for more than it was given.
	wider := consent.Query{Purpose: consent.PurposeDelegatedCollection, Scope: consent.ScopeAll}
	p2, _ := agency.Present(delegated, wider)
	_, err = verifier.Verify(context.Background(), p2, wider)
	fmt.Println("wider:", errors.Is(err, consent.ErrScopeExceeded))
	// Output:
	// purpose: x-collection delegated collection (credq extension)
	// scope: direct
	// grantee: lender-1 holder: agency-7 delegated: true
	// authorization: SQ2026-000123
	// again: true
	// wider: true
}

// A data holder derives the subject reference from the normalized ID and
// compares it with the one in the verified grant.
func ExampleSubjectKey_Ref() {
	key, _ := consent.SubjectKeyFromBytes(make([]byte, consent.SubjectKeySize)) // load the real key from a sealed store
	ref := key.Ref("cnid:v1:11010519491231002X")
	fmt.Println(len(ref.String()))
	// Output: 64
}
