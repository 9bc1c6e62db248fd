package encoding

import (
	"encoding/binary"
	"fmt"
	"time"

	"golang.org/x/crypto/cryptobyte"
)

// MaxTime is the latest instant a timestamp field may hold (9999-12-31
// 23:59:59 UTC). Capping it keeps every decoded time representable by
// time.Time and comparable without overflow.
const MaxTime = 253402300799

// An Encoder appends the canonical encoding of values to a buffer. It is a thin
// layer over [cryptobyte.Builder] that enforces each field's declared maximum:
// the first violated limit is remembered, later calls become no-ops, and
// [Encoder.Bytes] returns the error. A limit violation on the encoding side is a
// caller bug or an attempt to build a value that no peer would accept, so it is
// reported rather than silently truncated.
//
// Integers are big-endian; lengths of byte strings are prefixed with 1, 2 or 4
// bytes as the method name says; timestamps are 8-byte unsigned Unix seconds;
// optional values are a 0x00/0x01 marker followed by the value when present;
// lists are a 2-byte item count followed by the items.
type Encoder struct {
	b   *cryptobyte.Builder
	err error
}

// NewEncoder returns an Encoder that appends to buf (which may be nil).
func NewEncoder(buf []byte) *Encoder {
	return &Encoder{b: cryptobyte.NewBuilder(buf)}
}

func (e *Encoder) fail(err error) {
	if e.err == nil {
		e.err = err
	}
}

// Uint8 appends v as one byte.
func (e *Encoder) Uint8(v uint8) {
	if e.err == nil {
		e.b.AddUint8(v)
	}
}

// Uint16 appends v as two big-endian bytes.
func (e *Encoder) Uint16(v uint16) {
	if e.err == nil {
		e.b.AddUint16(v)
	}
}

// Uint32 appends v as four big-endian bytes.
func (e *Encoder) Uint32(v uint32) {
	if e.err == nil {
		e.b.AddUint32(v)
	}
}

// Uint64 appends v as eight big-endian bytes.
func (e *Encoder) Uint64(v uint64) {
	if e.err == nil {
		e.b.AddUint64(v)
	}
}

// Uvarint appends v as a minimal unsigned LEB128 varint (1 to 10 bytes).
func (e *Encoder) Uvarint(v uint64) {
	if e.err == nil {
		var tmp [binary.MaxVarintLen64]byte
		e.b.AddBytes(tmp[:binary.PutUvarint(tmp[:], v)])
	}
}

// Bool appends 0x01 for true and 0x00 for false.
func (e *Encoder) Bool(v bool) {
	if v {
		e.Uint8(1)
	} else {
		e.Uint8(0)
	}
}

// Time appends t as eight-byte unsigned Unix seconds. Sub-second precision is
// dropped; times before 1970 or after [MaxTime] are an error.
func (e *Encoder) Time(t time.Time) {
	s := t.Unix()
	if s < 0 || s > MaxTime {
		e.fail(fmt.Errorf("encoding: time %d out of range: %w", s, ErrInvalid))
		return
	}
	e.Uint64(uint64(s))
}

// Fixed appends v, which must be exactly n bytes long. No length is written:
// the decoder knows n from the format.
func (e *Encoder) Fixed(v []byte, n int) {
	if len(v) != n {
		e.fail(fmt.Errorf("encoding: fixed field is %d bytes, want %d: %w", len(v), n, ErrInvalid))
		return
	}
	if e.err == nil {
		e.b.AddBytes(v)
	}
}

func (e *Encoder) checkLen(n, max, limit int) bool {
	if max > limit {
		panic("encoding: declared maximum exceeds what the length prefix can hold")
	}
	if n > max {
		e.fail(fmt.Errorf("encoding: %d bytes exceed maximum %d: %w", n, max, ErrTooLarge))
		return false
	}
	return e.err == nil
}

// Bytes8 appends v with a one-byte length prefix. max (≤ 255) is the field's
// declared maximum length.
func (e *Encoder) Bytes8(v []byte, max int) {
	if e.checkLen(len(v), max, 0xff) {
		e.b.AddUint8(uint8(len(v)))
		e.b.AddBytes(v)
	}
}

// Bytes16 appends v with a two-byte length prefix. max (≤ 65535) is the field's
// declared maximum length.
func (e *Encoder) Bytes16(v []byte, max int) {
	if e.checkLen(len(v), max, 0xffff) {
		e.b.AddUint16(uint16(len(v)))
		e.b.AddBytes(v)
	}
}

// Bytes32 appends v with a four-byte length prefix. max is the field's declared
// maximum length.
func (e *Encoder) Bytes32(v []byte, max int) {
	if e.checkLen(len(v), max, 0x7fffffff) {
		e.b.AddUint32(uint32(len(v)))
		e.b.AddBytes(v)
	}
}

// String8 appends s with a one-byte length prefix. The decoder requires valid
// UTF-8, so the encoder does too.
func (e *Encoder) String8(s string, max int) {
	if !validUTF8(s) {
		e.fail(fmt.Errorf("encoding: string is not valid UTF-8: %w", ErrInvalid))
		return
	}
	if e.checkLen(len(s), max, 0xff) {
		e.b.AddUint8(uint8(len(s)))
		e.b.AddBytes([]byte(s))
	}
}

// String16 appends s with a two-byte length prefix; s must be valid UTF-8.
func (e *Encoder) String16(s string, max int) {
	if !validUTF8(s) {
		e.fail(fmt.Errorf("encoding: string is not valid UTF-8: %w", ErrInvalid))
		return
	}
	if e.checkLen(len(s), max, 0xffff) {
		e.b.AddUint16(uint16(len(s)))
		e.b.AddBytes([]byte(s))
	}
}

// Optional appends the presence marker and, when present, the value written by f.
func (e *Encoder) Optional(present bool, f func(*Encoder)) {
	e.Bool(present)
	if present && e.err == nil {
		f(e)
	}
}

// List16 appends a two-byte item count n (≤ max) followed by the n items that f
// writes, one call per index.
func (e *Encoder) List16(n, max int, f func(i int, e *Encoder)) {
	if e.checkLen(n, max, 0xffff) {
		e.b.AddUint16(uint16(n))
		for i := 0; i < n && e.err == nil; i++ {
			f(i, e)
		}
	}
}

// Nested16 appends the bytes f writes behind a two-byte length prefix; the
// nested value may be at most max bytes long. Use it for sub-structures that a
// decoder must be able to skip or bound.
func (e *Encoder) Nested16(max int, f func(*Encoder)) {
	if !e.checkLen(0, max, 0xffff) {
		return
	}
	child := NewEncoder(nil)
	f(child)
	v, err := child.Bytes()
	if err != nil {
		e.fail(err)
		return
	}
	e.Bytes16(v, max)
}

// Raw appends v verbatim. It is for values that are already canonical
// encodings (a signed body, a hash).
func (e *Encoder) Raw(v []byte) {
	if e.err == nil {
		e.b.AddBytes(v)
	}
}

// Err returns the first error recorded, if any.
func (e *Encoder) Err() error { return e.err }

// Bytes returns the encoded bytes, or the first error recorded.
func (e *Encoder) Bytes() ([]byte, error) {
	if e.err != nil {
		return nil, e.err
	}
	return e.b.Bytes()
}
