package encoding

import (
	"errors"
	"fmt"
)

// Sentinel errors wrapped by [*ParseError] and the frame reader. Callers branch
// on them with [errors.Is]; the wrapping error says what failed and where.
var (
	// ErrTruncated means the input ended before a value was complete.
	ErrTruncated = errors.New("encoding: truncated input")
	// ErrTrailingData means bytes remained after the last expected value.
	ErrTrailingData = errors.New("encoding: trailing data")
	// ErrTooLarge means a length or count exceeded its declared maximum.
	ErrTooLarge = errors.New("encoding: length exceeds limit")
	// ErrNonCanonical means a value had more than one possible encoding and this
	// was not the canonical one (a non-minimal integer, a non-canonical base64
	// string, an optional-field marker other than 0 or 1, …).
	ErrNonCanonical = errors.New("encoding: non-canonical encoding")
	// ErrInvalid means a value was well-formed but outside its allowed range.
	ErrInvalid = errors.New("encoding: invalid value")
	// ErrFrameTooLarge means a frame header announced a payload larger than the
	// reader's maximum; nothing was allocated for it.
	ErrFrameTooLarge = errors.New("encoding: frame exceeds maximum size")
	// ErrUnexpectedFrame means a frame of another type arrived than the one the
	// protocol expected. The concrete error is [*UnexpectedFrameError].
	ErrUnexpectedFrame = errors.New("encoding: unexpected frame type")
	// ErrBadArmor means a text-armored value had the wrong prefix or was not
	// strict unpadded base64url.
	ErrBadArmor = errors.New("encoding: malformed armored text")
)

// ParseError reports a decoding failure: which value (What) and at which byte
// offset of the input (Offset). It wraps one of the package sentinels, so both
// errors.As (for the details) and errors.Is (for the kind) work. It never
// contains the input bytes themselves, which may be secret or personal data.
type ParseError struct {
	What   string // the value being decoded, e.g. "grant.audience"
	Offset int    // byte offset in the input where the value starts
	Err    error  // one of the package sentinels
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("encoding: parsing %s at offset %d: %v", e.What, e.Offset, trimPrefix(e.Err))
}

// Unwrap returns the sentinel that classifies the failure.
func (e *ParseError) Unwrap() error { return e.Err }

// UnexpectedFrameError is returned when a frame of type Got arrives while the
// reader expected Want. It matches [ErrUnexpectedFrame] with errors.Is.
type UnexpectedFrameError struct {
	Got, Want FrameType
}

func (e *UnexpectedFrameError) Error() string {
	return fmt.Sprintf("encoding: unexpected frame type %d, want %d", e.Got, e.Want)
}

// Is reports whether target is [ErrUnexpectedFrame].
func (e *UnexpectedFrameError) Is(target error) bool { return target == ErrUnexpectedFrame }

func trimPrefix(err error) string {
	const p = "encoding: "
	s := err.Error()
	if len(s) > len(p) && s[:len(p)] == p {
		return s[len(p):]
	}
	return s
}
