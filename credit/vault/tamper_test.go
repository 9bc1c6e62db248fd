package vault

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/credq/credq/credit"
	"github.com/credq/credq/encoding"
)

// reencode parses sealed, lets edit change the parsed record, and encodes it
// again (keeping the old MAC), modelling an attacker with write access to
// the database who knows the layout but not the keys.
func reencode(t *testing.T, sealed []byte, edit func(s *sealedRecord)) []byte {
	t.Helper()
	s, err := parseSealed(sealed)
	if err != nil {
		t.Fatal(err)
	}
	edit(s)
	out, err := s.marshal()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func fieldIndex(t *testing.T, s *sealedRecord, path string) int {
	t.Helper()
	for i, f := range s.fields {
		if string(f.path) == path {
			return i
		}
	}
	t.Fatalf("no field %s", path)
	return -1
}

func wantOpenErr(t *testing.T, v *Vault, b []byte, want error) {
	t.Helper()
	if _, err := v.Open(context.Background(), b); !errors.Is(err, want) {
		t.Fatalf("Open = %v, want %v", err, want)
	}
}

func TestSwapCiphertextBetweenFieldsFails(t *testing.T) {
	v, _ := testVault(t)
	sealed := mustSeal(t, v, "s", fixture("r"))
	b := reencode(t, sealed, func(s *sealedRecord) {
		i, j := fieldIndex(t, s, "accounts[0].balance"), fieldIndex(t, s, "accounts[1].balance")
		s.fields[i].value, s.fields[j].value = s.fields[j].value, s.fields[i].value
	})
	wantOpenErr(t, v, b, ErrTamperedField)
	// Same field, same index, moved from another record of the same subject.
	other := mustSeal(t, v, "s", fixture("r"))
	po, _ := parseSealed(other)
	b = reencode(t, sealed, func(s *sealedRecord) {
		i := fieldIndex(t, s, "identity.name")
		s.fields[i].value = po.fields[i].value
	})
	wantOpenErr(t, v, b, ErrTamperedField)
}

func TestSwapCiphertextBetweenRecordsFails(t *testing.T) {
	v, _ := testVault(t)
	a := mustSeal(t, v, "s", fixture("ra"))
	b := mustSeal(t, v, "s", fixture("rb"))
	pb, _ := parseSealed(b)
	out := reencode(t, a, func(s *sealedRecord) {
		i := fieldIndex(t, s, "identity.idNumber")
		s.fields[i].value = pb.fields[i].value
	})
	wantOpenErr(t, v, out, ErrTamperedField)
	// Relabel record b as record a (header swap): its data key no longer unwraps.
	out = reencode(t, b, func(s *sealedRecord) { s.recordID = "ra" })
	wantOpenErr(t, v, out, ErrTamperedRecord)
}

func TestRemoveFieldFails(t *testing.T) {
	v, _ := testVault(t)
	sealed := mustSeal(t, v, "s", fixture("r"))
	for _, path := range []string{"annotations[0].addedOn", "identity.name", "accounts[2].adverseEnd"} {
		b := reencode(t, sealed, func(s *sealedRecord) {
			i := fieldIndex(t, s, path)
			s.fields = append(s.fields[:i:i], s.fields[i+1:]...)
		})
		if _, err := v.Open(context.Background(), b); !errors.Is(err, ErrTamperedRecord) && !errors.Is(err, ErrTamperedField) {
			t.Errorf("removing %s: Open = %v", path, err)
		}
	}
	// Removing the last field only touches the MAC coverage.
	b := reencode(t, sealed, func(s *sealedRecord) { s.fields = s.fields[:len(s.fields)-1] })
	wantOpenErr(t, v, b, ErrTamperedRecord)
}

func TestAddFieldFails(t *testing.T) {
	v, _ := testVault(t)
	sealed := mustSeal(t, v, "s", fixture("r"))
	b := reencode(t, sealed, func(s *sealedRecord) {
		s.fields = append(s.fields, sealedField{path: []byte("annotations[1].kind"), action: credit.ActionSignOnly, value: []byte("B")})
	})
	wantOpenErr(t, v, b, ErrTamperedRecord)
	b = reencode(t, sealed, func(s *sealedRecord) { s.fields = append(s.fields, s.fields[0]) })
	wantOpenErr(t, v, b, ErrTamperedField)
}

func TestReorderFieldsFails(t *testing.T) {
	v, _ := testVault(t)
	sealed := mustSeal(t, v, "s", fixture("r"))
	// Two sign-only fields: no field AEAD involved, the record MAC catches it.
	b := reencode(t, sealed, func(s *sealedRecord) {
		i, j := fieldIndex(t, s, "accounts[0].id"), fieldIndex(t, s, "accounts[0].type")
		s.fields[i], s.fields[j] = s.fields[j], s.fields[i]
	})
	wantOpenErr(t, v, b, ErrTamperedRecord)
	// Two encrypted fields with their paths: the nonce binds the position.
	b = reencode(t, sealed, func(s *sealedRecord) {
		i, j := fieldIndex(t, s, "identity.name"), fieldIndex(t, s, "identity.idNumber")
		s.fields[i], s.fields[j] = s.fields[j], s.fields[i]
	})
	wantOpenErr(t, v, b, ErrTamperedField)
}

func TestChangeSignOnlyValueFails(t *testing.T) {
	v, _ := testVault(t)
	sealed := mustSeal(t, v, "s", fixture("r"))
	b := reencode(t, sealed, func(s *sealedRecord) {
		s.fields[fieldIndex(t, s, "accounts[0].status")].value = []byte("6")
	})
	wantOpenErr(t, v, b, ErrTamperedRecord)
}

func TestChangeActionFails(t *testing.T) {
	v, _ := testVault(t)
	sealed := mustSeal(t, v, "s", fixture("r"))
	b := reencode(t, sealed, func(s *sealedRecord) {
		s.fields[fieldIndex(t, s, "identity.name")].action = credit.ActionSignOnly
	})
	wantOpenErr(t, v, b, ErrTamperedRecord)
}

func TestSubjectRelabelFails(t *testing.T) {
	v, _ := testVault(t)
	mustSeal(t, v, "other", fixture("x"))
	sealed := mustSeal(t, v, "s", fixture("r"))
	b := reencode(t, sealed, func(s *sealedRecord) { s.subjectID = "other" })
	wantOpenErr(t, v, b, ErrTamperedRecord)
}

// TestBitFlipsAnywhereFail flips one bit in every byte of a sealed record.
func TestBitFlipsAnywhereFail(t *testing.T) {
	v, _ := testVault(t)
	sealed := mustSeal(t, v, "s", fixture("r"))
	for i := range sealed {
		b := bytes.Clone(sealed)
		b[i] ^= 1 << (i % 8)
		checkFastParse(t, b)
		rec, err := v.Open(context.Background(), b)
		if err == nil {
			t.Fatalf("flip at byte %d of %d: Open succeeded (%v)", i, len(sealed), rec.ID)
		}
	}
}

// TestBadLengths sweeps every truncation and a one-byte extension.
func TestBadLengths(t *testing.T) {
	v, _ := testVault(t)
	sealed := mustSeal(t, v, "s", fixture("r"))
	checkFastParse(t, sealed)
	for n := 0; n < len(sealed); n++ {
		checkFastParse(t, sealed[:n])
		_, err := v.Open(context.Background(), sealed[:n])
		var pe *encoding.ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("truncated to %d: err = %v, want *encoding.ParseError", n, err)
		}
	}
	checkFastParse(t, append(bytes.Clone(sealed), 0))
	_, err := v.Open(context.Background(), append(bytes.Clone(sealed), 0))
	if !errors.Is(err, encoding.ErrTrailingData) {
		t.Fatalf("extended: err = %v, want ErrTrailingData", err)
	}
}

func TestParseSealedRejects(t *testing.T) {
	v, _ := testVault(t)
	good := mustSeal(t, v, "s", fixture("r"))
	cases := []struct {
		name string
		edit func(s *sealedRecord)
		raw  func(b []byte) []byte
		want error
	}{
		{name: "format version", raw: func(b []byte) []byte { b[0] = 2; return b }, want: encoding.ErrInvalid},
		{name: "empty record ID", edit: func(s *sealedRecord) { s.recordID = "" }, want: encoding.ErrInvalid},
		{name: "empty subject ID", edit: func(s *sealedRecord) { s.subjectID = "" }, want: encoding.ErrInvalid},
		{name: "empty path", edit: func(s *sealedRecord) { s.fields[0].path = nil }, want: encoding.ErrInvalid},
		{name: "action 0", edit: func(s *sealedRecord) { s.fields[0].action = 0 }, want: encoding.ErrInvalid},
		{name: "action 4", edit: func(s *sealedRecord) { s.fields[0].action = 4 }, want: encoding.ErrInvalid},
		{name: "short ciphertext", edit: func(s *sealedRecord) { s.fields[0].value = s.fields[0].value[:gcmTagSize-1] }, want: encoding.ErrInvalid},
		{name: "oversize input", raw: func([]byte) []byte { return make([]byte, MaxSealedSize+1) }, want: encoding.ErrTooLarge},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b []byte
			if c.edit != nil {
				p, _ := parseSealed(good)
				c.edit(p)
				var err error
				if b, err = p.marshal(); err != nil {
					t.Fatal(err)
				}
			} else {
				b = c.raw(bytes.Clone(good))
			}
			checkFastParse(t, b)
			_, err := parseSealed(b)
			var pe *encoding.ParseError
			if !errors.As(err, &pe) || !errors.Is(err, c.want) {
				t.Fatalf("parseSealed = %v, want *ParseError wrapping %v", err, c.want)
			}
		})
	}
}

// validPath's eight-byte test agrees with the byte rule for every byte
// value at every position of a 17-byte path.
func TestValidPathEveryByte(t *testing.T) {
	ref := func(p []byte) bool {
		for _, c := range p {
			if c <= ' ' || c > '~' {
				return false
			}
		}
		return len(p) > 0
	}
	p := []byte("accounts[1].status")
	for i := range p {
		for c := range 256 {
			q := bytes.Clone(p)
			q[i] = byte(c)
			if validPath(q) != ref(q) {
				t.Fatalf("validPath disagrees at position %d, byte %#x", i, c)
			}
		}
	}
	if validPath(nil) || !validPath([]byte("a")) {
		t.Fatal("validPath on empty or one-byte path")
	}
}
