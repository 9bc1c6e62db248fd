package vault

import (
	"encoding/binary"
	"unicode/utf8"

	"github.com/credq/credq/credit"
)

// sealedView is a validated sealed record seen in place: the header's
// variable parts as sub-slices of b and the field list as an offset. Open
// keeps it on the stack and walks the fields straight from b, so parsing
// stores no pointers into heap memory (no GC write barriers) and allocates
// nothing.
type sealedView struct {
	b           []byte
	schema      uint16
	fingerprint [fingerprintSize]byte
	recordID    []byte
	subjectID   []byte
	subjectKey  [keyIDSize]byte
	dataKeyID   [keyIDSize]byte
	wrappedData []byte
	fieldsAt    int // offset of the first field, after the count
	nFields     int
	macAt       int // offset of the record MAC
	// samePaths is how many leading fields have the paths memorized in
	// the workspace given to scanSealed (see openWith's path memo).
	samePaths int
}

// scanSealed checks b against every rule of parseSealedChecked with direct
// slice indexing instead of the checked Decoder (whose per-value error
// tracking cost a sixth of Open for a small record) and fills v. It reports
// false at the first rule that fails, without saying which: callers then run
// the reference parser, which rejects the input with its usual
// *encoding.ParseError. So this path changes only speed; FuzzSealedRecord
// and the sweeps check on every input that it accepts exactly what the
// reference parser accepts, with the same result.
//
// With a workspace w (nil for none), a leading path equal to the one w
// memorized at the same position (a path of a record scanned before, so
// valid) is counted in v.samePaths instead of being checked again; openWith
// must then be given the same w.
func scanSealed(b []byte, v *sealedView, w *workspace) bool {
	if len(b) > MaxSealedSize || len(b) < 3+fingerprintSize+1 || b[0] != sealedFormatV1 {
		return false
	}
	v.b = b
	v.schema = binary.BigEndian.Uint16(b[1:3])
	copy(v.fingerprint[:], b[3:3+fingerprintSize])
	p := 3 + fingerprintSize
	var ok bool
	if v.recordID, p, ok = fastID(b, p); !ok {
		return false
	}
	if v.subjectID, p, ok = fastID(b, p); !ok || len(b)-p < 2*keyIDSize+wrappedDataSize+2 {
		return false
	}
	copy(v.subjectKey[:], b[p:p+keyIDSize])
	p += keyIDSize
	copy(v.dataKeyID[:], b[p:p+keyIDSize])
	p += keyIDSize
	v.wrappedData = b[p : p+wrappedDataSize : p+wrappedDataSize]
	p += wrappedDataSize
	n := int(binary.BigEndian.Uint16(b[p:]))
	p += 2
	if n > maxFields || n*(1+1+1+2) > len(b)-p {
		return false
	}
	v.fieldsAt, v.nFields = p, n
	memo := 0
	if w != nil {
		memo = w.memo
	}
	same := 0
	for i := range n {
		pl := int(b[p]) // p < len(b): at least macSize bytes are left (checked below for later fields)
		p++
		if pl == 0 || pl > maxPathLen || len(b)-p < pl+1+2 {
			return false
		}
		if path := b[p : p+pl]; i == same && i < memo && w.samePath(i, path) {
			same++
		} else if !validPath(path) {
			return false
		}
		p += pl
		action := credit.Action(b[p])
		vl := int(binary.BigEndian.Uint16(b[p+1:]))
		p += 3
		if !validAction(action) || vl > len(b)-p || (action == credit.ActionEncrypt && vl < gcmTagSize) {
			return false
		}
		p += vl
		if len(b)-p < macSize { // the reference parser would fail at the MAC
			return false
		}
	}
	if len(b)-p != macSize {
		return false
	}
	v.macAt, v.samePaths = p, same
	return true
}

// fieldAt reads the field at offset p of a view that scanSealed accepted
// and returns it with the offset of the next field.
func (v *sealedView) fieldAt(p int) (path []byte, action credit.Action, value []byte, next int) {
	b := v.b
	pl := int(b[p])
	path = b[p+1 : p+1+pl : p+1+pl]
	p += 1 + pl
	action = credit.Action(b[p])
	vl := int(binary.BigEndian.Uint16(b[p+1:]))
	p += 3
	return path, action, b[p : p+vl : p+vl], p + vl
}

// fastID reads a String8 ID of 1..maxIDLen bytes of valid UTF-8 at b[p:].
func fastID(b []byte, p int) ([]byte, int, bool) {
	if p >= len(b) {
		return nil, p, false
	}
	n := int(b[p])
	p++
	if n == 0 || n > maxIDLen || len(b)-p < n || !utf8.Valid(b[p:p+n]) {
		return nil, p, false
	}
	return b[p : p+n : p+n], p + n, true
}
