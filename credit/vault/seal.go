package vault

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"sync"
	"unicode/utf8"

	"github.com/credq/credq/credit"
	"github.com/credq/credq/credit/vault/internal/gcm"
)

// Nonces under a data key. A data key is fresh for every seal and used for
// exactly one record, so deterministic nonces are unique: field i uses
// 0x00000000 ‖ i (big-endian uint64) and the record MAC uses 0xffffffff ‖ 0.
// Binding the index into the nonce also makes a reordered field fail alone.
func fieldNonce(n *[gcmNonceSize]byte, i int) {
	binary.BigEndian.PutUint32(n[:4], 0)
	binary.BigEndian.PutUint64(n[4:], uint64(i))
}

var macNonce = [gcmNonceSize]byte{0xff, 0xff, 0xff, 0xff}

// adPrefix returns label ‖ schema ‖ len ‖ recordID ‖ subjectKeyID ‖
// dataKeyID, the part of every field's associated data that is common to the
// record; a field appends len ‖ path.
func adPrefix[S string | []byte](dst []byte, label string, schema uint16, recordID S, subjectKey, dataKeyID *[keyIDSize]byte) []byte {
	dst = append(dst, label...)
	dst = binary.BigEndian.AppendUint16(dst, schema)
	dst = append(dst, byte(len(recordID)))
	dst = append(dst, recordID...)
	dst = append(dst, subjectKey[:]...)
	return append(dst, dataKeyID[:]...)
}

// appendDataKeyAD returns the associated data of the wrapped data key: the
// data-key label's prefix ‖ len ‖ subjectID.
func appendDataKeyAD[S string | []byte](dst []byte, schema uint16, recordID, subjectID S, subjectKey, dataKeyID *[keyIDSize]byte) []byte {
	dst = adPrefix(dst, labelDataKey, schema, recordID, subjectKey, dataKeyID)
	dst = append(dst, byte(len(subjectID)))
	return append(dst, subjectID...)
}

func checkIDs(recordID, subjectID string) error {
	if recordID == "" || len(recordID) > maxIDLen || subjectID == "" || len(subjectID) > maxIDLen {
		return fmt.Errorf("vault: record and subject IDs must be 1..%d bytes: %w", maxIDLen, ErrInvalidInput)
	}
	if !utf8.ValidString(recordID) || !utf8.ValidString(subjectID) {
		return fmt.Errorf("vault: record and subject IDs must be UTF-8: %w", ErrInvalidInput)
	}
	return nil
}

// Seal encrypts rec for subjectID and returns the sealed bytes (layout in
// the package doc). rec.ID is the record ID. Every field is handled as the
// schema says; a field with no valid schema action is [ErrSchemaViolation].
// Seal does not write the record to the store; [Vault.Put] does.
//
// subjectID is the holder's stable handle for the borrower (the unit of
// erasure). It is stored in clear: use a pseudonymous ID, never the ID
// number.
func (v *Vault) Seal(ctx context.Context, subjectID string, rec *credit.Record) ([]byte, error) {
	if rec == nil {
		return nil, fmt.Errorf("vault: nil record: %w", ErrInvalidInput)
	}
	if err := checkIDs(rec.ID, subjectID); err != nil {
		return nil, err
	}
	subj, keyID, err := v.subjectKeyForSeal(ctx, subjectID)
	if err != nil {
		return nil, err
	}
	return sealWith(subj, keyID, subjectID, rec)
}

func sealWith(subj *gcm.AEAD, keyID [keyIDSize]byte, subjectID string, rec *credit.Record) ([]byte, error) {
	sw := sealPool.Get().(*sealWorkspace)
	defer sw.release()
	// One read for the data key, its ID and the wrapping nonce.
	rnd := sw.rnd[:]
	if _, err := rand.Read(rnd); err != nil {
		return nil, fmt.Errorf("vault: reading randomness: %w", err)
	}
	s := sealedRecord{schema: credit.SchemaVersion, fingerprint: schemaFingerprint, recordID: rec.ID, subjectID: subjectID, subjectKey: keyID}
	copy(s.dataKeyID[:], rnd[keySize:])
	wrapNonce := (*[gcmNonceSize]byte)(rnd[keySize+keyIDSize:])
	sw.ad = appendDataKeyAD(sw.ad[:0], s.schema, s.recordID, s.subjectID, &s.subjectKey, &s.dataKeyID)
	s.wrappedData = subj.Seal(append(sw.wrapped[:0], wrapNonce[:]...), wrapNonce, rnd[:keySize], sw.ad)
	data := &sw.data
	if err := data.SetKey(rnd[:keySize]); err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}

	// One walk collects every field's canonical text into the workspace
	// buffer (no per-field allocation); the layout is then written in one
	// pass into a buffer of the exact size. It is written with plain appends
	// rather than encoding.Encoder (two allocations and a bounds-checked
	// builder per value); the lengths are checked here against the same
	// caps, and TestSealLayout checks the bytes against the Encoder-based
	// marshal.
	fields := sw.fields[:0]
	size := 1 + 2 + fingerprintSize + 1 + len(s.recordID) + 1 + len(s.subjectID) + 2*keyIDSize + wrappedDataSize + 2 + macSize
	buf, err := rec.AppendWalk(sw.buf[:0], func(ref credit.FieldRef, text []byte) error {
		action := ref.Action()
		if !validAction(action) {
			return &FieldError{Path: ref.Path(), Err: ErrSchemaViolation}
		}
		if len(fields) == maxFields {
			return fmt.Errorf("vault: more than %d fields: %w", maxFields, ErrInvalidInput)
		}
		var pb [maxPathLen + 1]byte
		pathLen := len(ref.AppendPath(pb[:0]))
		if pathLen == 0 || pathLen > maxPathLen || len(text)+gcmTagSize > maxValueLen {
			return &FieldError{Path: truncPath(ref.Path()), Err: ErrInvalidInput}
		}
		// A value stored in clear is text, as the layout's String16 was.
		if action != credit.ActionEncrypt && !utf8.Valid(text) {
			return &FieldError{Path: ref.Path(), Err: ErrInvalidInput}
		}
		fields = append(fields, plainField{ref: ref, n: len(text), action: action})
		size += 1 + pathLen + 1 + 2 + len(text)
		if action == credit.ActionEncrypt {
			size += gcmTagSize
		}
		return nil
	})
	sw.fields, sw.buf = fields, buf
	if err != nil {
		return nil, err
	}

	out := s.appendHeaderDirect(make([]byte, 0, size))
	out = binary.BigEndian.AppendUint16(out, uint16(len(fields)))
	nonce := &sw.nonce
	ad := adPrefix(sw.ad[:0], labelField, s.schema, s.recordID, &s.subjectKey, &s.dataKeyID)
	prefix := len(ad)
	start := 0
	for i := range fields {
		f := &fields[i]
		text := buf[start : start+f.n]
		start += f.n
		pathAt := len(out) + 1
		out = f.ref.AppendPath(append(out, 0))
		path := out[pathAt:]
		out[pathAt-1] = byte(len(path))
		out = append(out, byte(f.action))
		if f.action != credit.ActionEncrypt {
			out = binary.BigEndian.AppendUint16(out, uint16(len(text)))
			out = append(out, text...)
			continue
		}
		out = binary.BigEndian.AppendUint16(out, uint16(len(text)+gcmTagSize))
		fieldNonce(nonce, i)
		ad = append(append(ad[:prefix], byte(len(path))), path...)
		out = data.Seal(out, nonce, text, ad)
	}
	sw.ad = ad
	return data.Seal(out, &macNonce, nil, out), nil
}

// plainField is one field to seal, as collected by credit.Record.AppendWalk:
// its text is the next n bytes of the workspace buffer.
type plainField struct {
	ref    credit.FieldRef
	n      int
	action credit.Action
}

// sealWorkspace holds the per-seal buffers and the data key's AEAD,
// recycled through sealPool.
type sealWorkspace struct {
	data    gcm.AEAD // the record's data key, set in place
	rnd     [keySize + keyIDSize + gcmNonceSize]byte
	nonce   [gcmNonceSize]byte
	wrapped [wrappedDataSize]byte
	ad      []byte
	buf     []byte // paths and plaintexts
	fields  []plainField
}

var sealPool = sync.Pool{New: func() any {
	return &sealWorkspace{ad: make([]byte, 0, 512), buf: make([]byte, 0, 2048), fields: make([]plainField, 0, 64)}
}}

func (w *sealWorkspace) release() {
	clear(w.rnd[:keySize])
	w.data.Wipe()
	clear(w.buf) // plaintext; bytes past len were cleared by an earlier release
	sealPool.Put(w)
}

// SealFields seals a record given as (concrete path, canonical text) pairs,
// as read from a column store or a form. A path the schema does not name is
// [ErrSchemaViolation]; text that does not parse is a [*FieldError] wrapping
// the credit package's error. Fields are rebuilt into a [credit.Record] first,
// so the result is the same as [Vault.Seal] of that record.
func (v *Vault) SealFields(ctx context.Context, subjectID, recordID string, fields []Field) ([]byte, error) {
	rec := &credit.Record{ID: recordID}
	for _, f := range fields {
		if _, ok := credit.LookupField(f.Path); !ok {
			return nil, &FieldError{Path: truncPath(f.Path), Err: ErrSchemaViolation}
		}
		if err := rec.SetField(f.Path, f.Text); err != nil {
			return nil, &FieldError{Path: truncPath(f.Path), Err: err}
		}
	}
	return v.Seal(ctx, subjectID, rec)
}

// Field is one (concrete path, canonical text) pair; see [credit.FieldValue].
type Field struct {
	Path string
	Text string
}

func truncPath(p string) string {
	if len(p) > maxPathLen {
		return p[:maxPathLen] + "…"
	}
	return p
}
