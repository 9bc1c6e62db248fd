package credit

import (
	"github.com/credq/credq/consent"
)

// Record is one subject's credit file: the data a holder (a bureau or a
// lender) keeps and answers queries from. Every field has a sensitivity class
// and an encryption action in the [Schema]; views ([NewView]) copy only what
// the purpose policy releases.
//
// ID is the holder's storage key for the record. It is not a field of the
// schema: it is never released in a view and field-level encryption binds it
// as associated data instead of storing it.
//
// Optional parts are nil (pointers) or empty (slices); JSON encoding omits
// them entirely, so a view without contacts does not even say that contacts
// exist.
type Record struct {
	ID            string         `json:"id,omitzero"`
	Identity      *Identity      `json:"identity,omitzero"`
	Phones        []Phone        `json:"phones,omitzero"`
	Residences    []Residence    `json:"residences,omitzero"`
	Employment    []Employment   `json:"employment,omitzero"`
	Spouse        *Spouse        `json:"spouse,omitzero"`
	Contacts      []Contact      `json:"contacts,omitzero"`
	Accounts      []Account      `json:"accounts,omitzero"`
	Obligors      []Obligor      `json:"obligors,omitzero"`
	PublicRecords []PublicRecord `json:"publicRecords,omitzero"`
	Inquiries     []Inquiry      `json:"inquiries,omitzero"`
	Annotations   []Annotation   `json:"annotations,omitzero"`
}

// Identity is the subject's identity section (身份信息).
type Identity struct {
	Name          string        `json:"name,omitzero"`          // direct
	IDType        IDType        `json:"idType,omitzero"`        // direct
	IDNumber      string        `json:"idNumber,omitzero"`      // direct; normalized (see NormalizeResidentID)
	Email         string        `json:"email,omitzero"`         // direct; normalized (see NormalizeEmail)
	Gender        Gender        `json:"gender,omitzero"`        // quasi
	BirthDate     Date          `json:"birthDate,omitzero"`     // quasi
	MaritalStatus MaritalStatus `json:"maritalStatus,omitzero"` // quasi
	Education     Education     `json:"education,omitzero"`     // quasi
}

// Phone is one of the subject's own phone numbers with the date the data
// provider last reported it (手机号码, 信息更新日期).
type Phone struct {
	Number  string `json:"number,omitzero"`  // direct; E.164 (see NormalizeMobile)
	Updated Date   `json:"updated,omitzero"` // direct (it dates the identifier)
}

// Residence is a residential address (居住信息).
type Residence struct {
	Address string `json:"address,omitzero"` // quasi
	Updated Date   `json:"updated,omitzero"` // quasi
}

// Employment is an employer record (职业信息).
type Employment struct {
	Employer   string `json:"employer,omitzero"`   // quasi
	Occupation string `json:"occupation,omitzero"` // quasi
	Address    string `json:"address,omitzero"`    // quasi
	Updated    Date   `json:"updated,omitzero"`    // quasi
}

// Spouse is the subject's spouse (配偶信息): third-party data about a person
// who did not consent to this query.
type Spouse struct {
	Name     string `json:"name,omitzero"`
	IDType   IDType `json:"idType,omitzero"`
	IDNumber string `json:"idNumber,omitzero"`
	Phone    string `json:"phone,omitzero"`
	Employer string `json:"employer,omitzero"`
}

// Contact is an emergency contact (联系人): third-party data that never
// leaves the institution that collected it (CollectedBy). Only the subject's
// own self-inquiry shows contacts.
type Contact struct {
	Name        string   `json:"name,omitzero"`
	Relation    Relation `json:"relation,omitzero"`
	Phone       string   `json:"phone,omitzero"`
	CollectedBy string   `json:"collectedBy,omitzero"` // institution ID
}

// Account is a loan or card account (借贷账户). Amounts are in minor units of
// Currency. Number is a direct identifier; everything else is financial.
type Account struct {
	ID            string        `json:"id,omitzero"`     // holder-assigned key, referenced by Obligor and Annotation
	Number        string        `json:"number,omitzero"` // direct; masked in most views (see MaskAccountNumber)
	Type          AccountType   `json:"type,omitzero"`
	Institution   string        `json:"institution,omitzero"` // institution ID of the lender
	Business      BusinessType  `json:"business,omitzero"`
	Currency      Currency      `json:"currency,omitzero"`
	OpenedOn      Date          `json:"openedOn,omitzero"`
	DueOn         Date          `json:"dueOn,omitzero"`    // maturity; unset for revolving accounts
	ClosedOn      Date          `json:"closedOn,omitzero"` // unset while open
	Principal     Money         `json:"principal,omitzero"`
	CreditLimit   Money         `json:"creditLimit,omitzero"`
	Balance       Money         `json:"balance,omitzero"`
	Overdue       Money         `json:"overdue,omitzero"`
	Status        AccountStatus `json:"status,omitzero"`
	Class         LoanClass     `json:"class,omitzero"`
	Repayment     Repayment     `json:"repayment,omitzero"`     // 24 months, oldest first
	RepaymentAsOf Date          `json:"repaymentAsOf,omitzero"` // a day in the month of the last character
	AdverseEnd    Date          `json:"adverseEnd,omitzero"`    // end of the adverse period, if any (retention)
}

// Live reports whether the account is still open: not closed, settled or
// transferred out. Post-loan management is allowed only to an institution
// holding a live account of the subject.
func (a *Account) Live() bool {
	return a.ClosedOn.IsZero() && a.Status != StatusSettled && a.Status != StatusTransferred
}

// Obligor is a co-obligor of one of the subject's accounts (guarantor or
// co-borrower): third-party data.
type Obligor struct {
	AccountID string      `json:"accountId,omitzero"`
	Role      ObligorRole `json:"role,omitzero"`
	Name      string      `json:"name,omitzero"`
	IDNumber  string      `json:"idNumber,omitzero"`
}

// PublicRecord is a public record (公共信息): a judgment, an enforcement, a
// penalty or an arrears. It is adverse; AdverseEnd (the day it was satisfied
// or closed) starts its five-year retention period.
type PublicRecord struct {
	Type       PublicRecordType `json:"type,omitzero"`
	Authority  string           `json:"authority,omitzero"` // court or agency
	CaseNumber string           `json:"caseNumber,omitzero"`
	Amount     Money            `json:"amount,omitzero"`
	FiledOn    Date             `json:"filedOn,omitzero"`
	AdverseEnd Date             `json:"adverseEnd,omitzero"`
}

// Inquiry is an inquiry record (查询记录) as shown on a report: who queried,
// when, and why.
type Inquiry struct {
	Date        Date            `json:"date,omitzero"`
	Institution string          `json:"institution,omitzero"`
	Purpose     consent.Purpose `json:"purpose,omitzero"` // JSON: the purpose code, see Inquiry.MarshalJSON
}

// Annotation is a statement, dispute or provider note attached to the record
// or to one account (Target = the account's ID; empty = the whole record).
type Annotation struct {
	Kind    AnnotationKind `json:"kind,omitzero"`
	Target  string         `json:"target,omitzero"`
	Text    string         `json:"text,omitzero"`
	AddedOn Date           `json:"addedOn,omitzero"`
}
