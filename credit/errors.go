package credit

import (
	"errors"
	"fmt"
)

// Sentinel errors. Callers branch on them with [errors.Is]; the wrapping
// error (often a [*FieldError]) says where the problem is. No message contains
// the offending value, which may be personal data.
var (
	// ErrInvalidCode means a value is not one of an enumeration's codes.
	ErrInvalidCode = errors.New("credit: invalid code")
	// ErrInvalidValue means a field is malformed or out of range (a negative
	// amount, a repayment string of the wrong length, an impossible date).
	ErrInvalidValue = errors.New("credit: invalid value")
	// ErrMissingField means a required field is empty.
	ErrMissingField = errors.New("credit: missing required field")
	// ErrUnknownField means a field path names no field of the schema.
	ErrUnknownField = errors.New("credit: unknown field path")

	// ErrInvalidResidentID means a resident identity number failed
	// normalization (format, MOD 11-2 check, or birth date).
	ErrInvalidResidentID = errors.New("credit: invalid resident identity number")
	// ErrInvalidMobile means a value is not a mainland-China mobile number.
	ErrInvalidMobile = errors.New("credit: invalid mobile number")
	// ErrInvalidEmail means a value is not an acceptable e-mail address.
	ErrInvalidEmail = errors.New("credit: invalid e-mail address")
)

// FieldError names the field (a concrete schema path such as
// "accounts[2].status") that failed validation and wraps the reason, one of
// the package sentinels. It never holds the field's value.
type FieldError struct {
	Path string
	Err  error
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("credit: field %s: %v", e.Path, trim(e.Err))
}

// Unwrap returns the sentinel that classifies the failure.
func (e *FieldError) Unwrap() error { return e.Err }

func fieldErr(path string, err error) error { return &FieldError{Path: path, Err: err} }

func trim(err error) string {
	const p = "credit: "
	s := err.Error()
	if len(s) > len(p) && s[:len(p)] == p {
		return s[len(p):]
	}
	return s
}
