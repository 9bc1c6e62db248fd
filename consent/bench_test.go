package consent

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"testing"
)

// Benchmarks, all in one run so that ratios are comparable:
//
//	go test -run '^$' -bench . -benchmem -count 5 ./consent/
//
// BenchmarkEd25519Verify is the bound: one raw ed25519.Verify over the same
// bytes a grant signature covers. BenchmarkVerifyGrant parses a token and
// verifies its issuer signature (one signature). BenchmarkVerifyPresentation
// runs the whole Verifier.Verify (grant and presentation signatures, replay
// and use-count stores).

var algs = []Algorithm{AlgEd25519, AlgMLDSA65, AlgHybrid}

func benchToken(b testing.TB, alg Algorithm) (*fixture, *Token) {
	f := newFixture(b, alg)
	g := f.grant()
	g.Uses = MaxUses
	return f, f.issue(g)
}

func BenchmarkEd25519Verify(b *testing.B) {
	f, tok := benchToken(b, AlgEd25519)
	msg := append(append([]byte(labelGrant), 0), tok.v.root.body...)
	pub := f.issuer.PublicKey().ed
	sig := tok.v.root.sig
	b.SetBytes(int64(len(tok.raw)))
	b.ReportAllocs()
	for b.Loop() {
		if !ed25519.Verify(pub, msg, sig) {
			b.Fatal("verify failed")
		}
	}
}

// verifyGrantOnly is steps 1, 2 and 7 (root signature only) of Verify.
func verifyGrantOnly(keys *KeySet, raw []byte) error {
	var v tokenView
	if err := parseToken(raw, &v); err != nil {
		return err
	}
	key, err := keys.lookup(v.root.keyID)
	if err != nil {
		return err
	}
	if !key.verifyGrant(v.root.body, v.root.sig) {
		return ErrBadSignature
	}
	return nil
}

func BenchmarkVerifyGrant(b *testing.B) {
	for _, alg := range algs {
		b.Run(alg.String(), func(b *testing.B) {
			f, tok := benchToken(b, alg)
			b.SetBytes(int64(len(tok.raw)))
			b.ReportAllocs()
			for b.Loop() {
				if err := verifyGrantOnly(f.keys, tok.raw); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(tok.raw)), "token-bytes")
		})
	}
}

func BenchmarkVerifyPresentation(b *testing.B) {
	for _, alg := range algs {
		for _, blocks := range []int{0, 1} {
			b.Run(fmt.Sprintf("%v/blocks=%d", alg, blocks), func(b *testing.B) {
				f, tok := benchToken(b, alg)
				holder := f.grantee
				if blocks == 1 {
					var err error
					tok, err = f.grantee.Delegate(tok, Delegation{DelegateID: "agency-1", DelegateKey: f.delegate.Public(), Uses: MaxUses})
					if err != nil {
						b.Fatal(err)
					}
					holder = f.delegate
				}
				q := loanQuery()
				const batch = 512
				pres := make([][]byte, batch)
				ctx := context.Background()
				b.ReportAllocs()
				i := batch
				for b.Loop() {
					if i == batch {
						b.StopTimer()
						for j := range pres {
							p, err := holder.PresentAt(tok, q, f.now)
							if err != nil {
								b.Fatal(err)
							}
							pres[j] = p
						}
						i = 0
						b.StartTimer()
					}
					if _, err := f.v.Verify(ctx, pres[i], q); err != nil {
						b.Fatal(err)
					}
					i++
				}
				b.ReportMetric(float64(len(pres[0])), "presentation-bytes")
				b.ReportMetric(float64(len(tok.raw)), "token-bytes")
			})
		}
	}
}

// TestVerifyAllocations pins the allocation budget (≤ 10 per verification)
// so that a regression fails the ordinary test run, not only a benchmark.
func TestVerifyAllocations(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation count is measured in the full run")
	}
	f, tok := benchToken(t, AlgEd25519)
	tok, err := f.grantee.Delegate(tok, Delegation{DelegateID: "agency-1", DelegateKey: f.delegate.Public(), Uses: MaxUses})
	if err != nil {
		t.Fatal(err)
	}
	q := loanQuery()
	const runs = 50
	pres := make([][]byte, runs+1)
	for i := range pres {
		pres[i], _ = f.delegate.PresentAt(tok, q, f.now)
	}
	i := 0
	allocs := testing.AllocsPerRun(runs, func() {
		if _, err := f.v.Verify(context.Background(), pres[i], q); err != nil {
			t.Fatal(err)
		}
		i++
	})
	if allocs > 10 {
		t.Fatalf("Verify allocates %.1f times per call, want ≤ 10", allocs)
	}
	grant := testing.AllocsPerRun(runs, func() { _ = verifyGrantOnly(f.keys, tok.raw) })
	if grant > 0 {
		t.Fatalf("grant verification allocates %.1f times, want 0", grant)
	}
}
