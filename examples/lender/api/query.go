package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"filippo.io/age"

	"github.com/credq/credq/consent"
	"github.com/credq/credq/encoding"
)

// ErrMalformed means a request body or one of its values does not parse.
var ErrMalformed = errors.New("api: malformed request")

// Limits on QueryRequest values.
const (
	// MaxRecipientLen caps the age recipient string (a hybrid ML-KEM-768 +
	// X25519 recipient is about 1,960 characters).
	MaxRecipientLen = 4096
	// MaxAccountIDLen caps QueryRequest.AccountID.
	MaxAccountIDLen = 128
)

// queryBodyVersion is the first byte of QueryBody.
const queryBodyVersion = 1

// QueryBody returns the canonical body of a query, the bytes whose hash the
// consent presentation signs together with the purpose and scope (package
// encoding, big-endian, length-prefixed):
//
//	uint8    version = 1
//	String16 age recipient (1..MaxRecipientLen bytes)
//	uint8    spouse co-applicant (0 or 1)
//	String8  account ID under collection (0..MaxAccountIDLen bytes)
func QueryBody(recipient string, spouseCoApplicant bool, accountID string) ([]byte, error) {
	if recipient == "" || len(recipient) > MaxRecipientLen || len(accountID) > MaxAccountIDLen {
		return nil, fmt.Errorf("%w: recipient or account ID length", ErrMalformed)
	}
	e := encoding.NewEncoder(nil)
	e.Uint8(queryBodyVersion)
	e.String16(recipient, MaxRecipientLen)
	e.Bool(spouseCoApplicant)
	e.String8(accountID, MaxAccountIDLen)
	b, err := e.Bytes()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	return b, nil
}

// ConsentQuery returns the consent.Query the presentation of r must have
// been made for: r's purpose and scope, and QueryBody of its recipient and
// facts. Errors wrap ErrMalformed.
func (r *QueryRequest) ConsentQuery() (consent.Query, error) {
	p, err := consent.ParsePurpose(r.Purpose)
	if err != nil {
		return consent.Query{}, fmt.Errorf("%w: purpose", ErrMalformed)
	}
	s, err := consent.ParseScope(r.Scope)
	if err != nil || s.Empty() {
		return consent.Query{}, fmt.Errorf("%w: scope", ErrMalformed)
	}
	body, err := QueryBody(r.Recipient, r.SpouseCoApplicant, r.AccountID)
	if err != nil {
		return consent.Query{}, err
	}
	return consent.Query{Purpose: p, Scope: s, Body: body}, nil
}

// Sign fills in r.Presentation: holder presents token for the query r
// describes (ConsentQuery), so set every other field first.
func (r *QueryRequest) Sign(holder *consent.HolderKey, token *consent.Token) error {
	q, err := r.ConsentQuery()
	if err != nil {
		return err
	}
	p, err := holder.Present(token, q)
	if err != nil {
		return err
	}
	r.Presentation = consent.ArmorPresentation(p)
	return nil
}

// ParseRecipient parses an age recipient: X25519 ("age1…") or
// ML-KEM-768+X25519 hybrid ("age1pq1…"). Errors wrap ErrMalformed.
func ParseRecipient(s string) (age.Recipient, error) {
	if s == "" || len(s) > MaxRecipientLen {
		return nil, fmt.Errorf("%w: recipient", ErrMalformed)
	}
	if strings.HasPrefix(s, "age1pq1") {
		r, err := age.ParseHybridRecipient(s)
		if err != nil {
			return nil, fmt.Errorf("%w: recipient", ErrMalformed)
		}
		return r, nil
	}
	r, err := age.ParseX25519Recipient(s)
	if err != nil {
		return nil, fmt.Errorf("%w: recipient", ErrMalformed)
	}
	return r, nil
}

// Decode reads one JSON value of type T from r strictly, reading at most
// max+1 bytes: a body over max bytes is a *TooLargeError; unknown fields,
// trailing data and anything else that is not one T wrap ErrMalformed.
func Decode[T any](r io.Reader, max int64) (*T, error) {
	lr := &io.LimitedReader{R: r, N: max + 1}
	data, err := io.ReadAll(lr)
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, &TooLargeError{Limit: max}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	v := new(T)
	if err := dec.Decode(v); err != nil {
		return nil, fmt.Errorf("%w: body is not the expected JSON object", ErrMalformed)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: trailing data after the JSON object", ErrMalformed)
	}
	return v, nil
}

// TooLargeError means a body exceeded its cap.
type TooLargeError struct{ Limit int64 }

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("api: body larger than %d bytes", e.Limit)
}
