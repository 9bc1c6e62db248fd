package consent

import (
	"errors"
	"testing"
)

func TestClasses(t *testing.T) {
	names := []string{"direct", "quasi", "financial", "third-party"}
	for i, c := range Classes() {
		if !c.Valid() || c.String() != names[i] {
			t.Errorf("Classes()[%d] = %v", i, c)
		}
	}
	for _, c := range []Class{0, 3, 16, 0xFF} {
		if c.Valid() {
			t.Errorf("Class(%d).Valid() = true", c)
		}
		if c.String() == "" {
			t.Errorf("Class(%d).String() empty", c)
		}
	}
}

func TestScopeSetOperations(t *testing.T) {
	df := NewScope(ClassDirect, ClassFinancial)
	f := NewScope(ClassFinancial)
	switch {
	case !df.Has(ClassDirect) || df.Has(ClassQuasi) || df.Has(0):
		t.Error("Has")
	case !df.Contains(f) || f.Contains(df) || !df.Contains(0) || !df.Contains(df):
		t.Error("Contains")
	case !Scope(0).Empty() || df.Empty():
		t.Error("Empty")
	case !ScopeAll.Valid() || Scope(0x10).Valid():
		t.Error("Valid")
	case len(ScopeAll.Classes()) != 4 || len(Scope(0).Classes()) != 0:
		t.Error("Classes")
	}
}

func TestScopeStringRoundTrip(t *testing.T) {
	for s := Scope(0); s <= ScopeAll; s++ {
		back, err := ParseScope(s.String())
		if err != nil || back != s {
			t.Errorf("ParseScope(%q) = %v, %v", s.String(), back, err)
		}
	}
	if got := NewScope(ClassDirect, ClassThirdParty).String(); got != "direct+third-party" {
		t.Errorf("String() = %q", got)
	}
	if got := Scope(0x11).String(); got != "direct+invalid 0x10" {
		t.Errorf("String(invalid) = %q", got)
	}
	for _, s := range []string{"", "Direct", "direct+", "direct+secret", "all"} {
		if _, err := ParseScope(s); !errors.Is(err, ErrInvalidScope) {
			t.Errorf("ParseScope(%q) = %v, want ErrInvalidScope", s, err)
		}
	}
}
