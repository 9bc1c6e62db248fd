package synth

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/credq/credq/credit"
	"github.com/google/go-cmp/cmp"
)

var now = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

func TestRecordsValid(t *testing.T) {
	g := New(1, now)
	for i, r := range g.Records(500) {
		if err := r.Validate(); err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
		if _, err := credit.NormalizeResidentIDAt(r.Identity.IDNumber, now); err != nil {
			t.Fatalf("record %d: ID: %v", i, err)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, b := New(7, now).Records(50), New(7, now).Records(50)
	if diff := cmp.Diff(a[:3], b[:3]); diff != "" {
		t.Fatalf("same seed, different records:\n%s", diff)
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	jc, _ := json.Marshal(New(8, now).Records(50))
	if !bytes.Equal(ja, jb) {
		t.Fatal("same seed, different records")
	}
	if bytes.Equal(ja, jc) {
		t.Fatal("different seeds gave the same records")
	}
}

// The distributions are in the intended ranges (wide bounds: this guards
// against a broken generator, not against tuning).
func TestDistributions(t *testing.T) {
	const n = 1500
	var accounts, overdue, multi, withDelinq, mortgages, cards int
	for _, r := range New(3, now).Records(n) {
		accounts += len(r.Accounts)
		consumer := 0
		for _, a := range r.Accounts {
			if a.Overdue > 0 {
				overdue++
			}
			if a.Repayment.WorstOverdue() > 0 {
				withDelinq++
			}
			switch a.Business {
			case credit.BizConsumer:
				consumer++
			case credit.BizHousing, credit.BizHousingFund:
				mortgages++
			case credit.BizCreditCard:
				cards++
			}
			if len(a.Repayment) != credit.RepaymentMonths {
				t.Fatalf("repayment length %d", len(a.Repayment))
			}
		}
		if consumer >= 2 {
			multi++
		}
	}
	perRecord := float64(accounts) / n
	check := func(name string, got, lo, hi float64) {
		if got < lo || got > hi {
			t.Errorf("%s = %.3f, want in [%.2f, %.2f]", name, got, lo, hi)
		}
	}
	check("accounts per record", perRecord, 2, 8)
	check("share multi-lending", float64(multi)/n, 0.35, 0.6)
	check("share accounts ever delinquent", float64(withDelinq)/float64(accounts), 0.03, 0.25)
	check("share accounts overdue now", float64(overdue)/float64(accounts), 0.005, 0.15)
	check("mortgages per record", float64(mortgages)/n, 0.15, 0.4)
	check("cards per record", float64(cards)/n, 1, 2.5)
}
