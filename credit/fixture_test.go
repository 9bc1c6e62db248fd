package credit

import (
	"time"

	"github.com/credq/credq/consent"
)

// The fully populated record the policy tests use. "bank-a" is the querier
// of the tests: it holds the live account acc-1 and the closed account
// acc-5. acc-4 and pr-2 are adverse items older than five years, and two
// inquiries are outside the 24-month window on fixNow: retention drops them
// from every view.

var fixNow = time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)

func d(y int, m time.Month, day int) Date { return NewDate(y, m, day) }

var (
	fixIdentity = Identity{
		Name: "张三", IDType: IDResidentCard, IDNumber: "11010519491231002X", Email: "zhang.san@example.com",
		Gender: GenderMale, BirthDate: d(1949, 12, 31), MaritalStatus: MaritalMarried, Education: EduUniversity,
	}
	fixPhone1 = Phone{Number: "+8613800138000", Updated: d(2025, 3, 1)}
	fixPhone2 = Phone{Number: "+8613912345678", Updated: d(2021, 7, 9)}
	fixRes1   = Residence{Address: "北京市朝阳区建国路1号", Updated: d(2019, 5, 1)}
	fixRes2   = Residence{Address: "北京市海淀区中关村大街27号", Updated: d(2024, 2, 10)}
	fixEmp    = Employment{Employer: "北京某科技有限公司", Occupation: "engineer", Address: "北京市海淀区", Updated: d(2023, 1, 1)}
	fixSpouse = Spouse{Name: "李四", IDType: IDResidentCard, IDNumber: "34052419800101001X", Phone: "+8613700137000", Employer: "某医院"}
	fixCont1  = Contact{Name: "王五", Relation: RelParent, Phone: "+8615000150000", CollectedBy: "bank-a"}
	fixCont2  = Contact{Name: "赵六", Relation: RelFriend, Phone: "+8618600186000", CollectedBy: "bank-b"}

	fixAcc1 = Account{ID: "acc-1", Number: "6222021234567890123", Type: AccountD1, Institution: "bank-a",
		Business: BizHousing, Currency: CNY, OpenedOn: d(2018, 4, 1), DueOn: d(2048, 4, 1),
		Principal: 180000000, Balance: 120000000, Status: StatusNormal, Class: ClassNormal,
		Repayment: "NNNNNNNNNNNNNNNNNNNNNNNN", RepaymentAsOf: d(2026, 10, 31)}
	fixAcc2 = Account{ID: "acc-2", Number: "6225881234567890", Type: AccountR2, Institution: "bank-b",
		Business: BizCreditCard, Currency: CNY, OpenedOn: d(2015, 1, 20), CreditLimit: 5000000,
		Balance: 1234500, Overdue: 150000, Status: StatusOverdue, Class: ClassSpecialMention,
		Repayment: "NNNNNNNNNNNNNNNNNNNNNN12", RepaymentAsOf: d(2026, 10, 31)}
	fixAcc3 = Account{ID: "acc-3", Number: "D2016-000123", Type: AccountD1, Institution: "bank-c",
		Business: BizConsumer, Currency: CNY, OpenedOn: d(2016, 3, 1), DueOn: d(2019, 3, 1), ClosedOn: d(2022, 6, 30),
		Principal: 3000000, Status: StatusSettled, Class: ClassNormal,
		Repayment: "C///////////////////////", RepaymentAsOf: d(2022, 6, 30), AdverseEnd: d(2022, 6, 30)}
	fixAcc4 = Account{ID: "acc-4", Number: "CAR-88-0042", Type: AccountD1, Institution: "bank-d",
		Business: BizCar, Currency: CNY, OpenedOn: d(2014, 1, 1), DueOn: d(2017, 1, 1), ClosedOn: d(2020, 3, 15),
		Principal: 15000000, Status: StatusSettled, Class: ClassLoss,
		Repayment: "7777777777777777777777BC", RepaymentAsOf: d(2020, 3, 15), AdverseEnd: d(2020, 3, 15)}
	fixAcc5 = Account{ID: "acc-5", Number: "4392001122334455", Type: AccountR2, Institution: "bank-a",
		Business: BizCreditCard, Currency: CNY, OpenedOn: d(2012, 8, 8), ClosedOn: d(2022, 8, 8),
		CreditLimit: 2000000, Status: StatusSettled, Repayment: "NNNNNNNNNNNNNNNNNNNNNNNC", RepaymentAsOf: d(2022, 8, 8)}
	fixAcc6 = Account{ID: "acc-6", Number: "GJJ-2020-7788", Type: AccountD1, Institution: "fund-bj",
		Business: BizHousingFund, Currency: CNY, OpenedOn: d(2020, 9, 1), DueOn: d(2050, 9, 1),
		Principal: 60000000, Balance: 52000000, Status: StatusNormal, Class: ClassNormal,
		Repayment: "NNNNNNNNNNNNNNNNNNNNNNNN", RepaymentAsOf: d(2026, 10, 31)}

	fixOb1 = Obligor{AccountID: "acc-1", Role: RoleCoBorrower, Name: "李四", IDNumber: "34052419800101001X"}
	fixOb2 = Obligor{AccountID: "acc-2", Role: RoleGuarantor, Name: "孙七", IDNumber: "440524188001010014"}
	fixOb3 = Obligor{AccountID: "acc-4", Role: RoleGuarantor, Name: "周八", IDNumber: "360426199101010071"}

	fixPR1 = PublicRecord{Type: PublicJudgment, Authority: "北京市朝阳区人民法院", CaseNumber: "(2022)京0105民初1号",
		Amount: 5000000, FiledOn: d(2022, 1, 10), AdverseEnd: d(2023, 5, 1)}
	fixPR2 = PublicRecord{Type: PublicTaxArrears, Authority: "北京市税务局", Amount: 120000,
		FiledOn: d(2017, 6, 1), AdverseEnd: d(2019, 1, 1)}

	fixInq1 = Inquiry{Date: d(2026, 11, 1), Institution: "bank-x", Purpose: consent.PurposeLoanApproval}
	fixInq2 = Inquiry{Date: d(2026, 6, 1), Institution: "bank-y", Purpose: consent.PurposeCardApproval}
	fixInq3 = Inquiry{Date: d(2025, 12, 15), Institution: "bank-a", Purpose: consent.PurposePostLoan}
	fixInq4 = Inquiry{Date: d(2024, 11, 23), Institution: "bank-z", Purpose: consent.PurposeLimitApproval}
	fixInq5 = Inquiry{Date: d(2024, 11, 22), Institution: "bank-z", Purpose: consent.PurposeLoanApproval}
	fixInq6 = Inquiry{Date: d(2023, 1, 1), Institution: "bank-q", Purpose: consent.PurposeLoanApproval}

	fixNote1 = Annotation{Kind: NoteStatement, Text: "本人声明：身份证曾于2019年遗失", AddedOn: d(2019, 8, 1)}
	fixNote2 = Annotation{Kind: NoteDispute, Target: "acc-2", Text: "disputed late fee", AddedOn: d(2026, 10, 5)}
	fixNote3 = Annotation{Kind: NoteBureau, Target: "acc-4", Text: "transferred to recovery", AddedOn: d(2019, 1, 1)}
	fixNote4 = Annotation{Kind: NoteBureau, Target: "acc-1", Text: "mortgage restructured 2021", AddedOn: d(2021, 2, 2)}
)

func fixture() *Record {
	id := fixIdentity
	sp := fixSpouse
	return &Record{
		ID:            "rec-1",
		Identity:      &id,
		Phones:        []Phone{fixPhone1, fixPhone2},
		Residences:    []Residence{fixRes1, fixRes2},
		Employment:    []Employment{fixEmp},
		Spouse:        &sp,
		Contacts:      []Contact{fixCont1, fixCont2},
		Accounts:      []Account{fixAcc1, fixAcc2, fixAcc3, fixAcc4, fixAcc5, fixAcc6},
		Obligors:      []Obligor{fixOb1, fixOb2, fixOb3},
		PublicRecords: []PublicRecord{fixPR1, fixPR2},
		Inquiries:     []Inquiry{fixInq1, fixInq2, fixInq3, fixInq4, fixInq5, fixInq6},
		Annotations:   []Annotation{fixNote1, fixNote2, fixNote3, fixNote4},
	}
}
