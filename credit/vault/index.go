package vault

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"

	"github.com/credq/credq/credit"
)

// Blind indexes built into the vault. The name is also the identifier kind
// whose normalized, prefixed form ("cnid:v1:…") is hashed, so a change of
// normalization rules (a new kind version) needs a new index.
const (
	// IndexResidentID covers identity.idNumber, normalized with
	// credit.ResidentIDKey.
	IndexResidentID = "cnid"
	// IndexMobile covers phones[].number, normalized with credit.MobileKey.
	IndexMobile = "cnmob"
	// IndexEmail covers identity.email, normalized with credit.EmailKey.
	IndexEmail = "email"
)

// Tag length bounds in bits.
const (
	minTagBits = 1
	maxTagBits = 256
)

type indexSource struct {
	path      string // schema path
	normalize func(string) (string, error)
}

var indexSources = map[string]indexSource{
	IndexResidentID: {"identity.idNumber", credit.ResidentIDKey},
	IndexMobile:     {"phones[].number", credit.MobileKey},
	IndexEmail:      {"identity.email", credit.EmailKey},
}

// IndexPlan is the tag length [PlanIndex] chose for a population and what it
// costs.
type IndexPlan struct {
	// Population is the number of distinct values the index will hold.
	Population int
	// Bits is the tag length.
	Bits int
	// ExpectedCollisions is Population / 2^Bits: the expected number of other
	// values that share a given tag, i.e. the false positives a lookup
	// fetches and discards after decryption. The plan keeps it in [2, 4).
	ExpectedCollisions float64
	// FalsePositiveRate is 2^-Bits: the probability that one given
	// non-matching entry has the looked-up tag.
	FalsePositiveRate float64
}

// PlanIndex chooses the tag length for an index of population distinct
// values with the rule 2 ≤ expected collisions < √population: the longest
// tag for which every tag is still expected to be shared by at least two
// values (so a leaked index does not single out anyone, and the tag alone
// does not confirm a guessed identifier), while a lookup fetches fewer than
// √N false positives. Bits = ⌊log2(N/2)⌋, giving 2 ≤ N/2^Bits < 4.
// Populations below 16 cannot meet both bounds and are [ErrInvalidInput].
func PlanIndex(population int) (IndexPlan, error) {
	if population < 16 {
		return IndexPlan{}, fmt.Errorf("vault: index population %d below 16: %w", population, ErrInvalidInput)
	}
	b := bits.Len64(uint64(population)/2) - 1
	c := float64(population) / math.Exp2(float64(b))
	if c < 2 || c >= math.Sqrt(float64(population)) {
		return IndexPlan{}, fmt.Errorf("vault: no tag length fits population %d: %w", population, ErrInvalidInput)
	}
	return IndexPlan{Population: population, Bits: b, ExpectedCollisions: c, FalsePositiveRate: math.Exp2(-float64(b))}, nil
}

// tag computes HMAC-SHA256(key, label ‖ name ‖ version ‖ value) truncated to
// k.Bits bits (the unused low bits of the last byte are zero).
func (k *IndexKey) tag(value string) []byte {
	m := hmac.New(sha256.New, k.key[:])
	m.Write([]byte(labelIndex))
	m.Write([]byte{byte(len(k.Name))})
	m.Write([]byte(k.Name))
	var v [4]byte
	binary.BigEndian.PutUint32(v[:], k.Version)
	m.Write(v[:])
	m.Write([]byte(value))
	sum := m.Sum(nil)
	t := sum[:(k.Bits+7)/8]
	if r := k.Bits % 8; r != 0 {
		t[len(t)-1] &= byte(0xff << (8 - r))
	}
	return t
}

// indexEntries computes the entries of rec under the newest live version of
// every index the keyring holds. Values that do not normalize (a passport
// number in identity.idNumber) are not indexed.
func (v *Vault) indexEntries(rec *credit.Record, subjectID string) ([]IndexRow, error) {
	v.mu.RLock()
	var keys []IndexKey
	for name := range indexSources {
		if live := v.kr.liveIndexes(name); len(live) > 0 {
			keys = append(keys, live[0])
		}
	}
	v.mu.RUnlock()
	if len(keys) == 0 {
		return nil, nil
	}
	var out []IndexRow
	seen := map[string]bool{}
	err := rec.Walk(func(f credit.FieldValue) error {
		for i := range keys {
			src := indexSources[keys[i].Name]
			if f.Spec.Path != src.path {
				continue
			}
			norm, err := src.normalize(f.Text)
			if err != nil {
				continue
			}
			t := keys[i].tag(norm)
			if id := keys[i].Name + "\x00" + string(t); !seen[id] {
				seen[id] = true
				out = append(out, IndexRow{Index: keys[i].Name, Version: keys[i].Version, Tag: t, RecordID: rec.ID, SubjectID: subjectID})
			}
		}
		return nil
	})
	return out, err
}

// Lookup returns the records whose index field holds value (normalized the
// index's way first). It searches every live version of the index, opens
// each candidate and discards the false positives that tag truncation
// admits. No match is an empty result and a nil error. When no readable
// record matches but a candidate belongs to a shredded subject, the error
// is [ErrShredded]; since a shredded record cannot be decrypted, that
// candidate may itself have been a false positive (probability about
// ExpectedCollisions / Population per shredded entry).
func (v *Vault) Lookup(ctx context.Context, index, value string) ([]*credit.Record, error) {
	src, ok := indexSources[index]
	if !ok {
		return nil, fmt.Errorf("vault: no index %q: %w", truncPath(index), ErrInvalidInput)
	}
	norm, err := src.normalize(value)
	if err != nil {
		return nil, fmt.Errorf("vault: lookup value does not normalize: %w", errors.Join(ErrInvalidInput, err))
	}
	v.mu.RLock()
	keys := v.kr.liveIndexes(index)
	v.mu.RUnlock()
	if len(keys) == 0 {
		return nil, fmt.Errorf("vault: index %s has no live key: %w", index, ErrUnknownKeyVersion)
	}
	var out []*credit.Record
	shredded := false
	seen := map[string]bool{}
	for i := range keys {
		rows, err := v.store.FindIndex(ctx, index, keys[i].Version, keys[i].tag(norm))
		if err != nil {
			return nil, fmt.Errorf("vault: reading index: %w", err)
		}
		for _, row := range rows {
			if row.Shredded {
				shredded = true
				continue
			}
			if seen[row.RecordID] {
				continue
			}
			seen[row.RecordID] = true
			rec, err := v.Get(ctx, row.RecordID)
			if errors.Is(err, ErrShredded) {
				shredded = true
				continue
			}
			if err != nil {
				return nil, err
			}
			if matches(rec, src, norm) {
				out = append(out, rec)
			}
		}
	}
	if len(out) == 0 && shredded {
		return nil, fmt.Errorf("vault: lookup: %w", ErrShredded)
	}
	return out, nil
}

// matches reports whether a decrypted record really holds the value.
func matches(rec *credit.Record, src indexSource, norm string) bool {
	found := false
	_ = rec.Walk(func(f credit.FieldValue) error {
		if f.Spec.Path == src.path {
			if n, err := src.normalize(f.Text); err == nil && hmac.Equal([]byte(n), []byte(norm)) {
				found = true
			}
		}
		return nil
	})
	return found
}
