package vault

import (
	"bytes"
	"math"

	"github.com/credq/credq/consent"
	"github.com/credq/credq/credit"
	"github.com/credq/credq/encoding"
)

// Disclosure payload layout, version 1 (the plaintext inside the age file):
//
//	uint8    format version (1)
//	uint16   schema version
//	Fixed 16 consent ID
//	Fixed 32 inquiry-log entry hash
//	uint8    purpose (consent.Purpose)
//	uint8    released scope (consent.Scope)
//	Optional aggregates: six uint32 counts in credit.Aggregates field order
//	List16   fields (at most 4096) in credit.Record.Walk order:
//	           String8 concrete path, String16 canonical text
//
// Parsing rebuilds the record and re-encodes it; input that does not
// re-encode to the same bytes (fields out of Walk order, non-canonical text,
// duplicate fields) is rejected as non-canonical.
const disclosureFormatV1 = 1

func (d *Disclosure) marshal() ([]byte, error) {
	e := encoding.NewEncoder(make([]byte, 0, 1024))
	e.Uint8(disclosureFormatV1)
	e.Uint16(credit.SchemaVersion)
	e.Fixed(d.ConsentID[:], len(d.ConsentID))
	e.Fixed(d.InquiryHash[:], len(d.InquiryHash))
	e.Uint8(uint8(d.Purpose))
	e.Uint8(uint8(d.Released))
	a := d.Aggregates
	e.Optional(a != nil, func(e *encoding.Encoder) {
		for _, n := range []int{a.Accounts, a.OverdueAccounts, a.HardInquiries1M, a.HardInquiries3M, a.HardInquiries6M, a.HardInquiries12M} {
			if n < 0 || n > math.MaxUint32 {
				e.Fixed(nil, 1) // records an ErrInvalid on the encoder
				return
			}
			e.Uint32(uint32(n))
		}
	})
	var fields []credit.FieldValue
	if d.Record != nil {
		err := d.Record.Walk(func(f credit.FieldValue) error {
			if !d.Released.Has(f.Spec.Class) {
				return &FieldError{Path: f.Path, Err: ErrSchemaViolation}
			}
			fields = append(fields, f)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	e.List16(len(fields), maxFields, func(i int, e *encoding.Encoder) {
		e.String8(fields[i].Path, maxPathLen)
		e.String16(fields[i].Text, maxValueLen)
	})
	return e.Bytes()
}

func parseDisclosure(b []byte) (*Disclosure, error) {
	if len(b) > MaxSealedSize {
		return nil, &encoding.ParseError{What: "disclosure", Offset: 0, Err: encoding.ErrTooLarge}
	}
	dec := encoding.NewDecoder(b)
	if v := dec.Uint8("disclosure.format"); v != disclosureFormatV1 && dec.Err() == nil {
		dec.Fail("disclosure.format", encoding.ErrInvalid)
	}
	if v := dec.Uint16("disclosure.schema"); v != credit.SchemaVersion && dec.Err() == nil {
		dec.Fail("disclosure.schema", encoding.ErrInvalid)
	}
	d := &Disclosure{}
	copy(d.ConsentID[:], dec.Fixed("disclosure.consentID", len(d.ConsentID)))
	copy(d.InquiryHash[:], dec.Fixed("disclosure.inquiryHash", len(d.InquiryHash)))
	d.Purpose = consent.Purpose(dec.Uint8("disclosure.purpose"))
	if dec.Err() == nil && !d.Purpose.Valid() {
		dec.Fail("disclosure.purpose", encoding.ErrInvalid)
	}
	d.Released = consent.Scope(dec.Uint8("disclosure.released"))
	if dec.Err() == nil && !d.Released.Valid() {
		dec.Fail("disclosure.released", encoding.ErrInvalid)
	}
	if dec.Optional("disclosure.aggregates") {
		var n [6]int
		for i := range n {
			n[i] = int(dec.Uint32("disclosure.aggregates"))
		}
		d.Aggregates = &credit.Aggregates{Accounts: n[0], OverdueAccounts: n[1], HardInquiries1M: n[2],
			HardInquiries3M: n[3], HardInquiries6M: n[4], HardInquiries12M: n[5]}
	}
	cnt := dec.Count16("disclosure.fields", maxFields, 1+1+2)
	rec := &credit.Record{}
	for i := 0; i < cnt && dec.Err() == nil; i++ {
		path := dec.String8("disclosure.field.path", maxPathLen)
		text := dec.String16("disclosure.field.text", maxValueLen)
		if dec.Err() != nil {
			break
		}
		spec, ok := credit.LookupField(path)
		if !ok || !d.Released.Has(spec.Class) || rec.SetField(path, text) != nil {
			dec.Fail("disclosure.field", encoding.ErrInvalid)
		}
	}
	if err := dec.Finish(); err != nil {
		return nil, err
	}
	if cnt > 0 {
		d.Record = rec
	}
	// One encoding per disclosure: the rebuilt value must re-encode to b.
	again, err := d.marshal()
	if err != nil || !bytes.Equal(again, b) {
		return nil, &encoding.ParseError{What: "disclosure", Offset: 0, Err: encoding.ErrNonCanonical}
	}
	return d, nil
}
