package credit

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/credq/credq/consent"
)

// SchemaVersion is the version of the field table below. Field-level
// encryption binds it into every field's associated data; any change to a
// path, class or action needs a new version.
const SchemaVersion = 1

// Action says how field-level encryption stores a field.
type Action uint8

const (
	// ActionEncrypt: the value is sealed with an AEAD (confidential and
	// authenticated).
	ActionEncrypt Action = iota + 1
	// ActionSignOnly: the value is stored in clear, so the holder can filter
	// and apply retention without decrypting, but it is covered by the
	// record-level MAC. Used for codes and dates that reveal little alone.
	ActionSignOnly
	// ActionPlain: stored in clear and not authenticated. No field of schema
	// version 1 uses it; it exists for derived columns a store adds.
	ActionPlain
)

// String returns "encrypt", "sign-only" or "plain".
func (a Action) String() string {
	switch a {
	case ActionEncrypt:
		return "encrypt"
	case ActionSignOnly:
		return "sign-only"
	case ActionPlain:
		return "plain"
	}
	return fmt.Sprintf("invalid action %d", uint8(a))
}

// FieldSpec is one row of the schema: a field path, its sensitivity class and
// its encryption action.
//
// Paths name a field from the record root with '.' between levels. A list
// element is written "[]" in the schema ("accounts[].balance") and "[i]" in a
// concrete path ("accounts[3].balance") as produced by [Record.Walk] and
// accepted by [Record.SetField].
type FieldSpec struct {
	Path   string
	Class  consent.Class
	Action Action

	list string // list name ("accounts") or "" for a singleton
	get  func(r *Record, i int) (string, bool)
	has  func(r *Record, i int) bool // get's ok without formatting
	// appendText is get appending to dst, without allocating.
	appendText func(dst []byte, r *Record, i int) ([]byte, bool)
	// numeric: the canonical text is a decimal integer (Money), written as
	// a JSON number rather than a string.
	numeric bool
	set     func(r *Record, i int, text string) error
}

// List returns the name of the list the field belongs to ("accounts"), or ""
// for a field of a singleton section (identity, spouse).
func (f FieldSpec) List() string { return f.list }

// Schema returns a copy of the field table in its fixed order: sections in
// record order, the fields of one list element together.
func Schema() []FieldSpec { return append([]FieldSpec(nil), schema...) }

// LookupField returns the row for a schema path ("accounts[].balance") or a
// concrete path ("accounts[3].balance").
func LookupField(path string) (FieldSpec, bool) {
	if ref, ok := parseRef(path, -1); ok {
		return schema[ref.Row], true
	}
	sp, _, err := splitPath(path)
	if err != nil {
		return FieldSpec{}, false
	}
	row, ok := schemaRow[sp]
	if !ok {
		return FieldSpec{}, false
	}
	return schema[row], true
}

// FieldValue is one present field of a record, as visited by [Record.Walk]:
// its concrete path, its schema row and its canonical text (strings as they
// are, dates "YYYY-MM-DD", money as a decimal integer of minor units, enums
// as their code, purposes as [consent.Purpose.Code]).
type FieldValue struct {
	Path string
	Spec FieldSpec
	Text string
}

// Walk calls fn for every non-zero field of r in schema order (the elements
// of a list in index order, each element's fields together). It stops at and
// returns fn's first error. Zero-valued fields are skipped: they carry no
// data, and [Record.SetField] on an empty record rebuilds r from the visited
// values.
func (r *Record) Walk(fn func(FieldValue) error) error {
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
				f := &schema[k]
				text, ok := f.get(r, e)
				if !ok {
					continue
				}
				path := FieldRef{Row: k, Elem: e}.Path() // cached for small indexes
				if err := fn(FieldValue{Path: path, Spec: *f, Text: text}); err != nil {
					return err
				}
			}
		}
		i = j
	}
	return nil
}

// classesPresent returns the set of classes of r's non-zero fields.
func (r *Record) classesPresent() consent.Scope {
	var s consent.Scope
	for k := range schema {
		f := &schema[k]
		if s.Has(f.Class) {
			continue
		}
		n := 1
		if f.list != "" {
			n = listLen(r, f.list)
		}
		for e := 0; e < n; e++ {
			if f.has(r, e) {
				s |= consent.Scope(f.Class)
				break
			}
		}
	}
	return s
}

// maxListIndex bounds the element index SetField accepts, so a hostile path
// cannot make it allocate.
const maxListIndex = 1 << 16

// SetField parses text (the canonical form of [FieldValue.Text]) into the
// field at a concrete path. A list element may be addressed at index len(list)
// to append one; larger indexes are an error. Unknown paths wrap
// [ErrUnknownField]; unparsable text is a [*FieldError].
func (r *Record) SetField(path, text string) error {
	if ref, ok := parseRef(path, -1); ok {
		return r.SetFieldRef(ref, text)
	}
	// Slow path: every path parseRef rejects fails below, with its error.
	sp, idx, err := splitPath(path)
	if err != nil {
		return err
	}
	row, ok := schemaRow[sp]
	if !ok {
		return fmt.Errorf("credit: %w", ErrUnknownField)
	}
	f := &schema[row]
	if f.list != "" && sp == path {
		// "accounts[].balance" names a column, not a field of one element.
		return fmt.Errorf("credit: list field without an index: %w", ErrUnknownField)
	}
	if f.list != "" && idx > listLen(r, f.list) {
		return fieldErr(path, errOutOfOrder)
	}
	if err := setRow(r, row, idx, text); err != nil {
		return fieldErr(path, err)
	}
	return nil
}

// cachedPaths holds the concrete paths of the first list elements of every
// list row (row → element → path), so that Walk does not build them.
var cachedPaths = func() [][]string {
	const n = 32
	c := make([][]string, len(schema))
	for k := range schema {
		f := &schema[k]
		if f.list == "" {
			continue
		}
		c[k] = make([]string, n)
		for e := range n {
			c[k][e] = string(FieldRef{Row: k, Elem: e}.AppendPath(nil))
		}
	}
	return c
}()

// cachedPath returns the concrete path of element e of list row k, or ""
// when it is not cached (singleton rows, large indexes).
func cachedPath(k, e int) string {
	if k < 0 || k >= len(cachedPaths) || e < 0 || e >= len(cachedPaths[k]) {
		return ""
	}
	return cachedPaths[k][e]
}

// splitPath turns "accounts[3].balance" into ("accounts[].balance", 3).
func splitPath(path string) (string, int, error) {
	open := strings.IndexByte(path, '[')
	if open < 0 {
		return path, 0, nil
	}
	end := strings.IndexByte(path, ']')
	if end < open {
		return "", 0, fmt.Errorf("credit: %w", ErrUnknownField)
	}
	num := path[open+1 : end]
	if num == "" {
		return path, 0, nil
	}
	i, err := strconv.Atoi(num)
	if err != nil || i < 0 || i >= maxListIndex || strconv.Itoa(i) != num {
		return "", 0, fmt.Errorf("credit: %w", ErrUnknownField)
	}
	return path[:open+1] + path[end:], i, nil
}
