package vault

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"filippo.io/age"
	"github.com/credq/credq/consent"
	"github.com/credq/credq/credit"
)

// ErrWrongDisclosure means a disclosure package opened but is bound to
// another consent than the one the requester expected.
var ErrWrongDisclosure = errors.New("vault: disclosure bound to another consent")

// DisclosureRequest says whom a disclosure is for and what it answers.
type DisclosureRequest struct {
	// ConsentID is the verified grant's ID; the requester checks it.
	ConsentID consent.ID
	// InquiryHash is the hash of the inquiry-log entry that records this
	// query, so the answer and the log entry name each other.
	InquiryHash [32]byte
	// Recipient is the requester's age recipient: an *age.X25519Recipient
	// or, for post-quantum protection, an *age.HybridRecipient
	// (ML-KEM-768 + X25519).
	Recipient age.Recipient
}

// Disclosure is an opened disclosure package.
type Disclosure struct {
	ConsentID   consent.ID
	InquiryHash [32]byte
	Purpose     consent.Purpose
	Released    consent.Scope
	// Record holds exactly the fields the view released (nil when none).
	Record *credit.Record
	// Aggregates is set when the view released aggregates.
	Aggregates *credit.Aggregates
}

// Disclose answers a consented query for record recordID: it decrypts the
// record, builds the view for the verified grant g and appends the inquiry
// to log in one step (credit.Disclose: no view leaves unlogged), then seals
// exactly the view's fields to the requester's age recipient, bound to
// g.ConsentID() and the log entry's hash. It returns the package and the
// log entry. A shredded subject is [ErrShredded] and nothing is logged; the
// caller must have resolved recordID from g.SubjectRef().
func (v *Vault) Disclose(ctx context.Context, recordID string, log *credit.Log, g *consent.Verified, q credit.Query, now time.Time, to age.Recipient) ([]byte, credit.LogEntry, error) {
	if to == nil || log == nil {
		return nil, credit.LogEntry{}, fmt.Errorf("vault: disclosure needs a log and a recipient: %w", ErrInvalidInput)
	}
	rec, err := v.Get(ctx, recordID)
	if err != nil {
		return nil, credit.LogEntry{}, err
	}
	view, entry, err := credit.Disclose(ctx, log, rec, g, q, now)
	if err != nil {
		return nil, credit.LogEntry{}, err
	}
	pkg, err := SealDisclosure(view, DisclosureRequest{ConsentID: g.ConsentID(), InquiryHash: entry.Hash, Recipient: to})
	if err != nil {
		return nil, credit.LogEntry{}, err
	}
	return pkg, entry, nil
}

// SealDisclosure encrypts a view to req.Recipient as one age file whose
// payload (layout in the package doc) binds the consent ID and the
// inquiry-log entry hash. Every released field must belong to a class in
// view.Released, else [ErrSchemaViolation].
func SealDisclosure(view *credit.View, req DisclosureRequest) ([]byte, error) {
	if view == nil || req.Recipient == nil {
		return nil, fmt.Errorf("vault: disclosure needs a view and a recipient: %w", ErrInvalidInput)
	}
	d := &Disclosure{ConsentID: req.ConsentID, InquiryHash: req.InquiryHash, Purpose: view.Purpose,
		Released: view.Released, Record: view.Record, Aggregates: view.Aggregates}
	plain, err := d.marshal()
	if err != nil {
		return nil, err
	}
	defer clear(plain)
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, req.Recipient)
	if err == nil {
		if _, err = w.Write(plain); err == nil {
			err = w.Close()
		}
	}
	if err != nil {
		return nil, fmt.Errorf("vault: encrypting disclosure: %w", err)
	}
	return buf.Bytes(), nil
}

// OpenDisclosure decrypts a package with the requester's identity and checks
// that it answers consent want. An identity the package was not sealed to
// is [ErrWrongKey]; another consent is [ErrWrongDisclosure]; a payload that
// does not parse is an [*encoding.ParseError].
func OpenDisclosure(pkg []byte, id age.Identity, want consent.ID) (*Disclosure, error) {
	r, err := age.Decrypt(bytes.NewReader(pkg), id)
	if err != nil {
		return nil, fmt.Errorf("vault: opening disclosure: %w", ErrWrongKey)
	}
	plain, err := io.ReadAll(io.LimitReader(r, MaxSealedSize+1))
	if err != nil {
		return nil, fmt.Errorf("vault: opening disclosure: %w", ErrTamperedRecord)
	}
	defer clear(plain)
	d, err := parseDisclosure(plain)
	if err != nil {
		return nil, err
	}
	if d.ConsentID != want {
		return nil, ErrWrongDisclosure
	}
	return d, nil
}
