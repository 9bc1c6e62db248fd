package consent

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"slices"
	"testing"
	"time"
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

// BenchmarkInterleaved times raw ed25519.Verify, grant verification and full
// presentation verification alternately within each iteration and reports
// the ratios of their median times. On a shared, noisy machine this is the
// more trustworthy ratio: all three see the same load, and the median
// ignores iterations inflated by preemption.
func BenchmarkInterleaved(b *testing.B) {
	f, tok := benchToken(b, AlgEd25519)
	msg := append(append([]byte(labelGrant), 0), tok.v.root.body...)
	pub, sig := f.issuer.PublicKey().ed, tok.v.root.sig
	q := loanQuery()
	ctx := context.Background()
	const batch, samples = 256, 4096
	pres := make([][]byte, batch)
	var raw, grant, full [samples]time.Duration
	n := 0
	b.ReportAllocs()
	i := batch
	for b.Loop() {
		if i == batch {
			b.StopTimer()
			for j := range pres {
				pres[j], _ = f.grantee.PresentAt(tok, q, f.now)
			}
			i = 0
			b.StartTimer()
		}
		t0 := time.Now()
		ok := ed25519.Verify(pub, msg, sig)
		t1 := time.Now()
		err1 := verifyGrantOnly(f.keys, tok.raw)
		t2 := time.Now()
		_, err2 := f.v.Verify(ctx, pres[i], q)
		t3 := time.Now()
		if !ok || err1 != nil || err2 != nil {
			b.Fatal(ok, err1, err2)
		}
		k := n % samples
		raw[k], grant[k], full[k] = t1.Sub(t0), t2.Sub(t1), t3.Sub(t2)
		n++
		i++
	}
	m := min(n, samples)
	r, g, p := median(raw[:m]), median(grant[:m]), median(full[:m])
	b.ReportMetric(float64(r.Nanoseconds()), "raw-median-ns")
	b.ReportMetric(float64(g)/float64(r), "grant/raw")
	b.ReportMetric(float64(p)/float64(r), "presentation/raw")
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}
