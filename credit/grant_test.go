package credit

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/credq/credq/consent"
	"github.com/credq/credq/consent/consenttest"
	"github.com/google/go-cmp/cmp"
)

func TestNewViewFromGrantMatchesPolicy(t *testing.T) {
	g := consenttest.Grant(t, consenttest.Options{Purpose: consent.PurposeLoanApproval, Scope: all,
		GranteeID: "bank-x", Now: fixNow})
	v, err := NewView(fixture(), g, Query{}, fixNow)
	if err != nil {
		t.Fatal(err)
	}
	want := &View{Purpose: consent.PurposeLoanApproval, Released: dqf, Record: approvalRecord()}
	if diff := cmp.Diff(want, v); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestNewViewRequestedScopeFromGrant(t *testing.T) {
	g := consenttest.Grant(t, consenttest.Options{Purpose: consent.PurposeLoanApproval, Scope: all,
		Requested: consent.NewScope(consent.ClassFinancial), GranteeID: "bank-x", Now: fixNow})
	v, err := NewView(fixture(), g, Query{SpouseCoApplicant: true}, fixNow)
	if err != nil {
		t.Fatal(err)
	}
	if v.Released != consent.NewScope(consent.ClassFinancial) || v.Record.Identity != nil || v.Record.Spouse != nil {
		t.Errorf("released %v, identity %v, spouse %v; want financial only", v.Released, v.Record.Identity, v.Record.Spouse)
	}
}

func TestNewViewDelegatedCollection(t *testing.T) {
	g := consenttest.Grant(t, consenttest.Options{Purpose: consent.PurposePostLoan, Scope: all,
		GranteeID: "bank-b", DelegateTo: "agency-7", DelegatePurpose: consent.PurposeDelegatedCollection,
		DelegateScope: dqf, Now: fixNow})
	v, err := NewView(fixture(), g, Query{AccountID: "acc-2"}, fixNow)
	if err != nil {
		t.Fatal(err)
	}
	var want *View
	for _, tc := range policyCases() {
		if tc.name == "delegated collection" {
			want = tc.want(consent.PurposeDelegatedCollection)
		}
	}
	if diff := cmp.Diff(want, v); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	e := EntryFor(g, v, fixNow)
	if e.Querier != "bank-b" || e.Holder != "agency-7" || e.Released != dqf {
		t.Errorf("EntryFor = %+v", e)
	}
}

func TestNewViewRejectsMissingOrExpiredGrant(t *testing.T) {
	if _, err := NewView(fixture(), nil, Query{}, fixNow); !errors.Is(err, ErrNoGrant) {
		t.Errorf("nil grant: %v", err)
	}
	if _, err := NewView(fixture(), &consent.Verified{}, Query{}, fixNow); !errors.Is(err, ErrNoGrant) {
		t.Errorf("zero grant: %v", err)
	}
	g := consenttest.Grant(t, consenttest.Options{Now: fixNow, Validity: time.Hour})
	if _, err := NewView(fixture(), g, Query{}, fixNow.Add(2*time.Hour)); !errors.Is(err, ErrGrantExpired) {
		t.Errorf("expired grant: %v", err)
	}
}

func TestNewViewJudicialNeedsInstrument(t *testing.T) {
	g := consenttest.Grant(t, consenttest.Options{Purpose: consent.PurposeJudicial, Scope: all, GranteeID: "court-1", Now: fixNow})
	if _, err := NewView(fixture(), g, Query{}, fixNow); !errors.Is(err, ErrNoLegalInstrument) {
		t.Errorf("judicial without instrument: %v", err)
	}
}

type failingStore struct{ MemoryLogStore }

func (*failingStore) Append(context.Context, LogEntry) error { return errors.New("disk full") }

func TestDiscloseFailsClosedWhenLogFails(t *testing.T) {
	g := consenttest.Grant(t, consenttest.Options{GranteeID: "bank-x", Now: fixNow})
	v, _, err := Disclose(context.Background(), NewLog(&failingStore{}), fixture(), g, Query{}, fixNow)
	if err == nil || v != nil {
		t.Fatalf("Disclose = %v, %v; want no view and an error", v, err)
	}
}

func TestDiscloseLogsEveryView(t *testing.T) {
	st := &MemoryLogStore{}
	l := NewLog(st)
	for i := 0; i < 3; i++ {
		g := consenttest.Grant(t, consenttest.Options{GranteeID: "bank-x", Now: fixNow})
		if _, _, err := Disclose(context.Background(), l, fixture(), g, Query{}, fixNow); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(st.Entries()); n != 3 {
		t.Fatalf("%d entries, want 3", n)
	}
	if err := l.Verify(context.Background(), Checkpoint{}); err != nil {
		t.Fatal(err)
	}
}

func TestRecordSubjectRefMatchesGrant(t *testing.T) {
	k, err := consent.NewSubjectKey()
	if err != nil {
		t.Fatal(err)
	}
	r := fixture()
	ref, err := r.SubjectRef(k)
	if err != nil {
		t.Fatal(err)
	}
	g := consenttest.Grant(t, consenttest.Options{Subject: k.Ref("cnid:v1:11010519491231002X"), Now: fixNow})
	if !g.SubjectRef().Equal(ref) {
		t.Error("record's SubjectRef differs from the grant's for the same ID number")
	}
	r.Identity.IDType = IDPassport
	if _, err := r.SubjectRef(k); !errors.Is(err, ErrMissingField) {
		t.Errorf("passport identity: %v", err)
	}
	if _, err := (&Record{}).SubjectRef(k); !errors.Is(err, ErrMissingField) {
		t.Errorf("no identity: %v", err)
	}
}
