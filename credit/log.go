package credit

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/credq/credq/consent"
)

// Inquiry-log errors.
var (
	// ErrLogTampered means an entry's hash, sequence number or link to its
	// predecessor is wrong: an entry was modified, removed, inserted or
	// moved. The concrete error is a [*LogError] naming the position.
	ErrLogTampered = errors.New("credit: inquiry log tampered")
	// ErrLogTruncated means the log is shorter than, or does not end in, a
	// checkpoint taken earlier.
	ErrLogTruncated = errors.New("credit: inquiry log truncated or rewritten")
	// ErrLogConflict is returned by a LogStore when an append's sequence
	// number is not the next one (another writer appended first).
	ErrLogConflict = errors.New("credit: inquiry log append conflict")
)

// LogError reports where verification failed. It wraps [ErrLogTampered] or
// [ErrLogTruncated].
type LogError struct {
	Seq uint64 // position of the first bad entry (or the log length)
	Err error
}

func (e *LogError) Error() string {
	return fmt.Sprintf("credit: inquiry log at %d: %v", e.Seq, trim(e.Err))
}

// Unwrap returns the sentinel.
func (e *LogError) Unwrap() error { return e.Err }

// LogStore persists inquiry-log entries. Implementations must keep entries
// exactly as given and return them in sequence order; they need not verify
// anything (Log does), but Append must refuse an entry whose Seq is not the
// current length with [ErrLogConflict], so that two writers cannot fork the
// chain. [MemoryLogStore] is the in-memory implementation; the examples hold
// an SQL one.
type LogStore interface {
	// Append stores e as entry number e.Seq.
	Append(ctx context.Context, e LogEntry) error
	// Last returns the last entry; ok is false for an empty log.
	Last(ctx context.Context) (e LogEntry, ok bool, err error)
	// Scan calls fn for each entry with Seq >= from, in order, stopping at
	// fn's first error, which it returns.
	Scan(ctx context.Context, from uint64, fn func(LogEntry) error) error
}

// Checkpoint is a log head (length and last hash) published or stored
// outside the log. Verifying against it detects truncation and a rewritten
// tail, which the chain alone cannot: whoever can rewrite every entry can
// also recompute every hash.
type Checkpoint struct {
	Len  uint64
	Head [32]byte
}

// Log is the hash-chained inquiry log. It serializes appends; use one Log per
// store and process (a store shared by several processes still refuses forks
// with ErrLogConflict).
type Log struct {
	mu    sync.Mutex
	store LogStore
}

// NewLog returns a log over store.
func NewLog(store LogStore) *Log { return &Log{store: store} }

// Append chains e after the current last entry (setting Seq, Prev and Hash;
// Time is truncated to whole seconds in UTC) and stores it.
func (l *Log) Append(ctx context.Context, e LogEntry) (LogEntry, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	last, ok, err := l.store.Last(ctx)
	if err != nil {
		return LogEntry{}, err
	}
	e.Seq, e.Prev = 0, [32]byte{}
	if ok {
		e.Seq, e.Prev = last.Seq+1, last.Hash
	}
	e.Time = e.Time.UTC().Truncate(time.Second)
	if _, err := e.MarshalBinary(); err != nil {
		return LogEntry{}, err
	}
	if e.Hash, err = e.ComputeHash(); err != nil {
		return LogEntry{}, err
	}
	if err := l.store.Append(ctx, e); err != nil {
		return LogEntry{}, err
	}
	return e, nil
}

// Checkpoint returns the current head, to keep outside the store.
func (l *Log) Checkpoint(ctx context.Context) (Checkpoint, error) {
	last, ok, err := l.store.Last(ctx)
	if err != nil || !ok {
		return Checkpoint{}, err
	}
	return Checkpoint{Len: last.Seq + 1, Head: last.Hash}, nil
}

// Verify checks the whole log end to end (see [LogVerifier]) and, when cp is
// not zero, that the log extends cp.
func (l *Log) Verify(ctx context.Context, cp Checkpoint) error {
	v := NewLogVerifier(cp)
	if err := l.store.Scan(ctx, 0, v.Add); err != nil {
		return err
	}
	return v.Finish()
}

// LogVerifier checks a stream of entries: each entry's Seq is its position,
// its Prev is the previous entry's Hash (zero for the first), its Hash is the
// hash of its body, and, when a checkpoint is given, the entry at the
// checkpoint's position has the checkpoint's hash and the stream reaches it.
// Feed entries with Add in order, then call Finish.
type LogVerifier struct {
	cp   Checkpoint
	n    uint64
	prev [32]byte
}

// NewLogVerifier returns a verifier against cp (the zero Checkpoint checks
// the chain only).
func NewLogVerifier(cp Checkpoint) *LogVerifier { return &LogVerifier{cp: cp} }

// Add checks the next entry.
func (v *LogVerifier) Add(e LogEntry) error {
	switch {
	case e.Seq != v.n,
		subtle.ConstantTimeCompare(e.Prev[:], v.prev[:]) != 1,
		!e.hashOK():
		return &LogError{Seq: v.n, Err: ErrLogTampered}
	case v.cp.Len != 0 && e.Seq == v.cp.Len-1 && subtle.ConstantTimeCompare(e.Hash[:], v.cp.Head[:]) != 1:
		return &LogError{Seq: v.n, Err: ErrLogTruncated}
	}
	v.prev = e.Hash
	v.n++
	return nil
}

// Finish reports whether the stream reached the checkpoint.
func (v *LogVerifier) Finish() error {
	if v.n < v.cp.Len {
		return &LogError{Seq: v.n, Err: ErrLogTruncated}
	}
	return nil
}

// VerifyLog checks entries (the whole log, in order) against cp.
func VerifyLog(entries []LogEntry, cp Checkpoint) error {
	v := NewLogVerifier(cp)
	for _, e := range entries {
		if err := v.Add(e); err != nil {
			return err
		}
	}
	return v.Finish()
}

// SubjectInquiry is one line of the subject-facing listing (the 查询记录
// section of a report).
// It marshals to JSON as {"date", "institution", "delegate" (only when
// set), "purpose" (the purpose code)}.
type SubjectInquiry struct {
	Date        Date
	Institution string // the querier (root grantee)
	Delegate    string // who presented, when a delegate did
	Purpose     consent.Purpose
}

// MarshalJSON writes the form described on [SubjectInquiry].
func (s SubjectInquiry) MarshalJSON() ([]byte, error) {
	if !s.Purpose.Valid() {
		return nil, fmt.Errorf("credit: inquiry purpose: %w", ErrInvalidCode)
	}
	return json.Marshal(struct {
		Date        Date   `json:"date"`
		Institution string `json:"institution"`
		Delegate    string `json:"delegate,omitzero"`
		Purpose     string `json:"purpose"`
	}{s.Date, s.Institution, s.Delegate, s.Purpose.Code()})
}

// SubjectInquiries lists the log's entries about subject within the 24-month
// display window ending on the day of now ([InquiryVisible]), newest first.
// It reads the whole store; the log itself is kept in full (the display
// window is not a deletion rule).
func (l *Log) SubjectInquiries(ctx context.Context, subject consent.SubjectRef, now time.Time) ([]SubjectInquiry, error) {
	today := DateOf(now)
	var out []SubjectInquiry
	err := l.store.Scan(ctx, 0, func(e LogEntry) error {
		d := DateOf(e.Time)
		if !e.Subject.Equal(subject) || !InquiryVisible(d, today) {
			return nil
		}
		s := SubjectInquiry{Date: d, Institution: e.Querier, Purpose: e.Purpose}
		if e.Holder != e.Querier {
			s.Delegate = e.Holder
		}
		out = append(out, s)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}
