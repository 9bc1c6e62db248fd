package vault

import (
	"encoding/binary"
	"unicode/utf8"

	"github.com/credq/credq/credit"
)

// parseSealedFast parses a well-formed sealed record with direct slice
// indexing instead of the checked Decoder (whose per-value error tracking is
// a sixth of Open's cost for a small record). It applies every rule of
// parseSealedChecked and reports false at the first one that fails, without
// saying why; parseSealedInto then runs the reference parser, which rejects
// the input with its usual *encoding.ParseError. So the fast path changes
// only speed: for any input it either yields exactly the reference parser's
// result or defers to it (FuzzSealedRecord checks this on every input).
func parseSealedFast(b []byte, s *sealedRecord) bool {
	if len(b) > MaxSealedSize || len(b) < 3+fingerprintSize+1 || b[0] != sealedFormatV1 {
		return false
	}
	*s = sealedRecord{fields: s.fields[:0]}
	s.schema = binary.BigEndian.Uint16(b[1:3])
	copy(s.fingerprint[:], b[3:3+fingerprintSize])
	p := 3 + fingerprintSize
	recordID, p, ok := fastID(b, p)
	if !ok {
		return false
	}
	subjectID, p, ok := fastID(b, p)
	if !ok || len(b)-p < 2*keyIDSize+wrappedDataSize+2 {
		return false
	}
	copy(s.subjectKey[:], b[p:p+keyIDSize])
	p += keyIDSize
	copy(s.dataKeyID[:], b[p:p+keyIDSize])
	p += keyIDSize
	s.wrappedData = b[p : p+wrappedDataSize : p+wrappedDataSize]
	p += wrappedDataSize
	n := int(binary.BigEndian.Uint16(b[p:]))
	p += 2
	if n > maxFields || n*(1+1+1+2) > len(b)-p {
		return false
	}
	if cap(s.fields) >= n {
		s.fields = s.fields[:n]
	} else {
		s.fields = make([]sealedField, n)
	}
	for i := range n {
		if p >= len(b) {
			return false
		}
		pl := int(b[p])
		p++
		if pl == 0 || pl > maxPathLen || len(b)-p < pl+1+2 {
			return false
		}
		path := b[p : p+pl : p+pl]
		if !validPath(path) {
			return false
		}
		p += pl
		action := credit.Action(b[p])
		if !validAction(action) {
			return false
		}
		vl := int(binary.BigEndian.Uint16(b[p+1:]))
		p += 3
		if vl > len(b)-p || (action == credit.ActionEncrypt && vl < gcmTagSize) {
			return false
		}
		f := &s.fields[i]
		f.path, f.action, f.value = path, action, b[p:p+vl:p+vl]
		p += vl
	}
	if len(b)-p != macSize {
		return false
	}
	s.recordID, s.subjectID = string(recordID), string(subjectID)
	s.mac = b[p:len(b):len(b)]
	s.macBody = b[:p]
	return true
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
	return b[p : p+n], p + n, true
}
