package server

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/credq/credq/consent"
	"github.com/credq/credq/examples/lender/api"
	"github.com/credq/credq/examples/lender/store/storetest"
)

// TestQueryRejections has one case per rejection rule of the query
// endpoint, each checked for its status and error code (and, in env.raw and
// wantAPIError, for bodies free of personal data and secrets).
func TestQueryRejections(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		e := newEnv(t, dsn)
		now := time.Now()
		cases := []struct {
			name   string
			req    func() api.QueryRequest
			status int
			code   string
		}{
			{"presentation is not armored", func() api.QueryRequest {
				q := e.request(e.holder, e.grant(consent.Grant{}), consent.PurposeLoanApproval, approvalScope)
				q.Presentation = "not-a-presentation"
				return q
			}, 400, api.CodeMalformed},
			{"presentation truncated", func() api.QueryRequest {
				q := e.request(e.holder, e.grant(consent.Grant{}), consent.PurposeLoanApproval, approvalScope)
				q.Presentation = q.Presentation[:len(q.Presentation)-40]
				return q
			}, 400, api.CodeMalformed},
			{"unknown purpose code", func() api.QueryRequest {
				q := e.request(e.holder, e.grant(consent.Grant{}), consent.PurposeLoanApproval, approvalScope)
				q.Purpose = "77"
				return q
			}, 400, api.CodeMalformed},
			{"bad scope", func() api.QueryRequest {
				q := e.request(e.holder, e.grant(consent.Grant{}), consent.PurposeLoanApproval, approvalScope)
				q.Scope = "everything"
				return q
			}, 400, api.CodeMalformed},
			{"bad recipient", func() api.QueryRequest {
				q := e.request(e.holder, e.grant(consent.Grant{}), consent.PurposeLoanApproval, approvalScope)
				q.Recipient = "age1notarecipient"
				return q
			}, 400, api.CodeMalformed},
			{"presentation signature altered", func() api.QueryRequest {
				q := e.request(e.holder, e.grant(consent.Grant{}), consent.PurposeLoanApproval, approvalScope)
				p, err := consent.DearmorPresentation(q.Presentation)
				if err != nil {
					t.Fatal(err)
				}
				p[len(p)-1] ^= 1
				q.Presentation = consent.ArmorPresentation(p)
				return q
			}, 401, api.CodeBadSignature},
			{"recipient swapped after signing", func() api.QueryRequest {
				q := e.request(e.holder, e.grant(consent.Grant{}), consent.PurposeLoanApproval, approvalScope)
				q.Recipient = e.newIdentity().Recipient().String()
				return q
			}, 401, api.CodeBadSignature},
			{"unknown issuer key", func() api.QueryRequest {
				is, _ := consent.GenerateIssuer(consent.AlgEd25519)
				tok, err := is.Issue(consent.Grant{Subject: e.ref, GranteeID: "lender", GranteeKey: e.holder.Public(),
					Audience: testInstitution, Purpose: consent.PurposeLoanApproval, Scope: approvalScope, Expiry: now.Add(time.Hour)})
				if err != nil {
					t.Fatal(err)
				}
				return e.request(e.holder, tok, consent.PurposeLoanApproval, approvalScope)
			}, 401, api.CodeUnknownKey},
			{"expired grant", func() api.QueryRequest {
				tok := e.grant(consent.Grant{NotBefore: now.Add(-3 * time.Hour), Expiry: now.Add(-2 * time.Hour)})
				return e.request(e.holder, tok, consent.PurposeLoanApproval, approvalScope)
			}, 401, api.CodeExpired},
			{"grant not yet valid", func() api.QueryRequest {
				tok := e.grant(consent.Grant{NotBefore: now.Add(2 * time.Hour), Expiry: now.Add(3 * time.Hour)})
				return e.request(e.holder, tok, consent.PurposeLoanApproval, approvalScope)
			}, 401, api.CodeNotYetValid},
			{"stale presentation", func() api.QueryRequest {
				tok := e.grant(consent.Grant{})
				q := api.QueryRequest{Purpose: "02", Scope: approvalScope.String(), Recipient: e.reqID.Recipient().String()}
				cq, _ := q.ConsentQuery()
				p, err := e.holder.PresentAt(tok, cq, now.Add(-time.Hour))
				if err != nil {
					t.Fatal(err)
				}
				q.Presentation = consent.ArmorPresentation(p)
				return q
			}, 401, api.CodeStale},
			{"grant for another data holder", func() api.QueryRequest {
				return e.request(e.holder, e.grant(consent.Grant{Audience: "other-bureau"}), consent.PurposeLoanApproval, approvalScope)
			}, 403, api.CodeWrongAudience},
			{"query purpose differs from the grant's", func() api.QueryRequest {
				return e.request(e.holder, e.grant(consent.Grant{}), consent.PurposeCardApproval, approvalScope)
			}, 403, api.CodePurposeMismatch},
			{"query asks for classes outside the scope", func() api.QueryRequest {
				return e.request(e.holder, e.grant(consent.Grant{}), consent.PurposeLoanApproval, consent.ScopeAll)
			}, 403, api.CodeScopeExceeded},
			{"post-loan management without a live account at the querier", func() api.QueryRequest {
				tok := e.grant(consent.Grant{GranteeID: "no-account-here", Purpose: consent.PurposePostLoan, Uses: consent.Recurring})
				return e.request(e.holder, tok, consent.PurposePostLoan, approvalScope)
			}, 403, api.CodeNoLiveAccount},
			{"judicial query without a legal instrument", func() api.QueryRequest {
				tok := e.grant(consent.Grant{Purpose: consent.PurposeJudicial})
				return e.request(e.holder, tok, consent.PurposeJudicial, approvalScope)
			}, 403, api.CodeNoLegalInstrument},
			{"collection of an account the delegating lender does not hold", func() api.QueryRequest {
				agency, _ := consent.GenerateHolderKey()
				post := e.grant(consent.Grant{Purpose: consent.PurposePostLoan, Scope: approvalScope, Uses: consent.Recurring})
				deleg, err := e.holder.Delegate(post, consent.Delegation{DelegateID: "agency-test", DelegateKey: agency.Public(),
					Purpose: consent.PurposeDelegatedCollection, Uses: consent.Recurring})
				if err != nil {
					t.Fatal(err)
				}
				q := api.QueryRequest{Purpose: consent.PurposeDelegatedCollection.Code(), Scope: approvalScope.String(),
					Recipient: e.reqID.Recipient().String(), AccountID: "no-such-account"}
				e.sign(agency, deleg, &q)
				return q
			}, 403, api.CodeNoCollectionAccount},
			{"subject never loaded", func() api.QueryRequest {
				tok := e.grant(consent.Grant{Subject: consent.SubjectRef{1, 2, 3}})
				return e.request(e.holder, tok, consent.PurposeLoanApproval, approvalScope)
			}, 404, api.CodeUnknownSubject},
		}
		for _, c := range cases {
			t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
				q := c.req()
				_, err := e.client.Query(ctx, &q)
				e.wantAPIError(err, c.status, c.code)
			})
		}
	})
}

// TestQueryRetiredIssuerKey retires the issuer's key in the server's key
// set: its grants are then refused as an unknown key (401).
func TestQueryRetiredIssuerKey(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	tok := e.grant(consent.Grant{})
	if err := e.srv.cfg.Issuers.Retire(e.issuer.KeyID()); err != nil {
		t.Fatal(err)
	}
	q := e.request(e.holder, tok, consent.PurposeLoanApproval, approvalScope)
	_, err := e.client.Query(context.Background(), &q)
	e.wantAPIError(err, http.StatusUnauthorized, api.CodeUnknownKey)
}

func TestQueryUseLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		e := newEnv(t, dsn)
		tok := e.grant(consent.Grant{Uses: 2})
		for i := range 2 {
			q := e.request(e.holder, tok, consent.PurposeLoanApproval, approvalScope)
			if _, err := e.client.Query(ctx, &q); err != nil {
				t.Fatalf("use %d: %v", i+1, err)
			}
		}
		q := e.request(e.holder, tok, consent.PurposeLoanApproval, approvalScope)
		_, err := e.client.Query(ctx, &q)
		e.wantAPIError(err, http.StatusForbidden, api.CodeUseLimit)
	})
}

// TestQueryReplayConcurrent sends one presentation from many goroutines:
// exactly one is answered, the rest are 409.
func TestQueryReplayConcurrent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		e := newEnv(t, dsn)
		q := e.request(e.holder, e.grant(consent.Grant{Uses: 10}), consent.PurposeLoanApproval, approvalScope)
		const n = 8
		errs := make(chan error, n)
		for range n {
			go func() {
				q := q
				_, err := e.client.Query(ctx, &q)
				errs <- err
			}()
		}
		ok := 0
		for range n {
			if err := <-errs; err == nil {
				ok++
			} else {
				e.wantAPIError(err, http.StatusConflict, api.CodeReplay)
			}
		}
		if ok != 1 {
			t.Fatalf("%d of %d identical presentations answered, want 1", ok, n)
		}
	})
}

// TestHTTPRejections covers the transport-level rules on every endpoint:
// admin token, body caps, strict JSON, unknown paths and methods, and the
// subject endpoints' 400/404.
func TestHTTPRejections(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		big := []byte(`{"presentation":"` + strings.Repeat("a", api.MaxQueryBody) + `"}`)
		bigLoad := []byte(`{"records":["` + strings.Repeat("a", api.MaxLoadBody) + `"]}`)
		unknown := []byte(`{"idNumber":"11010519491231002X"}`)
		cases := []struct {
			name         string
			method, path string
			admin        bool
			body         string
			raw          []byte
			status       int
			code         string
		}{
			{"load without token", "POST", api.PathRecords, false, `{"records":[]}`, nil, 401, api.CodeUnauthorized},
			{"shred without token", "POST", api.PathShred, false, `{}`, nil, 401, api.CodeUnauthorized},
			{"inquiries without token", "POST", api.PathInquiries, false, `{}`, nil, 401, api.CodeUnauthorized},
			{"revoke without token", "POST", api.PathRevoke, false, `{}`, nil, 401, api.CodeUnauthorized},
			{"audit without token", "GET", api.PathAudit, false, ``, nil, 401, api.CodeUnauthorized},
			{"subject ref without token", "POST", api.PathSubjectRef, false, `{}`, nil, 401, api.CodeUnauthorized},
			{"query body over the cap", "POST", api.PathQuery, false, "", big, 413, api.CodeTooLarge},
			{"load body over the cap", "POST", api.PathRecords, true, "", bigLoad, 413, api.CodeTooLarge},
			{"query not JSON", "POST", api.PathQuery, false, `presentation=x`, nil, 400, api.CodeMalformed},
			{"query with an unknown field", "POST", api.PathQuery, false, `{"purpose":"02","extra":1}`, nil, 400, api.CodeMalformed},
			{"query with trailing data", "POST", api.PathQuery, false, `{"purpose":"02"} {}`, nil, 400, api.CodeMalformed},
			{"load of no records", "POST", api.PathRecords, true, `{"records":[]}`, nil, 400, api.CodeMalformed},
			{"load of an invalid record", "POST", api.PathRecords, true, `{"records":[{"identity":{"idNumber":"123"}}]}`, nil, 400, api.CodeMalformed},
			{"load of a record with an unknown field", "POST", api.PathRecords, true, `{"records":[{"nickname":"x"}]}`, nil, 400, api.CodeMalformed},
			{"subject ref of a bad ID number", "POST", api.PathSubjectRef, true, `{"idNumber":"110105194912310021"}`, nil, 400, api.CodeMalformed},
			{"revoke a bad consent ID", "POST", api.PathRevoke, true, `{"consentId":"xyz"}`, nil, 400, api.CodeMalformed},
			{"inquiries of an unknown subject", "POST", api.PathInquiries, true, "", unknown, 404, api.CodeUnknownSubject},
			{"shred an unknown subject", "POST", api.PathShred, true, "", unknown, 404, api.CodeUnknownSubject},
			{"inquiries of a bad ID number", "POST", api.PathInquiries, true, `{"idNumber":"1"}`, nil, 400, api.CodeMalformed},
			{"unknown path", "GET", "/v1/nothing", false, ``, nil, 404, api.CodeNotFound},
			{"wrong method", "GET", api.PathQuery, false, ``, nil, 405, api.CodeMethodNotAllowed},
		}
		for _, c := range cases {
			t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
				body := c.raw
				if body == nil {
					body = []byte(c.body)
				}
				status, b := e.raw(c.method, c.path, c.admin, body)
				if status != c.status || !strings.Contains(string(b), `"error":"`+c.code+`"`) {
					t.Fatalf("%s %s = %d %s, want %d %s", c.method, c.path, status, b, c.status, c.code)
				}
			})
		}
	})
}

// TestConcurrentDistinctQueries answers many different queries at once: no
// database busy error, deadlock or log conflict surfaces, and the log holds
// one entry per answer.
func TestConcurrentDistinctQueries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		e := newEnv(t, dsn)
		const n = 16
		reqs := make([]api.QueryRequest, n)
		for i := range reqs {
			reqs[i] = e.request(e.holder, e.grant(consent.Grant{}), consent.PurposeLoanApproval, approvalScope)
		}
		errs := make(chan error, n)
		for i := range n {
			go func() {
				_, err := e.client.Query(ctx, &reqs[i])
				errs <- err
			}()
		}
		for range n {
			if err := <-errs; err != nil {
				t.Errorf("concurrent query: %v", err)
			}
		}
		if a, err := e.client.Audit(ctx); err != nil || a.Entries != n {
			t.Fatalf("Audit = %+v, %v; want %d entries", a, err, n)
		}
	})
}
