package encoding

import (
	"encoding/binary"
	"math"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/cryptobyte"
)

// A Decoder reads values written by [Encoder] from a byte slice and accepts
// exactly one byte string per value: lengths above the declared maximum,
// non-minimal varints, booleans other than 0 and 1, invalid UTF-8, out-of-range
// timestamps and trailing bytes are all rejected.
//
// Errors are sticky: after the first failure every read returns the zero value
// and [Decoder.Finish] (or [Decoder.Err]) returns a [*ParseError] naming the
// value and its offset. This lets a parser read a whole structure straight-line
// and check once at the end.
//
// Byte slices returned by the Decoder alias its input; copy them if the input
// buffer will be reused. Reading never allocates except for strings.
type Decoder struct {
	s     cryptobyte.String
	total int // length of the input the offsets are relative to
	base  int // offset of s[0] within the outermost input
	err   error
}

// NewDecoder returns a Decoder over b.
func NewDecoder(b []byte) *Decoder {
	d := &Decoder{}
	d.Reset(b)
	return d
}

// Reset makes d read b from the start, clearing any error. It lets a Decoder
// value live on the stack.
func (d *Decoder) Reset(b []byte) {
	*d = Decoder{s: cryptobyte.String(b), total: len(b)}
}

// Offset is the position of the next unread byte within the input.
func (d *Decoder) Offset() int { return d.base + d.total - len(d.s) }

// Remaining is the number of unread bytes.
func (d *Decoder) Remaining() int { return len(d.s) }

// Fail records err (one of the package sentinels, or a caller's validation
// error) for the value named what at the current offset, unless an earlier
// error is already recorded. Parsers built on the Decoder use it to report
// semantic rejections with the same *ParseError shape.
func (d *Decoder) Fail(what string, err error) {
	d.failAt(what, d.Offset(), err)
}

func (d *Decoder) failAt(what string, off int, err error) {
	if d.err == nil {
		d.err = &ParseError{What: what, Offset: off, Err: err}
		d.s = nil
	}
}

// Err returns the first recorded error, or nil.
func (d *Decoder) Err() error { return d.err }

// Finish returns the first recorded error, or an error if unread bytes remain.
func (d *Decoder) Finish() error {
	if d.err == nil && len(d.s) != 0 {
		d.Fail("end of input", ErrTrailingData)
	}
	return d.err
}

// Uint8 reads one byte.
func (d *Decoder) Uint8(what string) uint8 {
	var v uint8
	if d.err == nil && !d.s.ReadUint8(&v) {
		d.Fail(what, ErrTruncated)
	}
	return v
}

// Uint16 reads a two-byte big-endian integer.
func (d *Decoder) Uint16(what string) uint16 {
	var v uint16
	if d.err == nil && !d.s.ReadUint16(&v) {
		d.Fail(what, ErrTruncated)
	}
	return v
}

// Uint32 reads a four-byte big-endian integer.
func (d *Decoder) Uint32(what string) uint32 {
	var v uint32
	if d.err == nil && !d.s.ReadUint32(&v) {
		d.Fail(what, ErrTruncated)
	}
	return v
}

// Uint64 reads an eight-byte big-endian integer.
func (d *Decoder) Uint64(what string) uint64 {
	var v uint64
	if d.err == nil && !d.s.ReadUint64(&v) {
		d.Fail(what, ErrTruncated)
	}
	return v
}

// Uvarint reads a minimal unsigned LEB128 varint. A varint with a redundant
// final 0x00 group is [ErrNonCanonical]; one that overflows 64 bits is
// [ErrInvalid].
func (d *Decoder) Uvarint(what string) uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.s)
	switch {
	case n == 0:
		d.Fail(what, ErrTruncated)
		return 0
	case n < 0:
		d.Fail(what, ErrInvalid)
		return 0
	case n > 1 && d.s[n-1] == 0:
		d.Fail(what, ErrNonCanonical)
		return 0
	}
	d.s = d.s[n:]
	return v
}

// Bool reads a one-byte boolean; only 0x00 and 0x01 are accepted.
func (d *Decoder) Bool(what string) bool {
	off := d.Offset()
	switch d.Uint8(what) {
	case 0:
		return false
	case 1:
		return true
	default:
		d.failAt(what, off, ErrNonCanonical)
		return false
	}
}

// Time reads eight-byte Unix seconds and returns them as a UTC time. Values
// above [MaxTime] are [ErrInvalid].
func (d *Decoder) Time(what string) time.Time {
	off := d.Offset()
	v := d.Uint64(what)
	if d.err != nil {
		return time.Time{}
	}
	if v > MaxTime {
		d.failAt(what, off, ErrInvalid)
		return time.Time{}
	}
	return time.Unix(int64(v), 0).UTC()
}

// Fixed reads exactly n bytes.
func (d *Decoder) Fixed(what string, n int) []byte {
	var v []byte
	if d.err == nil && !d.s.ReadBytes(&v, n) {
		d.Fail(what, ErrTruncated)
	}
	return v
}

func (d *Decoder) prefixed(what string, size, max int) []byte {
	if d.err != nil {
		return nil
	}
	off := d.Offset()
	var n uint32
	var ok bool
	switch size {
	case 1:
		var v uint8
		ok = d.s.ReadUint8(&v)
		n = uint32(v)
	case 2:
		var v uint16
		ok = d.s.ReadUint16(&v)
		n = uint32(v)
	default:
		ok = d.s.ReadUint32(&n)
	}
	if !ok {
		d.failAt(what, off, ErrTruncated)
		return nil
	}
	// The cap is checked before anything is read or allocated.
	if uint64(n) > uint64(max) {
		d.failAt(what, off, ErrTooLarge)
		return nil
	}
	var v []byte
	if !d.s.ReadBytes(&v, int(n)) {
		d.failAt(what, off, ErrTruncated)
		return nil
	}
	return v
}

// Bytes8 reads a byte string with a one-byte length prefix of at most max bytes.
func (d *Decoder) Bytes8(what string, max int) []byte { return d.prefixed(what, 1, max) }

// Bytes16 reads a byte string with a two-byte length prefix of at most max bytes.
func (d *Decoder) Bytes16(what string, max int) []byte { return d.prefixed(what, 2, max) }

// Bytes32 reads a byte string with a four-byte length prefix of at most max bytes.
func (d *Decoder) Bytes32(what string, max int) []byte {
	if max > math.MaxInt32 {
		max = math.MaxInt32
	}
	return d.prefixed(what, 4, max)
}

func (d *Decoder) str(what string, size, max int) string {
	off := d.Offset()
	v := d.prefixed(what, size, max)
	if d.err == nil && !utf8.Valid(v) {
		d.failAt(what, off, ErrInvalid)
		return ""
	}
	return string(v)
}

// String8 reads a UTF-8 string with a one-byte length prefix.
func (d *Decoder) String8(what string, max int) string { return d.str(what, 1, max) }

// String16 reads a UTF-8 string with a two-byte length prefix.
func (d *Decoder) String16(what string, max int) string { return d.str(what, 2, max) }

// Optional reads a presence marker (0x00 or 0x01) and reports whether the value
// follows.
func (d *Decoder) Optional(what string) bool { return d.Bool(what) }

// Count16 reads a two-byte list item count and checks it against max and
// against the bytes left, given that every item takes at least minItemSize
// bytes. The caller may then allocate count items without trusting the peer.
func (d *Decoder) Count16(what string, max, minItemSize int) int {
	off := d.Offset()
	n := int(d.Uint16(what))
	if d.err != nil {
		return 0
	}
	if n > max {
		d.failAt(what, off, ErrTooLarge)
		return 0
	}
	if minItemSize < 1 {
		minItemSize = 1
	}
	if n*minItemSize > len(d.s) {
		d.failAt(what, off, ErrTruncated)
		return 0
	}
	return n
}

// Nested16 reads a two-byte length-prefixed sub-structure of at most max bytes
// and runs f over it with a child Decoder whose offsets stay relative to the
// outermost input. The child must consume its bytes exactly.
func (d *Decoder) Nested16(what string, max int, f func(*Decoder)) {
	start := d.Offset()
	v := d.prefixed(what, 2, max)
	if d.err != nil {
		return
	}
	child := Decoder{s: cryptobyte.String(v), total: len(v), base: start + 2}
	f(&child)
	if err := child.Finish(); err != nil {
		d.err = err
		d.s = nil
	}
}

func validUTF8(s string) bool { return utf8.ValidString(s) }
