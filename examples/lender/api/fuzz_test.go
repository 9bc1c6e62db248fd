package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
)

// FuzzDecodeQueryRequest: Decode either fails with ErrMalformed or a
// *TooLargeError, or returns a request that marshals and decodes again to
// the same value (decode → encode → decode is a fixed point; JSON allows
// several spellings of one value, so the bytes themselves are not compared).
// ConsentQuery on the result never panics and fails only with ErrMalformed.
func FuzzDecodeQueryRequest(f *testing.F) {
	f.Add([]byte(`{"presentation":"cqp1_AAAA","purpose":"02","scope":"direct+financial","recipient":"age1qqqq","accountId":"a1"}`))
	f.Add([]byte(`{"purpose":"x-collection","scope":"direct+quasi+financial+third-party","spouseCoApplicant":true}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		q, err := Decode[QueryRequest](bytes.NewReader(in), MaxQueryBody)
		if err != nil {
			var tl *TooLargeError
			if !errors.Is(err, ErrMalformed) && !errors.As(err, &tl) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		b, err := json.Marshal(q)
		if err != nil {
			t.Fatal(err)
		}
		q2, err := Decode[QueryRequest](bytes.NewReader(b), MaxQueryBody+int64(len(b)))
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if *q2 != *q {
			t.Fatal("decode → encode → decode changed the request")
		}
		if _, err := q.ConsentQuery(); err != nil && !errors.Is(err, ErrMalformed) {
			t.Fatalf("ConsentQuery: untyped error %v", err)
		}
	})
}
