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
	ratio      float64       // verify ÷ raw ed25519.Verify, median of per-repetition ratios
}

type consentResult struct {
	rawEd25519 time.Duration // one crypto/ed25519 Verify
	rows       []consentRow
}

// benchConsent measures full presentation verification for each issuer
// algorithm, next to raw ed25519.Verify, single goroutine. Each repetition
// times the raw verification and then each algorithm, so the ratios are
// taken within a repetition (benchutil.MedianPaired).
func benchConsent(o *options, r *results) error {
	dur := 2 * time.Second
	pool := 5000
	if o.quick {
		dur, pool = 100*time.Millisecond, 200
	}
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	msg := make([]byte, 200)
	sig := ed25519.Sign(priv, msg)
	raw := func() (time.Duration, error) {
		return benchutil.CPULoop(dur, 50, func() error {
			if !ed25519.Verify(pub, msg, sig) {
				return fmt.Errorf("raw verify failed")
			}
			return nil
		})
	}
	var fs []func() (time.Duration, error)
	for _, alg := range []consent.Algorithm{consent.AlgEd25519, consent.AlgMLDSA65, consent.AlgHybrid} {
		w, err := benchutil.NewConsentWorkload(alg, pool)
		if err != nil {
			return fmt.Errorf("%v: %w", alg, err)
		}
		r.consent.rows = append(r.consent.rows, consentRow{alg: alg.String(), tokenBytes: len(w.Token.Bytes()), armored: len(w.Token.String())})
		fs = append(fs, w.VerifyPool)
	}
	p, err := benchutil.MedianPaired(o.reps, raw, fs...)
	if err != nil {
		return err
	}
	r.consent.rawEd25519 = p.Base
	for i := range r.consent.rows {
		r.consent.rows[i].verify, r.consent.rows[i].ratio = p.Times[i], p.Ratios[i]
	}
	return nil
}
