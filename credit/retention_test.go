package credit

import (
	"slices"
	"testing"
	"time"

	"github.com/credq/credq/consent"
)

func TestAdverseExpiredDayBoundary(t *testing.T) {
	for _, tc := range []struct {
		end, today Date
		want       bool
	}{
		{d(2020, 3, 15), d(2025, 3, 14), false}, // last day shown
		{d(2020, 3, 15), d(2025, 3, 15), true},  // fifth anniversary: dropped
		{d(2020, 3, 15), d(2025, 3, 16), true},
		{d(2020, 2, 29), d(2025, 2, 28), false}, // leap day: 2025-02-29 normalizes to 03-01
		{d(2020, 2, 29), d(2025, 3, 1), true},
		{d(2021, 12, 31), d(2026, 12, 30), false},
		{d(2021, 12, 31), d(2026, 12, 31), true},
		{Date{}, d(2099, 1, 1), false}, // adverse period not ended
	} {
		if got := AdverseExpired(tc.end, tc.today); got != tc.want {
			t.Errorf("AdverseExpired(end %v, today %v) = %v, want %v", tc.end, tc.today, got, tc.want)
		}
	}
}

func TestInquiryVisibleDayBoundary(t *testing.T) {
	for _, tc := range []struct {
		at, today Date
		want      bool
	}{
		{d(2024, 11, 22), d(2026, 11, 21), true}, // last day shown
		{d(2024, 11, 22), d(2026, 11, 22), false},
		{d(2024, 2, 29), d(2026, 2, 28), true},
		{d(2024, 2, 29), d(2026, 3, 1), false},
		{d(2026, 11, 22), d(2026, 11, 22), true},  // today
		{d(2026, 11, 23), d(2026, 11, 22), false}, // future
	} {
		if got := InquiryVisible(tc.at, tc.today); got != tc.want {
			t.Errorf("InquiryVisible(%v, today %v) = %v, want %v", tc.at, tc.today, got, tc.want)
		}
	}
}

// The same boundaries through a view: an adverse account and an inquiry
// appear on the last day and are gone the next, whatever the time of day.
func TestRetentionInViews(t *testing.T) {
	r := &Record{
		Accounts: []Account{{ID: "old", Type: AccountD1, Institution: "bank-a", Currency: CNY,
			Status: StatusSettled, ClosedOn: d(2021, 6, 30), AdverseEnd: d(2021, 6, 30)}},
		PublicRecords: []PublicRecord{{Type: PublicJudgment, AdverseEnd: d(2021, 6, 30)}},
		Inquiries:     []Inquiry{{Date: d(2024, 6, 30), Institution: "bank-x", Purpose: consent.PurposeLoanApproval}},
		Obligors:      []Obligor{{AccountID: "old", Role: RoleGuarantor, Name: "x"}},
		Annotations:   []Annotation{{Kind: NoteDispute, Target: "old", Text: "y"}},
	}
	counts := func(now time.Time) (accounts, public, inquiries, obligors, notes int) {
		v, err := buildView(r, viewRequest{purpose: consent.PurposeSelfInquiry, scope: all, requested: all, now: now})
		if err != nil {
			t.Fatal(err)
		}
		if v.Record == nil {
			return
		}
		return len(v.Record.Accounts), len(v.Record.PublicRecords), len(v.Record.Inquiries), len(v.Record.Obligors), len(v.Record.Annotations)
	}
	lastAdverse := time.Date(2026, 6, 29, 23, 59, 59, 0, time.UTC)
	if a, p, _, o, n := counts(lastAdverse); a != 1 || p != 1 || o != 1 || n != 1 {
		t.Errorf("2026-06-29: accounts %d public %d obligors %d notes %d, want 1 each", a, p, o, n)
	}
	if a, p, _, o, n := counts(lastAdverse.Add(time.Second)); a != 0 || p != 0 || o != 0 || n != 0 {
		t.Errorf("2026-06-30: accounts %d public %d obligors %d notes %d, want 0 each", a, p, o, n)
	}
	if _, _, q, _, _ := counts(lastAdverse); q != 1 {
		t.Errorf("inquiry of 2024-06-30 on 2026-06-29: %d shown, want 1", q)
	}
	if _, _, q, _, _ := counts(lastAdverse.Add(time.Second)); q != 0 {
		t.Errorf("inquiry of 2024-06-30 on 2026-06-30: %d shown, want 0", q)
	}
}

func TestAggregatesWindows(t *testing.T) {
	today := d(2026, 11, 22)
	r := &Record{Inquiries: []Inquiry{
		{Date: d(2026, 10, 23), Purpose: consent.PurposeLoanApproval},  // within 1 month
		{Date: d(2026, 10, 22), Purpose: consent.PurposeLoanApproval},  // exactly 1 month: outside 1M
		{Date: d(2026, 8, 22), Purpose: consent.PurposeCardApproval},   // exactly 3 months: outside 3M
		{Date: d(2025, 11, 23), Purpose: consent.PurposeLimitApproval}, // last day of 12M
		{Date: d(2025, 11, 22), Purpose: consent.PurposeLoanApproval},  // outside 12M
		{Date: d(2026, 11, 20), Purpose: consent.PurposePostLoan},      // soft: never counted
	}, Accounts: []Account{{Overdue: 1}, {Status: StatusOverdue}, {}}}
	got := aggregate(r, today)
	want := Aggregates{Accounts: 3, OverdueAccounts: 2, HardInquiries1M: 1, HardInquiries3M: 2, HardInquiries6M: 3, HardInquiries12M: 4}
	if *got != want {
		t.Errorf("aggregate = %+v, want %+v", *got, want)
	}
}

func TestMasks(t *testing.T) {
	for in, want := range map[string]string{"6222021234567890": "************7890", "1234": "****", "": "", "卡号12345": "***2345"} {
		if got := MaskAccountNumber(in); got != want {
			t.Errorf("MaskAccountNumber(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"11010519491231002X": "110***********002X", "1234567": "*******", "12345678": "123*5678"} {
		if got := MaskIDNumber(in); got != want {
			t.Errorf("MaskIDNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestApplyRetentionDoesNotShare(t *testing.T) {
	r := fixture()
	c := ApplyRetention(r, fixNow)
	c.Accounts[0].Balance = 1
	c.Identity.Name = "x"
	if r.Accounts[0].Balance == 1 || r.Identity.Name == "x" || !slices.Equal(r.Inquiries, fixture().Inquiries) {
		t.Error("ApplyRetention shares memory with its input")
	}
}
