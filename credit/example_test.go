package credit_test

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/credq/credq/consent"
	"github.com/credq/credq/consent/consenttest"
	"github.com/credq/credq/credit"
)

// A bureau answers a loan-approval query: it verifies the lender's consent,
// builds the view the purpose allows (account numbers masked, emergency
// contacts absent — not even an empty list), logs the inquiry, and the
// subject later sees it in their inquiry listing.
func Example() {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	id, _ := credit.NormalizeResidentID("110105491231002") // legacy 15-digit number
	phone, _ := credit.NormalizeMobile("+86 138-0013-8000")
	rec := &credit.Record{
		Identity: &credit.Identity{Name: "张三", IDType: credit.IDResidentCard, IDNumber: id},
		Phones:   []credit.Phone{{Number: phone, Updated: credit.NewDate(2025, 3, 1)}},
		Contacts: []credit.Contact{{Name: "王五", Relation: credit.RelParent, Phone: "+8615000150000", CollectedBy: "bank-b"}},
		Accounts: []credit.Account{{
			ID: "acc-1", Number: "6225881234567890", Type: credit.AccountR2, Institution: "bank-b",
			Currency: credit.CNY, CreditLimit: 5000000, Balance: 1234500, Status: credit.StatusNormal,
			Repayment: "NNNNNNNNNNNNNNNNNNNNNNNN", RepaymentAsOf: credit.NewDate(2026, 10, 31),
		}},
	}
	if err := rec.Validate(); err != nil {
		fmt.Println(err)
		return
	}

	// The lender presents a loan-approval consent for direct identifiers and
	// financial data; the bureau verifies it (here through consenttest, which
	// runs the real issue → present → verify path).
	grant, err := consenttest.TryGrant(consenttest.Options{
		Purpose:   consent.PurposeLoanApproval,
		Scope:     consent.NewScope(consent.ClassDirect, consent.ClassFinancial),
		GranteeID: "lender-1", Audience: "bureau-1", Now: now,
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	log := credit.NewLog(&credit.MemoryLogStore{})
	view, _, err := credit.Disclose(context.Background(), log, rec, grant, credit.Query{}, now)
	if err != nil {
		fmt.Println(err)
		return
	}
	out, _ := json.MarshalIndent(view, "", "  ")
	fmt.Println(string(out))

	listing, _ := log.SubjectInquiries(context.Background(), grant.SubjectRef(), now)
	for _, q := range listing {
		fmt.Println(q.Date, q.Institution, q.Purpose)
	}
	// Output:
	// {
	//   "purpose": "02",
	//   "released": "direct+financial",
	//   "record": {
	//     "identity": {
	//       "name": "张三",
	//       "idType": "10",
	//       "idNumber": "11010519491231002X"
	//     },
	//     "phones": [
	//       {
	//         "number": "+8613800138000",
	//         "updated": "2025-03-01"
	//       }
	//     ],
	//     "accounts": [
	//       {
	//         "id": "acc-1",
	//         "number": "************7890",
	//         "type": "R2",
	//         "institution": "bank-b",
	//         "currency": "CNY",
	//         "creditLimit": 5000000,
	//         "balance": 1234500,
	//         "status": "1",
	//         "repayment": "NNNNNNNNNNNNNNNNNNNNNNNN",
	//         "repaymentAsOf": "2026-10-31"
	//       }
	//     ]
	//   }
	// }
	// 2026-11-22 lender-1 02 loan approval
}
