package vault_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"filippo.io/age"
	"github.com/credq/credq/consent"
	"github.com/credq/credq/consent/consenttest"
	"github.com/credq/credq/credit"
	"github.com/credq/credq/credit/vault"
)

// The main path: a keyring sealed to the institution's root identity, a
// vault over a store, records put and read back, looked up by phone number
// through a blind index, disclosed to a lender, and shredded.
func Example() {
	ctx := context.Background()

	// Once per institution: create the keyring and keep only its sealed form.
	root, _ := age.GenerateHybridIdentity() // or age.GenerateX25519Identity
	kr, _ := vault.NewKeyring("bank-a")
	file, _ := kr.Seal(root.Recipient())

	// At start-up: open the keyring with the root identity.
	kr, err := vault.OpenKeyring(file, root)
	if err != nil {
		panic(err)
	}
	v, _ := vault.New(vault.Config{Keyring: kr, Store: vault.NewMemStore()})
	plan, _, _ := v.AddIndex(vault.IndexMobile, 1_000_000)
	fmt.Printf("mobile index: %d-bit tags, %.1f expected false positives per lookup\n", plan.Bits, plan.ExpectedCollisions)

	rec := &credit.Record{
		ID:       "rec-1",
		Identity: &credit.Identity{Name: "张三", IDNumber: "11010519491231002X"},
		Phones:   []credit.Phone{{Number: "+8613800138000"}},
	}
	if err := v.Put(ctx, "subject-7f3a", rec); err != nil {
		panic(err)
	}
	found, _ := v.Lookup(ctx, vault.IndexMobile, "138 0013 8000")
	fmt.Println("found:", found[0].ID, found[0].Identity.Name)

	// Answer a lender's consented query: the view the grant allows is
	// logged and sealed to the lender's age recipient.
	lender, _ := age.GenerateX25519Identity()
	now := time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)
	grant, _ := consenttest.TryGrant(consenttest.Options{Purpose: consent.PurposeLoanApproval,
		Scope: consent.NewScope(consent.ClassDirect), Now: now})
	log := credit.NewLog(&credit.MemoryLogStore{})
	pkg, entry, err := v.Disclose(ctx, "rec-1", log, grant, credit.Query{}, now, lender.Recipient())
	if err != nil {
		panic(err)
	}
	d, _ := vault.OpenDisclosure(pkg, lender, grant.ConsentID())
	fmt.Println("disclosed:", d.Record.Identity.Name, d.Released, d.InquiryHash == entry.Hash)

	// Erasure: the subject key is destroyed.
	_ = v.Shred(ctx, "subject-7f3a")
	_, err = v.Get(ctx, "rec-1")
	fmt.Println("after shred:", errors.Is(err, vault.ErrShredded))
	// Output:
	// mobile index: 18-bit tags, 3.8 expected false positives per lookup
	// found: rec-1 张三
	// disclosed: 张三 direct true
	// after shred: true
}
