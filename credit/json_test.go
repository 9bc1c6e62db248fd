package credit

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/credq/credq/consent"
	"github.com/google/go-cmp/cmp"
)

func TestRecordJSONRoundTrip(t *testing.T) {
	r := fixture()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeRecordJSON(b)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for _, s := range []string{`"type":"D1"`, `"openedOn":"2018-04-01"`, `"purpose":"02"`, `"balance":120000000`, `"maritalStatus":"20"`} {
		if !bytes.Contains(b, []byte(s)) {
			t.Errorf("JSON lacks %s", s)
		}
	}
}

// A view without third-party data says nothing about it: no key at all, not
// an empty list or null.
func TestViewJSONOmitsWhatItDoesNotHold(t *testing.T) {
	for _, tc := range policyCases() {
		p := tc.purposes[0]
		v := tc.want(p)
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		for _, key := range []string{"contacts", "spouse", "obligors", "identity", "accounts", "aggregates", "record", "inquiries", "employment"} {
			present := strings.Contains(s, `"`+key+`"`)
			var holds bool
			switch key {
			case "contacts":
				holds = v.Record != nil && len(v.Record.Contacts) > 0
			case "spouse":
				holds = v.Record != nil && v.Record.Spouse != nil
			case "obligors":
				holds = v.Record != nil && len(v.Record.Obligors) > 0
			case "identity":
				holds = v.Record != nil && v.Record.Identity != nil
			case "accounts":
				holds = v.Record != nil && len(v.Record.Accounts) > 0
			case "aggregates":
				holds = v.Aggregates != nil
			case "record":
				holds = v.Record != nil
			case "inquiries":
				holds = v.Record != nil && len(v.Record.Inquiries) > 0
			case "employment":
				holds = v.Record != nil && len(v.Record.Employment) > 0
			}
			if present != holds {
				t.Errorf("%s: key %q present = %v, view holds it = %v", tc.name, key, present, holds)
			}
		}
		for _, leak := range []string{"null", "[]", "{}", `""`, `"0001-01-01"`} {
			if strings.Contains(s, leak) {
				t.Errorf("%s: JSON contains %s: %s", tc.name, leak, s)
			}
		}
		var back View
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if diff := cmp.Diff(v, &back); diff != "" {
			t.Errorf("%s: view JSON round trip (-want +got):\n%s", tc.name, diff)
		}
	}
}

func TestDecodeRecordJSONRejects(t *testing.T) {
	good, _ := json.Marshal(fixture())
	acct := `{"id":"a","type":"D1","institution":"b","currency":"CNY","status":"1"`
	for _, tc := range []struct {
		name, in, path string // path: the field the error must name ("" for none)
		want           error
	}{
		{"unknown top-level field", `{"identity":{"name":"x"},"extra":1}`, "extra", ErrUnknownField},
		{"unknown nested field", `{"identity":{"name":"x","nick":"y"}}`, "identity.nick", ErrUnknownField},
		{"trailing data", string(good) + `{}`, "", ErrInvalidValue},
		{"bad enum", `{"accounts":[` + acct + `},{"id":"c","type":"D9"}]}`, "accounts[1].type", ErrInvalidCode},
		{"bad date", `{"inquiries":[{"date":"2026-02-30","institution":"b","purpose":"02"}]}`, "inquiries[0].date", ErrInvalidValue},
		{"bad purpose", `{"inquiries":[{"date":"2026-02-03","institution":"b","purpose":"04"}]}`, "inquiries[0].purpose", ErrInvalidCode},
		{"negative money", `{"accounts":[` + acct + `,"balance":-5}]}`, "accounts[0].balance", ErrInvalidValue},
		{"float money", `{"accounts":[` + acct + `,"balance":1.5}]}`, "accounts[0].balance", ErrInvalidValue},
		{"exponent money", `{"accounts":[` + acct + `,"balance":1e3}]}`, "accounts[0].balance", ErrInvalidValue},
		{"string money", `{"accounts":[` + acct + `,"balance":"15"}]}`, "accounts[0].balance", ErrInvalidValue},
		{"number for a string", `{"identity":{"name":5}}`, "identity.name", ErrInvalidValue},
		{"null", `{"identity":{"name":null}}`, "identity.name", ErrInvalidValue},
		{"nested object", `{"identity":{"name":{"a":"b"}}}`, "identity.name", ErrInvalidValue},
		{"duplicate key", `{"identity":{"name":"x","name":"y"}}`, "identity.name", ErrInvalidValue},
		{"duplicate section", `{"identity":{"name":"x"},"identity":{"name":"y"}}`, "identity", ErrInvalidValue},
		{"empty object", `{"identity":{}}`, "identity", ErrInvalidValue},
		{"empty list", `{"phones":[]}`, "phones", ErrInvalidValue},
		{"list for a section", `{"identity":[]}`, "identity", ErrInvalidValue},
		{"missing required", `{"accounts":[{"id":"a","type":"D1"}]}`, "accounts[0].institution", ErrMissingField},
		{"not an object", `[1,2]`, "record", ErrInvalidValue},
		{"empty", ``, "", ErrInvalidValue},
		{"malformed", `{"identity":{"name":"x"`, "", ErrInvalidValue},
		{"too large", `{"id":"` + strings.Repeat("x", MaxRecordJSON) + `"}`, "", ErrInvalidValue},
		{"noncanonical ID", `{"identity":{"name":"x","idType":"10","idNumber":"110105491231002"}}`, "identity.idNumber", ErrInvalidValue},
	} {
		_, err := DecodeRecordJSON([]byte(tc.in))
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: DecodeRecordJSON = %v, want %v", tc.name, err, tc.want)
			continue
		}
		var fe *FieldError
		if tc.path != "" && (!errors.As(err, &fe) || fe.Path != tc.path) {
			t.Errorf("%s: error %v does not name %s", tc.name, err, tc.path)
		}
		for _, leak := range []string{"110105", "D9", "2026-02-30", "1.5"} {
			if strings.Contains(err.Error(), leak) {
				t.Errorf("%s: error quotes input: %v", tc.name, err)
			}
		}
	}
}

func TestInquiryJSONInvalidPurpose(t *testing.T) {
	if _, err := json.Marshal(Inquiry{Purpose: consent.Purpose(4)}); err == nil {
		t.Error("marshalled an invalid purpose")
	}
}

// FuzzRecordJSON: any accepted input re-encodes to a canonical form that
// decodes to the same record and re-encodes to itself.
func FuzzRecordJSON(f *testing.F) {
	b, _ := json.Marshal(fixture())
	f.Add(b)
	f.Add([]byte(`{"identity":{"name":"张三","idType":"10","idNumber":"11010519491231002X"}}`))
	f.Add([]byte(`{"inquiries":[{"date":"2026-02-03","institution":"b","purpose":"self"}]}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		r, err := DecodeRecordJSON(in)
		if err != nil {
			if !errors.Is(err, ErrInvalidValue) && !errors.Is(err, ErrInvalidCode) && !errors.Is(err, ErrMissingField) && !errors.Is(err, ErrUnknownField) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		out, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("re-encoding an accepted record: %v", err)
		}
		r2, err := DecodeRecordJSON(out)
		if err != nil {
			t.Fatalf("canonical form rejected: %v", err)
		}
		out2, _ := json.Marshal(r2)
		if !bytes.Equal(out, out2) {
			t.Fatalf("canonical form not a fixed point:\n%s\n%s", out, out2)
		}
	})
}

// Every truncation of a valid record's JSON, and every extension by one
// byte, is rejected with a typed error (never a panic, never a partial
// record).
func TestDecodeRecordJSONBadLengths(t *testing.T) {
	// A small record with every nesting shape (singleton section, list of
	// objects, string, number, date, enum, purpose) keeps the O(n²) sweep fast.
	small := &Record{ID: "r", Identity: &Identity{Name: "张三", Gender: GenderMale, BirthDate: d(1949, 12, 31)},
		Accounts:  []Account{fixAcc2},
		Inquiries: []Inquiry{fixInq1, fixInq3}}
	b, _ := json.Marshal(small)
	typed := func(err error) bool {
		return errors.Is(err, ErrInvalidValue) || errors.Is(err, ErrInvalidCode) ||
			errors.Is(err, ErrMissingField) || errors.Is(err, ErrUnknownField)
	}
	for n := 0; n < len(b); n++ {
		r, err := DecodeRecordJSON(b[:n])
		if err == nil || r != nil || !typed(err) {
			t.Fatalf("truncated to %d: %v, %v", n, r, err)
		}
	}
	for _, c := range []byte{'}', ']', '0', '"', 'x'} {
		if r, err := DecodeRecordJSON(append(bytes.Clone(b), c)); err == nil || r != nil || !typed(err) {
			t.Fatalf("extended by %q: %v", c, err)
		}
	}
	if _, err := DecodeRecordJSON(append(bytes.Clone(b), ' ', '\n')); err != nil {
		t.Fatalf("trailing white space: %v", err)
	}
}
