package consenttest_test

import (
	"errors"
	"testing"

	"github.com/credq/credq/consent"
	"github.com/credq/credq/consent/consenttest"
)

func TestGrantDefaults(t *testing.T) {
	v := consenttest.Grant(t, consenttest.Options{})
	if !v.Valid() || v.Purpose() != consent.PurposeLoanApproval || v.Delegated() {
		t.Fatalf("Grant() = valid %v purpose %v delegated %v", v.Valid(), v.Purpose(), v.Delegated())
	}
	if v.GranteeID() != "lender-test" || v.HolderID() != "lender-test" || v.Audience() != "bureau-test" {
		t.Fatalf("IDs = %q %q %q", v.GranteeID(), v.HolderID(), v.Audience())
	}
}

func TestGrantDelegatedCollection(t *testing.T) {
	v := consenttest.Grant(t, consenttest.Options{
		Purpose:          consent.PurposePostLoan,
		Scope:            consent.NewScope(consent.ClassDirect, consent.ClassQuasi, consent.ClassFinancial),
		DelegateTo:       "agency-1",
		DelegatePurpose:  consent.PurposeDelegatedCollection,
		DelegateScope:    consent.NewScope(consent.ClassDirect),
		AuthorizationRef: "AUTH-1",
	})
	if !v.Delegated() || v.HolderID() != "agency-1" || v.GranteeID() != "lender-test" ||
		v.Purpose() != consent.PurposeDelegatedCollection || v.Scope() != consent.NewScope(consent.ClassDirect) ||
		v.AuthorizationRef() != "AUTH-1" {
		t.Fatalf("delegated grant = %v %q %q %v %v %q", v.Delegated(), v.HolderID(), v.GranteeID(), v.Purpose(), v.Scope(), v.AuthorizationRef())
	}
}

func TestTryGrantRejectsCollectionFromApproval(t *testing.T) {
	_, err := consenttest.TryGrant(consenttest.Options{
		Purpose:         consent.PurposeLoanApproval,
		DelegateTo:      "agency-1",
		DelegatePurpose: consent.PurposeDelegatedCollection,
	})
	if !errors.Is(err, consent.ErrWidening) {
		t.Fatalf("TryGrant(collection from 02) = %v, want ErrWidening", err)
	}
}

func TestZeroVerifiedInvalid(t *testing.T) {
	var v consent.Verified
	if v.Valid() || v.Purpose().Valid() || !v.Scope().Empty() {
		t.Fatal("zero Verified looks valid")
	}
	var nilV *consent.Verified
	if nilV.Valid() {
		t.Fatal("nil Verified looks valid")
	}
}
