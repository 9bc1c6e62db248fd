package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/credq/credq/consent"
)

func testRecipient(t testing.TB) string {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	return id.Recipient().String()
}

func TestQueryBodyBindsEveryFact(t *testing.T) {
	r := testRecipient(t)
	base, err := QueryBody(r, false, "")
	if err != nil {
		t.Fatal(err)
	}
	for name, alt := range map[string]func() ([]byte, error){
		"recipient": func() ([]byte, error) { return QueryBody(testRecipient(t), false, "") },
		"spouse":    func() ([]byte, error) { return QueryBody(r, true, "") },
		"account":   func() ([]byte, error) { return QueryBody(r, false, "a1") },
	} {
		b, err := alt()
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(b, base) {
			t.Errorf("QueryBody ignores the %s", name)
		}
	}
	again, _ := QueryBody(r, false, "")
	if !bytes.Equal(again, base) {
		t.Fatal("QueryBody is not deterministic")
	}
}

func TestQueryBodyRejectsBadLengths(t *testing.T) {
	r := testRecipient(t)
	for name, f := range map[string]func() ([]byte, error){
		"empty recipient":     func() ([]byte, error) { return QueryBody("", false, "") },
		"oversize recipient":  func() ([]byte, error) { return QueryBody(strings.Repeat("a", MaxRecipientLen+1), false, "") },
		"oversize account ID": func() ([]byte, error) { return QueryBody(r, false, strings.Repeat("a", MaxAccountIDLen+1)) },
	} {
		if _, err := f(); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: err = %v, want ErrMalformed", name, err)
		}
	}
}

func TestConsentQuery(t *testing.T) {
	r := testRecipient(t)
	q := QueryRequest{Purpose: "02", Scope: "direct+financial", Recipient: r}
	cq, err := q.ConsentQuery()
	if err != nil {
		t.Fatal(err)
	}
	if cq.Purpose != consent.PurposeLoanApproval || cq.Scope != consent.NewScope(consent.ClassDirect, consent.ClassFinancial) {
		t.Fatalf("ConsentQuery = %v %v", cq.Purpose, cq.Scope)
	}
	for name, bad := range map[string]QueryRequest{
		"unknown purpose": {Purpose: "99", Scope: "financial", Recipient: r},
		"empty purpose":   {Scope: "financial", Recipient: r},
		"unknown scope":   {Purpose: "02", Scope: "all", Recipient: r},
		"empty scope":     {Purpose: "02", Scope: "none", Recipient: r},
		"no recipient":    {Purpose: "02", Scope: "financial"},
	} {
		if _, err := bad.ConsentQuery(); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: err = %v, want ErrMalformed", name, err)
		}
	}
}

func TestParseRecipient(t *testing.T) {
	if _, err := ParseRecipient(testRecipient(t)); err != nil {
		t.Fatalf("X25519: %v", err)
	}
	h, err := age.GenerateHybridIdentity()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseRecipient(h.Recipient().String()); err != nil {
		t.Fatalf("hybrid: %v", err)
	}
	for _, bad := range []string{"", "age1", "age1pq1zzz", "AGE-SECRET-KEY-1", strings.Repeat("a", MaxRecipientLen+1)} {
		if _, err := ParseRecipient(bad); !errors.Is(err, ErrMalformed) {
			t.Errorf("ParseRecipient(%.12q) = %v, want ErrMalformed", bad, err)
		}
	}
}

func validQueryJSON(t testing.TB) []byte {
	b, err := json.Marshal(QueryRequest{Presentation: "cqp1_x", Purpose: "02", Scope: "financial", Recipient: testRecipient(t), AccountID: "a1"})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeStrict(t *testing.T) {
	good := validQueryJSON(t)
	if _, err := Decode[QueryRequest](bytes.NewReader(good), MaxQueryBody); err != nil {
		t.Fatalf("Decode(valid) = %v", err)
	}
	for name, in := range map[string]string{
		"unknown field":  `{"purpose":"02","x":1}`,
		"trailing value": `{"purpose":"02"}{}`,
		"trailing junk":  `{"purpose":"02"}]`,
		"not an object":  `[1]`,
		"wrong type":     `{"purpose":2}`,
		"empty":          ``,
	} {
		if _, err := Decode[QueryRequest](strings.NewReader(in), MaxQueryBody); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: err = %v, want ErrMalformed", name, err)
		}
	}
	var tl *TooLargeError
	if _, err := Decode[QueryRequest](bytes.NewReader(good), int64(len(good)-1)); !errors.As(err, &tl) {
		t.Fatalf("Decode over the cap = %v, want *TooLargeError", err)
	}
}

// TestDecodeTruncationAndExtension sweeps every truncation of a valid body
// and appends non-whitespace bytes to it: all fail with ErrMalformed.
func TestDecodeTruncationAndExtension(t *testing.T) {
	good := validQueryJSON(t)
	for n := range len(good) {
		if _, err := Decode[QueryRequest](bytes.NewReader(good[:n]), MaxQueryBody); !errors.Is(err, ErrMalformed) {
			t.Fatalf("truncated to %d bytes: err = %v, want ErrMalformed", n, err)
		}
	}
	for _, ext := range []string{"x", "{", "}", "0", `""`, "null"} {
		if _, err := Decode[QueryRequest](bytes.NewReader(append(append([]byte{}, good...), ext...)), MaxQueryBody); !errors.Is(err, ErrMalformed) {
			t.Fatalf("extended with %q: err = %v, want ErrMalformed", ext, err)
		}
	}
	if _, err := Decode[QueryRequest](bytes.NewReader(append(append([]byte{}, good...), " \n"...)), MaxQueryBody); err != nil {
		t.Fatalf("trailing white space: %v", err)
	}
}

func TestErrorString(t *testing.T) {
	e := &Error{Status: 409, Code: CodeReplay, Message: "consent: replayed presentation"}
	if e.Error() != "api: 409 replay: consent: replayed presentation" {
		t.Fatalf("Error() = %q", e.Error())
	}
}
