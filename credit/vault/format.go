package vault

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"

	"github.com/credq/credq/credit"
	"github.com/credq/credq/encoding"
)

// Sealed-record layout, version 1 (see the package doc for the meaning):
//
//	uint8    format version (1)
//	uint16   schema version (credit.SchemaVersion at seal time)
//	Fixed 8  schema fingerprint (see schemaFingerprint)
//	String8  record ID (1..128 bytes)
//	String8  subject ID (1..128 bytes)
//	Fixed 16 subject key ID
//	Fixed 16 data key ID (the record version)
//	Fixed 60 wrapped data key: nonce (12) ‖ AES-256-GCM(subject key, data key) (32+16)
//	List16   fields (at most 4096), in credit.Record.Walk order:
//	           String8 concrete path (1..64 bytes)
//	           uint8   action (1 encrypt, 2 sign-only, 3 plain)
//	           Bytes16 value: ciphertext ‖ 16-byte tag (encrypt) or the
//	                   canonical text (sign-only, plain)
//	Fixed 16 record MAC: GMAC under the data key over every preceding byte
const (
	sealedFormatV1  = 1
	keyIDSize       = 16
	gcmNonceSize    = 12
	gcmTagSize      = 16
	wrappedDataSize = gcmNonceSize + keySize + gcmTagSize
	maxIDLen        = 128
	maxPathLen      = 64
	maxFields       = 4096
	maxValueLen     = 0xffff
	macSize         = gcmTagSize
	// MaxSealedSize caps the input [Vault.Open] accepts before parsing.
	MaxSealedSize = 16 << 20
)

type sealedField struct {
	path   []byte // aliases the parsed input
	action credit.Action
	value  []byte // aliases the parsed input
}

// sealedRecord is the parsed form of the layout above. Byte slices alias the
// input; macBody is the input without the trailing MAC.
type sealedRecord struct {
	schema      uint16
	fingerprint [fingerprintSize]byte
	recordID    string
	subjectID   string
	subjectKey  [keyIDSize]byte
	dataKeyID   [keyIDSize]byte
	wrappedData []byte
	fields      []sealedField
	mac         []byte
	macBody     []byte
}

// validPath reports whether p is a non-empty printable-ASCII path; schema
// paths are ASCII, and rejecting the rest early keeps error messages safe.
func validPath(p []byte) bool {
	if len(p) == 0 {
		return false
	}
	// Eight bytes at a time: a byte below 0x21 or above 0x7e sets the high
	// bit of its lane in one of the two exact SWAR tests.
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for len(p) >= 8 {
		w := binary.LittleEndian.Uint64(p)
		below := (w - ones*0x21) &^ w & highs
		above := ((w + ones*(0x7f-0x7e)) | w) & highs
		if below|above != 0 {
			return false
		}
		p = p[8:]
	}
	for _, c := range p {
		if c <= ' ' || c > '~' {
			return false
		}
	}
	return true
}

const fingerprintSize = 8

// schemaFingerprint is the first 8 bytes of SHA-256 over the schema table
// (version, then every path, class and action in order). A record stores
// the fingerprint of the table it was sealed under; Open requires it to
// equal this build's. Since the record MAC covers every path and action
// byte, an equal fingerprint proves that each stored field's action is the
// schema's without a per-field lookup, and a table edited without a new
// SchemaVersion is caught as ErrSchemaViolation rather than misread.
var schemaFingerprint = func() (fp [fingerprintSize]byte) {
	h := sha256.New()
	fmt.Fprintf(h, "credq/vault/v1/schema\x00%d\x00", credit.SchemaVersion)
	for _, f := range credit.Schema() {
		fmt.Fprintf(h, "%s\x00%d\x00%d\x00", f.Path, f.Class, f.Action)
	}
	copy(fp[:], h.Sum(nil))
	return fp
}()

func validAction(a credit.Action) bool {
	return a == credit.ActionEncrypt || a == credit.ActionSignOnly || a == credit.ActionPlain
}

// parseSealed checks the structure of a sealed record with the reference
// parser; it does no cryptography and no schema lookup. Open uses
// scanSealed instead and this parser only for the error of an input
// scanSealed rejects.
func parseSealed(b []byte) (*sealedRecord, error) {
	s := &sealedRecord{}
	if err := parseSealedChecked(b, s); err != nil {
		return nil, err
	}
	return s, nil
}

// parseSealedChecked is the reference parser, built on encoding.Decoder: it
// accepts exactly the layout above and names the first offending value in a
// *encoding.ParseError.
func parseSealedChecked(b []byte, s *sealedRecord) error {
	if len(b) > MaxSealedSize {
		return &encoding.ParseError{What: "sealed record", Offset: 0, Err: encoding.ErrTooLarge}
	}
	var d encoding.Decoder
	d.Reset(b)
	*s = sealedRecord{fields: s.fields[:0]}
	if v := d.Uint8("sealed.format"); v != sealedFormatV1 && d.Err() == nil {
		d.Fail("sealed.format", encoding.ErrInvalid)
	}
	s.schema = d.Uint16("sealed.schema")
	copy(s.fingerprint[:], d.Fixed("sealed.schemaFingerprint", fingerprintSize))
	s.recordID = d.String8("sealed.recordID", maxIDLen)
	if d.Err() == nil && s.recordID == "" {
		d.Fail("sealed.recordID", encoding.ErrInvalid)
	}
	s.subjectID = d.String8("sealed.subjectID", maxIDLen)
	if d.Err() == nil && s.subjectID == "" {
		d.Fail("sealed.subjectID", encoding.ErrInvalid)
	}
	copy(s.subjectKey[:], d.Fixed("sealed.subjectKeyID", keyIDSize))
	copy(s.dataKeyID[:], d.Fixed("sealed.dataKeyID", keyIDSize))
	s.wrappedData = d.Fixed("sealed.wrappedDataKey", wrappedDataSize)
	n := d.Count16("sealed.fields", maxFields, 1+1+1+2)
	if cap(s.fields) >= n {
		s.fields = s.fields[:n]
	} else {
		s.fields = make([]sealedField, n)
	}
	for i := 0; i < n && d.Err() == nil; i++ {
		f := &s.fields[i]
		f.path = d.Bytes8("sealed.field.path", maxPathLen)
		if d.Err() == nil && !validPath(f.path) {
			d.Fail("sealed.field.path", encoding.ErrInvalid)
		}
		f.action = credit.Action(d.Uint8("sealed.field.action"))
		if d.Err() == nil && !validAction(f.action) {
			d.Fail("sealed.field.action", encoding.ErrInvalid)
		}
		f.value = d.Bytes16("sealed.field.value", maxValueLen)
		if d.Err() == nil && f.action == credit.ActionEncrypt && len(f.value) < gcmTagSize {
			d.Fail("sealed.field.value", encoding.ErrInvalid)
		}
	}
	macAt := d.Offset()
	s.mac = d.Fixed("sealed.mac", macSize)
	if err := d.Finish(); err != nil {
		return err
	}
	s.macBody = b[:macAt]
	return nil
}

// appendHeader appends everything before the field list.
func (s *sealedRecord) appendHeader(e *encoding.Encoder) {
	e.Uint8(sealedFormatV1)
	e.Uint16(s.schema)
	e.Fixed(s.fingerprint[:], fingerprintSize)
	e.String8(s.recordID, maxIDLen)
	e.String8(s.subjectID, maxIDLen)
	e.Fixed(s.subjectKey[:], keyIDSize)
	e.Fixed(s.dataKeyID[:], keyIDSize)
	e.Fixed(s.wrappedData, wrappedDataSize)
}

// appendHeaderDirect is appendHeader with plain appends, for the seal path;
// the caller has checked the ID lengths (checkIDs) and wrappedData is
// wrappedDataSize bytes.
func (s *sealedRecord) appendHeaderDirect(b []byte) []byte {
	b = append(b, sealedFormatV1)
	b = binary.BigEndian.AppendUint16(b, s.schema)
	b = append(b, s.fingerprint[:]...)
	b = append(b, byte(len(s.recordID)))
	b = append(b, s.recordID...)
	b = append(b, byte(len(s.subjectID)))
	b = append(b, s.subjectID...)
	b = append(b, s.subjectKey[:]...)
	b = append(b, s.dataKeyID[:]...)
	return append(b, s.wrappedData...)
}

// marshal re-encodes a parsed record (used by the fuzz target and tests; the
// seal path writes the layout directly).
func (s *sealedRecord) marshal() ([]byte, error) {
	e := encoding.NewEncoder(nil)
	s.appendHeader(e)
	e.List16(len(s.fields), maxFields, func(i int, e *encoding.Encoder) {
		f := &s.fields[i]
		e.Bytes8(f.path, maxPathLen)
		e.Uint8(uint8(f.action))
		e.Bytes16(f.value, maxValueLen)
	})
	e.Fixed(s.mac, macSize)
	return e.Bytes()
}
