package server

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/credq/credq/consent"
	"github.com/credq/credq/credit"
	"github.com/credq/credq/credit/synth"
	"github.com/credq/credq/credit/vault"
	"github.com/credq/credq/examples/lender/api"
	"github.com/credq/credq/examples/lender/store/storetest"
)

func TestHealth(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		h, err := e.client.Health(context.Background())
		if err != nil || h.Status != "ok" || h.Institution != testInstitution || h.Schema < 1 {
			t.Fatalf("Health = %+v, %v", h, err)
		}
	})
}

// TestQueryLifecycle drives every endpoint through one subject's life:
// query and decrypt, replay, delegated collection, revocation, history,
// shredding and the log audit.
func TestQueryLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		e := newEnv(t, dsn)

		tok := e.grant(consent.Grant{})
		q := e.request(e.holder, tok, consent.PurposeLoanApproval, approvalScope)
		resp, err := e.client.Query(ctx, &q)
		if err != nil {
			t.Fatalf("Query: %v", err)
		}
		d, err := vault.OpenDisclosure(resp.Disclosure, e.reqID, tok.ConsentID())
		if err != nil {
			t.Fatalf("OpenDisclosure: %v", err)
		}
		if d.Record == nil || d.Record.Identity == nil || d.Record.Identity.IDNumber != e.subject.Identity.IDNumber {
			t.Fatal("disclosure does not hold the subject's identity")
		}
		if len(d.Record.Contacts) != 0 {
			t.Fatal("approval disclosure holds emergency contacts")
		}
		if resp.ConsentID != tok.ConsentID().String() || resp.InquirySeq != 0 || len(resp.InquiryHash) != 64 {
			t.Fatalf("response = %+v", resp)
		}
		// Replay of the very same request.
		_, err = e.client.Query(ctx, &q)
		e.wantAPIError(err, http.StatusConflict, api.CodeReplay)

		// Post-loan management delegated to a collection agency.
		agency, _ := consent.GenerateHolderKey()
		post := e.grant(consent.Grant{Purpose: consent.PurposePostLoan, Scope: consent.ScopeAll, Uses: consent.Recurring})
		deleg, err := e.holder.Delegate(post, consent.Delegation{DelegateID: "agency-test", DelegateKey: agency.Public(),
			Purpose: consent.PurposeDelegatedCollection, Uses: consent.Recurring})
		if err != nil {
			t.Fatal(err)
		}
		cq := api.QueryRequest{Purpose: consent.PurposeDelegatedCollection.Code(), Scope: consent.ScopeAll.String(),
			Recipient: e.reqID.Recipient().String(), AccountID: e.acct.ID}
		e.sign(agency, deleg, &cq)
		resp, err = e.client.Query(ctx, &cq)
		if err != nil {
			t.Fatalf("collection query: %v", err)
		}
		d, err = vault.OpenDisclosure(resp.Disclosure, e.reqID, post.ConsentID())
		if err != nil {
			t.Fatal(err)
		}
		if r := d.Record; r == nil || len(r.Contacts)+len(r.Obligors) > 0 || r.Spouse != nil || len(r.Accounts) != 1 ||
			r.Accounts[0].ID != e.acct.ID || d.Released.Has(consent.ClassThirdParty) {
			t.Fatalf("collection view releases more than the debt and the debtor's own contacts (released %v)", d.Released)
		}
		// Revocation stops the delegate.
		if err := e.client.Revoke(ctx, api.RevokeRequest{ConsentID: post.ConsentID().String(), Until: post.Expiry()}); err != nil {
			t.Fatal(err)
		}
		e.sign(agency, deleg, &cq)
		_, err = e.client.Query(ctx, &cq)
		e.wantAPIError(err, http.StatusForbidden, api.CodeRevoked)

		// History: two inquiries, newest first.
		list, err := e.client.Inquiries(ctx, e.subject.Identity.IDNumber)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].Delegate != "agency-test" || list[0].Purpose != "x-collection" ||
			list[1].Purpose != "02" || list[1].Institution != e.acct.Institution {
			t.Fatalf("Inquiries = %+v", list)
		}
		// Shred: later queries are 410, the history stays.
		if err := e.client.Shred(ctx, e.subject.Identity.IDNumber); err != nil {
			t.Fatal(err)
		}
		tok = e.grant(consent.Grant{})
		q = e.request(e.holder, tok, consent.PurposeLoanApproval, approvalScope)
		_, err = e.client.Query(ctx, &q)
		e.wantAPIError(err, http.StatusGone, api.CodeShredded)
		if _, err := e.srv.Vault().Get(ctx, e.subject.ID); !errors.Is(err, vault.ErrShredded) {
			t.Fatalf("stored record after shred: %v, want ErrShredded", err)
		}
		a, err := e.client.Audit(ctx)
		if err != nil || !a.Verified || a.Entries != 2 {
			t.Fatalf("Audit = %+v, %v", a, err)
		}
		e.checkLogs(tok.ConsentID().String(), post.ConsentID().String(), e.acct.ID, q.Presentation, q.Recipient)
	})
}

// TestAuditDetectsTamperingInTheDatabase edits the inquiry_log table behind
// the server's back: a modified entry breaks the chain, and a deleted tail
// entry (which leaves a valid shorter chain) is caught against the head the
// server saw.
func TestAuditDetectsTamperingInTheDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		e := newEnv(t, dsn)
		for range 3 {
			q := e.request(e.holder, e.grant(consent.Grant{}), consent.PurposeLoanApproval, approvalScope)
			if _, err := e.client.Query(ctx, &q); err != nil {
				t.Fatal(err)
			}
		}
		if a, err := e.client.Audit(ctx); err != nil || a.Entries != 3 {
			t.Fatalf("Audit = %+v, %v", a, err)
		}
		raw := e.rawDB()
		if _, err := raw.ExecContext(ctx, `DELETE FROM inquiry_log WHERE seq = (SELECT MAX(seq) FROM inquiry_log)`); err != nil {
			t.Fatal(err)
		}
		_, err := e.client.Audit(ctx)
		e.wantAPIError(err, http.StatusInternalServerError, api.CodeInternal)
		// A restarted server knows only the shortened head; a modified
		// entry still breaks the chain.
		e.stop()
		e.start()
		if _, err := e.client.Audit(ctx); err != nil {
			t.Fatalf("Audit of the (shorter) intact chain after restart: %v", err)
		}
		var entry []byte
		if err := raw.QueryRowContext(ctx, `SELECT entry FROM inquiry_log WHERE seq = 0`).Scan(&entry); err != nil {
			t.Fatal(err)
		}
		entry[20] ^= 1 // inside the time field
		if _, err := raw.ExecContext(ctx, rebind(dsn, `UPDATE inquiry_log SET entry = ? WHERE seq = 0`), entry); err != nil {
			t.Fatal(err)
		}
		_, err = e.client.Audit(ctx)
		e.wantAPIError(err, http.StatusInternalServerError, api.CodeInternal)
	})
}

// TestRestartKeepsKeysAndLog restarts the server on the same database: the
// keyring and subject key are reopened from their sealed rows, records stay
// readable, subject references stay stable and the log continues its chain.
func TestRestartKeepsKeysAndLog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		e := newEnv(t, dsn)
		tok := e.grant(consent.Grant{})
		q := e.request(e.holder, tok, consent.PurposeLoanApproval, approvalScope)
		if _, err := e.client.Query(ctx, &q); err != nil {
			t.Fatal(err)
		}
		e.stop()
		e.start()
		ref, err := e.client.SubjectRef(ctx, e.subject.Identity.IDNumber)
		if err != nil || ref != e.ref {
			t.Fatalf("subject reference changed across a restart (%v)", err)
		}
		// The replay store survived the restart too.
		_, err = e.client.Query(ctx, &q)
		e.wantAPIError(err, http.StatusConflict, api.CodeReplay)
		tok = e.grant(consent.Grant{})
		q = e.request(e.holder, tok, consent.PurposeLoanApproval, approvalScope)
		resp, err := e.client.Query(ctx, &q)
		if err != nil || resp.InquirySeq != 1 {
			t.Fatalf("query after restart: seq %v, %v", resp, err)
		}
		if a, err := e.client.Audit(ctx); err != nil || a.Entries != 2 {
			t.Fatalf("Audit = %+v, %v", a, err)
		}
	})
}

func TestNewRefusesWrongRootIdentity(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	e.stop()
	e.root = e.newIdentity()
	db := e.openDB()
	_, err := New(context.Background(), Config{DB: db, Institution: testInstitution, Root: e.root,
		RootRecipient: e.root.Recipient(), Issuers: consent.NewKeySet(), AdminToken: testAdmin})
	if err == nil {
		t.Fatal("New opened a keyring sealed to another root identity")
	}
}

func TestNewRefusesAnotherInstitution(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	e.stop()
	db := e.openDB()
	_, err := New(context.Background(), Config{DB: db, Institution: "other-bureau", Root: e.root,
		RootRecipient: e.root.Recipient(), Issuers: consent.NewKeySet(), AdminToken: testAdmin})
	if err == nil {
		t.Fatal("New opened another institution's keyring")
	}
}

func TestNewValidatesConfig(t *testing.T) {
	if _, err := New(context.Background(), Config{}); err == nil {
		t.Fatal("New accepted an empty config")
	}
	e := newEnv(t, storetest.SQLite(t))
	if _, err := New(context.Background(), Config{DB: e.db, Institution: testInstitution, Root: e.root,
		RootRecipient: e.root.Recipient(), Issuers: consent.NewKeySet(), AdminToken: "short"}); err == nil {
		t.Fatal("New accepted a short admin token")
	}
}

func TestLoadAssignsIDsAndSeals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		e := newEnv(t, dsn)
		r := *e.recs[0]
		r.ID = ""
		out, err := e.client.Load(ctx, []*credit.Record{&r})
		if err != nil || out.Loaded != 1 || len(out.IDs[0]) != 34 {
			t.Fatalf("Load = %+v, %v", out, err)
		}
		got, err := e.srv.Vault().Get(ctx, out.IDs[0])
		if err != nil || got.Identity.IDNumber != r.Identity.IDNumber {
			t.Fatalf("Get = %v", err)
		}
		// Sealed on write: the ID number is not in the stored bytes.
		row, err := e.db.Vault().Record(ctx, out.IDs[0])
		if err != nil {
			t.Fatal(err)
		}
		if containsString(row.Sealed, r.Identity.IDNumber) || containsString(row.Sealed, r.Identity.Name) {
			t.Fatal("stored record holds the ID number or name in clear")
		}
	})
}

// TestLoadIsAllOrNone loads a batch whose last record has an ID the vault
// refuses (over 128 bytes): the load is rejected and none of the batch's
// records is stored.
func TestLoadIsAllOrNone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		e := newEnv(t, dsn)
		recs := synth.New(12, time.Now()).Records(3)
		recs[0].ID, recs[1].ID, recs[2].ID = "batch-1", "batch-2", strings.Repeat("x", 200)
		_, err := e.client.Load(ctx, recs)
		e.wantAPIError(err, http.StatusBadRequest, api.CodeMalformed)
		for _, r := range recs {
			if _, err := e.db.Vault().Record(ctx, r.ID); !errors.Is(err, vault.ErrNotFound) {
				t.Fatalf("record %.10s… after a rejected batch: %v, want ErrNotFound", r.ID, err)
			}
		}
	})
}

func containsString(b []byte, s string) bool { return s != "" && bytes.Contains(b, []byte(s)) }
