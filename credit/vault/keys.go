package vault

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/credq/credq/credit/vault/internal/gcm"
)

// Domain-separation labels: every AEAD and MAC use of a key binds one of
// these, so a ciphertext of one kind never opens as another.
const (
	labelSubjectKey = "credq/vault/v1/subject-key\x00"
	labelDataKey    = "credq/vault/v1/data-key\x00"
	labelField      = "credq/vault/v1/field\x00"
	labelIndex      = "credq/vault/v1/index\x00"
	labelDisclosure = "credq/vault/v1/disclosure\x00"
)

// wrappedSubjectSize is the length of SubjectKeyRow.Wrapped.
const wrappedSubjectSize = gcmNonceSize + keySize + gcmTagSize

func newGCM(key []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}
	return cipher.NewGCM(b)
}

// newSubjectAEAD expands a subject key. Subject and data keys use
// internal/gcm, whose AEAD can be re-keyed in place: a data key is set into
// a pooled workspace for each record instead of allocating a crypto/cipher
// AEAD. Keyring KEKs, index keys and disclosures use crypto/cipher.
func newSubjectAEAD(key []byte) (*gcm.AEAD, error) {
	a := new(gcm.AEAD)
	if err := a.SetKey(key); err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}
	return a, nil
}

// subjectKeyAD binds a wrapped subject key to its key ID, subject and KEK
// version, so a key row edited in the database (moved to another subject,
// relabelled with another KEK version) fails to unwrap.
func subjectKeyAD(keyID []byte, subjectID string, kekVersion uint32) []byte {
	ad := make([]byte, 0, len(labelSubjectKey)+keyIDSize+1+len(subjectID)+4)
	ad = append(ad, labelSubjectKey...)
	ad = append(ad, keyID...)
	ad = append(ad, byte(len(subjectID)))
	ad = append(ad, subjectID...)
	return binary.BigEndian.AppendUint32(ad, kekVersion)
}

// wrapSubjectKey seals key under the keyring's KEK of version v.
func (k *Keyring) wrapSubjectKey(v uint32, keyID []byte, subjectID string, key []byte) ([]byte, error) {
	e, err := k.kek(v)
	if err != nil {
		return nil, err
	}
	g, err := newGCM(e.key[:])
	if err != nil {
		return nil, err
	}
	out := make([]byte, gcmNonceSize, wrappedSubjectSize)
	if _, err := rand.Read(out); err != nil {
		return nil, fmt.Errorf("vault: reading randomness: %w", err)
	}
	return g.Seal(out, out, key, subjectKeyAD(keyID, subjectID, v)), nil
}

// unwrapSubjectKey opens a key row. The caller has checked Shredded.
func (k *Keyring) unwrapSubjectKey(row SubjectKeyRow) ([]byte, error) {
	e, err := k.kek(row.KEKVersion)
	if err != nil {
		return nil, err
	}
	if len(row.Wrapped) != wrappedSubjectSize || len(row.KeyID) != keyIDSize {
		return nil, fmt.Errorf("vault: subject key row malformed: %w", ErrWrongKey)
	}
	g, err := newGCM(e.key[:])
	if err != nil {
		return nil, err
	}
	key, err := g.Open(nil, row.Wrapped[:gcmNonceSize], row.Wrapped[gcmNonceSize:], subjectKeyAD(row.KeyID, row.SubjectID, row.KEKVersion))
	if err != nil {
		return nil, fmt.Errorf("vault: subject key does not unwrap under KEK version %d: %w", row.KEKVersion, ErrWrongKey)
	}
	return key, nil
}

// subjectKeyForSeal returns the AEAD and key ID of the subject's live key,
// creating the key on first use.
func (v *Vault) subjectKeyForSeal(ctx context.Context, subjectID string) (*gcm.AEAD, [keyIDSize]byte, error) {
	if id, ok := v.cache.currentOf(subjectID); ok {
		if a, ok := v.cache.get(id); ok {
			return a, id, nil
		}
	}
	row, err := v.store.CurrentSubjectKey(ctx, subjectID)
	if errors.Is(err, ErrNotFound) {
		return v.newSubjectKey(ctx, subjectID)
	}
	if err != nil {
		return nil, [keyIDSize]byte{}, fmt.Errorf("vault: reading subject key: %w", err)
	}
	return v.loadSubjectKey(row, subjectID, true)
}

// subjectKeyForOpen returns the AEAD of the key keyID that a record of
// subjectID names.
func (v *Vault) subjectKeyForOpen(ctx context.Context, keyID [keyIDSize]byte, subjectID []byte) (*gcm.AEAD, error) {
	if a, ok := v.cache.get(keyID); ok {
		return a, nil
	}
	id := keyID // only the miss path lets a copy escape to the store
	row, err := v.store.SubjectKey(ctx, id[:])
	if errors.Is(err, ErrNotFound) {
		return nil, fmt.Errorf("vault: record names a subject key this vault does not hold: %w", ErrWrongKey)
	}
	if err != nil {
		return nil, fmt.Errorf("vault: reading subject key: %w", err)
	}
	a, _, err := v.loadSubjectKey(row, string(subjectID), false)
	return a, err
}

func (v *Vault) loadSubjectKey(row SubjectKeyRow, subjectID string, current bool) (*gcm.AEAD, [keyIDSize]byte, error) {
	var id [keyIDSize]byte
	if row.Shredded {
		return nil, id, ErrShredded
	}
	if row.SubjectID != subjectID || len(row.KeyID) != keyIDSize {
		return nil, id, fmt.Errorf("vault: subject key belongs to another subject: %w", ErrTamperedRecord)
	}
	copy(id[:], row.KeyID)
	v.mu.RLock()
	key, err := v.kr.unwrapSubjectKey(row)
	v.mu.RUnlock()
	if err != nil {
		return nil, id, err
	}
	defer clear(key)
	a, err := newSubjectAEAD(key)
	if err != nil {
		return nil, id, err
	}
	v.cache.put(id, subjectID, a, current)
	return a, id, nil
}

func (v *Vault) newSubjectKey(ctx context.Context, subjectID string) (*gcm.AEAD, [keyIDSize]byte, error) {
	var buf [keyIDSize + keySize]byte
	var id [keyIDSize]byte
	if _, err := rand.Read(buf[:]); err != nil {
		return nil, id, fmt.Errorf("vault: reading randomness: %w", err)
	}
	defer clear(buf[:])
	copy(id[:], buf[:keyIDSize])
	key := buf[keyIDSize:]
	v.mu.RLock()
	cur := v.kr.current
	wrapped, err := v.kr.wrapSubjectKey(cur, id[:], subjectID, key)
	v.mu.RUnlock()
	if err != nil {
		return nil, id, err
	}
	row := SubjectKeyRow{KeyID: id[:], SubjectID: subjectID, KEKVersion: cur, Wrapped: wrapped}
	if err := v.store.PutSubjectKey(ctx, row); err != nil {
		return nil, id, fmt.Errorf("vault: storing subject key: %w", err)
	}
	a, err := newSubjectAEAD(key)
	if err != nil {
		return nil, id, err
	}
	v.cache.put(id, subjectID, a, true)
	return a, id, nil
}
