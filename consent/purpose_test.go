package consent

import (
	"errors"
	"testing"
)

func TestPurposeCodes(t *testing.T) {
	want := map[Purpose]string{
		PurposePostLoan: "01", PurposeLoanApproval: "02", PurposeCardApproval: "03", PurposeGuarantorReview: "08",
		PurposeJudicial: "09", PurposeHousingFund: "16", PurposeFuturesAccount: "18", PurposeMerchantReview: "19",
		PurposePreInsurance: "20", PurposePostInsurance: "21", PurposeExecutiveReview: "22", PurposeAdmissionReview: "23",
		PurposeFinancingApproval: "24", PurposeCreditStanding: "25", PurposeLimitApproval: "26",
		PurposeSelfInquiry: "self", PurposeMultiLendingCheck: "x-multilending", PurposeDelegatedCollection: "x-collection",
	}
	all := AllPurposes()
	if len(all) != len(want) {
		t.Fatalf("AllPurposes() has %d purposes, want %d", len(all), len(want))
	}
	for i, p := range all {
		if i > 0 && all[i-1] >= p {
			t.Fatalf("AllPurposes() not ascending at %d", i)
		}
		if p.Code() != want[p] || !p.Valid() {
			t.Errorf("%d.Code() = %q, want %q", uint8(p), p.Code(), want[p])
		}
		back, err := ParsePurpose(p.Code())
		if err != nil || back != p {
			t.Errorf("ParsePurpose(%q) = %v, %v", p.Code(), back, err)
		}
		if p.PBOC() != (p < 0xF0) {
			t.Errorf("%v.PBOC() = %v", p, p.PBOC())
		}
	}
}

func TestPurposeHard(t *testing.T) {
	hard := map[Purpose]bool{PurposeLoanApproval: true, PurposeCardApproval: true, PurposeGuarantorReview: true,
		PurposePreInsurance: true, PurposeFinancingApproval: true, PurposeLimitApproval: true}
	for _, p := range AllPurposes() {
		if p.Hard() != hard[p] {
			t.Errorf("%v.Hard() = %v", p, p.Hard())
		}
	}
}

func TestPurposeInvalid(t *testing.T) {
	for _, p := range []Purpose{0, 4, 7, 10, 17, 27, 0xEF, 0xF3, 0xFF} {
		if p.Valid() || p.Code() != "" || p.PBOC() || p.Hard() {
			t.Errorf("Purpose(%d) looks valid", uint8(p))
		}
		if got := p.String(); got == "" {
			t.Errorf("Purpose(%d).String() empty", uint8(p))
		}
	}
	for _, s := range []string{"", "1", "001", "04", "x-foo", "SELF"} {
		if _, err := ParsePurpose(s); !errors.Is(err, ErrInvalidPurpose) {
			t.Errorf("ParsePurpose(%q) = %v, want ErrInvalidPurpose", s, err)
		}
	}
	if PurposeLoanApproval.String() != "02 loan approval" {
		t.Errorf("String() = %q", PurposeLoanApproval.String())
	}
}

func TestPurposeCanDeriveFor(t *testing.T) {
	for _, p := range AllPurposes() {
		for _, q := range AllPurposes() {
			want := p == q || p == PurposePostLoan && q == PurposeDelegatedCollection
			if p.CanDeriveFor(q) != want {
				t.Errorf("%v.CanDeriveFor(%v) = %v, want %v", p, q, !want, want)
			}
		}
		if p.CanDeriveFor(0) || Purpose(0).CanDeriveFor(p) {
			t.Errorf("derivation to or from an invalid purpose allowed for %v", p)
		}
	}
	if PurposeDelegatedCollection.CanDeriveFor(PurposePostLoan) {
		t.Error("collection may widen back to post-loan")
	}
}

func TestPurposeAllowsRecurring(t *testing.T) {
	for _, p := range AllPurposes() {
		want := p == PurposePostLoan || p == PurposePostInsurance || p == PurposeDelegatedCollection
		if p.AllowsRecurring() != want {
			t.Errorf("%v.AllowsRecurring() = %v", p, !want)
		}
	}
}
