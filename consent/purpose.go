package consent

import (
	"errors"
	"fmt"
)

// ErrInvalidPurpose is returned when a purpose code is not one of the defined
// values.
var ErrInvalidPurpose = errors.New("consent: invalid purpose")

// Purpose is the reason for a credit inquiry (查询原因). Values 1–26 are the
// PBOC inquiry-reason codes (table 1054 of the second-generation personal
// credit report) and carry the same number; values from 0xF0 up are not PBOC
// codes: self-inquiry is listed separately by the PBOC, and the other two are
// credq extensions.
//
// A consent grant names exactly one purpose and a query must state the same
// purpose (征信业管理条例 Art. 18, 20).
type Purpose uint8

// PBOC inquiry reasons (table 1054). The comment gives the official name.
const (
	PurposePostLoan          Purpose = 1  // 01 贷后管理 post-loan management (soft)
	PurposeLoanApproval      Purpose = 2  // 02 贷款审批 loan approval (hard)
	PurposeCardApproval      Purpose = 3  // 03 信用卡审批 credit-card approval (hard)
	PurposeGuarantorReview   Purpose = 8  // 08 担保资格审查 guarantor eligibility review (hard)
	PurposeJudicial          Purpose = 9  // 09 司法调查 judicial investigation
	PurposeHousingFund       Purpose = 16 // 16 公积金提取复核查询 housing-fund withdrawal re-check
	PurposeFuturesAccount    Purpose = 18 // 18 股指期货开户 index-futures account opening
	PurposeMerchantReview    Purpose = 19 // 19 特约商户实名审查 merchant real-name review (soft)
	PurposePreInsurance      Purpose = 20 // 20 保前审查 pre-insurance / pre-guarantee review (hard)
	PurposePostInsurance     Purpose = 21 // 21 保后管理 post-insurance / post-guarantee management (soft)
	PurposeExecutiveReview   Purpose = 22 // 22 法人代表、负责人、高管等资信审查 executive credit review
	PurposeAdmissionReview   Purpose = 23 // 23 客户准入资格审查 customer admission review
	PurposeFinancingApproval Purpose = 24 // 24 融资审批 financing approval (hard)
	PurposeCreditStanding    Purpose = 25 // 25 资信审查 credit standing review
	PurposeLimitApproval     Purpose = 26 // 26 额度审批 credit-limit approval (hard)
)

// Purposes that are not PBOC table-1054 codes.
const (
	// PurposeSelfInquiry is 本人查询: the subject reads their own report. The
	// PBOC lists it separately from the institutional inquiry reasons.
	PurposeSelfInquiry Purpose = 0xF0
	// PurposeMultiLendingCheck is a credq extension: a multi-lending (多头借贷)
	// check that releases aggregate counts only (e.g. PSI cardinality).
	PurposeMultiLendingCheck Purpose = 0xF1
	// PurposeDelegatedCollection is a credq extension: the narrowed view a
	// lender may delegate to a licensed collection agency. It can only be
	// derived by delegation from post-loan management; collection is never an
	// inquiry reason of its own.
	PurposeDelegatedCollection Purpose = 0xF2
)

type purposeInfo struct {
	code string // two-digit PBOC code, or a credq name for non-PBOC values
	name string
	hard bool // a hard inquiry (counts against the applicant in scoring)
}

var purposes = map[Purpose]purposeInfo{
	PurposePostLoan:            {"01", "post-loan management", false},
	PurposeLoanApproval:        {"02", "loan approval", true},
	PurposeCardApproval:        {"03", "credit-card approval", true},
	PurposeGuarantorReview:     {"08", "guarantor eligibility review", true},
	PurposeJudicial:            {"09", "judicial investigation", false},
	PurposeHousingFund:         {"16", "housing-fund withdrawal re-check", false},
	PurposeFuturesAccount:      {"18", "index-futures account opening", false},
	PurposeMerchantReview:      {"19", "merchant real-name review", false},
	PurposePreInsurance:        {"20", "pre-insurance review", true},
	PurposePostInsurance:       {"21", "post-insurance management", false},
	PurposeExecutiveReview:     {"22", "executive credit review", false},
	PurposeAdmissionReview:     {"23", "customer admission review", false},
	PurposeFinancingApproval:   {"24", "financing approval", true},
	PurposeCreditStanding:      {"25", "credit standing review", false},
	PurposeLimitApproval:       {"26", "credit-limit approval", true},
	PurposeSelfInquiry:         {"self", "self-inquiry", false},
	PurposeMultiLendingCheck:   {"x-multilending", "multi-lending check (credq extension)", false},
	PurposeDelegatedCollection: {"x-collection", "delegated collection (credq extension)", false},
}

// Valid reports whether p is a defined purpose.
func (p Purpose) Valid() bool {
	_, ok := purposes[p]
	return ok
}

// Code returns the two-digit PBOC code ("02"), "self" for self-inquiry, or the
// "x-…" name of a credq extension. It returns "" for an invalid purpose.
func (p Purpose) Code() string { return purposes[p].code }

// Hard reports whether an inquiry with this purpose is a hard inquiry (a
// credit application), as opposed to a soft one (account management).
func (p Purpose) Hard() bool { return purposes[p].hard }

// PBOC reports whether p is a PBOC table-1054 inquiry reason.
func (p Purpose) PBOC() bool { return p.Valid() && p < 0xF0 }

// String returns the code and English name, e.g. "02 loan approval".
func (p Purpose) String() string {
	info, ok := purposes[p]
	if !ok {
		return fmt.Sprintf("invalid purpose 0x%02x", uint8(p))
	}
	return info.code + " " + info.name
}

// ParsePurpose parses the result of [Purpose.Code] ("01", "02", …, "self",
// "x-multilending", "x-collection").
func ParsePurpose(code string) (Purpose, error) {
	for p, info := range purposes {
		if info.code == code {
			return p, nil
		}
	}
	return 0, fmt.Errorf("consent: purpose code %q: %w", code, ErrInvalidPurpose)
}

// AllPurposes returns every defined purpose in ascending order.
func AllPurposes() []Purpose {
	out := make([]Purpose, 0, len(purposes))
	for p := 0; p < 256; p++ {
		if Purpose(p).Valid() {
			out = append(out, Purpose(p))
		}
	}
	return out
}

// CanDeriveFor reports whether a delegation block may narrow a grant for
// purpose p to purpose q (DESIGN § consent, delegation): the purpose must
// stay the same, except that post-loan management (01) may be narrowed to
// [PurposeDelegatedCollection], the view a lender hands a licensed collection
// agency. Collection can be derived from nothing else, and nothing can be
// derived from an invalid purpose.
func (p Purpose) CanDeriveFor(q Purpose) bool {
	if !p.Valid() || !q.Valid() {
		return false
	}
	return p == q || p == PurposePostLoan && q == PurposeDelegatedCollection
}

// AllowsRecurring reports whether a grant for p may be recurring (no use
// count, valid until expiry). Only account-management purposes that ride on
// an existing relationship do: post-loan management (01, which needs no fresh
// written authorization while the loan is live), post-insurance management
// (21), and delegated collection derived from post-loan management. Every
// other purpose needs a counted grant (one-time by default).
func (p Purpose) AllowsRecurring() bool {
	return p == PurposePostLoan || p == PurposePostInsurance || p == PurposeDelegatedCollection
}
