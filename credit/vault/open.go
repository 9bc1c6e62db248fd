package vault

import (
	"context"
	"crypto/cipher"
	"crypto/subtle"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/credq/credq/credit"
)

// Open authenticates and decrypts a sealed record. Errors: a malformed
// encoding is an [*encoding.ParseError]; [ErrShredded] when the subject was
// shredded; [ErrWrongKey] or [ErrUnknownKeyVersion] when the subject key
// cannot be unwrapped; [ErrTamperedField] (in a [*FieldError]) when a field
// ciphertext fails; [ErrTamperedRecord] when the header, the wrapped data
// key, a sign-only value or the field list fails; [ErrSchemaViolation] when
// the record was sealed under another schema.
func (v *Vault) Open(ctx context.Context, sealed []byte) (*credit.Record, error) {
	w := workPool.Get().(*workspace)
	defer w.release()
	s := &w.rec
	if err := parseSealedInto(sealed, s); err != nil {
		return nil, err
	}
	if s.schema != credit.SchemaVersion {
		return nil, fmt.Errorf("vault: record sealed under schema version %d: %w", s.schema, ErrSchemaViolation)
	}
	if s.fingerprint != schemaFingerprint {
		return nil, fmt.Errorf("vault: record sealed under another schema table of version %d: %w", s.schema, ErrSchemaViolation)
	}
	subj, err := v.subjectKeyForOpen(ctx, s.subjectKey, s.subjectID)
	if err != nil {
		return nil, err
	}
	return openWith(subj, s, w)
}

// workspace holds the per-open buffers, recycled through workPool so that
// opening a record allocates only what it returns and the data key's AEAD.
type workspace struct {
	rec   sealedRecord
	ad    []byte
	ends  []int // end of each field's plaintext in plain
	refs  []credit.FieldRef
	plain []byte
	// Arrays passed to cipher.AEAD methods escape to the heap; keeping
	// them here saves an allocation each.
	dk    [keySize]byte
	nonce [gcmNonceSize]byte
	tag   [macSize]byte
}

var workPool = sync.Pool{New: func() any {
	return &workspace{ad: make([]byte, 0, 512), ends: make([]int, 0, 256), refs: make([]credit.FieldRef, 0, 256), plain: make([]byte, 0, 2048)}
}}

// release returns w to the pool. The field slices still alias the last
// input (sealed bytes, not plaintext) until the next use or the next GC
// empties the pool; clearing them would cost a write barrier per pointer.
func (w *workspace) release() {
	clear(w.plain) // bytes past len were cleared by an earlier release
	clear(w.dk[:])
	workPool.Put(w)
}

func openWith(subj cipher.AEAD, s *sealedRecord, w *workspace) (*credit.Record, error) {
	dk := w.dk[:]
	w.ad = appendDataKeyAD(w.ad[:0], s)
	if _, err := subj.Open(dk[:0], s.wrappedData[:gcmNonceSize], s.wrappedData[gcmNonceSize:], w.ad); err != nil {
		return nil, fmt.Errorf("vault: data key: %w", ErrTamperedRecord)
	}
	data, err := newGCM(dk)
	if err != nil {
		return nil, err
	}
	// One buffer holds the record ID and every plaintext; one string
	// conversion then serves all of them, so opening does not allocate per
	// field. Paths are resolved to schema rows without building strings.
	size := len(s.recordID)
	for i := range s.fields {
		size += len(s.fields[i].value)
	}
	plain := slices.Grow(w.plain[:0], size)
	plain = append(plain, s.recordID...)
	n := len(s.fields)
	ends := append(w.ends[:0], make([]int, n)...)
	refs := append(w.refs[:0], make([]credit.FieldRef, n)...)
	w.ends, w.refs = ends, refs
	nonce := &w.nonce
	ad := adPrefix(w.ad[:0], labelField, s)
	prefix := len(ad)
	near := 0 // fields are in Walk order: the next row is usually the guess
	for i := range s.fields {
		f := &s.fields[i]
		ref, ok := credit.ParseFieldRefBytesNear(f.path, near)
		if !ok {
			ref.Row = -1 // reported after the MAC check, like any schema error
		}
		refs[i], near = ref, ref.Row+1
		if f.action == credit.ActionEncrypt {
			fieldNonce(nonce, i)
			ad = append(append(ad[:prefix], byte(len(f.path))), f.path...)
			out, err := data.Open(plain, nonce[:], f.value, ad)
			if err != nil {
				w.plain = plain // so release clears the fields opened so far
				return nil, &FieldError{Path: string(f.path), Err: ErrTamperedField}
			}
			plain = out
		} else {
			plain = append(plain, f.value...)
		}
		ends[i] = len(plain)
	}
	w.ad = ad
	w.plain = plain // keep a grown buffer; release clears it
	tag := data.Seal(w.tag[:0], macNonce[:], nil, s.macBody)
	if subtle.ConstantTimeCompare(tag, s.mac) != 1 {
		return nil, fmt.Errorf("vault: record MAC: %w", ErrTamperedRecord)
	}
	text := string(plain)
	rec := &credit.Record{ID: text[:len(s.recordID)]}
	start := len(s.recordID)
	for i := range s.fields {
		value := text[start:ends[i]]
		start = ends[i]
		var err error
		if refs[i].Row >= 0 {
			err = rec.SetFieldRef(refs[i], value)
		} else {
			err = rec.SetField(string(s.fields[i].path), value) // its error
		}
		if err != nil {
			return nil, &FieldError{Path: string(s.fields[i].path), Err: errors.Join(ErrSchemaViolation, err)}
		}
	}
	return rec, nil
}
