package credit

import (
	"errors"
	"testing"

	"github.com/credq/credq/consent"
)

func TestValidateFixture(t *testing.T) {
	if err := fixture().Validate(); err != nil {
		t.Fatal(err)
	}
	if err := (&Record{}).Validate(); err != nil {
		t.Fatalf("empty record: %v", err)
	}
}

// Every rejection rule of Validate, each with the field path it must name.
func TestValidateRejects(t *testing.T) {
	for _, tc := range []struct {
		path string
		want error
		mod  func(r *Record)
	}{
		{"identity.name", ErrMissingField, func(r *Record) { r.Identity.Name = "" }},
		{"identity.idType", ErrInvalidCode, func(r *Record) { r.Identity.IDType = 99 }},
		{"identity.idNumber", ErrInvalidValue, func(r *Record) { r.Identity.IDNumber = "110105491231002" }},
		{"identity.idNumber", ErrInvalidValue, func(r *Record) { r.Identity.IDNumber = "110105194912310021" }},
		{"identity.email", ErrInvalidValue, func(r *Record) { r.Identity.Email = "Zhang@Example.com" }},
		{"identity.gender", ErrInvalidCode, func(r *Record) { r.Identity.Gender = 9 }},
		{"identity.maritalStatus", ErrInvalidCode, func(r *Record) { r.Identity.MaritalStatus = 77 }},
		{"identity.education", ErrInvalidCode, func(r *Record) { r.Identity.Education = 77 }},
		{"phones[1].number", ErrInvalidValue, func(r *Record) { r.Phones[1].Number = "13912345678" }},
		{"spouse.name", ErrMissingField, func(r *Record) { r.Spouse.Name = "" }},
		{"spouse.idType", ErrInvalidCode, func(r *Record) { r.Spouse.IDType = 50 }},
		{"spouse.idNumber", ErrInvalidValue, func(r *Record) { r.Spouse.IDNumber = "34052419800101001" }},
		{"contacts[0].name", ErrMissingField, func(r *Record) { r.Contacts[0].Name = "" }},
		{"contacts[1].relation", ErrInvalidCode, func(r *Record) { r.Contacts[1].Relation = 100 }},
		{"contacts[0].collectedBy", ErrMissingField, func(r *Record) { r.Contacts[0].CollectedBy = "" }},
		{"accounts[0].id", ErrMissingField, func(r *Record) { r.Accounts[0].ID = "" }},
		{"accounts[1].id", ErrInvalidValue, func(r *Record) { r.Accounts[1].ID = "acc-1" }},
		{"accounts[2].type", ErrMissingField, func(r *Record) { r.Accounts[2].Type = 0 }},
		{"accounts[2].type", ErrInvalidCode, func(r *Record) { r.Accounts[2].Type = 42 }},
		{"accounts[0].institution", ErrMissingField, func(r *Record) { r.Accounts[0].Institution = "" }},
		{"accounts[0].business", ErrInvalidCode, func(r *Record) { r.Accounts[0].Business = 42 }},
		{"accounts[0].currency", ErrMissingField, func(r *Record) { r.Accounts[0].Currency = 0 }},
		{"accounts[0].currency", ErrInvalidCode, func(r *Record) { r.Accounts[0].Currency = 42 }},
		{"accounts[3].status", ErrMissingField, func(r *Record) { r.Accounts[3].Status = 0 }},
		{"accounts[3].status", ErrInvalidCode, func(r *Record) { r.Accounts[3].Status = 9 }},
		{"accounts[0].class", ErrInvalidCode, func(r *Record) { r.Accounts[0].Class = 8 }},
		{"accounts[0].principal", ErrInvalidValue, func(r *Record) { r.Accounts[0].Principal = -1 }},
		{"accounts[0].creditLimit", ErrInvalidValue, func(r *Record) { r.Accounts[0].CreditLimit = -1 }},
		{"accounts[0].balance", ErrInvalidValue, func(r *Record) { r.Accounts[0].Balance = -1 }},
		{"accounts[0].overdue", ErrInvalidValue, func(r *Record) { r.Accounts[0].Overdue = -1 }},
		{"accounts[0].repayment", ErrInvalidValue, func(r *Record) { r.Accounts[0].Repayment = "NNNNNNNNNNNNNNNNNNNNNNNX" }},
		{"accounts[0].repayment", ErrInvalidValue, func(r *Record) { r.Accounts[0].Repayment = "NNNN" }},
		{"accounts[2].closedOn", ErrInvalidValue, func(r *Record) { r.Accounts[2].ClosedOn = d(2010, 1, 1) }},
		{"obligors[0].accountId", ErrInvalidValue, func(r *Record) { r.Obligors[0].AccountID = "acc-9" }},
		{"obligors[1].role", ErrInvalidCode, func(r *Record) { r.Obligors[1].Role = 3 }},
		{"publicRecords[0].type", ErrMissingField, func(r *Record) { r.PublicRecords[0].Type = 0 }},
		{"publicRecords[0].type", ErrInvalidCode, func(r *Record) { r.PublicRecords[0].Type = 6 }},
		{"publicRecords[1].amount", ErrInvalidValue, func(r *Record) { r.PublicRecords[1].Amount = -5 }},
		{"inquiries[0].date", ErrMissingField, func(r *Record) { r.Inquiries[0].Date = Date{} }},
		{"inquiries[0].institution", ErrMissingField, func(r *Record) { r.Inquiries[0].Institution = "" }},
		{"inquiries[2].purpose", ErrInvalidCode, func(r *Record) { r.Inquiries[2].Purpose = consent.Purpose(4) }},
		{"annotations[0].kind", ErrMissingField, func(r *Record) { r.Annotations[0].Kind = 0 }},
		{"annotations[0].kind", ErrInvalidCode, func(r *Record) { r.Annotations[0].Kind = 4 }},
		{"annotations[1].target", ErrInvalidValue, func(r *Record) { r.Annotations[1].Target = "acc-9" }},
	} {
		r := fixture()
		tc.mod(r)
		err := r.Validate()
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Path != tc.path || !errors.Is(err, tc.want) {
			t.Errorf("%s: Validate = %v, want FieldError at %s wrapping %v", tc.path, err, tc.path, tc.want)
		}
	}
}

func TestEnumsRoundTrip(t *testing.T) {
	type enum interface {
		Valid() bool
		Code() string
		String() string
	}
	check := func(kind string, vals []enum, parse func(string) (enum, error)) {
		for _, v := range vals {
			if !v.Valid() {
				t.Errorf("%s %v not valid", kind, v)
			}
			got, err := parse(v.Code())
			if err != nil || got != v {
				t.Errorf("%s: Parse(%q) = %v, %v", kind, v.Code(), got, err)
			}
		}
		if _, err := parse("nope"); !errors.Is(err, ErrInvalidCode) {
			t.Errorf("%s: Parse(nope) = %v", kind, err)
		}
		if _, err := parse(""); !errors.Is(err, ErrInvalidCode) {
			t.Errorf("%s: Parse(\"\") = %v", kind, err)
		}
	}
	all := func(n int, mk func(uint8) enum) []enum {
		var out []enum
		for i := 1; i <= n; i++ {
			out = append(out, mk(uint8(i)))
		}
		return out
	}
	check("IDType", all(7, func(i uint8) enum { return IDType(i) }), func(s string) (enum, error) { return ParseIDType(s) })
	check("Gender", all(4, func(i uint8) enum { return Gender(i) }), func(s string) (enum, error) { return ParseGender(s) })
	check("MaritalStatus", all(5, func(i uint8) enum { return MaritalStatus(i) }), func(s string) (enum, error) { return ParseMaritalStatus(s) })
	check("Education", all(8, func(i uint8) enum { return Education(i) }), func(s string) (enum, error) { return ParseEducation(s) })
	check("AccountType", all(6, func(i uint8) enum { return AccountType(i) }), func(s string) (enum, error) { return ParseAccountType(s) })
	check("BusinessType", all(11, func(i uint8) enum { return BusinessType(i) }), func(s string) (enum, error) { return ParseBusinessType(s) })
	check("AccountStatus", all(8, func(i uint8) enum { return AccountStatus(i) }), func(s string) (enum, error) { return ParseAccountStatus(s) })
	check("LoanClass", all(6, func(i uint8) enum { return LoanClass(i) }), func(s string) (enum, error) { return ParseLoanClass(s) })
	check("Currency", all(6, func(i uint8) enum { return Currency(i) }), func(s string) (enum, error) { return ParseCurrency(s) })
	check("PublicRecordType", all(5, func(i uint8) enum { return PublicRecordType(i) }), func(s string) (enum, error) { return ParsePublicRecordType(s) })
	check("Relation", all(7, func(i uint8) enum { return Relation(i) }), func(s string) (enum, error) { return ParseRelation(s) })
	check("ObligorRole", all(2, func(i uint8) enum { return ObligorRole(i) }), func(s string) (enum, error) { return ParseObligorRole(s) })
	check("AnnotationKind", all(3, func(i uint8) enum { return AnnotationKind(i) }), func(s string) (enum, error) { return ParseAnnotationKind(s) })
	if AccountType(0).Valid() || AccountType(7).Valid() {
		t.Error("AccountType 0 or 7 valid")
	}
	if _, err := AccountType(7).MarshalText(); !errors.Is(err, ErrInvalidCode) {
		t.Errorf("MarshalText of invalid = %v", err)
	}
}

func TestRepayment(t *testing.T) {
	if !Repayment("").Valid() || !Repayment("N1234567*#/ABCDGMZNNNNNN").Valid() {
		t.Error("valid history rejected")
	}
	for _, s := range []string{"N", "NNNNNNNNNNNNNNNNNNNNNNNNN", "nnnnnnnnnnnnnnnnnnnnnnnn", "NNNNNNNNNNNNNNNNNNNNNN8N"} {
		if Repayment(s).Valid() {
			t.Errorf("%q accepted", s)
		}
	}
	if w := Repayment("NNNNNNNNNNNNNNNNNNNN123N").WorstOverdue(); w != 3 {
		t.Errorf("WorstOverdue = %d", w)
	}
	if w := Repayment("NNNNNNNNNNNNNNNNNNNNN12B").WorstOverdue(); w != 7 {
		t.Errorf("WorstOverdue with B = %d", w)
	}
	if l := Repayment("NNNNNNNNNNNNNNNNNNNNNN12").Latest(); l != '2' {
		t.Errorf("Latest = %q (most recent is last)", l)
	}
}

func TestMoneyString(t *testing.T) {
	for m, want := range map[Money]string{0: "0.00", 5: "0.05", 123450: "1234.50", -99: "-0.99", -9223372036854775808: "-92233720368547758.08"} {
		if got := m.String(); got != want {
			t.Errorf("Money(%d) = %s, want %s", int64(m), got, want)
		}
	}
}
