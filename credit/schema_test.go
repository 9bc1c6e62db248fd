package credit

import (
	"errors"
	"strings"
	"testing"

	"github.com/credq/credq/consent"
	"github.com/google/go-cmp/cmp"
)

func TestSchemaTable(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range Schema() {
		if seen[f.Path] {
			t.Errorf("duplicate path %s", f.Path)
		}
		seen[f.Path] = true
		if !f.Class.Valid() {
			t.Errorf("%s: invalid class", f.Path)
		}
		if f.Action != ActionEncrypt && f.Action != ActionSignOnly {
			t.Errorf("%s: action %v", f.Path, f.Action)
		}
		if got, ok := LookupField(f.Path); !ok || got.Path != f.Path {
			t.Errorf("LookupField(%s) = %v, %v", f.Path, got.Path, ok)
		}
	}
	// Classes DOMAIN.md names explicitly.
	for path, want := range map[string]consent.Class{
		"identity.name": consent.ClassDirect, "identity.idNumber": consent.ClassDirect,
		"phones[].number": consent.ClassDirect, "identity.email": consent.ClassDirect,
		"accounts[].number": consent.ClassDirect, "identity.gender": consent.ClassQuasi,
		"identity.birthDate": consent.ClassQuasi, "residences[].address": consent.ClassQuasi,
		"employment[].employer": consent.ClassQuasi, "identity.education": consent.ClassQuasi,
		"identity.maritalStatus": consent.ClassQuasi, "accounts[].balance": consent.ClassFinancial,
		"accounts[].repayment": consent.ClassFinancial, "publicRecords[].amount": consent.ClassFinancial,
		"inquiries[].institution": consent.ClassFinancial, "spouse.name": consent.ClassThirdParty,
		"contacts[].phone": consent.ClassThirdParty, "obligors[].name": consent.ClassThirdParty,
	} {
		f, ok := LookupField(path)
		if !ok || f.Class != want {
			t.Errorf("class of %s = %v, want %v", path, f.Class, want)
		}
	}
	// Every identifier and amount is encrypted.
	for _, f := range Schema() {
		if (f.Class == consent.ClassDirect && !strings.HasSuffix(f.Path, "idType") && !strings.HasSuffix(f.Path, "updated")) ||
			strings.HasSuffix(f.Path, "balance") || strings.HasSuffix(f.Path, "repayment") {
			if f.Action != ActionEncrypt {
				t.Errorf("%s is %v, want encrypt", f.Path, f.Action)
			}
		}
	}
	if f, ok := LookupField("accounts[7].overdue"); !ok || f.Path != "accounts[].overdue" || f.List() != "accounts" {
		t.Errorf("LookupField(concrete) = %+v, %v", f, ok)
	}
	for _, p := range []string{"", "identity", "accounts[x].balance", "accounts[01].balance", "accounts[-1].balance", "nope.field", "accounts]["} {
		if _, ok := LookupField(p); ok {
			t.Errorf("LookupField(%q) found a field", p)
		}
	}
}

// Walk visits every populated field; SetField on an empty record rebuilds
// the record from the visited values.
func TestWalkSetFieldRoundTrip(t *testing.T) {
	src := fixture()
	src.ID = ""
	var dst Record
	n := 0
	err := src.Walk(func(f FieldValue) error {
		n++
		if spec, ok := LookupField(f.Path); !ok || spec.Path != f.Spec.Path {
			t.Fatalf("visited path %s not in schema", f.Path)
		}
		return dst.SetField(f.Path, f.Text)
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(src, &dst); diff != "" {
		t.Errorf("rebuilt record differs (-want +got):\n%s", diff)
	}
	if n < 150 {
		t.Errorf("visited %d fields; the fixture has more", n)
	}
}

func TestWalkStopsOnError(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	if err := fixture().Walk(func(FieldValue) error { n++; return stop }); err != stop || n != 1 {
		t.Errorf("Walk = %v after %d calls", err, n)
	}
}

func TestSetFieldRejects(t *testing.T) {
	for _, tc := range []struct {
		path, text string
		want       error
	}{
		{"identity.nickname", "x", ErrUnknownField},
		{"accounts[].balance", "1", ErrUnknownField},
		{"accounts[1].balance", "1", ErrInvalidValue}, // index gap on an empty record
		{"accounts[0].balance", "1.5", ErrInvalidValue},
		{"accounts[0].balance", "+1", ErrInvalidValue},
		{"accounts[0].type", "D9", ErrInvalidCode},
		{"accounts[0].openedOn", "2026-02-30", ErrInvalidValue},
		{"accounts[0].repayment", "NNN", ErrInvalidValue},
		{"inquiries[0].purpose", "99", ErrInvalidCode},
		{"accounts[99999999].balance", "1", ErrUnknownField},
	} {
		var r Record
		err := r.SetField(tc.path, tc.text)
		if !errors.Is(err, tc.want) {
			t.Errorf("SetField(%q, %q) = %v, want %v", tc.path, tc.text, err, tc.want)
		}
		if strings.Contains(err.Error(), tc.text) && len(tc.text) > 2 {
			t.Errorf("error %q contains the value", err)
		}
	}
}
