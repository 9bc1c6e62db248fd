package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/credq/credq/consent"
	"github.com/credq/credq/credit/synth"
	"github.com/credq/credq/credit/vault"
	"github.com/credq/credq/examples/lender/api"
)

// expectRejected checks that err is the API error with the given status and
// code, and prints it.
func (e *demoEnv) expectRejected(err error, status int, code string) error {
	var ae *api.Error
	if !errors.As(err, &ae) || ae.Status != status || ae.Code != code {
		return fmt.Errorf("step %d: got %v, want %d %s", e.step, err, status, code)
	}
	e.printf("   → rejected: %d %s (%s)\n", ae.Status, ae.Code, ae.Message)
	return nil
}

func describe(d *vault.Disclosure) string {
	r := d.Record
	if r == nil {
		return "no record-level fields"
	}
	yes := map[bool]string{true: "present", false: "none"}
	return fmt.Sprintf("released %s; name %s, %d phones, %d accounts; contacts %s, spouse %s, co-obligors %s",
		d.Released, yes[r.Identity != nil && r.Identity.Name != ""], len(r.Phones), len(r.Accounts),
		yes[len(r.Contacts) > 0], yes[r.Spouse != nil], yes[len(r.Obligors) > 0])
}

// walk runs the demo's steps against the running service.
func (e *demoEnv) walk(ctx context.Context, o demoOptions) error {
	scopeApproval := consent.NewScope(consent.ClassDirect, consent.ClassQuasi, consent.ClassFinancial)
	recs := synth.New(2026, time.Now()).Records(o.Records)
	loaded, err := e.client.Load(ctx, recs)
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	e.printf("seeded %d synthetic records, sealed field by field on write\n", loaded.Loaded)
	subj, acct := pickSubject(recs)
	if subj == nil {
		return errors.New("demo: no synthetic record with a live account; use more --records")
	}
	lenderID := acct.Institution
	ref, err := e.client.SubjectRef(ctx, subj.Identity.IDNumber)
	if err != nil {
		return fmt.Errorf("subject ref: %w", err)
	}
	e.printf("borrower: a synthetic subject with %d accounts and %d emergency contacts; lender: %s\n",
		len(subj.Accounts), len(subj.Contacts), lenderID)
	// grant issues the borrower's consent to the lender (its ID and key).
	grant := func(p consent.Purpose, s consent.Scope, uses consent.UseLimit, validity time.Duration) (*consent.Token, error) {
		return e.issuer.Issue(consent.Grant{
			Subject: ref, GranteeID: lenderID, GranteeKey: e.lender.Public(), Audience: demoInstitution,
			Purpose: p, Scope: s, Uses: uses, Expiry: time.Now().Add(validity), AuthorizationRef: "AUTH-DEMO-0001",
		})
	}

	// 1. Loan approval: consent, query, decrypt.
	e.stepf("the borrower consents to a loan-approval (02) query by %s; the lender queries", lenderID)
	tok, err := grant(consent.PurposeLoanApproval, scopeApproval, consent.OneTime, time.Hour)
	if err != nil {
		return err
	}
	q := api.QueryRequest{Purpose: consent.PurposeLoanApproval.Code(), Scope: scopeApproval.String(), Recipient: e.lendID.Recipient().String()}
	if err := q.Sign(e.lender, tok); err != nil {
		return err
	}
	resp, err := e.client.Query(ctx, &q)
	if err != nil {
		return fmt.Errorf("step 1: %w", err)
	}
	d, err := vault.OpenDisclosure(resp.Disclosure, e.lendID, tok.ConsentID())
	if err != nil {
		return fmt.Errorf("step 1: open disclosure: %w", err)
	}
	if d.Record == nil || len(d.Record.Contacts) > 0 {
		return errors.New("step 1: the approval view is empty or holds contacts")
	}
	e.printf("   → 200: the lender decrypted the disclosure (%d bytes, inquiry #%d): %s\n", len(resp.Disclosure), resp.InquirySeq, describe(d))
	if _, err := vault.OpenDisclosure(resp.Disclosure, e.agentID, tok.ConsentID()); !errors.Is(err, vault.ErrWrongKey) {
		return fmt.Errorf("step 1: another key opened the disclosure: %v", err)
	}
	e.printf("   → another party's age key cannot open it (%v)\n", vault.ErrWrongKey)

	// 2. Replay.
	e.stepf("the same presentation is sent again (replay)")
	_, err = e.client.Query(ctx, &q)
	if err := e.expectRejected(err, 409, api.CodeReplay); err != nil {
		return err
	}

	// 3. Post-loan management delegated to a collection agency.
	e.stepf("a recurring post-loan (01) grant; %s delegates collection of account %s to %s", lenderID, acct.ID, demoAgency)
	post, err := grant(consent.PurposePostLoan, consent.ScopeAll, consent.Recurring, 24*time.Hour)
	if err != nil {
		return err
	}
	deleg, err := e.lender.Delegate(post, consent.Delegation{
		DelegateID: demoAgency, DelegateKey: e.agency.Public(),
		Purpose: consent.PurposeDelegatedCollection, Uses: consent.Recurring,
	})
	if err != nil {
		return err
	}
	cq := api.QueryRequest{Purpose: consent.PurposeDelegatedCollection.Code(), Scope: consent.ScopeAll.String(),
		Recipient: e.agentID.Recipient().String(), AccountID: acct.ID}
	if err := cq.Sign(e.agency, deleg); err != nil {
		return err
	}
	resp, err = e.client.Query(ctx, &cq)
	if err != nil {
		return fmt.Errorf("step 3: %w", err)
	}
	d, err = vault.OpenDisclosure(resp.Disclosure, e.agentID, post.ConsentID())
	if err != nil {
		return fmt.Errorf("step 3: %w", err)
	}
	if r := d.Record; r == nil || len(r.Contacts) > 0 || r.Spouse != nil || len(r.Obligors) > 0 || len(r.Accounts) != 1 || d.Released.Has(consent.ClassThirdParty) {
		return errors.New("step 3: the collection view holds third-party data or other accounts")
	}
	masked := ""
	if d.Record.Identity != nil {
		masked = d.Record.Identity.IDNumber
	}
	e.printf("   → 200: asked for every class, the agency got: %s; ID number as released: %s\n", describe(d), masked)

	// 4. Revocation.
	e.stepf("the borrower revokes the post-loan consent; the agency queries again")
	if err := e.client.Revoke(ctx, api.RevokeRequest{ConsentID: post.ConsentID().String(), Until: post.Expiry()}); err != nil {
		return fmt.Errorf("step 4: %w", err)
	}
	if err := cq.Sign(e.agency, deleg); err != nil {
		return err
	}
	_, err = e.client.Query(ctx, &cq)
	if err := e.expectRejected(err, 403, api.CodeRevoked); err != nil {
		return err
	}

	// 5. Inquiry history.
	e.stepf("the borrower lists who queried their file (24-month window)")
	list, err := e.client.Inquiries(ctx, subj.Identity.IDNumber)
	if err != nil {
		return fmt.Errorf("step 5: %w", err)
	}
	if len(list) != 2 {
		return fmt.Errorf("step 5: %d inquiries listed, want 2", len(list))
	}
	for _, l := range list {
		via := ""
		if l.Delegate != "" {
			via = " via " + l.Delegate
		}
		e.printf("   → %s  %s%s  purpose %s\n", l.Date, l.Institution, via, l.Purpose)
	}

	// 6. Shredding.
	e.stepf("the borrower's file is crypto-shredded; the lender queries with a fresh consent")
	if err := e.client.Shred(ctx, subj.Identity.IDNumber); err != nil {
		return fmt.Errorf("step 6: %w", err)
	}
	tok, err = grant(consent.PurposeLoanApproval, scopeApproval, consent.OneTime, time.Hour)
	if err != nil {
		return err
	}
	if err := q.Sign(e.lender, tok); err != nil {
		return err
	}
	_, err = e.client.Query(ctx, &q)
	if err := e.expectRejected(err, 410, api.CodeShredded); err != nil {
		return err
	}

	// 7. Audit.
	e.stepf("the inquiry log is verified end to end")
	a, err := e.client.Audit(ctx)
	if err != nil || !a.Verified {
		return fmt.Errorf("step 7: %v", err)
	}
	e.printf("   → verified: %d entries, head %s…\n", a.Entries, a.Head[:16])
	return nil
}
