package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/credq/credq/consent"
	"github.com/credq/credq/examples/lender/api"
	"github.com/credq/credq/examples/lender/store/storetest"
)

// FuzzQueryEndpoint sends arbitrary bodies to the query endpoint of a
// running server (SQLite): the answer is never a 500 (no input may reach an
// unclassified error or a panic), and every non-200 answer is a JSON error
// object with a known code.
func FuzzQueryEndpoint(f *testing.F) {
	e := newEnv(f, storetest.SQLite(f))
	tok := e.grant(consent.Grant{Uses: 1000})
	for _, p := range []consent.Purpose{consent.PurposeLoanApproval, consent.PurposeCardApproval} {
		q := e.request(e.holder, tok, p, approvalScope)
		body, _ := json.Marshal(q)
		f.Add(body)
	}
	f.Add([]byte(`{"presentation":"cqp1_AAAA","purpose":"02","scope":"financial","recipient":"age1x"}`))
	h := e.srv.Handler()
	codes := map[string]bool{}
	for _, r := range rejections {
		codes[r.code] = true
	}
	codes[api.CodeTooLarge] = true
	f.Fuzz(func(t *testing.T, body []byte) {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, api.PathQuery, bytes.NewReader(body)))
		if w.Code == http.StatusOK {
			return
		}
		if w.Code >= 500 {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
		var er api.ErrorResponse
		if err := json.Unmarshal(w.Body.Bytes(), &er); err != nil || !codes[er.Error] {
			t.Fatalf("status %d with body %q", w.Code, w.Body)
		}
	})
}
