package consent

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidScope is returned when a scope holds bits that name no class.
var ErrInvalidScope = errors.New("consent: invalid scope")

// Class is the sensitivity class of a credit-record field. Every field of the
// credit model belongs to exactly one class; a consent grant's scope is a set
// of classes.
type Class uint8

const (
	// ClassDirect: direct identifiers — name, ID number, phones, email,
	// account numbers.
	ClassDirect Class = 1 << iota
	// ClassQuasi: quasi-identifiers — gender, birth date, addresses, employer,
	// education, marital status.
	ClassQuasi
	// ClassFinancial: accounts, balances, repayment history, public records,
	// inquiries.
	ClassFinancial
	// ClassThirdParty: data about people who never consented — spouse,
	// emergency contacts, co-obligors.
	ClassThirdParty
)

var classNames = [...]struct {
	c    Class
	name string
}{
	{ClassDirect, "direct"},
	{ClassQuasi, "quasi"},
	{ClassFinancial, "financial"},
	{ClassThirdParty, "third-party"},
}

// Valid reports whether c is exactly one defined class.
func (c Class) Valid() bool {
	for _, n := range classNames {
		if n.c == c {
			return true
		}
	}
	return false
}

// String returns the class name ("direct", "quasi", "financial",
// "third-party").
func (c Class) String() string {
	for _, n := range classNames {
		if n.c == c {
			return n.name
		}
	}
	return fmt.Sprintf("invalid class 0x%02x", uint8(c))
}

// Classes returns the four classes in a fixed order.
func Classes() []Class {
	return []Class{ClassDirect, ClassQuasi, ClassFinancial, ClassThirdParty}
}

// Scope is a set of classes, encoded as a bit set of [Class] values. The zero
// Scope is empty.
type Scope uint8

// ScopeAll holds every class.
const ScopeAll = Scope(ClassDirect | ClassQuasi | ClassFinancial | ClassThirdParty)

// NewScope returns the set of the given classes.
func NewScope(classes ...Class) Scope {
	var s Scope
	for _, c := range classes {
		s |= Scope(c)
	}
	return s
}

// Valid reports whether s holds only defined classes.
func (s Scope) Valid() bool { return s&^ScopeAll == 0 }

// Has reports whether s contains class c.
func (s Scope) Has(c Class) bool { return c != 0 && Scope(c)&s == Scope(c) }

// Contains reports whether every class of t is in s (t ⊆ s).
func (s Scope) Contains(t Scope) bool { return t&^s == 0 }

// Empty reports whether s holds no class.
func (s Scope) Empty() bool { return s == 0 }

// Classes returns the classes in s in the fixed order of [Classes].
func (s Scope) Classes() []Class {
	var out []Class
	for _, n := range classNames {
		if s.Has(n.c) {
			out = append(out, n.c)
		}
	}
	return out
}

// String returns the class names joined by "+", e.g. "direct+financial", or
// "none" for the empty scope.
func (s Scope) String() string {
	if s == 0 {
		return "none"
	}
	var parts []string
	for _, c := range s.Classes() {
		parts = append(parts, c.String())
	}
	if !s.Valid() {
		parts = append(parts, fmt.Sprintf("invalid 0x%02x", uint8(s&^ScopeAll)))
	}
	return strings.Join(parts, "+")
}

// ParseScope parses the output of [Scope.String].
func ParseScope(text string) (Scope, error) {
	if text == "none" {
		return 0, nil
	}
	var s Scope
	for _, part := range strings.Split(text, "+") {
		found := false
		for _, n := range classNames {
			if n.name == part {
				s |= Scope(n.c)
				found = true
			}
		}
		if !found {
			return 0, fmt.Errorf("consent: scope class %q: %w", part, ErrInvalidScope)
		}
	}
	return s, nil
}
