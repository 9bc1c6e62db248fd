package psi

import (
	"context"
	"errors"
	"testing"

	"github.com/credq/credq/encoding"
)

// Truncation/extension sweeps: every proper prefix of a valid encoding and
// the encoding with a byte appended must fail with a typed error.

func sweep(t *testing.T, name string, valid []byte, parse func([]byte) error) {
	t.Helper()
	if err := parse(valid); err != nil {
		t.Fatalf("%s: valid input rejected: %v", name, err)
	}
	for i := range len(valid) {
		err := parse(valid[:i])
		var pe *encoding.ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("%s: prefix of %d bytes: %v, want *encoding.ParseError", name, i, err)
		}
	}
	err := parse(append(append([]byte(nil), valid...), 0))
	if !errors.Is(err, encoding.ErrTrailingData) {
		t.Fatalf("%s: extended input: %v, want ErrTrailingData", name, err)
	}
}

func TestHelloBadLengths(t *testing.T) {
	sweep(t, "hello", mustHello(t), func(b []byte) error { _, err := parseHello(b, protoECDH); return err })
}

func TestDoneBadLengths(t *testing.T) {
	sweep(t, "done", done{elements: 5, tags: 7}.marshal(), func(b []byte) error { _, err := parseDone(b); return err })
}

func testSetBytes(t *testing.T, labeled bool) []byte {
	key, _ := GenerateOPRFKey(OPRFBase)
	srv, _ := NewOPRFServer(key, OPRFConfig{IdentifierKind: "k"})
	var set *EncodedSet
	if labeled {
		set, _ = srv.EncodeLabeledSet(context.Background(), []LabeledItem{{Item: []byte("a"), Payload: []byte("p")}, {Item: []byte("b")}})
	} else {
		set, _ = srv.EncodeSet(context.Background(), [][]byte{[]byte("a"), []byte("b")})
	}
	b, err := set.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestEncodedSetBadLengths(t *testing.T) {
	for _, labeled := range []bool{false, true} {
		sweep(t, "set", testSetBytes(t, labeled), func(b []byte) error { _, err := ParseEncodedSet(b, 0); return err })
	}
}

func TestDeltaBadLengths(t *testing.T) {
	ctx := context.Background()
	key, _ := GenerateOPRFKey(OPRFBase)
	srv, _ := NewOPRFServer(key, OPRFConfig{IdentifierKind: "k"})
	set, _ := srv.EncodeLabeledSet(ctx, []LabeledItem{{Item: []byte("a")}})
	d, _ := srv.Delta(ctx, set, []LabeledItem{{Item: []byte("b"), Payload: []byte("x")}}, [][]byte{[]byte("a")})
	b, _ := d.MarshalBinary()
	sweep(t, "delta", b, func(b []byte) error { _, err := ParseDelta(b, 0); return err })
}

func TestEncodedSetRejectsUnsorted(t *testing.T) {
	b := testSetBytes(t, false)
	// Swap the two 8-byte tags at the end.
	n := len(b)
	sw := append([]byte(nil), b...)
	copy(sw[n-16:n-8], b[n-8:])
	copy(sw[n-8:], b[n-16:n-8])
	if _, err := ParseEncodedSet(sw, 0); !errors.Is(err, encoding.ErrNonCanonical) {
		t.Fatalf("unsorted set: %v, want ErrNonCanonical", err)
	}
	dup := append([]byte(nil), b...)
	copy(dup[n-8:], b[n-16:n-8])
	if _, err := ParseEncodedSet(dup, 0); !errors.Is(err, encoding.ErrNonCanonical) {
		t.Fatalf("duplicate entry: %v, want ErrNonCanonical", err)
	}
}

func TestEncodedSetRejectsCountOverCap(t *testing.T) {
	if _, err := ParseEncodedSet(testSetBytes(t, false), 1); !errors.Is(err, encoding.ErrTooLarge) {
		t.Fatalf("count over cap: %v, want ErrTooLarge", err)
	}
}

func TestEncodedSetRejectsOtherVersion(t *testing.T) {
	b := testSetBytes(t, false)
	// header: u16 len, String8 magic (1+18), version u16.
	off := 2 + 1 + len(setMagic)
	b[off+1] = 2
	if _, err := ParseEncodedSet(b, 0); !errors.Is(err, ErrVersionMismatch) {
		t.Fatalf("version 2: %v, want ErrVersionMismatch", err)
	}
}
