package vault

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/credq/credq/credit"
	"github.com/credq/credq/credit/vault/internal/gcm"
	"github.com/credq/credq/encoding"
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
	var s sealedView // on the stack: parsing stores no heap pointers
	if !scanSealed(sealed, &s, w) {
		return nil, parseError(sealed)
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
	return openWith(subj, &s, w)
}

// parseError returns the reference parser's error for an input scanSealed
// rejected. The two accept the same inputs (FuzzSealedRecord checks it), so
// the last line is not reached in practice; it keeps the contract that a
// rejected input is a *encoding.ParseError.
func parseError(b []byte) error {
	var s sealedRecord
	if err := parseSealedChecked(b, &s); err != nil {
		return err
	}
	return &encoding.ParseError{What: "sealed record", Offset: 0, Err: encoding.ErrInvalid}
}

// workspace holds the per-open buffers and the data key's AEAD, recycled
// through workPool so that opening a record allocates only what it returns.
type workspace struct {
	ad    []byte
	ends  []int // end of each field's plaintext in plain
	refs  []credit.FieldRef
	plain []byte
	// The path memo (see openWith): the concatenated paths of the last
	// record opened, where each ends, and how many of w.refs they cover.
	paths    []byte
	pathEnds []int
	memo     int
	data     gcm.AEAD // the record's data key, set in place
	// Arrays passed to gcm.AEAD methods escape (its crypto/cipher fallback
	// takes them through an interface); here they cost no allocation.
	dk    [keySize]byte
	nonce [gcmNonceSize]byte
	tag   [macSize]byte
}

var workPool = sync.Pool{New: func() any {
	return &workspace{ad: make([]byte, 0, 512), ends: make([]int, 0, 256), refs: make([]credit.FieldRef, 0, 256), plain: make([]byte, 0, 2048)}
}}

// maxMemo bounds the records whose paths a workspace memorizes, so a
// pooled workspace does not keep a huge record's paths.
const maxMemo = 256

// samePath reports whether path equals the memorized path of field i.
func (w *workspace) samePath(i int, path []byte) bool {
	start := 0
	if i > 0 {
		start = w.pathEnds[i-1]
	}
	return string(w.paths[start:w.pathEnds[i]]) == string(path)
}

// memorize records the paths of s, whose refs are w.refs, as the memo.
func (w *workspace) memorize(s *sealedView) {
	if s.nFields > maxMemo {
		return
	}
	w.paths, w.pathEnds = w.paths[:0], w.pathEnds[:0]
	p := s.fieldsAt
	for range s.nFields {
		var path []byte
		path, _, _, p = s.fieldAt(p)
		w.paths = append(w.paths, path...)
		w.pathEnds = append(w.pathEnds, len(w.paths))
	}
	w.memo = s.nFields
}

// release returns w to the pool. The workspace holds no pointer into the
// input; the plaintext buffer is cleared.
func (w *workspace) release() {
	clear(w.plain) // bytes past len were cleared by an earlier release
	clear(w.dk[:])
	w.data.Wipe()
	workPool.Put(w)
}

func openWith(subj *gcm.AEAD, s *sealedView, w *workspace) (*credit.Record, error) {
	dk := w.dk[:]
	w.ad = appendDataKeyAD(w.ad[:0], s.schema, s.recordID, s.subjectID, &s.subjectKey, &s.dataKeyID)
	if _, err := subj.Open(dk[:0], (*[gcmNonceSize]byte)(s.wrappedData), s.wrappedData[gcmNonceSize:], w.ad); err != nil {
		return nil, fmt.Errorf("vault: data key: %w", ErrTamperedRecord)
	}
	data := &w.data
	if err := data.SetKey(dk); err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}
	// One buffer holds the record ID and every plaintext; one string
	// conversion then serves all of them, so opening does not allocate per
	// field. Paths are resolved to schema rows without building strings.
	n := s.nFields
	plain := slices.Grow(w.plain[:0], s.macAt-s.fieldsAt+len(s.recordID)) // ≥ the plaintext size
	plain = append(plain, s.recordID...)
	ends := append(w.ends[:0], make([]int, n)...)
	// The first w.memo refs and paths describe the previous record opened
	// with this workspace: a path equal to that record's at the same
	// position resolves to the same ref (resolution depends on the bytes
	// alone), so records of one shape, the common case in bulk reads,
	// skip path resolution. scanSealed, given w, has compared the paths
	// with the memo (the first s.samePaths are equal); the rest are
	// resolved. The memo is invalid until the loop completes.
	prev := w.memo
	w.memo = 0
	refs := w.refs
	if cap(refs) < n {
		refs = append(refs[:prev], make([]credit.FieldRef, n-prev)...)
	}
	refs = refs[:n]
	w.ends, w.refs = ends, refs
	nonce := &w.nonce
	ad := adPrefix(w.ad[:0], labelField, s.schema, s.recordID, &s.subjectKey, &s.dataKeyID)
	prefix := len(ad)
	// Every field's associated data starts with these bytes: their whole
	// blocks are hashed once here, not once per field.
	pre := data.Prefix(ad)
	near := 0 // fields are in Walk order: the next row is usually the guess
	p := s.fieldsAt
	for i := range n {
		path, action, value, next := s.fieldAt(p)
		p = next
		ref := refs[i]
		if i >= s.samePaths {
			var ok bool
			if ref, ok = credit.ParseFieldRefBytesNear(path, near); !ok {
				ref.Row = -1 // reported after the MAC check, like any schema error
			}
		}
		refs[i], near = ref, ref.Row+1
		if action == credit.ActionEncrypt {
			fieldNonce(nonce, i)
			ad = append(append(ad[:prefix], byte(len(path))), path...)
			out, err := data.OpenPrefix(plain, nonce, value, ad, &pre)
			if err != nil {
				w.plain = plain // so release clears the fields opened so far
				return nil, &FieldError{Path: string(path), Err: ErrTamperedField}
			}
			plain = out
		} else {
			plain = append(plain, value...)
		}
		ends[i] = len(plain)
	}
	w.ad = ad
	if s.samePaths == n && prev == n {
		w.memo = n
	} else {
		w.memorize(s)
	}
	w.plain = plain                                     // keep a grown buffer; release clears it
	data.Seal(w.tag[:0], &macNonce, nil, s.b[:s.macAt]) // into w.tag
	if !gcm.TagEqual(&w.tag, s.b[s.macAt:]) {
		return nil, fmt.Errorf("vault: record MAC: %w", ErrTamperedRecord)
	}
	// The record, its sections and one copy of every text come from one
	// allocation where they can (see credit.BuildRecord); a ref that did
	// not resolve fails there and is reported with its path.
	rec, bad, err := credit.BuildRecord(plain, len(s.recordID), refs, ends)
	if err != nil {
		if bad < 0 {
			return nil, fmt.Errorf("vault: %w", err)
		}
		p = s.fieldsAt
		for range bad {
			_, _, _, p = s.fieldAt(p)
		}
		path, _, _, _ := s.fieldAt(p)
		if refs[bad].Row < 0 {
			start := len(s.recordID)
			if bad > 0 {
				start = ends[bad-1]
			}
			err = new(credit.Record).SetField(string(path), string(plain[start:ends[bad]])) // its error
		}
		return nil, &FieldError{Path: string(path), Err: errors.Join(ErrSchemaViolation, err)}
	}
	return rec, nil
}
