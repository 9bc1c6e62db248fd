package benchutil

import (
	"context"
	"time"

	"github.com/credq/credq/consent"
	"github.com/credq/credq/psi/cost"
)

// ConsentWorkload is the consent benchmark both harnesses run: a
// loan-approval grant carrying every claim, with a count use limit, and a
// pool of single-use presentations of it by the grantee.
type ConsentWorkload struct {
	Issuer        *consent.Issuer
	Lender        *consent.HolderKey
	Subject       consent.SubjectRef
	Grant         consent.Grant
	Token         *consent.Token
	Query         consent.Query
	Presentations [][]byte
}

// NewConsentWorkload issues the grant with an alg issuer key and signs pool
// presentations of it.
func NewConsentWorkload(alg consent.Algorithm, pool int) (*ConsentWorkload, error) {
	issuer, err := consent.GenerateIssuer(alg)
	if err != nil {
		return nil, err
	}
	lender, err := consent.GenerateHolderKey()
	if err != nil {
		return nil, err
	}
	sk, err := consent.NewSubjectKey()
	if err != nil {
		return nil, err
	}
	now := time.Now()
	w := &ConsentWorkload{Issuer: issuer, Lender: lender, Subject: sk.Ref("cnid:v1:11010519491231002X")}
	w.Grant = consent.Grant{
		Subject:          w.Subject,
		GranteeID:        "lender-00000001",
		GranteeKey:       lender.Public(),
		Audience:         "bureau-01",
		Purpose:          consent.PurposeLoanApproval,
		Scope:            consent.NewScope(consent.ClassDirect, consent.ClassQuasi, consent.ClassFinancial),
		NotBefore:        now.Add(-time.Minute),
		Expiry:           now.Add(30 * 24 * time.Hour),
		Uses:             consent.MaxUses,
		AuthorizationRef: "SQ2026-000123",
	}
	if w.Token, err = issuer.Issue(w.Grant); err != nil {
		return nil, err
	}
	w.Query = consent.Query{Purpose: consent.PurposeLoanApproval, Scope: consent.NewScope(consent.ClassFinancial), Body: []byte(`{"subject":"ref"}`)}
	w.Presentations = make([][]byte, pool)
	for i := range w.Presentations {
		if w.Presentations[i], err = lender.Present(w.Token, w.Query); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// VerifyPool verifies every presentation once with a fresh verifier and
// in-memory stores (nonces are single-use, so the pool is timed whole) and
// returns the mean CPU time per verification (see [cost.CPUTime]).
func (w *ConsentWorkload) VerifyPool() (time.Duration, error) {
	v, err := consent.NewVerifier(consent.VerifierConfig{
		Audience: w.Grant.Audience,
		Keys:     consent.NewKeySet(w.Issuer.PublicKey()),
		Replay:   consent.NewMemoryReplayStore(len(w.Presentations) + 10),
	})
	if err != nil {
		return 0, err
	}
	t0 := cost.CPUTime()
	for _, p := range w.Presentations {
		if _, err := v.Verify(context.Background(), p, w.Query); err != nil {
			return 0, err
		}
	}
	return (cost.CPUTime() - t0) / time.Duration(len(w.Presentations)), nil
}
