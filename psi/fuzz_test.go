package psi

import (
	"bytes"
	"errors"
	"testing"

	"github.com/credq/credq/encoding"
	"github.com/credq/credq/psi/internal/r255"
)

// Every decoder of a peer message or stored artefact has a fuzz target:
// decoding either fails with a typed error or re-encodes to the input.
// Seed corpora live in testdata/fuzz/<FuzzName>/.

// typedErr reports whether err is one callers can classify.
func typedErr(err error) bool {
	var pe *encoding.ParseError
	for _, s := range []error{ErrVersionMismatch, ErrProtocolMismatch, ErrInvalidElement, ErrBadKey} {
		if errors.Is(err, s) {
			return true
		}
	}
	return errors.As(err, &pe)
}

func FuzzParseHello(f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := parseHello(b, protoECDH)
		if err != nil {
			if !typedErr(err) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		out, err := h.marshal()
		if err != nil || !bytes.Equal(out, b) {
			t.Fatalf("re-encoding differs: %x vs %x (%v)", out, b, err)
		}
	})
}

func FuzzParseDone(f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := parseDone(b)
		if err != nil {
			if !typedErr(err) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if out := d.marshal(); !bytes.Equal(out, b) {
			t.Fatalf("re-encoding differs")
		}
	})
}

func FuzzDecodeElements(f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte) {
		k, err := batchCount(b, 32, "elements")
		if err != nil {
			if !typedErr(err) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		pts := make([]r255.Element, k)
		if err := decodeElements(pts, b, 0); err != nil {
			if !typedErr(err) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		var out []byte
		for i := range pts {
			out = pts[i].Encode(out)
		}
		if !bytes.Equal(out, b) {
			t.Fatalf("re-encoding differs")
		}
	})
}

func FuzzParseEncodedSet(f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := ParseEncodedSet(b, 1000)
		if err != nil {
			if !typedErr(err) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		out, err := s.MarshalBinary()
		if err != nil || !bytes.Equal(out, b) {
			t.Fatalf("re-encoding differs (%v)", err)
		}
	})
}

func FuzzParseDelta(f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := ParseDelta(b, 1000)
		if err != nil {
			if !typedErr(err) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		out, err := d.MarshalBinary()
		if err != nil || !bytes.Equal(out, b) {
			t.Fatalf("re-encoding differs (%v)", err)
		}
	})
}

func FuzzParseOPRFKey(f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte) {
		k, err := ParseOPRFKey(b)
		if err != nil {
			if !typedErr(err) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		out, _ := k.MarshalBinary()
		if !bytes.Equal(out, b) {
			t.Fatalf("re-encoding differs")
		}
	})
}
