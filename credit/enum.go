package credit

import "fmt"

// enumTable holds the codes of one enumeration. Every enum of the model is a
// uint8-based named type whose methods delegate to a table, so that codes are
// declared once, next to their meaning, and parsing is a lookup (no
// reflection).
type enumTable[T ~uint8] struct {
	kind  string // e.g. "account type", used in error messages
	codes map[T]enumEntry
	byKey map[string]T
}

type enumEntry struct{ code, name string }

func newEnum[T ~uint8](kind string, entries map[T]enumEntry) *enumTable[T] {
	t := &enumTable[T]{kind: kind, codes: entries, byKey: make(map[string]T, len(entries))}
	for v, e := range entries {
		if v == 0 {
			panic("credit: enum value 0 is reserved for unset: " + kind)
		}
		t.byKey[e.code] = v
	}
	return t
}

func (t *enumTable[T]) valid(v T) bool { _, ok := t.codes[v]; return ok }

func (t *enumTable[T]) code(v T) string { return t.codes[v].code }

func (t *enumTable[T]) str(v T) string {
	if e, ok := t.codes[v]; ok {
		return e.code + " " + e.name
	}
	if v == 0 {
		return "unset " + t.kind
	}
	return fmt.Sprintf("invalid %s 0x%02x", t.kind, uint8(v))
}

func (t *enumTable[T]) parse(code string) (T, error) {
	if v, ok := t.byKey[code]; ok {
		return v, nil
	}
	return 0, fmt.Errorf("credit: %s: %w", t.kind, ErrInvalidCode)
}

func (t *enumTable[T]) marshal(v T) ([]byte, error) {
	if !t.valid(v) {
		return nil, fmt.Errorf("credit: %s: %w", t.kind, ErrInvalidCode)
	}
	return []byte(t.code(v)), nil
}

func (t *enumTable[T]) unmarshal(dst *T, b []byte) error {
	v, err := t.parse(string(b))
	if err != nil {
		return err
	}
	*dst = v
	return nil
}
