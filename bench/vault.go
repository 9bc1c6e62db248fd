package main

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"fmt"
	"runtime"
	"time"

	"github.com/credq/credq/bench/benchutil"
	"github.com/credq/credq/credit"
	"github.com/credq/credq/credit/synth"
	"github.com/credq/credq/credit/vault"
	"github.com/credq/credq/internal/benchdata"
)

// vaultSet is one record set's row group in the field-encryption table.
// Times are CPU time per record; ratios are medians of per-repetition
// ratios to raw AES-256-GCM over the same field texts (see
// benchutil.MedianPaired).
type vaultSet struct {
	name             string
	records          int
	fields, bytes    float64 // mean fields and field-text bytes per record
	seal, rawSeal    time.Duration
	open, openCold   time.Duration
	rawOpen          time.Duration
	sealX, openX     float64
	openColdX        float64
	openAllP         time.Duration // open (warm) with GOMAXPROCS at its default
	openAllPX        float64
	procs            int           // that default
	lookup           time.Duration // blind-index lookup of one resident ID, decrypting candidates (0: not measured)
	lookupCandidates int
}

type vaultResult struct{ sets []vaultSet }

// benchVault seals and opens two record sets with a warm subject-key cache
// (and a cold one), next to raw AES-256-GCM over the same field texts: the
// 12-field, 600-byte record of the package benchmarks and full credit/synth
// records.
func benchVault(o *options, r *results) error {
	n := 2000
	if o.quick {
		n = 100
	}
	// Each set is built just before it is measured and dropped after, so
	// that one set's records are not part of the live heap, which the
	// garbage collector scans, while the other is measured.
	compact := func() []*credit.Record {
		recs := make([]*credit.Record, n)
		for i := range recs {
			recs[i] = benchdata.CompactRecord(fmt.Sprintf("r%d", i))
		}
		return recs
	}
	for _, set := range []struct {
		name   string
		recs   func() []*credit.Record
		lookup bool // the compact records share one ID number
	}{
		{"12 fields (internal/benchdata.CompactRecord)", compact, false},
		{"credit/synth records", func() []*credit.Record { return synth.New(42, time.Now()).Records(n) }, true},
	} {
		s, err := benchVaultSet(o, set.name, set.recs(), set.lookup)
		if err != nil {
			return fmt.Errorf("%s: %w", set.name, err)
		}
		r.vault.sets = append(r.vault.sets, s)
	}
	return nil
}

func benchVaultSet(o *options, name string, recs []*credit.Record, lookup bool) (vaultSet, error) {
	ctx := context.Background()
	n := len(recs)
	res := vaultSet{name: name, records: n}
	kr, err := vault.NewKeyring("bench-bank")
	if err != nil {
		return res, err
	}
	st := vault.NewMemStore()
	v, err := vault.New(vault.Config{Keyring: kr, Store: st})
	if err != nil {
		return res, err
	}
	cold, err := vault.New(vault.Config{Keyring: kr, Store: st, CacheSize: -1})
	if err != nil {
		return res, err
	}
	var texts [][][]byte
	var fields, size int
	for _, rec := range recs {
		var t [][]byte
		_ = rec.Walk(func(f credit.FieldValue) error {
			t = append(t, []byte(f.Text))
			fields++
			size += len(f.Text)
			return nil
		})
		texts = append(texts, t)
	}
	res.fields, res.bytes = float64(fields)/float64(n), float64(size)/float64(n)
	// One subject (and subject key) per record, named before any timing.
	subjects := make([]string, n)
	for i := range subjects {
		subjects[i] = fmt.Sprintf("subject-%d", i)
	}
	sealed := make([][]byte, n)
	for i, rec := range recs { // warm the cache
		if sealed[i], err = v.Seal(ctx, subjects[i], rec); err != nil {
			return res, err
		}
	}
	raw, err := newRawAEAD(texts)
	if err != nil {
		return res, err
	}
	// Per-core figures: one goroutine on one P, so that the CPU time is one
	// core's work, the garbage collector's included. With more Ps the
	// collector's idle-time workers also run on the otherwise idle cores
	// (and count); the last open row shows that.
	res.procs = runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(res.procs)
	d := dur(o)
	loop := func(f func(i int) error) func() (time.Duration, error) {
		return func() (time.Duration, error) {
			i := 0
			return benchutil.CPULoop(d, n, func() error { err := f(i % n); i++; return err })
		}
	}
	sealP, err := benchutil.MedianPaired(o.reps, loop(raw.seal), loop(func(i int) error {
		_, err := v.Seal(ctx, subjects[i], recs[i])
		return err
	}))
	if err != nil {
		return res, err
	}
	openP, err := benchutil.MedianPaired(o.reps, loop(raw.open), loop(func(i int) error {
		_, err := v.Open(ctx, sealed[i])
		return err
	}), loop(func(i int) error {
		_, err := cold.Open(ctx, sealed[i])
		return err
	}))
	if err != nil {
		return res, err
	}
	res.rawSeal, res.seal, res.sealX = sealP.Base, sealP.Times[0], sealP.Ratios[0]
	res.rawOpen, res.open, res.openCold = openP.Base, openP.Times[0], openP.Times[1]
	res.openX, res.openColdX = openP.Ratios[0], openP.Ratios[1]

	if lookup {
		// Blind-index lookup: store every record, then look one up by ID number.
		if _, _, err := v.AddIndex(vault.IndexResidentID, n); err != nil {
			return res, err
		}
		for i, rec := range recs {
			if err := v.Put(ctx, subjects[i], rec); err != nil {
				return res, err
			}
		}
		target := recs[n/2].Identity.IDNumber
		res.lookup, err = benchutil.Median(o.reps, func() (time.Duration, error) {
			return benchutil.CPULoop(d, 20, func() error {
				got, err := v.Lookup(ctx, vault.IndexResidentID, target)
				if err == nil && len(got) == 0 {
					err = fmt.Errorf("lookup found nothing")
				}
				res.lookupCandidates = len(got)
				return err
			})
		})
		if err != nil {
			return res, err
		}
	}

	// Last, open again with GOMAXPROCS at its default.
	runtime.GOMAXPROCS(res.procs)
	allP, err := benchutil.MedianPaired(o.reps, loop(raw.open), loop(func(i int) error {
		_, err := v.Open(ctx, sealed[i])
		return err
	}))
	if err != nil {
		return res, err
	}
	res.openAllP, res.openAllPX = allP.Times[0], allP.Ratios[0]
	return res, nil
}

// rawAEAD seals and opens a record's field texts with one pre-expanded
// AES-256-GCM key, a random nonce stored in front of each field and fixed
// associated data: the minimum any per-field scheme does, and the bound the
// vault is compared with.
type rawAEAD struct {
	gcm    cipher.AEAD
	texts  [][][]byte
	sealed [][][]byte
	ad     []byte
	buf    []byte
}

func newRawAEAD(texts [][][]byte) (*rawAEAD, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	r := &rawAEAD{gcm: gcm, texts: texts, sealed: make([][][]byte, len(texts)), ad: make([]byte, 64), buf: make([]byte, 0, 4096)}
	for i, t := range texts {
		r.sealed[i] = make([][]byte, len(t))
		for j := range t {
			if err := r.sealField(i, j); err != nil {
				return nil, err
			}
		}
	}
	return r, nil
}

func (r *rawAEAD) sealField(i, j int) error {
	ns := r.gcm.NonceSize()
	c := r.sealed[i][j]
	if c == nil {
		c = make([]byte, ns, ns+len(r.texts[i][j])+r.gcm.Overhead())
	}
	if _, err := rand.Read(c[:ns]); err != nil {
		return err
	}
	r.sealed[i][j] = r.gcm.Seal(c[:ns], c[:ns], r.texts[i][j], r.ad)
	return nil
}

func (r *rawAEAD) seal(i int) error {
	for j := range r.texts[i] {
		if err := r.sealField(i, j); err != nil {
			return err
		}
	}
	return nil
}

func (r *rawAEAD) open(i int) error {
	ns := r.gcm.NonceSize()
	for _, c := range r.sealed[i] {
		if _, err := r.gcm.Open(r.buf[:0], c[:ns], c[ns:], r.ad); err != nil {
			return err
		}
	}
	return nil
}

func dur(o *options) time.Duration {
	if o.quick {
		return 50 * time.Millisecond
	}
	return time.Second
}
