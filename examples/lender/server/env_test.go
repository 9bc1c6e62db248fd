package server

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/credq/credq/consent"
	"github.com/credq/credq/credit"
	"github.com/credq/credq/credit/synth"
	"github.com/credq/credq/examples/lender/api"
	"github.com/credq/credq/examples/lender/store"
	"github.com/credq/credq/examples/lender/store/storetest"
)

const (
	testInstitution = "bureau-test"
	testAdmin       = "test-admin-token-0123456789"
)

// env is a running server over a fresh database with seeded records.
type env struct {
	t       testing.TB
	dsn     string
	db      *store.DB
	srv     *Server
	ts      *httptest.Server
	client  *api.Client
	issuer  *consent.Issuer
	root    *age.X25519Identity
	holder  *consent.HolderKey
	reqID   *age.X25519Identity
	recs    []*credit.Record
	subject *credit.Record  // a loaded record with a live account
	acct    *credit.Account // its live account
	ref     consent.SubjectRef
	// secrets lists strings that must never appear in an error body or
	// the server's log.
	secrets []string
	logs    *lockedBuffer
}

// lockedBuffer collects the server's log lines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// checkLogs fails if the server's log holds a secret, personal value or one
// of extra.
func (e *env) checkLogs(extra ...string) {
	e.t.Helper()
	logs := e.logs.String()
	if !strings.Contains(logs, "path=") {
		e.t.Fatal("the server logged no requests")
	}
	for _, s := range append(append([]string{}, e.secrets...), extra...) {
		if s != "" && strings.Contains(logs, s) {
			e.t.Fatal("the server log holds a secret, a personal value or an ID")
		}
	}
}

func newEnv(t testing.TB, dsn string) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{t: t, dsn: dsn}
	var err error
	if e.root, err = age.GenerateX25519Identity(); err != nil {
		t.Fatal(err)
	}
	if e.issuer, err = consent.GenerateIssuer(consent.AlgEd25519); err != nil {
		t.Fatal(err)
	}
	if e.holder, err = consent.GenerateHolderKey(); err != nil {
		t.Fatal(err)
	}
	if e.reqID, err = age.GenerateX25519Identity(); err != nil {
		t.Fatal(err)
	}
	e.start()
	e.recs = synth.New(11, time.Now()).Records(8)
	if _, err := e.client.Load(ctx, e.recs); err != nil {
		t.Fatalf("Load: %v", err)
	}
	for _, r := range e.recs {
		for i := range r.Accounts {
			if r.Accounts[i].Live() && e.subject == nil {
				e.subject, e.acct = r, &r.Accounts[i]
			}
		}
	}
	if e.subject == nil {
		t.Fatal("no synthetic record with a live account")
	}
	if e.ref, err = e.client.SubjectRef(ctx, e.subject.Identity.IDNumber); err != nil {
		t.Fatal(err)
	}
	e.secrets = []string{e.subject.Identity.IDNumber, e.ref.String(), e.subject.Identity.Name, testAdmin}
	return e
}

// start opens the database and starts a server on it (again, for restart
// tests).
func (e *env) start() {
	e.t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, e.dsn)
	if err != nil {
		e.t.Fatal(err)
	}
	if e.logs == nil {
		e.logs = &lockedBuffer{}
	}
	srv, err := New(ctx, Config{
		DB: db, Institution: testInstitution, Root: e.root, RootRecipient: e.root.Recipient(),
		Issuers: consent.NewKeySet(e.issuer.PublicKey()), AdminToken: testAdmin, Population: 1000,
		Logger: slog.New(slog.NewTextHandler(e.logs, nil)),
	})
	if err != nil {
		db.Close()
		e.t.Fatalf("New: %v", err)
	}
	e.db, e.srv = db, srv
	e.ts = httptest.NewServer(srv.Handler())
	e.client = &api.Client{BaseURL: e.ts.URL, AdminToken: testAdmin}
	e.t.Cleanup(e.stop)
}

func (e *env) stop() {
	if e.ts != nil {
		e.ts.Close()
		e.db.Close()
		e.ts = nil
	}
}

// grant issues a grant for the env's subject to the holder.
func (e *env) grant(g consent.Grant) *consent.Token {
	e.t.Helper()
	if g.Subject == (consent.SubjectRef{}) {
		g.Subject = e.ref
	}
	if g.GranteeID == "" {
		g.GranteeID = e.acct.Institution
	}
	if g.GranteeKey == (consent.ConfirmationKey{}) {
		g.GranteeKey = e.holder.Public()
	}
	if g.Audience == "" {
		g.Audience = testInstitution
	}
	if g.Purpose == 0 {
		g.Purpose = consent.PurposeLoanApproval
	}
	if g.Scope == 0 {
		g.Scope = approvalScope
	}
	if g.Expiry.IsZero() {
		g.Expiry = time.Now().Add(time.Hour)
	}
	tok, err := e.issuer.Issue(g)
	if err != nil {
		e.t.Fatalf("Issue: %v", err)
	}
	return tok
}

var approvalScope = consent.NewScope(consent.ClassDirect, consent.ClassQuasi, consent.ClassFinancial)

// request builds a query for purpose/scope to the env's requester and signs
// it with holder.
func (e *env) request(holder *consent.HolderKey, tok *consent.Token, p consent.Purpose, s consent.Scope) api.QueryRequest {
	e.t.Helper()
	q := api.QueryRequest{Purpose: p.Code(), Scope: s.String(), Recipient: e.reqID.Recipient().String()}
	e.sign(holder, tok, &q)
	return q
}

func (e *env) sign(holder *consent.HolderKey, tok *consent.Token, q *api.QueryRequest) {
	e.t.Helper()
	if err := q.Sign(holder, tok); err != nil {
		e.t.Fatalf("Sign: %v", err)
	}
}

// raw sends a request and returns the status and body; error bodies are
// checked for leaked secrets and for the JSON error shape.
func (e *env) raw(method, path string, admin bool, body []byte) (int, []byte) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.ts.URL+path, bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if admin {
		req.Header.Set("Authorization", "Bearer "+testAdmin)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		var er api.ErrorResponse
		if err := json.Unmarshal(b, &er); err != nil || er.Error == "" {
			e.t.Fatalf("%s %s: status %d with a body that is not an error object", method, path, resp.StatusCode)
		}
		e.noSecrets(b)
	}
	return resp.StatusCode, b
}

func (e *env) noSecrets(b []byte) {
	e.t.Helper()
	for _, s := range e.secrets {
		if s != "" && strings.Contains(string(b), s) {
			e.t.Fatalf("error body leaks a secret or personal value")
		}
	}
}

// wantAPIError checks err is an *api.Error with status and code.
func (e *env) wantAPIError(err error, status int, code string) {
	e.t.Helper()
	var ae *api.Error
	if !errors.As(err, &ae) {
		e.t.Fatalf("err = %v, want %d %s", err, status, code)
	}
	if ae.Status != status || ae.Code != code {
		e.t.Fatalf("got %d %s (%s), want %d %s", ae.Status, ae.Code, ae.Message, status, code)
	}
	for _, s := range e.secrets {
		if s != "" && strings.Contains(ae.Message, s) {
			e.t.Fatal("error message leaks a secret or personal value")
		}
	}
}

// newIdentity returns a fresh age identity.
func (e *env) newIdentity() *age.X25519Identity {
	e.t.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

func (e *env) openDB() *store.DB {
	e.t.Helper()
	db, err := store.Open(context.Background(), e.dsn)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { db.Close() })
	return db
}

// rawDB opens the env's database directly, behind the server's back.
func (e *env) rawDB() *sql.DB {
	e.t.Helper()
	driver, name := "sqlite", e.dsn
	if storetest.IsPostgres(e.dsn) {
		driver = "pgx"
	}
	db, err := sql.Open(driver, name)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { db.Close() })
	return db
}

// rebind numbers ? placeholders for PostgreSQL.
func rebind(dsn, q string) string {
	if !storetest.IsPostgres(dsn) {
		return q
	}
	return strings.Replace(q, "?", "$1", 1)
}
