package vault

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Callers branch on them with [errors.Is]; the wrapping
// error says which record, field or key version is involved (never a field
// value or key material). Each failure class has its own sentinel so that an
// operator can tell an erased subject from a misconfigured key from an attack
// on the database.
var (
	// ErrWrongKey means a key failed to open something it should own: the
	// keyring did not decrypt with the given age identity, or a subject key
	// did not unwrap under the KEK version it names (another institution's
	// keyring, or a corrupted key row).
	ErrWrongKey = errors.New("vault: wrong key")
	// ErrUnknownKeyVersion means a ciphertext names a KEK or index-key
	// version that the keyring does not hold or has retired.
	ErrUnknownKeyVersion = errors.New("vault: unknown key version")
	// ErrTamperedField means one field's ciphertext failed authentication: it
	// was modified, or moved from another field or another record.
	ErrTamperedField = errors.New("vault: field failed authentication")
	// ErrTamperedRecord means the record as a whole failed authentication:
	// the header, a sign-only value, or the set or order of fields changed,
	// or the wrapped data key does not belong to this record.
	ErrTamperedRecord = errors.New("vault: record failed authentication")
	// ErrShredded means the subject's key was destroyed (crypto-shredding):
	// the data is unrecoverable by design. It is not an integrity failure.
	ErrShredded = errors.New("vault: subject shredded")
	// ErrSchemaViolation means a field the schema does not name, a field
	// whose stored action differs from the schema's, or a schema version
	// this build does not know.
	ErrSchemaViolation = errors.New("vault: schema violation")
	// ErrNotFound means the store holds no such record or key.
	ErrNotFound = errors.New("vault: not found")
	// ErrInvalidInput means an argument is out of range (an empty record
	// ID, an over-long subject ID, a population too small to plan an index).
	ErrInvalidInput = errors.New("vault: invalid input")
)

// FieldError names the concrete field path ("accounts[2].balance") that
// failed and wraps the reason (one of the sentinels above). It never holds
// the field's value.
type FieldError struct {
	Path string
	Err  error
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("vault: field %s: %s", e.Path, strings.TrimPrefix(e.Err.Error(), "vault: "))
}

// Unwrap returns the sentinel that classifies the failure.
func (e *FieldError) Unwrap() error { return e.Err }
