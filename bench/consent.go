package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"time"

	"github.com/credq/credq/bench/benchutil"
	"github.com/credq/credq/consent"
)

// consentRow is one line of the consent table.
type consentRow struct {
	alg        string
	tokenBytes int
	armored    int
	verify     time.Duration // full presentation verification (grant chain + PoP + stores)
}

type consentResult struct {
	rawEd25519 time.Duration // one crypto/ed25519 Verify
	rows       []consentRow
}

// benchConsent measures full presentation verification for each issuer
// algorithm, next to raw ed25519.Verify, single goroutine.
func benchConsent(o *options, r *results) error {
	dur := 2 * time.Second
	if o.quick {
		dur = 100 * time.Millisecond
	}
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	msg := make([]byte, 200)
	sig := ed25519.Sign(priv, msg)
	raw, err := benchutil.Median(o.reps, func() (time.Duration, error) {
		return benchutil.TimeLoop(dur, 50, func() error {
			if !ed25519.Verify(pub, msg, sig) {
				return fmt.Errorf("raw verify failed")
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	r.consent.rawEd25519 = raw
	for _, alg := range []consent.Algorithm{consent.AlgEd25519, consent.AlgMLDSA65, consent.AlgHybrid} {
		row, err := benchConsentAlg(o, alg)
		if err != nil {
			return fmt.Errorf("%v: %w", alg, err)
		}
		r.consent.rows = append(r.consent.rows, row)
	}
	return nil
}

func benchConsentAlg(o *options, alg consent.Algorithm) (consentRow, error) {
	issuer, err := consent.GenerateIssuer(alg)
	if err != nil {
		return consentRow{}, err
	}
	lender, err := consent.GenerateHolderKey()
	if err != nil {
		return consentRow{}, err
	}
	subjectKey, _ := consent.NewSubjectKey()
	now := time.Now()
	token, err := issuer.Issue(consent.Grant{
		Subject:          subjectKey.Ref("cnid:v1:11010519491231002X"),
		GranteeID:        "lender-00000001",
		GranteeKey:       lender.Public(),
		Audience:         "bureau-01",
		Purpose:          consent.PurposeLoanApproval,
		Scope:            consent.NewScope(consent.ClassDirect, consent.ClassQuasi, consent.ClassFinancial),
		NotBefore:        now.Add(-time.Minute),
		Expiry:           now.Add(30 * 24 * time.Hour),
		Uses:             consent.MaxUses,
		AuthorizationRef: "SQ2026-000123",
	})
	if err != nil {
		return consentRow{}, err
	}
	q := consent.Query{Purpose: consent.PurposeLoanApproval, Scope: consent.NewScope(consent.ClassFinancial), Body: []byte(`{"subject":"ref"}`)}
	// Presentations are single-use (nonce), so a pool is made in advance.
	pool := 5000
	if o.quick {
		pool = 200
	}
	pres := make([][]byte, pool)
	for i := range pres {
		if pres[i], err = lender.Present(token, q); err != nil {
			return consentRow{}, err
		}
	}
	row := consentRow{alg: alg.String(), tokenBytes: len(token.Bytes()), armored: len(token.String())}
	row.verify, err = benchutil.Median(o.reps, func() (time.Duration, error) {
		v, err := consent.NewVerifier(consent.VerifierConfig{
			Audience: "bureau-01",
			Keys:     consent.NewKeySet(issuer.PublicKey()),
			Replay:   consent.NewMemoryReplayStore(pool + 10),
		})
		if err != nil {
			return 0, err
		}
		// Each presentation verifies once (nonces are single-use): time
		// the whole pool.
		t0 := time.Now()
		for _, p := range pres {
			if _, err := v.Verify(context.Background(), p, q); err != nil {
				return 0, err
			}
		}
		return time.Since(t0) / time.Duration(len(pres)), nil
	})
	return row, err
}
