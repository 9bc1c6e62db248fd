package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/keyset"

	"github.com/credq/credq/bench/benchutil"
	"github.com/credq/credq/credit"
	"github.com/credq/credq/credit/synth"
	"github.com/credq/credq/credit/vault"
	"github.com/credq/credq/psi/cost"
)

// compareVault seals the same synthetic records with credq's vault (key
// hierarchy, per-field AEAD with bound associated data, record MAC) and with
// tink-go's AES256-GCM AEAD called once per field (what a user would write
// with tink: one keyset, field path as associated data, no per-subject keys).
func compareVault(o *options, b *strings.Builder) error {
	n := 2000
	if o.quick {
		n = 100
	}
	recs := synth.New(42, time.Now()).Records(n)
	kr, err := vault.NewKeyring("bench-bank")
	if err != nil {
		return err
	}
	v, err := vault.New(vault.Config{Keyring: kr, Store: vault.NewMemStore()})
	if err != nil {
		return err
	}
	ctx := context.Background()
	type field struct{ path, text []byte }
	fields := make([][]field, n)
	for i, r := range recs {
		_ = r.Walk(func(f credit.FieldValue) error {
			fields[i] = append(fields[i], field{[]byte(f.Path), []byte(f.Text)})
			return nil
		})
		if _, err := v.Seal(ctx, subject(r, i), r); err != nil { // warm the key cache
			return err
		}
	}
	credqSeal := func() (time.Duration, error) {
		t0 := cost.CPUTime()
		for i, r := range recs {
			if _, err := v.Seal(ctx, subject(r, i), r); err != nil {
				return 0, err
			}
		}
		return (cost.CPUTime() - t0) / time.Duration(n), nil
	}
	h, err := keyset.NewHandle(aead.AES256GCMKeyTemplate())
	if err != nil {
		return err
	}
	a, err := aead.New(h)
	if err != nil {
		return err
	}
	tinkSeal := func() (time.Duration, error) {
		t0 := cost.CPUTime()
		for _, fs := range fields {
			for _, f := range fs {
				if _, err := a.Encrypt(f.text, f.path); err != nil {
					return 0, err
				}
			}
		}
		return (cost.CPUTime() - t0) / time.Duration(n), nil
	}
	p, err := benchutil.MedianPaired(o.reps, tinkSeal, credqSeal)
	if err != nil {
		return err
	}
	tink, credq := p.Base, p.Times[0]
	fmt.Fprintf(b, "### Record sealing vs tink-go AEAD per field (one goroutine)\n\n")
	fmt.Fprintf(b, "%d credit/synth records; each record's fields sealed. CPU time per record; the ratio is the median of per-repetition ratios (the two run alternately).\n\n", n)
	fmt.Fprintf(b, "| sealer | CPU per record | records/s per core |\n|---|---|---|\n")
	fmt.Fprintf(b, "| credq vault `Seal` (fresh data key per record, wrapped under the subject key; AD binds record, path, schema and key version; record MAC) | %s | %.0f |\n", benchutil.Secs(credq), float64(time.Second)/float64(credq))
	fmt.Fprintf(b, "| tink-go AES256-GCM `Encrypt` per field (one keyset, path as AD) | %s | %.0f |\n\n", benchutil.Secs(tink), float64(time.Second)/float64(tink))
	fmt.Fprintf(b, "credq ÷ tink time: **%.2f×**.\n\n", p.Ratios[0])
	return nil
}

func subject(r *credit.Record, i int) string {
	if r.Identity != nil && r.Identity.IDNumber != "" {
		return r.Identity.IDNumber
	}
	return fmt.Sprintf("subject-%d", i)
}
