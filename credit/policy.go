package credit

import (
	"errors"
	"fmt"

	"github.com/credq/credq/consent"
)

// Errors of the purpose policy. A view is denied, never silently emptied,
// when a precondition of its purpose does not hold.
var (
	// ErrPurposeNotCovered means the policy has no rule for the purpose.
	ErrPurposeNotCovered = errors.New("credit: purpose not covered by the policy")
	// ErrNoLiveAccount means post-loan management was asked by an institution
	// that holds no live account of the subject.
	ErrNoLiveAccount = errors.New("credit: post-loan management needs a live account at the querier")
	// ErrNoLegalInstrument means a judicial query cites no legal instrument
	// (the grant's authorization reference is empty).
	ErrNoLegalInstrument = errors.New("credit: judicial query must cite a legal instrument")
	// ErrNoCollectionAccount means a delegated-collection query named no
	// account, or one that is not a live account of the delegating lender.
	ErrNoCollectionAccount = errors.New("credit: delegated collection needs an account of the delegating lender")
)

// Access is what a purpose may see of one class (DOMAIN.md's table:
// ✔ full, ◐ restricted, Σ aggregate, ✘ none).
type Access uint8

// Access levels.
const (
	AccessNone       Access = iota // ✘ nothing
	AccessFull                     // ✔ every field of the class
	AccessRestricted               // ◐ a documented subset, possibly masked
	AccessAggregate                // Σ counts only (see Aggregates)
)

// String returns "none", "full", "restricted" or "aggregate".
func (a Access) String() string {
	switch a {
	case AccessNone:
		return "none"
	case AccessFull:
		return "full"
	case AccessRestricted:
		return "restricted"
	case AccessAggregate:
		return "aggregate"
	}
	return fmt.Sprintf("invalid access %d", uint8(a))
}

// Rule is one row of the purpose policy.
type Rule struct {
	// Name names the row ("approval", "collection", …).
	Name string
	// Direct, Quasi, Financial and ThirdParty give the access per class.
	Direct, Quasi, Financial, ThirdParty Access
	// MaskAccountNumbers: account numbers appear masked
	// ([MaskAccountNumber]); false only for self-inquiry and judicial.
	MaskAccountNumbers bool
	// RequiresLiveAccount: the querier (the grant's root grantee) must hold a
	// live account of the subject ([ErrNoLiveAccount]).
	RequiresLiveAccount bool
	// RequiresLegalInstrument: the grant's authorization reference must name
	// the legal instrument ([ErrNoLegalInstrument]).
	RequiresLegalInstrument bool

	kind ruleKind
}

// Access returns the rule's access for class c (AccessNone for an invalid
// class).
func (r Rule) Access(c consent.Class) Access {
	switch c {
	case consent.ClassDirect:
		return r.Direct
	case consent.ClassQuasi:
		return r.Quasi
	case consent.ClassFinancial:
		return r.Financial
	case consent.ClassThirdParty:
		return r.ThirdParty
	}
	return AccessNone
}

type ruleKind uint8

const (
	kindSelf ruleKind = iota + 1
	kindApproval
	kindNoThirdParty
	kindPostLoan
	kindHousingFund
	kindReview
	kindJudicial
	kindMultiLending
	kindCollection
)

const (
	none = AccessNone
	full = AccessFull
	part = AccessRestricted
	sum  = AccessAggregate
)

// policy is DOMAIN.md's purpose × class table as data. What each restricted
// (◐) cell releases is written next to its row and implemented in view.go.
var policy = []struct {
	purposes []consent.Purpose
	rule     Rule
}{
	// Everything, unmasked, including the subject's own emergency contacts.
	{[]consent.Purpose{consent.PurposeSelfInquiry},
		Rule{"self-inquiry", full, full, full, full, false, false, false, kindSelf}},
	// Third party ◐: the spouse only when the query declares the spouse a
	// co-applicant of this application (Query.SpouseCoApplicant); never
	// contacts, never co-obligors.
	{[]consent.Purpose{consent.PurposeLoanApproval, consent.PurposeCardApproval, consent.PurposeFinancingApproval, consent.PurposeLimitApproval},
		Rule{"approval", full, full, full, part, true, false, false, kindApproval}},
	{[]consent.Purpose{consent.PurposeGuarantorReview, consent.PurposePreInsurance, consent.PurposePostInsurance},
		Rule{"review-with-financials", full, full, full, none, true, false, false, kindNoThirdParty}},
	// Third party ◐: co-obligors of the querier's live accounts only.
	{[]consent.Purpose{consent.PurposePostLoan},
		Rule{"post-loan", full, full, full, part, true, true, false, kindPostLoan}},
	// Quasi ◐: marital status and residences. Financial ◐: residential
	// housing loans (business types 11 and 13) and annotations on them.
	// Third party ◐: the spouse's name and ID (joint withdrawals).
	{[]consent.Purpose{consent.PurposeHousingFund},
		Rule{"housing-fund", full, part, part, part, true, false, false, kindHousingFund}},
	// Quasi ◐: employment only. Financial Σ: Aggregates.
	{[]consent.Purpose{consent.PurposeFuturesAccount, consent.PurposeMerchantReview, consent.PurposeExecutiveReview, consent.PurposeAdmissionReview, consent.PurposeCreditStanding},
		Rule{"review", full, part, sum, none, true, false, false, kindReview}},
	// Third party: spouse and co-obligors. Emergency contacts still never
	// leave the institution that collected them; a court asks that
	// institution directly.
	{[]consent.Purpose{consent.PurposeJudicial},
		Rule{"judicial", full, full, full, full, false, false, true, kindJudicial}},
	{[]consent.Purpose{consent.PurposeMultiLendingCheck},
		Rule{"multi-lending", none, none, sum, none, true, false, false, kindMultiLending}},
	// Direct ◐: name, ID type, masked ID number, the subject's own phones.
	// Quasi ◐: the most recent residence (address for authorized visits).
	// Financial ◐: the one account under collection (Query.AccountID, held
	// by the delegating lender) without repayment history or classification,
	// and annotations on it (a dispute must reach the collector).
	{[]consent.Purpose{consent.PurposeDelegatedCollection},
		Rule{"collection", part, part, part, none, true, false, false, kindCollection}},
}

// PolicyFor returns the rule for purpose p.
func PolicyFor(p consent.Purpose) (Rule, bool) {
	for _, row := range policy {
		for _, q := range row.purposes {
			if q == p {
				return row.rule, true
			}
		}
	}
	return Rule{}, false
}

// Retention periods (征信业管理条例 Art. 16; the report's display window).
const (
	AdverseRetentionYears = 5
	InquiryDisplayMonths  = 24
)

// AdverseExpired reports whether an adverse item whose adverse period ended on
// end must be dropped on day today. The item is kept for five full years: it
// is still shown on the day before the fifth anniversary of end and dropped
// from the anniversary on (end 2020-03-15: shown 2025-03-14, dropped
// 2025-03-15; end 2020-02-29: dropped from 2025-03-01). An unset end (the
// adverse period has not ended, or there was none) never expires.
func AdverseExpired(end, today Date) bool {
	return !end.IsZero() && !today.Before(end.AddDate(AdverseRetentionYears, 0, 0))
}

// InquiryVisible reports whether an inquiry made on day d is shown on day
// today: within the 24 months that end today, so an inquiry of 2024-11-22 is
// shown through 2026-11-21 and hidden from 2026-11-22. Future-dated inquiries
// are not shown.
func InquiryVisible(d, today Date) bool {
	return !d.After(today) && today.Before(d.AddDate(0, InquiryDisplayMonths, 0))
}
