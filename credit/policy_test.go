package credit

import (
	"errors"
	"testing"

	"github.com/credq/credq/consent"
	"github.com/google/go-cmp/cmp"
)

func withNumber(a Account, n string) Account { a.Number = n; return a }

// Hand-written masked account numbers (MaskAccountNumber keeps the last 4).
var (
	mAcc1 = withNumber(fixAcc1, "***************0123")
	mAcc2 = withNumber(fixAcc2, "************7890")
	mAcc3 = withNumber(fixAcc3, "********0123")
	mAcc5 = withNumber(fixAcc5, "************4455")
	mAcc6 = withNumber(fixAcc6, "*********7788")
)

const (
	dqf = consent.Scope(consent.ClassDirect | consent.ClassQuasi | consent.ClassFinancial)
	all = consent.ScopeAll
)

func identityPtr(i Identity) *Identity { return &i }
func spousePtr(s Spouse) *Spouse       { return &s }

var directIdentity = Identity{Name: fixIdentity.Name, IDType: fixIdentity.IDType, IDNumber: fixIdentity.IDNumber, Email: fixIdentity.Email}

// approvalRecord is the view of the approvals, guarantor and insurance rows:
// every direct, quasi and financial field after retention, numbers masked.
func approvalRecord() *Record {
	return &Record{
		Identity:      identityPtr(fixIdentity),
		Phones:        []Phone{fixPhone1, fixPhone2},
		Residences:    []Residence{fixRes1, fixRes2},
		Employment:    []Employment{fixEmp},
		Accounts:      []Account{mAcc1, mAcc2, mAcc3, mAcc5, mAcc6},
		PublicRecords: []PublicRecord{fixPR1},
		Inquiries:     []Inquiry{fixInq1, fixInq2, fixInq3, fixInq4},
		Annotations:   []Annotation{fixNote1, fixNote2, fixNote4},
	}
}

func selfRecord() *Record {
	r := approvalRecord()
	r.Accounts = []Account{fixAcc1, fixAcc2, fixAcc3, fixAcc5, fixAcc6}
	r.Spouse = spousePtr(fixSpouse)
	r.Contacts = []Contact{fixCont1, fixCont2}
	r.Obligors = []Obligor{fixOb1, fixOb2}
	return r
}

var fixAggregates = &Aggregates{Accounts: 5, OverdueAccounts: 1,
	HardInquiries1M: 1, HardInquiries3M: 1, HardInquiries6M: 2, HardInquiries12M: 2}

type policyCase struct {
	name     string
	purposes []consent.Purpose
	querier  string
	authRef  string
	query    Query
	scope    consent.Scope // granted and requested unless requested is set
	req      consent.Scope
	want     func(p consent.Purpose) *View
}

func policyCases() []policyCase {
	view := func(rec func() *Record, released consent.Scope, agg *Aggregates) func(consent.Purpose) *View {
		return func(p consent.Purpose) *View {
			v := &View{Purpose: p, Released: released, Aggregates: agg}
			if rec != nil {
				v.Record = rec()
			}
			return v
		}
	}
	approvals := []consent.Purpose{consent.PurposeLoanApproval, consent.PurposeCardApproval, consent.PurposeFinancingApproval, consent.PurposeLimitApproval}
	return []policyCase{
		{name: "self-inquiry", purposes: []consent.Purpose{consent.PurposeSelfInquiry}, querier: "subject", scope: all,
			want: view(selfRecord, all, nil)},
		{name: "approval", purposes: approvals, querier: "bank-x", scope: all,
			want: view(approvalRecord, dqf, nil)},
		{name: "approval with co-applicant spouse", purposes: approvals, querier: "bank-x", scope: all,
			query: Query{SpouseCoApplicant: true},
			want:  view(func() *Record { r := approvalRecord(); r.Spouse = spousePtr(fixSpouse); return r }, all, nil)},
		{name: "approval, query asks direct+financial only", purposes: approvals, querier: "bank-x", scope: all,
			req: consent.NewScope(consent.ClassDirect, consent.ClassFinancial), query: Query{SpouseCoApplicant: true},
			want: view(func() *Record {
				r := approvalRecord()
				r.Identity = identityPtr(directIdentity)
				r.Residences, r.Employment = nil, nil
				return r
			}, consent.NewScope(consent.ClassDirect, consent.ClassFinancial), nil)},
		{name: "approval, grant lacks direct: no account numbers", purposes: approvals, querier: "bank-x",
			scope: consent.NewScope(consent.ClassFinancial), req: all,
			want: view(func() *Record {
				return &Record{
					Accounts:      []Account{withNumber(fixAcc1, ""), withNumber(fixAcc2, ""), withNumber(fixAcc3, ""), withNumber(fixAcc5, ""), withNumber(fixAcc6, "")},
					PublicRecords: []PublicRecord{fixPR1},
					Inquiries:     []Inquiry{fixInq1, fixInq2, fixInq3, fixInq4},
					Annotations:   []Annotation{fixNote1, fixNote2, fixNote4},
				}
			}, consent.NewScope(consent.ClassFinancial), nil)},
		{name: "guarantor and insurance", querier: "bank-x", scope: all,
			purposes: []consent.Purpose{consent.PurposeGuarantorReview, consent.PurposePreInsurance, consent.PurposePostInsurance},
			want:     view(approvalRecord, dqf, nil)},
		{name: "post-loan management", purposes: []consent.Purpose{consent.PurposePostLoan}, querier: "bank-a", scope: all,
			want: view(func() *Record { r := approvalRecord(); r.Obligors = []Obligor{fixOb1}; return r }, all, nil)},
		{name: "housing-fund re-check", purposes: []consent.Purpose{consent.PurposeHousingFund}, querier: "fund-bj", scope: all,
			want: view(func() *Record {
				id := directIdentity
				id.MaritalStatus = fixIdentity.MaritalStatus
				return &Record{
					Identity:    &id,
					Phones:      []Phone{fixPhone1, fixPhone2},
					Residences:  []Residence{fixRes1, fixRes2},
					Accounts:    []Account{mAcc1, mAcc6},
					Annotations: []Annotation{fixNote4},
					Spouse:      &Spouse{Name: fixSpouse.Name, IDType: fixSpouse.IDType, IDNumber: fixSpouse.IDNumber},
				}
			}, all, nil)},
		{name: "reviews", querier: "exchange-1", scope: all,
			purposes: []consent.Purpose{consent.PurposeMerchantReview, consent.PurposeExecutiveReview, consent.PurposeAdmissionReview, consent.PurposeCreditStanding, consent.PurposeFuturesAccount},
			want: view(func() *Record {
				return &Record{Identity: identityPtr(directIdentity), Phones: []Phone{fixPhone1, fixPhone2}, Employment: []Employment{fixEmp}}
			}, dqf, fixAggregates)},
		{name: "judicial", purposes: []consent.Purpose{consent.PurposeJudicial}, querier: "court-1", authRef: "(2026)京01执123号", scope: all,
			want: view(func() *Record { r := selfRecord(); r.Contacts = nil; return r }, all, nil)},
		{name: "multi-lending check", purposes: []consent.Purpose{consent.PurposeMultiLendingCheck}, querier: "bank-x", scope: all,
			want: view(nil, consent.NewScope(consent.ClassFinancial), fixAggregates)},
		{name: "delegated collection", purposes: []consent.Purpose{consent.PurposeDelegatedCollection}, querier: "bank-b", scope: all,
			query: Query{AccountID: "acc-2"},
			want: view(func() *Record {
				a := mAcc2
				a.Class, a.Repayment, a.RepaymentAsOf = 0, "", Date{}
				return &Record{
					Identity:    &Identity{Name: "张三", IDType: IDResidentCard, IDNumber: "110***********002X"},
					Phones:      []Phone{fixPhone1, fixPhone2},
					Residences:  []Residence{fixRes2},
					Accounts:    []Account{a},
					Annotations: []Annotation{fixNote2},
				}
			}, dqf, nil)},
	}
}

func TestPolicyViews(t *testing.T) {
	covered := map[consent.Purpose]bool{}
	for _, tc := range policyCases() {
		for _, p := range tc.purposes {
			covered[p] = true
			req := tc.req
			if req == 0 {
				req = tc.scope
			}
			got, err := buildView(fixture(), viewRequest{purpose: p, scope: tc.scope, requested: req,
				querier: tc.querier, authRef: tc.authRef, now: fixNow, query: tc.query})
			if err != nil {
				t.Errorf("%s/%v: buildView: %v", tc.name, p, err)
				continue
			}
			if diff := cmp.Diff(tc.want(p), got); diff != "" {
				t.Errorf("%s/%v: view mismatch (-want +got):\n%s", tc.name, p, diff)
			}
		}
	}
	for _, p := range consent.AllPurposes() {
		if !covered[p] {
			t.Errorf("purpose %v has no policy test", p)
		}
		if _, ok := PolicyFor(p); !ok {
			t.Errorf("purpose %v has no policy row", p)
		}
	}
}

// The view never holds a class outside scope ∩ requested, for every purpose
// and every pair of scopes.
func TestViewNeverExceedsScope(t *testing.T) {
	for _, p := range consent.AllPurposes() {
		for scope := consent.Scope(0); scope <= all; scope++ {
			for req := consent.Scope(0); req <= all; req++ {
				v, err := buildView(fixture(), viewRequest{purpose: p, scope: scope, requested: req,
					querier: "bank-a", authRef: "ref", now: fixNow, query: Query{AccountID: "acc-1", SpouseCoApplicant: true}})
				if err != nil {
					t.Fatalf("%v: %v", p, err)
				}
				if !(scope & req).Contains(v.Released) {
					t.Fatalf("%v scope %v requested %v: released %v", p, scope, req, v.Released)
				}
				if v.Record != nil {
					_ = v.Record.Walk(func(f FieldValue) error {
						if !(scope & req).Has(f.Spec.Class) {
							t.Fatalf("%v: field %s of class %v outside %v", p, f.Path, f.Spec.Class, scope&req)
						}
						return nil
					})
				}
			}
		}
	}
}

func TestContactsOnlyInSelfInquiry(t *testing.T) {
	for _, p := range consent.AllPurposes() {
		v, err := buildView(fixture(), viewRequest{purpose: p, scope: all, requested: all, querier: "bank-a",
			authRef: "ref", now: fixNow, query: Query{AccountID: "acc-1", SpouseCoApplicant: true}})
		if err != nil {
			t.Fatal(err)
		}
		has := v.Record != nil && len(v.Record.Contacts) > 0
		if has != (p == consent.PurposeSelfInquiry) {
			t.Errorf("%v: contacts released = %v", p, has)
		}
	}
}

func TestPolicyDenials(t *testing.T) {
	base := viewRequest{scope: all, requested: all, now: fixNow}
	for _, tc := range []struct {
		name string
		mod  func(*viewRequest)
		want error
	}{
		{"post-loan without any account", func(r *viewRequest) { r.purpose, r.querier = consent.PurposePostLoan, "bank-x" }, ErrNoLiveAccount},
		{"post-loan with only a closed account", func(r *viewRequest) { r.purpose, r.querier = consent.PurposePostLoan, "bank-c" }, ErrNoLiveAccount},
		{"judicial without instrument", func(r *viewRequest) { r.purpose, r.querier = consent.PurposeJudicial, "court-1" }, ErrNoLegalInstrument},
		{"collection without account", func(r *viewRequest) { r.purpose, r.querier = consent.PurposeDelegatedCollection, "bank-b" }, ErrNoCollectionAccount},
		{"collection of another lender's account", func(r *viewRequest) {
			r.purpose, r.querier, r.query.AccountID = consent.PurposeDelegatedCollection, "bank-b", "acc-1"
		}, ErrNoCollectionAccount},
		{"collection of a closed account", func(r *viewRequest) {
			r.purpose, r.querier, r.query.AccountID = consent.PurposeDelegatedCollection, "bank-a", "acc-5"
		}, ErrNoCollectionAccount},
		{"collection of an unknown account", func(r *viewRequest) {
			r.purpose, r.querier, r.query.AccountID = consent.PurposeDelegatedCollection, "bank-b", "acc-9"
		}, ErrNoCollectionAccount},
		{"invalid purpose", func(r *viewRequest) { r.purpose = 0 }, ErrPurposeNotCovered},
	} {
		req := base
		tc.mod(&req)
		if v, err := buildView(fixture(), req); !errors.Is(err, tc.want) || v != nil {
			t.Errorf("%s: buildView = %v, %v; want nil, %v", tc.name, v, err, tc.want)
		}
	}
}

func TestBuildViewDoesNotModifyRecord(t *testing.T) {
	r := fixture()
	if _, err := buildView(r, viewRequest{purpose: consent.PurposeLoanApproval, scope: all, requested: all, now: fixNow}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fixture(), r); diff != "" {
		t.Errorf("record modified (-want +got):\n%s", diff)
	}
}
