package consent

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// ID is a 128-bit random consent ID. The issuer draws it from crypto/rand for
// every grant; every delegation derived from a grant keeps its ID, so revoking
// the ID revokes the whole chain.
type ID [16]byte

// String returns the ID in lowercase hex (32 characters).
func (id ID) String() string { return hex.EncodeToString(id[:]) }

// ParseID parses the output of [ID.String].
func ParseID(s string) (ID, error) {
	var id ID
	if len(s) != 2*len(id) {
		return ID{}, invalid("consent ID is not 32 hex digits")
	}
	if _, err := hex.Decode(id[:], []byte(s)); err != nil {
		return ID{}, invalid("consent ID is not 32 hex digits")
	}
	if id.String() != s { // reject uppercase: one text form per ID
		return ID{}, invalid("consent ID is not lowercase hex")
	}
	return id, nil
}

func newID() (ID, error) {
	var id ID
	if _, err := rand.Read(id[:]); err != nil {
		return ID{}, fmt.Errorf("consent: reading randomness: %w", err)
	}
	return id, nil
}

// SubjectRef is a pseudonymous reference to the subject (the borrower): an
// HMAC-SHA256 of the normalized identifier under a [SubjectKey] held by the
// data holder. Tokens carry only this reference, never the ID number; without
// the key the reference cannot be inverted by enumerating the (small) space
// of resident-ID or mobile numbers.
type SubjectRef [32]byte

// String returns the reference in lowercase hex. A SubjectRef is a
// pseudonym, still personal data under PIPL Art. 73: log it with care.
func (r SubjectRef) String() string { return hex.EncodeToString(r[:]) }

// SubjectKeySize is the length of a [SubjectKey] in bytes.
const SubjectKeySize = 32

// labelSubjectRef separates subject references from every other HMAC use of
// the same key bytes.
const labelSubjectRef = "credq/consent/v1/subject-ref"

// SubjectKey is the data holder's secret key for deriving subject
// references. The same key must be used by whoever issues grants for that
// data holder (the consent service asks the data holder, or is the data
// holder) and by the data holder when it looks the subject up.
type SubjectKey struct {
	k [SubjectKeySize]byte
}

// NewSubjectKey returns a fresh random SubjectKey.
func NewSubjectKey() (*SubjectKey, error) {
	k := new(SubjectKey)
	if _, err := rand.Read(k.k[:]); err != nil {
		return nil, fmt.Errorf("consent: reading randomness: %w", err)
	}
	return k, nil
}

// SubjectKeyFromBytes returns the SubjectKey with the given 32 bytes (as
// returned by [SubjectKey.Bytes]).
func SubjectKeyFromBytes(b []byte) (*SubjectKey, error) {
	if len(b) != SubjectKeySize {
		return nil, invalid("subject key must be 32 bytes")
	}
	k := new(SubjectKey)
	copy(k.k[:], b)
	return k, nil
}

// Bytes returns a copy of the key bytes, for storing the key sealed.
func (k *SubjectKey) Bytes() []byte {
	out := make([]byte, SubjectKeySize)
	copy(out, k.k[:])
	return out
}

// String never prints key material.
func (k *SubjectKey) String() string { return "consent.SubjectKey(redacted)" }

// GoString never prints key material.
func (k *SubjectKey) GoString() string { return k.String() }

// Ref returns HMAC-SHA256(key, label || 0x00 || normalizedID). normalizedID
// is the versioned, normalized identifier the credit package produces (for
// example "cnid:v1:11010519491231002X"); consent does not normalize, so two
// spellings of the same number give two references.
func (k *SubjectKey) Ref(normalizedID string) SubjectRef {
	m := hmac.New(sha256.New, k.k[:])
	m.Write([]byte(labelSubjectRef))
	m.Write([]byte{0})
	m.Write([]byte(normalizedID))
	var r SubjectRef
	m.Sum(r[:0])
	return r
}

// Equal reports in constant time whether r and o are the same reference.
func (r SubjectRef) Equal(o SubjectRef) bool { return hmac.Equal(r[:], o[:]) }
