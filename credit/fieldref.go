package credit

import (
	"fmt"
	"strconv"
)

// FieldRef addresses one field of a record by position instead of by path:
// Row is the field's index in [Schema], Elem the list element (0 for a field
// of a singleton section). It is the allocation-free counterpart of a
// concrete path, for code that visits or fills many records (field-level
// encryption): [Record.WalkRefs] visits fields by FieldRef, [Record.SetFieldRef]
// fills one, [ParseFieldRef] and [FieldRef.AppendPath] convert to and from
// the concrete path.
type FieldRef struct {
	Row  int
	Elem int
}

// valid reports whether ref names a row and an element index SetField would
// accept (the element may still be out of order for a given record).
func (ref FieldRef) valid() bool {
	if ref.Row < 0 || ref.Row >= len(schema) || ref.Elem < 0 || ref.Elem >= maxListIndex {
		return false
	}
	return schema[ref.Row].list != "" || ref.Elem == 0
}

// Spec returns the schema row of ref. It panics if ref.Row is out of range,
// like indexing [Schema]().
func (ref FieldRef) Spec() FieldSpec { return schema[ref.Row] }

// Action returns the encryption action of ref's schema row, or 0 if ref.Row
// is out of range.
func (ref FieldRef) Action() Action {
	if ref.Row < 0 || ref.Row >= len(schema) {
		return 0
	}
	return schema[ref.Row].Action
}

// AppendPath appends ref's concrete path ("accounts[3].balance") to dst.
// An invalid ref appends nothing.
func (ref FieldRef) AppendPath(dst []byte) []byte {
	if !ref.valid() {
		return dst
	}
	f := &schema[ref.Row]
	if f.list == "" {
		return append(dst, f.Path...)
	}
	dst = append(dst, f.list...)
	dst = append(dst, '[')
	dst = strconv.AppendInt(dst, int64(ref.Elem), 10)
	return append(dst, f.Path[len(f.list)+1:]...) // "].balance"
}

// Path returns ref's concrete path, or "" if ref is invalid.
func (ref FieldRef) Path() string {
	if !ref.valid() {
		return ""
	}
	if f := &schema[ref.Row]; f.list == "" {
		return f.Path
	}
	if p := cachedPath(ref.Row, ref.Elem); p != "" {
		return p
	}
	return string(ref.AppendPath(nil))
}

// ParseFieldRef returns the FieldRef of a concrete path: "identity.name" or
// "accounts[3].balance". A schema path with "[]", an index on a singleton
// field, a non-canonical or too large index and an unknown path all report
// false. It does not allocate.
func ParseFieldRef(path string) (FieldRef, bool) { return parseRef(path, -1) }

// ParseFieldRefBytes is [ParseFieldRef] for a path held in a byte slice.
func ParseFieldRefBytes(path []byte) (FieldRef, bool) { return parseRef(path, -1) }

// ParseFieldRefBytesNear is [ParseFieldRefBytes] with a guess: the schema
// rows from near onwards are compared with the path first, before the table
// lookup. Paths in [Record.Walk] order are found at once with near set to
// the previous field's row plus one. Any near gives the same result; only
// the speed differs.
func ParseFieldRefBytesNear(path []byte, near int) (FieldRef, bool) { return parseRef(path, near) }

// nearRows is how many rows from the guess parseRef compares before it
// falls back to the map.
const nearRows = 4

// maxSchemaPath bounds the length of a schema path, so the lookup key fits
// a stack buffer.
const maxSchemaPath = 64

func parseRef[S string | []byte](path S, near int) (FieldRef, bool) {
	open := -1
	for i := 0; i < len(path); i++ {
		if path[i] == '[' {
			open = i
			break
		}
	}
	if open < 0 {
		if row := nearMatch(path, path[:0], near); row >= 0 {
			return FieldRef{Row: row}, true
		}
		row, ok := schemaRow[string(path)]
		if !ok || schema[row].list != "" {
			return FieldRef{}, false
		}
		return FieldRef{Row: row}, true
	}
	end := open + 1
	n := 0
	for end < len(path) && path[end] >= '0' && path[end] <= '9' {
		n = n*10 + int(path[end]-'0')
		if n >= maxListIndex {
			return FieldRef{}, false
		}
		end++
	}
	digits := end - open - 1
	if digits == 0 || (digits > 1 && path[open+1] == '0') || end >= len(path) || path[end] != ']' {
		return FieldRef{}, false
	}
	if row := nearMatch(path[:open+1], path[end:], near); row >= 0 {
		return FieldRef{Row: row, Elem: n}, true
	}
	var buf [maxSchemaPath]byte
	if len(path)-digits > len(buf) {
		return FieldRef{}, false
	}
	key := append(buf[:0], path[:open+1]...)
	key = append(key, path[end:]...)
	row, ok := schemaRow[string(key)] // no allocation for a map index
	if !ok || schema[row].list == "" {
		return FieldRef{}, false
	}
	return FieldRef{Row: row, Elem: n}, true
}

// rowKey splits a schema path for nearMatch: a list row's head is
// "list[" and its tail "].field"; a singleton row's head is its whole path
// and its tail is empty.
type rowKey struct{ head, tail string }

var rowKeys = func() []rowKey {
	k := make([]rowKey, len(schema))
	for i := range schema {
		f := &schema[i]
		if f.list == "" {
			k[i] = rowKey{head: f.Path}
		} else {
			k[i] = rowKey{head: f.Path[:len(f.list)+1], tail: f.Path[len(f.list)+1:]}
		}
	}
	return k
}()

// nearMatch returns the row whose schema path is head ‖ tail (see rowKey)
// among the nearRows rows from near and the first row of the previous
// field's section (where the next list element begins), or -1. For a list
// path the caller passes the parts around the index digits, so no schema
// path is built.
func nearMatch[S string | []byte](head, tail S, near int) int {
	if near < 0 || near > len(schema) {
		return -1
	}
	for k := near; k < near+nearRows && k < len(schema); k++ {
		if rk := &rowKeys[k]; len(rk.head) == len(head) && len(rk.tail) == len(tail) &&
			rk.head == string(head) && rk.tail == string(tail) { // no allocation for a comparison
			return k
		}
	}
	if near > 0 {
		k := listStart[near-1]
		if rk := &rowKeys[k]; len(rk.head) == len(head) && len(rk.tail) == len(tail) &&
			rk.head == string(head) && rk.tail == string(tail) {
			return k
		}
	}
	return -1
}

// listStart maps a row to the first row of its section.
var listStart = func() []int {
	s := make([]int, len(schema))
	for k := range schema {
		if k > 0 && schema[k].list == schema[k-1].list {
			s[k] = s[k-1]
		} else {
			s[k] = k
		}
	}
	return s
}()

// schemaRow maps a schema path to its row.
var schemaRow = func() map[string]int {
	m := make(map[string]int, len(schema))
	for i := range schema {
		m[schema[i].Path] = i
	}
	return m
}()

// errOutOfOrder reports a list element set before the ones before it.
var errOutOfOrder = fmt.Errorf("credit: list index out of order: %w", ErrInvalidValue)

// SetFieldRef is [Record.SetField] addressed by FieldRef: it parses text into
// the field, appending a list element when ref.Elem equals the list's
// length. Errors are those of SetField: an invalid ref wraps
// [ErrUnknownField]; an out-of-order element or unparsable text is a
// [*FieldError] with the concrete path.
func (r *Record) SetFieldRef(ref FieldRef, text string) error {
	if !ref.valid() {
		return fmt.Errorf("credit: %w", ErrUnknownField)
	}
	f := &schema[ref.Row]
	if f.list != "" && ref.Elem > listLenOrd(r, rowList[ref.Row]) {
		return fieldErr(ref.Path(), errOutOfOrder)
	}
	if err := setRow(r, ref.Row, ref.Elem, text); err != nil {
		return fieldErr(ref.Path(), err)
	}
	return nil
}

// WalkRefs visits the same fields as [Record.Walk], in the same order, but
// passes each field's FieldRef and canonical text as bytes instead of
// building a [FieldValue]. text is valid only during the call. It stops at
// and returns fn's first error.
func (r *Record) WalkRefs(fn func(ref FieldRef, text []byte) error) error {
	_, err := r.AppendWalk(nil, func(ref FieldRef, text []byte) error { return fn(ref, text) })
	return err
}

// AppendWalk is the allocation-free walk for bulk encoders: it visits the
// fields of [Record.WalkRefs], appending each field's canonical text to dst
// and passing fn the field's FieldRef and its text (the bytes just appended,
// valid until fn returns). It returns dst with every text appended, back to
// back in visiting order, so a caller that records the lengths can slice
// them out afterwards. It stops at fn's first error and returns it.
func (r *Record) AppendWalk(dst []byte, fn func(ref FieldRef, text []byte) error) ([]byte, error) {
	for i := 0; i < len(schema); {
		j := i
		for j < len(schema) && schema[j].list == schema[i].list {
			j++
		}
		n := 1
		if schema[i].list != "" {
			n = listLen(r, schema[i].list)
		}
		for e := 0; e < n; e++ {
			for k := i; k < j; k++ {
				start := len(dst)
				var ok bool
				if dst, ok = schema[k].appendText(dst, r, e); !ok {
					continue
				}
				if err := fn(FieldRef{Row: k, Elem: e}, dst[start:]); err != nil {
					return dst, err
				}
			}
		}
		i = j
	}
	return dst, nil
}
