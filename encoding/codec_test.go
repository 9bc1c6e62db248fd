package encoding

import (
	"bytes"
	"errors"
	"testing"
	"time"
)

// sample is a test value that exercises every Encoder/Decoder method. Its
// encode/decode pair is the model that the fuzz target and the truncation sweep
// run against.
type sample struct {
	U8    uint8
	U16   uint16
	U32   uint32
	U64   uint64
	V     uint64
	B     bool
	T     time.Time
	Fix   []byte
	B8    []byte
	B16   []byte
	B32   []byte
	S8    string
	S16   string
	Opt   *uint16
	List  [][]byte
	Inner []byte
}

const (
	maxB8   = 32
	maxB16  = 300
	maxB32  = 1000
	maxList = 8
)

func (s *sample) encode() ([]byte, error) {
	e := NewEncoder(nil)
	e.Uint8(s.U8)
	e.Uint16(s.U16)
	e.Uint32(s.U32)
	e.Uint64(s.U64)
	e.Uvarint(s.V)
	e.Bool(s.B)
	e.Time(s.T)
	e.Fixed(s.Fix, 4)
	e.Bytes8(s.B8, maxB8)
	e.Bytes16(s.B16, maxB16)
	e.Bytes32(s.B32, maxB32)
	e.String8(s.S8, maxB8)
	e.String16(s.S16, maxB16)
	e.Optional(s.Opt != nil, func(e *Encoder) { e.Uint16(*s.Opt) })
	e.List16(len(s.List), maxList, func(i int, e *Encoder) { e.Bytes8(s.List[i], maxB8) })
	e.Nested16(64, func(e *Encoder) { e.Bytes8(s.Inner, maxB8) })
	return e.Bytes()
}

func decodeSample(b []byte) (*sample, error) {
	var s sample
	d := NewDecoder(b)
	s.U8 = d.Uint8("u8")
	s.U16 = d.Uint16("u16")
	s.U32 = d.Uint32("u32")
	s.U64 = d.Uint64("u64")
	s.V = d.Uvarint("varint")
	s.B = d.Bool("bool")
	s.T = d.Time("time")
	s.Fix = d.Fixed("fixed", 4)
	s.B8 = d.Bytes8("b8", maxB8)
	s.B16 = d.Bytes16("b16", maxB16)
	s.B32 = d.Bytes32("b32", maxB32)
	s.S8 = d.String8("s8", maxB8)
	s.S16 = d.String16("s16", maxB16)
	if d.Optional("opt") {
		v := d.Uint16("opt.value")
		s.Opt = &v
	}
	n := d.Count16("list", maxList, 1)
	if n > 0 {
		s.List = make([][]byte, n)
		for i := range s.List {
			s.List[i] = d.Bytes8("list.item", maxB8)
		}
	}
	d.Nested16("inner", 64, func(d *Decoder) { s.Inner = d.Bytes8("inner.bytes", maxB8) })
	if err := d.Finish(); err != nil {
		return nil, err
	}
	return &s, nil
}

func validSample() *sample {
	v := uint16(0xbeef)
	return &sample{
		U8: 1, U16: 0x0203, U32: 0x04050607, U64: 1 << 60, V: 300, B: true,
		T:   time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC),
		Fix: []byte{9, 9, 9, 9}, B8: []byte("eight"), B16: bytes.Repeat([]byte{0x16}, 20),
		B32: []byte("thirty-two"), S8: "短", S16: "征信", Opt: &v,
		List: [][]byte{[]byte("a"), {}, []byte("ccc")}, Inner: []byte("in"),
	}
}

func mustEncode(t testing.TB, s *sample) []byte {
	t.Helper()
	b, err := s.encode()
	if err != nil {
		t.Fatalf("encode() error = %v", err)
	}
	return b
}

func TestRoundTrip(t *testing.T) {
	b := mustEncode(t, validSample())
	got, err := decodeSample(b)
	if err != nil {
		t.Fatalf("decode(encode(x)) error = %v", err)
	}
	again := mustEncode(t, got)
	if !bytes.Equal(again, b) {
		t.Fatalf("encode(decode(b)) = %x, want %x", again, b)
	}
	if !got.T.Equal(validSample().T) || got.S16 != "征信" || *got.Opt != 0xbeef || len(got.List) != 3 {
		t.Fatalf("decoded value differs: %+v", got)
	}
}

// TestTruncationSweep checks that every proper prefix of a valid encoding, and
// several extensions of it, are rejected with a typed error.
func TestTruncationSweep(t *testing.T) {
	b := mustEncode(t, validSample())
	for i := 0; i < len(b); i++ {
		_, err := decodeSample(b[:i])
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("decode(prefix of %d bytes) error = %v, want *ParseError", i, err)
		}
		if !errors.Is(err, ErrTruncated) {
			t.Fatalf("decode(prefix of %d bytes) error = %v, want ErrTruncated", i, err)
		}
	}
	for _, ext := range [][]byte{{0}, {0xff}, []byte("extra"), make([]byte, 100)} {
		_, err := decodeSample(append(append([]byte{}, b...), ext...))
		if !errors.Is(err, ErrTrailingData) {
			t.Fatalf("decode(valid+%x) error = %v, want ErrTrailingData", ext, err)
		}
	}
}

func TestDecoderRejects(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		read func(d *Decoder)
		want error
	}{
		{"varint non-minimal", []byte{0x80, 0x00}, func(d *Decoder) { d.Uvarint("v") }, ErrNonCanonical},
		{"varint non-minimal long", []byte{0xac, 0x82, 0x00}, func(d *Decoder) { d.Uvarint("v") }, ErrNonCanonical},
		{"varint overflow", bytes.Repeat([]byte{0xff}, 11), func(d *Decoder) { d.Uvarint("v") }, ErrInvalid},
		{"varint truncated", []byte{0x80}, func(d *Decoder) { d.Uvarint("v") }, ErrTruncated},
		{"bool 2", []byte{2}, func(d *Decoder) { d.Bool("b") }, ErrNonCanonical},
		{"optional marker 0xff", []byte{0xff}, func(d *Decoder) { d.Optional("o") }, ErrNonCanonical},
		{"time beyond max", []byte{0xff, 0, 0, 0, 0, 0, 0, 0}, func(d *Decoder) { d.Time("t") }, ErrInvalid},
		{"bytes8 over max", []byte{5, 1, 2, 3, 4, 5}, func(d *Decoder) { d.Bytes8("b", 4) }, ErrTooLarge},
		{"bytes16 over max", []byte{0xff, 0xff}, func(d *Decoder) { d.Bytes16("b", 10) }, ErrTooLarge},
		{"bytes32 over max before alloc", []byte{0x7f, 0xff, 0xff, 0xff}, func(d *Decoder) { d.Bytes32("b", 1<<20) }, ErrTooLarge},
		{"string invalid utf8", []byte{2, 0xc3, 0x28}, func(d *Decoder) { d.String8("s", 10) }, ErrInvalid},
		{"count over max", []byte{0, 9}, func(d *Decoder) { d.Count16("c", 8, 1) }, ErrTooLarge},
		{"count over remaining", []byte{0, 3, 1, 1}, func(d *Decoder) { d.Count16("c", 8, 1) }, ErrTruncated},
		{"nested trailing", []byte{0, 3, 1, 7, 0}, func(d *Decoder) { d.Nested16("n", 10, func(d *Decoder) { d.Bytes8("x", 4) }) }, ErrTrailingData},
		{"fixed short", []byte{1, 2}, func(d *Decoder) { d.Fixed("f", 3) }, ErrTruncated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := NewDecoder(tt.in)
			tt.read(d)
			err := d.Finish()
			if !errors.Is(err, tt.want) {
				t.Fatalf("Finish() = %v, want %v", err, tt.want)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Finish() = %T, want *ParseError", err)
			}
		})
	}
}

func TestParseErrorOffsetAndNoData(t *testing.T) {
	// Offset of the failing value inside a nested structure is absolute.
	in := []byte{0xaa, 0, 3, 5, 'q', 'z'}
	d := NewDecoder(in)
	d.Uint8("head")
	d.Nested16("n", 10, func(d *Decoder) { d.Bytes8("secret", 4) })
	err := d.Finish()
	var pe *ParseError
	if !errors.As(err, &pe) || pe.What != "secret" || pe.Offset != 3 || !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Finish() = %#v, want ParseError{What: secret, Offset: 3, Err: ErrTooLarge}", err)
	}
	if bytes.Contains([]byte(err.Error()), []byte("qz")) {
		t.Fatalf("error message leaks input: %q", err)
	}
}

func TestEncoderRejects(t *testing.T) {
	tests := []struct {
		name  string
		write func(e *Encoder)
		want  error
	}{
		{"bytes8 over max", func(e *Encoder) { e.Bytes8(make([]byte, 5), 4) }, ErrTooLarge},
		{"string invalid utf8", func(e *Encoder) { e.String8("\xc3\x28", 4) }, ErrInvalid},
		{"time before 1970", func(e *Encoder) { e.Time(time.Unix(-1, 0)) }, ErrInvalid},
		{"time after max", func(e *Encoder) { e.Time(time.Unix(MaxTime+1, 0)) }, ErrInvalid},
		{"fixed wrong length", func(e *Encoder) { e.Fixed([]byte{1}, 2) }, ErrInvalid},
		{"list over max", func(e *Encoder) { e.List16(3, 2, func(int, *Encoder) {}) }, ErrTooLarge},
		{"nested over max", func(e *Encoder) { e.Nested16(2, func(e *Encoder) { e.Uint32(1) }) }, ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := NewEncoder(nil)
			tt.write(e)
			e.Uint8(1) // calls after a failure are no-ops
			if _, err := e.Bytes(); !errors.Is(err, tt.want) {
				t.Fatalf("Bytes() error = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestUvarintBoundaries(t *testing.T) {
	for _, v := range []uint64{0, 1, 127, 128, 16383, 16384, 1<<63 - 1, 1<<64 - 1} {
		e := NewEncoder(nil)
		e.Uvarint(v)
		b, _ := e.Bytes()
		d := NewDecoder(b)
		if got := d.Uvarint("v"); got != v || d.Finish() != nil {
			t.Fatalf("Uvarint(%d) round trip = %d, %v", v, got, d.Finish())
		}
	}
}

// FuzzDecode checks that the decoder never panics and that whatever it accepts
// re-encodes to exactly the input (one encoding per value).
func FuzzDecode(f *testing.F) {
	f.Add(mustEncode(f, validSample()))
	f.Add(mustEncode(f, &sample{T: time.Unix(0, 0).UTC(), Fix: make([]byte, 4)}))
	f.Fuzz(func(t *testing.T, in []byte) {
		s, err := decodeSample(in)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("decode error %v is not a *ParseError", err)
			}
			return
		}
		out, err := s.encode()
		if err != nil {
			t.Fatalf("encode(decode(in)) error = %v", err)
		}
		if !bytes.Equal(out, in) {
			t.Fatalf("encode(decode(in)) = %x, want %x", out, in)
		}
	})
}
