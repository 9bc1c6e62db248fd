package main

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"fmt"
	"time"

	"github.com/credq/credq/bench/benchutil"
	"github.com/credq/credq/credit"
	"github.com/credq/credq/credit/synth"
	"github.com/credq/credq/credit/vault"
)

type vaultResult struct {
	records    int
	fields     float64 // mean fields per record
	bytes      float64 // mean field-text bytes per record
	seal, open time.Duration
	openCold   time.Duration
	rawSeal    time.Duration // AES-256-GCM over the same field texts, one key
	rawOpen    time.Duration
	lookup     time.Duration // blind-index lookup of one resident ID, decrypting candidates
}

// benchVault seals and opens synthetic records with a warm subject-key
// cache, next to raw AES-256-GCM over the same field texts.
func benchVault(o *options, r *results) error {
	n := 2000
	if o.quick {
		n = 100
	}
	recs := synth.New(42, time.Now()).Records(n)
	kr, err := vault.NewKeyring("bench-bank")
	if err != nil {
		return err
	}
	st := vault.NewMemStore()
	v, err := vault.New(vault.Config{Keyring: kr, Store: st})
	if err != nil {
		return err
	}
	if _, _, err := v.AddIndex(vault.IndexResidentID, n); err != nil {
		return err
	}
	ctx := context.Background()
	var texts [][][]byte
	var fields, bytes int
	for _, rec := range recs {
		var t [][]byte
		_ = rec.Walk(func(f credit.FieldValue) error {
			t = append(t, []byte(f.Text))
			fields++
			bytes += len(f.Text)
			return nil
		})
		texts = append(texts, t)
	}
	res := &r.vault
	res.records, res.fields, res.bytes = n, float64(fields)/float64(n), float64(bytes)/float64(n)
	sealed := make([][]byte, n)
	for i, rec := range recs { // warm the cache: one subject key per record's subject
		if sealed[i], err = v.Seal(ctx, subjectOf(rec, i), rec); err != nil {
			return err
		}
	}
	res.seal, err = benchutil.Median(o.reps, func() (time.Duration, error) {
		t0 := time.Now()
		for i, rec := range recs {
			if _, err := v.Seal(ctx, subjectOf(rec, i), rec); err != nil {
				return 0, err
			}
		}
		return time.Since(t0) / time.Duration(n), nil
	})
	if err != nil {
		return err
	}
	res.open, err = benchutil.Median(o.reps, func() (time.Duration, error) {
		t0 := time.Now()
		for _, s := range sealed {
			if _, err := v.Open(ctx, s); err != nil {
				return 0, err
			}
		}
		return time.Since(t0) / time.Duration(n), nil
	})
	if err != nil {
		return err
	}
	cold, err := vault.New(vault.Config{Keyring: kr, Store: st, CacheSize: -1})
	if err != nil {
		return err
	}
	res.openCold, err = benchutil.Median(o.reps, func() (time.Duration, error) {
		t0 := time.Now()
		for _, s := range sealed[:min(n, 200)] {
			if _, err := cold.Open(ctx, s); err != nil {
				return 0, err
			}
		}
		return time.Since(t0) / time.Duration(min(n, 200)), nil
	})
	if err != nil {
		return err
	}
	// Blind-index lookup: store every record, then look one up by ID number.
	for i, rec := range recs {
		if err := v.Put(ctx, subjectOf(rec, i), rec); err != nil {
			return err
		}
	}
	target := recs[n/2].Identity.IDNumber
	res.lookup, err = benchutil.Median(o.reps, func() (time.Duration, error) {
		return benchutil.TimeLoop(dur(o), 20, func() error {
			got, err := v.Lookup(ctx, vault.IndexResidentID, target)
			if err == nil && len(got) == 0 {
				err = fmt.Errorf("lookup found nothing")
			}
			return err
		})
	})
	if err != nil {
		return err
	}

	key := make([]byte, 32)
	rand.Read(key)
	block, _ := aes.NewCipher(key)
	gcm, _ := cipher.NewGCM(block)
	ns := gcm.NonceSize()
	ad := make([]byte, 64)
	buf := make([]byte, 0, 4096)
	// Each field is sealed with a random nonce stored in front of it, the
	// minimum any real per-field scheme does.
	rawSealed := make([][][]byte, n)
	for i, t := range texts {
		rawSealed[i] = make([][]byte, len(t))
		for j, f := range t {
			rawSealed[i][j] = make([]byte, ns, ns+len(f)+gcm.Overhead())
		}
	}
	res.rawSeal, err = benchutil.Median(o.reps, func() (time.Duration, error) {
		t0 := time.Now()
		for i, t := range texts {
			for j, f := range t {
				c := rawSealed[i][j][:ns]
				if _, err := rand.Read(c); err != nil {
					return 0, err
				}
				rawSealed[i][j] = gcm.Seal(c, c, f, ad)
			}
		}
		return time.Since(t0) / time.Duration(n), nil
	})
	if err != nil {
		return err
	}
	res.rawOpen, err = benchutil.Median(o.reps, func() (time.Duration, error) {
		t0 := time.Now()
		for _, t := range rawSealed {
			for _, c := range t {
				if _, err := gcm.Open(buf[:0], c[:ns], c[ns:], ad); err != nil {
					return 0, err
				}
			}
		}
		return time.Since(t0) / time.Duration(n), nil
	})
	return err
}

func dur(o *options) time.Duration {
	if o.quick {
		return 100 * time.Millisecond
	}
	return time.Second
}

func subjectOf(rec *credit.Record, i int) string {
	if rec.Identity != nil && rec.Identity.IDNumber != "" {
		return rec.Identity.IDNumber
	}
	return fmt.Sprintf("subject-%d", i)
}
