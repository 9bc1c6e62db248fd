package credit

import "strconv"

// Validate checks r and returns the first problem as a [*FieldError] naming
// the concrete field path ("accounts[2].status") and wrapping
// [ErrInvalidCode], [ErrInvalidValue] or [ErrMissingField]. It checks every
// enumeration code; that identifiers are in their normalized form (resident
// ID numbers when the document type is a resident card, mobile numbers,
// e-mail); non-negative amounts; 24-character repayment histories; unique
// account IDs; and that obligors and annotations refer to existing accounts.
func (r *Record) Validate() error {
	v := validator{}
	if id := r.Identity; id != nil {
		v.required("identity.name", id.Name != "")
		v.enum("identity.idType", optEnum(id.IDType))
		v.idNumber("identity.idNumber", id.IDType, id.IDNumber)
		if id.Email != "" {
			e, err := NormalizeEmail(id.Email)
			v.check("identity.email", err == nil && e == id.Email, ErrInvalidValue)
		}
		v.enum("identity.gender", optEnum(id.Gender))
		v.enum("identity.maritalStatus", optEnum(id.MaritalStatus))
		v.enum("identity.education", optEnum(id.Education))
	}
	for i, p := range r.Phones {
		m, err := NormalizeMobile(p.Number)
		v.check(at("phones", i, "number"), err == nil && m == p.Number, ErrInvalidValue)
	}
	if s := r.Spouse; s != nil {
		v.required("spouse.name", s.Name != "")
		v.enum("spouse.idType", optEnum(s.IDType))
		v.idNumber("spouse.idNumber", s.IDType, s.IDNumber)
	}
	for i, c := range r.Contacts {
		v.required(at("contacts", i, "name"), c.Name != "")
		v.enum(at("contacts", i, "relation"), optEnum(c.Relation))
		v.required(at("contacts", i, "collectedBy"), c.CollectedBy != "")
	}
	ids := make(map[string]bool, len(r.Accounts))
	for i := range r.Accounts {
		a := &r.Accounts[i]
		v.required(at("accounts", i, "id"), a.ID != "")
		v.check(at("accounts", i, "id"), !ids[a.ID], ErrInvalidValue)
		ids[a.ID] = true
		v.required(at("accounts", i, "type"), a.Type != 0)
		v.enum(at("accounts", i, "type"), optEnum(a.Type))
		v.required(at("accounts", i, "institution"), a.Institution != "")
		v.enum(at("accounts", i, "business"), optEnum(a.Business))
		v.required(at("accounts", i, "currency"), a.Currency != 0)
		v.enum(at("accounts", i, "currency"), optEnum(a.Currency))
		v.required(at("accounts", i, "status"), a.Status != 0)
		v.enum(at("accounts", i, "status"), optEnum(a.Status))
		v.enum(at("accounts", i, "class"), optEnum(a.Class))
		for _, m := range []struct {
			name string
			v    Money
		}{{"principal", a.Principal}, {"creditLimit", a.CreditLimit}, {"balance", a.Balance}, {"overdue", a.Overdue}} {
			v.check(at("accounts", i, m.name), m.v >= 0, ErrInvalidValue)
		}
		v.check(at("accounts", i, "repayment"), a.Repayment.Valid(), ErrInvalidValue)
		v.check(at("accounts", i, "closedOn"), a.ClosedOn.IsZero() || !a.ClosedOn.Before(a.OpenedOn), ErrInvalidValue)
	}
	for i, o := range r.Obligors {
		v.check(at("obligors", i, "accountId"), ids[o.AccountID], ErrInvalidValue)
		v.enum(at("obligors", i, "role"), optEnum(o.Role))
	}
	for i, p := range r.PublicRecords {
		v.required(at("publicRecords", i, "type"), p.Type != 0)
		v.enum(at("publicRecords", i, "type"), optEnum(p.Type))
		v.check(at("publicRecords", i, "amount"), p.Amount >= 0, ErrInvalidValue)
	}
	for i, q := range r.Inquiries {
		v.required(at("inquiries", i, "date"), !q.Date.IsZero())
		v.required(at("inquiries", i, "institution"), q.Institution != "")
		v.check(at("inquiries", i, "purpose"), q.Purpose.Valid(), ErrInvalidCode)
	}
	for i, n := range r.Annotations {
		v.required(at("annotations", i, "kind"), n.Kind != 0)
		v.enum(at("annotations", i, "kind"), optEnum(n.Kind))
		v.check(at("annotations", i, "target"), n.Target == "" || ids[n.Target], ErrInvalidValue)
	}
	return v.err
}

type validator struct{ err error }

func (v *validator) check(path string, ok bool, sentinel error) {
	if !ok && v.err == nil {
		v.err = fieldErr(path, sentinel)
	}
}

func (v *validator) required(path string, ok bool) { v.check(path, ok, ErrMissingField) }

// enum accepts the unset zero value; required() is called separately where
// a field must be set.
func (v *validator) enum(path string, ok bool) { v.check(path, ok, ErrInvalidCode) }

func optEnum[T interface {
	~uint8
	Valid() bool
}](e T) bool {
	return e == 0 || e.Valid()
}

func (v *validator) idNumber(path string, t IDType, n string) {
	if t != IDResidentCard || n == "" {
		return
	}
	c, err := NormalizeResidentID(n)
	v.check(path, err == nil && c == n, ErrInvalidValue)
}

func at(list string, i int, field string) string {
	return list + "[" + strconv.Itoa(i) + "]." + field
}
