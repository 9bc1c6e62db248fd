package vault

import (
	"context"
	"crypto/rand"
	"fmt"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/credq/credq/credit"
	"github.com/credq/credq/credit/synth"
	"github.com/credq/credq/credit/vault/internal/gcm"
	"github.com/credq/credq/internal/benchdata"
	"golang.org/x/crypto/chacha20poly1305"
)

func textSize(r *credit.Record) (fields, bytes int) {
	_ = r.Walk(func(f credit.FieldValue) error { fields++; bytes += len(f.Text); return nil })
	return
}

// benchSets are the record sets benchmarked: the 12-field record;
// 2000 such records, each sealed for its own subject in BenchmarkOpen (one
// subject in BenchmarkSeal), so that the sealed bytes, the subject keys and
// the cache's entries no longer fit the CPU's L2 cache, as in the bench
// harness; and 64 full records from credit/synth (about 100 fields and 850 bytes of
// text on average: identity, phones, addresses, many accounts with 24-month
// histories, inquiries). SetBytes is the mean text size of the set.
func benchSets() []struct {
	name string
	recs []*credit.Record
} {
	g := synth.New(7, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
	full := g.Records(64)
	distinct := make([]*credit.Record, 2000)
	for i := range distinct {
		distinct[i] = benchdata.CompactRecord(fmt.Sprintf("r%d", i))
	}
	return []struct {
		name string
		recs []*credit.Record
	}{{"fields=12", []*credit.Record{benchdata.CompactRecord("r")}}, {"fields=12x2000", distinct}, {"synth", full}}
}

func meanSize(recs []*credit.Record) int64 {
	total := 0
	for _, r := range recs {
		_, n := textSize(r)
		total += n
	}
	return int64(total / len(recs))
}

func BenchmarkSeal(b *testing.B) {
	for _, set := range benchSets() {
		b.Run(set.name, func(b *testing.B) {
			v, _ := testVault(b)
			for _, r := range set.recs {
				mustSeal(b, v, "s", r) // warm the subject-key cache
			}
			b.SetBytes(meanSize(set.recs))
			b.ReportAllocs()
			done := cpuMeter(b)
			i := 0
			for b.Loop() {
				if _, err := v.Seal(context.Background(), "s", set.recs[i%len(set.recs)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
			done()
		})
	}
}

func BenchmarkOpen(b *testing.B) {
	for _, set := range benchSets() {
		for _, cold := range []bool{false, true} {
			name := set.name + "/warm"
			if cold {
				name = set.name + "/cold"
			}
			b.Run(name, func(b *testing.B) {
				v, st := testVault(b)
				sealed := make([][]byte, len(set.recs))
				for i, r := range set.recs {
					sealed[i] = mustSeal(b, v, fmt.Sprintf("s%d", i), r)
				}
				if cold { // every open reads the key row and unwraps it under the KEK
					v, _ = New(Config{Keyring: v.kr, Store: st, CacheSize: -1})
				}
				b.SetBytes(meanSize(set.recs))
				b.ReportAllocs()
				done := cpuMeter(b)
				i := 0
				for b.Loop() {
					if _, err := v.Open(context.Background(), sealed[i%len(sealed)]); err != nil {
						b.Fatal(err)
					}
					i++
				}
				done()
			})
		}
	}
}

// BenchmarkRawAEAD seals and opens the same field texts with one
// pre-expanded key, fixed nonce and associated data, and no framing: the
// bound the vault is compared with.
func BenchmarkRawAEAD(b *testing.B) {
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	gcm, _ := newGCM(key)
	xc, _ := chacha20poly1305.NewX(key)
	for _, set := range benchSets() {
		var texts [][]byte
		for _, r := range set.recs {
			_ = r.Walk(func(f credit.FieldValue) error {
				texts = append(texts, []byte(f.Text))
				return nil
			})
		}
		perRecord := len(texts) / len(set.recs) // fields per record, on average
		for _, alg := range []struct {
			name  string
			nonce int
			seal  func(dst, nonce, p, ad []byte) []byte
			open  func(dst, nonce, c, ad []byte) ([]byte, error)
		}{
			{"aes256gcm", 12, gcm.Seal, gcm.Open},
			{"xchacha20poly1305", 24, xc.Seal, xc.Open},
		} {
			nonce := make([]byte, alg.nonce)
			ad := make([]byte, 80)
			sealed := make([][]byte, len(texts))
			for i, t := range texts {
				sealed[i] = alg.seal(nil, nonce, t, ad)
			}
			b.Run(set.name+"/seal/"+alg.name, func(b *testing.B) {
				buf := make([]byte, 0, 1024)
				b.SetBytes(meanSize(set.recs))
				b.ReportAllocs()
				done := cpuMeter(b)
				j := 0
				for b.Loop() {
					for range perRecord {
						buf = alg.seal(buf[:0], nonce, texts[j%len(texts)], ad)
						j++
					}
				}
				done()
			})
			b.Run(set.name+"/open/"+alg.name, func(b *testing.B) {
				buf := make([]byte, 0, 1024)
				b.SetBytes(meanSize(set.recs))
				b.ReportAllocs()
				done := cpuMeter(b)
				j := 0
				for b.Loop() {
					for range perRecord {
						var err error
						if buf, err = alg.open(buf[:0], nonce, sealed[j%len(sealed)], ad); err != nil {
							b.Fatal(err)
						}
						j++
					}
				}
				done()
			})
		}
	}
}

// BenchmarkOpenKeyring is the age unwrap paid once per process start (or
// keyring reload): X25519 and ML-KEM-768+X25519.
func BenchmarkOpenKeyring(b *testing.B) {
	kr, _ := NewKeyring("bank-a")
	classic, _ := age.GenerateX25519Identity()
	pq, _ := age.GenerateHybridIdentity()
	for _, c := range []struct {
		name string
		id   age.Identity
		r    age.Recipient
	}{{"x25519", classic, classic.Recipient()}, {"hybrid", pq, pq.Recipient()}} {
		file, err := kr.Seal(c.r)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			done := cpuMeter(b)
			for b.Loop() {
				if _, err := OpenKeyring(file, c.id); err != nil {
					b.Fatal(err)
				}
			}
			done()
		})
	}
}

// BenchmarkLookup finds one subject by mobile number among n records with
// the tag length PlanIndex picks for n (2–4 expected false positives, each
// opened and discarded).
func BenchmarkLookup(b *testing.B) {
	for _, n := range []int{1024, 16384} {
		b.Run(fmt.Sprintf("population=%d", n), func(b *testing.B) {
			v, _ := testVault(b)
			ctx := context.Background()
			plan, _, err := v.AddIndex(IndexMobile, n)
			if err != nil {
				b.Fatal(err)
			}
			for i := range n {
				r := benchdata.CompactRecord(fmt.Sprintf("r%d", i))
				r.Phones[0].Number = fmt.Sprintf("+86138%08d", i)
				if err := v.Put(ctx, fmt.Sprintf("s%d", i), r); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(plan.ExpectedCollisions, "expected-FP")
			b.ReportAllocs()
			done := cpuMeter(b)
			defer done()
			i := 0
			for b.Loop() {
				got, err := v.Lookup(ctx, IndexMobile, fmt.Sprintf("138%08d", i%n))
				if err != nil || len(got) != 1 {
					b.Fatalf("Lookup = %d, %v", len(got), err)
				}
				i += 7
			}
		})
	}
}

// BenchmarkDataKeySetup is the fixed per-record cost that a fresh data key
// per record version implies on Open: unwrapping it under the (cached)
// subject key and setting it into the workspace's AES-256-GCM (key
// schedule and GHASH table), plus the record MAC over a 12-field record.
func BenchmarkDataKeySetup(b *testing.B) {
	v, _ := testVault(b)
	sealed := mustSeal(b, v, "s", benchdata.CompactRecord("r"))
	var s sealedView
	if !scanSealed(sealed, &s, nil) {
		b.Fatal("scan")
	}
	subj, err := v.subjectKeyForOpen(context.Background(), s.subjectKey, s.subjectID)
	if err != nil {
		b.Fatal(err)
	}
	ad := appendDataKeyAD(nil, s.schema, s.recordID, s.subjectID, &s.subjectKey, &s.dataKeyID)
	dk := make([]byte, 0, keySize)
	tag := make([]byte, 0, macSize)
	b.Run("unwrap+gcm", func(b *testing.B) {
		var data gcm.AEAD
		b.ReportAllocs()
		done := cpuMeter(b)
		for b.Loop() {
			k, err := subj.Open(dk[:0], (*[gcmNonceSize]byte)(s.wrappedData), s.wrappedData[gcmNonceSize:], ad)
			if err != nil {
				b.Fatal(err)
			}
			if err := data.SetKey(k); err != nil {
				b.Fatal(err)
			}
		}
		done()
	})
	b.Run("mac", func(b *testing.B) {
		var data gcm.AEAD
		if err := data.SetKey(make([]byte, keySize)); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(s.macAt))
		b.ReportAllocs()
		done := cpuMeter(b)
		for b.Loop() {
			tag = data.Seal(tag[:0], &macNonce, nil, sealed[:s.macAt])
		}
		done()
	})
}
