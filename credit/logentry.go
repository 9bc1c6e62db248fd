package credit

import (
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"time"

	"github.com/credq/credq/consent"
	"github.com/credq/credq/encoding"
)

// labelLogEntry separates inquiry-log hashes from every other SHA-256 use.
const labelLogEntry = "credq/credit/v1/inquiry-log-entry"

// MaxPartyID caps the querier and holder IDs of a log entry (bytes).
const MaxPartyID = 128

// LogEntry is one inquiry-log entry: who queried (Querier, the root grantee;
// Holder, who presented — a delegate or the grantee), when (Time, whole
// seconds, UTC), why (Purpose), under which consent (ConsentID), about whom
// (Subject, the pseudonymous reference) and which classes were released.
// Seq, Prev and Hash chain the entry: Seq counts from 0, Prev is the previous
// entry's Hash (zero for the first) and
//
//	Hash = SHA-256(labelLogEntry || 0x00 || body)
//
// where body is the canonical encoding of every other field (see
// [LogEntry.MarshalBinary]). Changing, removing, inserting or reordering an
// entry breaks the chain at that point.
type LogEntry struct {
	Seq       uint64
	Time      time.Time
	Querier   string
	Holder    string
	Purpose   consent.Purpose
	ConsentID consent.ID
	Subject   consent.SubjectRef
	Released  consent.Scope
	Prev      [32]byte
	Hash      [32]byte
}

// LogEntrySize bounds an encoded entry's length.
const LogEntrySize = 8 + 8 + 2*(1+MaxPartyID) + 1 + 16 + 32 + 1 + 32 + 32

func (e *LogEntry) encodeBody(enc *encoding.Encoder) {
	enc.Uint64(e.Seq)
	enc.Time(e.Time)
	enc.String8(e.Querier, MaxPartyID)
	enc.String8(e.Holder, MaxPartyID)
	enc.Uint8(uint8(e.Purpose))
	enc.Fixed(e.ConsentID[:], len(e.ConsentID))
	enc.Fixed(e.Subject[:], len(e.Subject))
	enc.Uint8(uint8(e.Released))
	enc.Fixed(e.Prev[:], len(e.Prev))
}

// ComputeHash returns the chain hash of e's body (every field but Hash).
func (e *LogEntry) ComputeHash() ([32]byte, error) {
	enc := encoding.NewEncoder(make([]byte, 0, len(labelLogEntry)+1+LogEntrySize))
	enc.Raw([]byte(labelLogEntry))
	enc.Uint8(0)
	e.encodeBody(enc)
	b, err := enc.Bytes()
	if err != nil {
		return [32]byte{}, fmt.Errorf("credit: log entry: %w", err)
	}
	return sha256.Sum256(b), nil
}

// hashOK reports in constant time whether e.Hash is the hash of its body.
func (e *LogEntry) hashOK() bool {
	h, err := e.ComputeHash()
	return err == nil && subtle.ConstantTimeCompare(h[:], e.Hash[:]) == 1
}

// MarshalBinary returns the canonical encoding: Seq (8 bytes), Time (8-byte
// Unix seconds), Querier and Holder (1-byte length, at most MaxPartyID),
// Purpose (1), ConsentID (16), Subject (32), Released (1), Prev (32), Hash
// (32). Stores keep entries in this form.
func (e *LogEntry) MarshalBinary() ([]byte, error) {
	if !e.Purpose.Valid() || !e.Released.Valid() || e.Time.Before(time.Unix(0, 0)) {
		return nil, fmt.Errorf("credit: log entry: %w", ErrInvalidValue)
	}
	enc := encoding.NewEncoder(make([]byte, 0, LogEntrySize))
	e.encodeBody(enc)
	enc.Fixed(e.Hash[:], len(e.Hash))
	b, err := enc.Bytes()
	if err != nil {
		return nil, fmt.Errorf("credit: log entry: %w", err)
	}
	return b, nil
}

// UnmarshalBinary parses the form MarshalBinary writes. Malformed input is an
// [*encoding.ParseError]; a purpose or scope outside the defined values wraps
// [encoding.ErrInvalid]. It does not check the hash: [VerifyLog] does, with
// the chain.
func (e *LogEntry) UnmarshalBinary(b []byte) error {
	d := encoding.NewDecoder(b)
	var x LogEntry
	x.Seq = d.Uint64("log.seq")
	x.Time = d.Time("log.time")
	x.Querier = d.String8("log.querier", MaxPartyID)
	x.Holder = d.String8("log.holder", MaxPartyID)
	off := d.Offset()
	x.Purpose = consent.Purpose(d.Uint8("log.purpose"))
	if d.Err() == nil && !x.Purpose.Valid() {
		return &encoding.ParseError{What: "log.purpose", Offset: off, Err: encoding.ErrInvalid}
	}
	copy(x.ConsentID[:], d.Fixed("log.consent", len(x.ConsentID)))
	copy(x.Subject[:], d.Fixed("log.subject", len(x.Subject)))
	off = d.Offset()
	x.Released = consent.Scope(d.Uint8("log.released"))
	if d.Err() == nil && !x.Released.Valid() {
		return &encoding.ParseError{What: "log.released", Offset: off, Err: encoding.ErrInvalid}
	}
	copy(x.Prev[:], d.Fixed("log.prev", len(x.Prev)))
	copy(x.Hash[:], d.Fixed("log.hash", len(x.Hash)))
	if err := d.Finish(); err != nil {
		return err
	}
	*e = x
	return nil
}
