package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/credq/credq/consent"
	"github.com/credq/credq/credit/synth"
	"github.com/credq/credq/examples/lender/api"
	"github.com/credq/credq/examples/lender/store/storetest"
)

// presentations makes n loan-approval query bodies for one grant with n
// uses, so that the timed loop does no signing.
func (e *env) presentations(b *testing.B, n int) [][]byte {
	tok := e.grant(consent.Grant{Uses: consent.UseLimit(n + 1)})
	out := make([][]byte, n)
	for i := range out {
		q := e.request(e.holder, tok, consent.PurposeLoanApproval, approvalScope)
		body, err := json.Marshal(q)
		if err != nil {
			b.Fatal(err)
		}
		out[i] = body
	}
	return out
}

// BenchmarkQuery measures one consent-gated query through the handler (no
// network): strict decode, consent verification against the SQL stores
// (revocation read, nonce insert, use-count transaction), record read and
// decryption, view, inquiry-log append, and age sealing of the disclosure.
// "verify-only" is consent.Verifier.Verify with in-memory stores on the
// same presentations, the bound the SQL path is compared against.
func BenchmarkQuery(b *testing.B) {
	for _, backend := range []string{"sqlite", "postgres"} {
		b.Run(backend, func(b *testing.B) {
			dsn := storetest.SQLite(b)
			if backend == "postgres" {
				dsn = storetest.Postgres(b)
			}
			e := newEnv(b, dsn)
			bodies := e.presentations(b, b.N)
			h := e.srv.Handler()
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, api.PathQuery, bytes.NewReader(bodies[i])))
				if w.Code != http.StatusOK {
					b.Fatalf("status %d: %s", w.Code, w.Body)
				}
			}
		})
	}
	b.Run("verify-only", func(b *testing.B) {
		e := newEnv(b, storetest.SQLite(b))
		v, err := consent.NewVerifier(consent.VerifierConfig{Audience: testInstitution, Keys: consent.NewKeySet(e.issuer.PublicKey())})
		if err != nil {
			b.Fatal(err)
		}
		bodies := e.presentations(b, b.N)
		reqs := make([]struct {
			p []byte
			q consent.Query
		}, b.N)
		for i, body := range bodies {
			var qr api.QueryRequest
			_ = json.Unmarshal(body, &qr)
			reqs[i].q, _ = qr.ConsentQuery()
			reqs[i].p, _ = consent.DearmorPresentation(qr.Presentation)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := range b.N {
			if _, err := v.Verify(context.Background(), reqs[i].p, reqs[i].q); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkQueryParallel is BenchmarkQuery with 8 requests in flight per
// GOMAXPROCS: it shows how the backends' commits overlap (SQLite has one
// writer at a time; PostgreSQL commits concurrent transactions in parallel).
func BenchmarkQueryParallel(b *testing.B) {
	for _, backend := range []string{"sqlite", "postgres"} {
		b.Run(backend, func(b *testing.B) {
			dsn := storetest.SQLite(b)
			if backend == "postgres" {
				dsn = storetest.Postgres(b)
			}
			e := newEnv(b, dsn)
			bodies := e.presentations(b, b.N)
			h := e.srv.Handler()
			var next atomic.Int64
			b.SetParallelism(8)
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := next.Add(1) - 1
					w := httptest.NewRecorder()
					h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, api.PathQuery, bytes.NewReader(bodies[i])))
					if w.Code != http.StatusOK {
						b.Errorf("status %d: %s", w.Code, w.Body)
						return
					}
				}
			})
		})
	}
}

// BenchmarkLoad measures loading synthetic records through the handler:
// strict JSON decode and validation, sealing, and one transaction per
// record (SQLite, WAL, synchronous=FULL).
func BenchmarkLoad(b *testing.B) {
	e := newEnv(b, storetest.SQLite(b))
	h := e.srv.Handler()
	g := synth.New(5, time.Now())
	for _, n := range []int{1, 10, 100} {
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			bodies := make([][]byte, b.N)
			for i := range bodies {
				req := api.LoadRequest{}
				for _, r := range g.Records(n) {
					r.ID = ""
					raw, _ := json.Marshal(r)
					req.Records = append(req.Records, raw)
				}
				bodies[i], _ = json.Marshal(req)
			}
			b.SetBytes(int64(len(bodies[0])))
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				w := httptest.NewRecorder()
				r := httptest.NewRequest(http.MethodPost, api.PathRecords, bytes.NewReader(bodies[i]))
				r.Header.Set("Authorization", "Bearer "+testAdmin)
				h.ServeHTTP(w, r)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d: %s", w.Code, w.Body)
				}
			}
		})
	}
}
