package credit

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/credq/credq/consent"
)

// The schema, declared once. Class follows DOMAIN.md: direct identifiers,
// quasi-identifiers, financial data, third-party data. Action: identifiers,
// amounts, histories and free text are encrypted; codes and dates that the
// holder needs for retention, liveness and routing without decrypting (ID
// type, account status, institution, adverse-period end, inquiry date) are
// sign-only.
const (
	cD = consent.ClassDirect
	cQ = consent.ClassQuasi
	cF = consent.ClassFinancial
	cT = consent.ClassThirdParty

	enc  = ActionEncrypt
	sign = ActionSignOnly
)

// The table is read by credit/internal/schemagen, which writes setRow in
// schema_gen.go; regenerate after editing it (TestSchemaGenUpToDate checks).
//
//go:generate go run ./internal/schemagen/cmd/schemagen

var schema = []FieldSpec{
	fld("identity.name", cD, enc, strCodec, in(identity, func(e *Identity) *string { return &e.Name })),
	fld("identity.idType", cD, sign, enumCodec(ParseIDType), in(identity, func(e *Identity) *IDType { return &e.IDType })),
	fld("identity.idNumber", cD, enc, strCodec, in(identity, func(e *Identity) *string { return &e.IDNumber })),
	fld("identity.email", cD, enc, strCodec, in(identity, func(e *Identity) *string { return &e.Email })),
	fld("identity.gender", cQ, enc, enumCodec(ParseGender), in(identity, func(e *Identity) *Gender { return &e.Gender })),
	fld("identity.birthDate", cQ, enc, dateCodec, in(identity, func(e *Identity) *Date { return &e.BirthDate })),
	fld("identity.maritalStatus", cQ, enc, enumCodec(ParseMaritalStatus), in(identity, func(e *Identity) *MaritalStatus { return &e.MaritalStatus })),
	fld("identity.education", cQ, enc, enumCodec(ParseEducation), in(identity, func(e *Identity) *Education { return &e.Education })),

	fld("phones[].number", cD, enc, strCodec, in(phones, func(e *Phone) *string { return &e.Number })),
	fld("phones[].updated", cD, sign, dateCodec, in(phones, func(e *Phone) *Date { return &e.Updated })),

	fld("residences[].address", cQ, enc, strCodec, in(residences, func(e *Residence) *string { return &e.Address })),
	fld("residences[].updated", cQ, sign, dateCodec, in(residences, func(e *Residence) *Date { return &e.Updated })),

	fld("employment[].employer", cQ, enc, strCodec, in(employment, func(e *Employment) *string { return &e.Employer })),
	fld("employment[].occupation", cQ, enc, strCodec, in(employment, func(e *Employment) *string { return &e.Occupation })),
	fld("employment[].address", cQ, enc, strCodec, in(employment, func(e *Employment) *string { return &e.Address })),
	fld("employment[].updated", cQ, sign, dateCodec, in(employment, func(e *Employment) *Date { return &e.Updated })),

	fld("spouse.name", cT, enc, strCodec, in(spouse, func(e *Spouse) *string { return &e.Name })),
	fld("spouse.idType", cT, sign, enumCodec(ParseIDType), in(spouse, func(e *Spouse) *IDType { return &e.IDType })),
	fld("spouse.idNumber", cT, enc, strCodec, in(spouse, func(e *Spouse) *string { return &e.IDNumber })),
	fld("spouse.phone", cT, enc, strCodec, in(spouse, func(e *Spouse) *string { return &e.Phone })),
	fld("spouse.employer", cT, enc, strCodec, in(spouse, func(e *Spouse) *string { return &e.Employer })),

	fld("contacts[].name", cT, enc, strCodec, in(contacts, func(e *Contact) *string { return &e.Name })),
	fld("contacts[].relation", cT, enc, enumCodec(ParseRelation), in(contacts, func(e *Contact) *Relation { return &e.Relation })),
	fld("contacts[].phone", cT, enc, strCodec, in(contacts, func(e *Contact) *string { return &e.Phone })),
	fld("contacts[].collectedBy", cT, sign, strCodec, in(contacts, func(e *Contact) *string { return &e.CollectedBy })),

	fld("accounts[].id", cF, sign, strCodec, in(accounts, func(e *Account) *string { return &e.ID })),
	fld("accounts[].number", cD, enc, strCodec, in(accounts, func(e *Account) *string { return &e.Number })),
	fld("accounts[].type", cF, sign, enumCodec(ParseAccountType), in(accounts, func(e *Account) *AccountType { return &e.Type })),
	fld("accounts[].institution", cF, sign, strCodec, in(accounts, func(e *Account) *string { return &e.Institution })),
	fld("accounts[].business", cF, sign, enumCodec(ParseBusinessType), in(accounts, func(e *Account) *BusinessType { return &e.Business })),
	fld("accounts[].currency", cF, sign, enumCodec(ParseCurrency), in(accounts, func(e *Account) *Currency { return &e.Currency })),
	fld("accounts[].openedOn", cF, sign, dateCodec, in(accounts, func(e *Account) *Date { return &e.OpenedOn })),
	fld("accounts[].dueOn", cF, sign, dateCodec, in(accounts, func(e *Account) *Date { return &e.DueOn })),
	fld("accounts[].closedOn", cF, sign, dateCodec, in(accounts, func(e *Account) *Date { return &e.ClosedOn })),
	fld("accounts[].principal", cF, enc, moneyCodec, in(accounts, func(e *Account) *Money { return &e.Principal })),
	fld("accounts[].creditLimit", cF, enc, moneyCodec, in(accounts, func(e *Account) *Money { return &e.CreditLimit })),
	fld("accounts[].balance", cF, enc, moneyCodec, in(accounts, func(e *Account) *Money { return &e.Balance })),
	fld("accounts[].overdue", cF, enc, moneyCodec, in(accounts, func(e *Account) *Money { return &e.Overdue })),
	fld("accounts[].status", cF, sign, enumCodec(ParseAccountStatus), in(accounts, func(e *Account) *AccountStatus { return &e.Status })),
	fld("accounts[].class", cF, enc, enumCodec(ParseLoanClass), in(accounts, func(e *Account) *LoanClass { return &e.Class })),
	fld("accounts[].repayment", cF, enc, repaymentCodec, in(accounts, func(e *Account) *Repayment { return &e.Repayment })),
	fld("accounts[].repaymentAsOf", cF, sign, dateCodec, in(accounts, func(e *Account) *Date { return &e.RepaymentAsOf })),
	fld("accounts[].adverseEnd", cF, sign, dateCodec, in(accounts, func(e *Account) *Date { return &e.AdverseEnd })),

	fld("obligors[].accountId", cT, sign, strCodec, in(obligors, func(e *Obligor) *string { return &e.AccountID })),
	fld("obligors[].role", cT, sign, enumCodec(ParseObligorRole), in(obligors, func(e *Obligor) *ObligorRole { return &e.Role })),
	fld("obligors[].name", cT, enc, strCodec, in(obligors, func(e *Obligor) *string { return &e.Name })),
	fld("obligors[].idNumber", cT, enc, strCodec, in(obligors, func(e *Obligor) *string { return &e.IDNumber })),

	fld("publicRecords[].type", cF, sign, enumCodec(ParsePublicRecordType), in(publicRecords, func(e *PublicRecord) *PublicRecordType { return &e.Type })),
	fld("publicRecords[].authority", cF, enc, strCodec, in(publicRecords, func(e *PublicRecord) *string { return &e.Authority })),
	fld("publicRecords[].caseNumber", cF, enc, strCodec, in(publicRecords, func(e *PublicRecord) *string { return &e.CaseNumber })),
	fld("publicRecords[].amount", cF, enc, moneyCodec, in(publicRecords, func(e *PublicRecord) *Money { return &e.Amount })),
	fld("publicRecords[].filedOn", cF, sign, dateCodec, in(publicRecords, func(e *PublicRecord) *Date { return &e.FiledOn })),
	fld("publicRecords[].adverseEnd", cF, sign, dateCodec, in(publicRecords, func(e *PublicRecord) *Date { return &e.AdverseEnd })),

	fld("inquiries[].date", cF, sign, dateCodec, in(inquiries, func(e *Inquiry) *Date { return &e.Date })),
	fld("inquiries[].institution", cF, sign, strCodec, in(inquiries, func(e *Inquiry) *string { return &e.Institution })),
	fld("inquiries[].purpose", cF, sign, purposeCodec, in(inquiries, func(e *Inquiry) *consent.Purpose { return &e.Purpose })),

	fld("annotations[].kind", cF, sign, enumCodec(ParseAnnotationKind), in(annotations, func(e *Annotation) *AnnotationKind { return &e.Kind })),
	fld("annotations[].target", cF, sign, strCodec, in(annotations, func(e *Annotation) *string { return &e.Target })),
	fld("annotations[].text", cF, enc, strCodec, in(annotations, func(e *Annotation) *string { return &e.Text })),
	fld("annotations[].addedOn", cF, sign, dateCodec, in(annotations, func(e *Annotation) *Date { return &e.AddedOn })),
}

func listLen(r *Record, list string) int {
	switch list {
	case "phones":
		return len(r.Phones)
	case "residences":
		return len(r.Residences)
	case "employment":
		return len(r.Employment)
	case "contacts":
		return len(r.Contacts)
	case "accounts":
		return len(r.Accounts)
	case "obligors":
		return len(r.Obligors)
	case "publicRecords":
		return len(r.PublicRecords)
	case "inquiries":
		return len(r.Inquiries)
	case "annotations":
		return len(r.Annotations)
	}
	return 0
}

// codec converts a field between its Go value and its canonical text.
// appendTo appends the canonical text without allocating; format is the
// same text as a string.
type codec[T comparable] struct {
	format   func(T) string
	parse    func(string) (T, error)
	appendTo func([]byte, T) []byte
}

var (
	strCodec = codec[string]{func(s string) string { return s }, func(s string) (string, error) { return s, nil },
		func(b []byte, s string) []byte { return append(b, s...) }}
	dateCodec  = codec[Date]{Date.String, ParseDate, func(b []byte, d Date) []byte { return d.appendTo(b) }}
	moneyCodec = codec[Money]{
		func(m Money) string { return strconv.FormatInt(int64(m), 10) },
		func(s string) (Money, error) {
			v, err := strconv.ParseInt(s, 10, 64)
			if err != nil || strconv.FormatInt(v, 10) != s {
				return 0, fmt.Errorf("credit: money: %w", ErrInvalidValue)
			}
			return Money(v), nil
		},
		func(b []byte, m Money) []byte { return strconv.AppendInt(b, int64(m), 10) },
	}
	repaymentCodec = codec[Repayment]{func(r Repayment) string { return string(r) }, ParseRepayment,
		func(b []byte, r Repayment) []byte { return append(b, r...) }}
	purposeCodec = codec[consent.Purpose]{consent.Purpose.Code, func(s string) (consent.Purpose, error) {
		p, err := consent.ParsePurpose(s)
		if err != nil {
			return 0, fmt.Errorf("credit: inquiry purpose: %w", ErrInvalidCode)
		}
		return p, nil
	}, func(b []byte, p consent.Purpose) []byte { return append(b, p.Code()...) }}
)

func enumCodec[T interface {
	~uint8
	Code() string
}](parse func(string) (T, error)) codec[T] {
	return codec[T]{T.Code, parse, func(b []byte, v T) []byte { return append(b, v.Code()...) }}
}

func fld[T comparable](path string, c consent.Class, a Action, cd codec[T], ptr func(*Record, int, bool) *T) FieldSpec {
	list := ""
	if k := strings.Index(path, "[]"); k >= 0 {
		list = path[:k]
	}
	var zero T
	_, numeric := any(zero).(Money)
	return FieldSpec{
		Path: path, Class: c, Action: a, list: list, numeric: numeric,
		get: func(r *Record, i int) (string, bool) {
			p := ptr(r, i, false)
			if p == nil || *p == zero {
				return "", false
			}
			return cd.format(*p), true
		},
		appendText: func(dst []byte, r *Record, i int) ([]byte, bool) {
			p := ptr(r, i, false)
			if p == nil || *p == zero {
				return dst, false
			}
			return cd.appendTo(dst, *p), true
		},
		has: func(r *Record, i int) bool {
			p := ptr(r, i, false)
			return p != nil && *p != zero
		},
		set: func(r *Record, i int, text string) error {
			v, err := cd.parse(text)
			if err != nil {
				return err
			}
			*ptr(r, i, true) = v
			return nil
		},
	}
}

// in composes a section accessor with a field accessor.
func in[E, T any](sec func(*Record, int, bool) *E, f func(*E) *T) func(*Record, int, bool) *T {
	return func(r *Record, i int, create bool) *T {
		e := sec(r, i, create)
		if e == nil {
			return nil
		}
		return f(e)
	}
}

func single[E any](p **E, create bool) *E {
	if *p == nil && create {
		*p = new(E)
	}
	return *p
}

func elem[E any](s *[]E, i int, create bool) *E {
	if i >= 0 && i < len(*s) {
		return &(*s)[i]
	}
	if create && i == len(*s) {
		*s = append(*s, *new(E))
		return &(*s)[i]
	}
	return nil
}

func identity(r *Record, _ int, c bool) *Identity { return single(&r.Identity, c) }
func spouse(r *Record, _ int, c bool) *Spouse     { return single(&r.Spouse, c) }
func phones(r *Record, i int, c bool) *Phone      { return elem(&r.Phones, i, c) }
func residences(r *Record, i int, c bool) *Residence {
	return elem(&r.Residences, i, c)
}
func employment(r *Record, i int, c bool) *Employment { return elem(&r.Employment, i, c) }
func contacts(r *Record, i int, c bool) *Contact      { return elem(&r.Contacts, i, c) }
func accounts(r *Record, i int, c bool) *Account      { return elem(&r.Accounts, i, c) }
func obligors(r *Record, i int, c bool) *Obligor      { return elem(&r.Obligors, i, c) }
func publicRecords(r *Record, i int, c bool) *PublicRecord {
	return elem(&r.PublicRecords, i, c)
}
func inquiries(r *Record, i int, c bool) *Inquiry      { return elem(&r.Inquiries, i, c) }
func annotations(r *Record, i int, c bool) *Annotation { return elem(&r.Annotations, i, c) }
