package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/credq/credq/bench/benchutil"
	"github.com/credq/credq/consent"
)

// compareConsent verifies a credq presentation (grant signature + holder's
// proof-of-possession signature + replay/use stores) and a golang-jwt EdDSA
// token carrying the same claims (one signature, audience and expiry checked).
func compareConsent(o *options, b *strings.Builder) error {
	dur := 2 * time.Second
	if o.quick {
		dur = 100 * time.Millisecond
	}
	pool := 5000
	if o.quick {
		pool = 200
	}
	w, err := benchutil.NewConsentWorkload(consent.AlgEd25519, pool)
	if err != nil {
		return err
	}
	grant, token, ref, lender := w.Grant, w.Token, w.Subject, w.Lender

	// The same claims as a JWT (RFC 7519 registered claims plus private
	// ones), taken from the workload's grant.
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	cnfKey := lender.Public()
	cnf := base64.RawURLEncoding.EncodeToString(cnfKey[:])
	claims := jwt.MapClaims{
		"jti": token.ConsentID().String(), "iss": token.IssuerKeyID().String(), "sub": ref.String(),
		"azp": grant.GranteeID, "cnf": map[string]any{"jwk": map[string]any{"kty": "OKP", "crv": "Ed25519", "x": cnf}}, "aud": grant.Audience,
		"purpose": grant.Purpose.Code(), "scope": grant.Scope.String(),
		"nbf": grant.NotBefore.Unix(), "exp": grant.Expiry.Unix(), "uses": grant.Uses, "auth_ref": grant.AuthorizationRef,
	}
	jwtText, err := jwt.NewWithClaims(jwt.SigningMethodEdDSA, claims).SignedString(priv)
	if err != nil {
		return err
	}
	parser := jwt.NewParser(jwt.WithValidMethods([]string{"EdDSA"}), jwt.WithAudience(grant.Audience), jwt.WithExpirationRequired())
	keyFunc := func(*jwt.Token) (any, error) { return pub, nil }
	jwtLoop := func() (time.Duration, error) {
		return benchutil.CPULoop(dur, 10, func() error {
			_, err := parser.Parse(jwtText, keyFunc)
			return err
		})
	}
	p, err := benchutil.MedianPaired(o.reps, jwtLoop, w.VerifyPool)
	if err != nil {
		return err
	}
	jwtT, credq := p.Base, p.Times[0]
	fmt.Fprintf(b, "### Consent verification vs golang-jwt/jwt/v5 (EdDSA, one goroutine)\n\n")
	fmt.Fprintf(b, "| verifier | what is checked | CPU per verification | verifications/s per core | token chars |\n|---|---|---|---|---|\n")
	fmt.Fprintf(b, "| credq `Verifier.Verify` | grant signature + proof-of-possession signature, audience, window, nonce, purpose, scope, uses, revocation | %s | %.0f | %d |\n",
		benchutil.Secs(credq), float64(time.Second)/float64(credq), len(token.String()))
	fmt.Fprintf(b, "| golang-jwt `Parser.Parse` | one signature, audience, expiry (no possession proof, no replay or use state) | %s | %.0f | %d |\n\n",
		benchutil.Secs(jwtT), float64(time.Second)/float64(jwtT), len(jwtText))
	fmt.Fprintf(b, "credq ÷ golang-jwt CPU time: **%.2f×**, the median of per-repetition ratios (credq checks two signatures to JWT's one); credq token is %.0f%% of the JWT's length.\n\n",
		p.Ratios[0], 100*float64(len(token.String()))/float64(len(jwtText)))
	return nil
}
