package vault

import (
	"context"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/credq/credq/consent"
	"github.com/credq/credq/credit"
)

func day(y int, m time.Month, d int) credit.Date { return credit.NewDate(y, m, d) }

// fixture returns a record in which every schema path is present at least
// once (TestFixtureCoversSchema checks it), with non-ASCII text.
func fixture(id string) *credit.Record {
	return &credit.Record{
		ID: id,
		Identity: &credit.Identity{Name: "张三", IDType: credit.IDResidentCard, IDNumber: "11010519491231002X",
			Email: "zhang.san@example.com", Gender: credit.GenderMale, BirthDate: day(1949, 12, 31),
			MaritalStatus: credit.MaritalMarried, Education: credit.EduUniversity},
		Phones:     []credit.Phone{{Number: "+8613800138000", Updated: day(2025, 3, 1)}, {Number: "+8613912345678", Updated: day(2021, 7, 9)}},
		Residences: []credit.Residence{{Address: "北京市朝阳区建国路1号", Updated: day(2019, 5, 1)}},
		Employment: []credit.Employment{{Employer: "北京某科技有限公司", Occupation: "engineer", Address: "北京市海淀区", Updated: day(2023, 1, 1)}},
		Spouse: &credit.Spouse{Name: "李四", IDType: credit.IDResidentCard, IDNumber: "34052419800101001X",
			Phone: "+8613700137000", Employer: "某医院"},
		Contacts: []credit.Contact{{Name: "王五", Relation: credit.RelParent, Phone: "+8615000150000", CollectedBy: "bank-a"}},
		Accounts: []credit.Account{
			{ID: "acc-1", Number: "6222021234567890123", Type: credit.AccountD1, Institution: "bank-a",
				Business: credit.BizHousing, Currency: credit.CNY, OpenedOn: day(2018, 4, 1), DueOn: day(2048, 4, 1),
				Principal: 180000000, Balance: 120000000, Status: credit.StatusNormal, Class: credit.ClassNormal,
				Repayment: "NNNNNNNNNNNNNNNNNNNNNNNN", RepaymentAsOf: day(2026, 10, 31)},
			{ID: "acc-2", Number: "6225881234567890", Type: credit.AccountR2, Institution: "bank-b",
				Business: credit.BizCreditCard, Currency: credit.CNY, OpenedOn: day(2015, 1, 20), CreditLimit: 5000000,
				Balance: 1234500, Overdue: 150000, Status: credit.StatusOverdue, Class: credit.ClassSpecialMention,
				Repayment: "NNNNNNNNNNNNNNNNNNNNNN12", RepaymentAsOf: day(2026, 10, 31)},
			{ID: "acc-3", Number: "D2016-000123", Type: credit.AccountD1, Institution: "bank-c",
				Business: credit.BizConsumer, Currency: credit.CNY, OpenedOn: day(2016, 3, 1), DueOn: day(2019, 3, 1),
				ClosedOn: day(2022, 6, 30), Principal: 3000000, Status: credit.StatusSettled, Class: credit.ClassNormal,
				Repayment: "C///////////////////////", RepaymentAsOf: day(2022, 6, 30), AdverseEnd: day(2022, 6, 30)},
		},
		Obligors: []credit.Obligor{{AccountID: "acc-1", Role: credit.RoleCoBorrower, Name: "李四", IDNumber: "34052419800101001X"}},
		PublicRecords: []credit.PublicRecord{{Type: credit.PublicJudgment, Authority: "北京市朝阳区人民法院",
			CaseNumber: "(2022)京0105民初1号", Amount: 5000000, FiledOn: day(2022, 1, 10), AdverseEnd: day(2023, 5, 1)}},
		Inquiries:   []credit.Inquiry{{Date: day(2026, 11, 1), Institution: "bank-x", Purpose: consent.PurposeLoanApproval}},
		Annotations: []credit.Annotation{{Kind: credit.NoteDispute, Target: "acc-2", Text: "disputed late fee", AddedOn: day(2026, 10, 5)}},
	}
}

// testVault returns a vault over a fresh keyring and memory store.
func testVault(t testing.TB) (*Vault, *MemStore) {
	t.Helper()
	kr, err := NewKeyring("bank-a")
	if err != nil {
		t.Fatal(err)
	}
	st := NewMemStore()
	v, err := New(Config{Keyring: kr, Store: st})
	if err != nil {
		t.Fatal(err)
	}
	return v, st
}

func mustSeal(t testing.TB, v *Vault, subject string, rec *credit.Record) []byte {
	t.Helper()
	b, err := v.Seal(context.Background(), subject, rec)
	if err != nil {
		t.Fatalf("Seal: %v", err)
	}
	return b
}

func x25519(t testing.TB) *age.X25519Identity {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// fieldsOf lists a record's (path, text) pairs in Walk order.
func fieldsOf(r *credit.Record) []Field {
	var out []Field
	_ = r.Walk(func(f credit.FieldValue) error {
		out = append(out, Field{f.Path, f.Text})
		return nil
	})
	return out
}
