package main

import (
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
	pool := 5000
	if o.quick {
		pool = 200
	}
	w, err := benchutil.NewConsentWorkload(alg, pool)
	if err != nil {
		return consentRow{}, err
	}
	row := consentRow{alg: alg.String(), tokenBytes: len(w.Token.Bytes()), armored: len(w.Token.String())}
	row.verify, err = benchutil.Median(o.reps, w.VerifyPool)
	return row, err
}
