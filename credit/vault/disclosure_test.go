package vault

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/credq/credq/consent"
	"github.com/credq/credq/consent/consenttest"
	"github.com/credq/credq/credit"
	"github.com/credq/credq/encoding"
	"github.com/google/go-cmp/cmp"
)

// testView releases the direct identity and the accounts' sign-only data,
// the shape of a view without depending on the policy tables.
func testView(r *credit.Record) (*credit.View, error) {
	out := &credit.Record{Identity: &credit.Identity{Name: r.Identity.Name, IDNumber: r.Identity.IDNumber}}
	for _, a := range r.Accounts {
		out.Accounts = append(out.Accounts, credit.Account{ID: a.ID, Status: a.Status, Balance: a.Balance})
	}
	return &credit.View{Purpose: consent.PurposeLoanApproval,
		Released: consent.NewScope(consent.ClassDirect, consent.ClassFinancial), Record: out,
		Aggregates: &credit.Aggregates{Accounts: 3, HardInquiries12M: 1}}, nil
}

var testNow = time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)

func TestDiscloseOpensOnlyForRequester(t *testing.T) {
	v, _ := testVault(t)
	ctx := context.Background()
	_ = v.Put(ctx, "s", fixture("r"))
	pq, err := age.GenerateHybridIdentity()
	if err != nil {
		t.Fatal(err)
	}
	classic := x25519(t)
	logStore := &credit.MemoryLogStore{}
	log := credit.NewLog(logStore)
	for _, tc := range []struct {
		name string
		id   age.Identity
		rcpt age.Recipient
	}{{"x25519", classic, classic.Recipient()}, {"hybrid", pq, pq.Recipient()}} {
		t.Run(tc.name, func(t *testing.T) {
			g := consenttest.Grant(t, consenttest.Options{Purpose: consent.PurposeLoanApproval, Now: testNow})
			pkg, entry, err := v.Disclose(ctx, "r", log, g, credit.Query{}, testNow, tc.rcpt)
			if err != nil {
				t.Fatal(err)
			}
			d, err := OpenDisclosure(pkg, tc.id, g.ConsentID())
			if err != nil {
				t.Fatal(err)
			}
			want, err := credit.NewView(fixture("r"), g, credit.Query{}, testNow)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(fieldsOf(want.Record), fieldsOf(d.Record)); diff != "" {
				t.Fatalf("disclosed fields differ from the view:\n%s", diff)
			}
			if d.InquiryHash != entry.Hash || d.Purpose != want.Purpose || d.Released != want.Released {
				t.Fatalf("binding fields wrong: %+v", d)
			}
			if got := logStore.Entries(); got[len(got)-1].Hash != entry.Hash {
				t.Fatal("log entry not appended")
			}
			for _, other := range []age.Identity{x25519(t), mustHybrid(t)} {
				if _, err := OpenDisclosure(pkg, other, g.ConsentID()); !errors.Is(err, ErrWrongKey) {
					t.Fatalf("OpenDisclosure(other identity) = %v, want ErrWrongKey", err)
				}
			}
			if _, err := OpenDisclosure(pkg, tc.id, consent.ID{7}); !errors.Is(err, ErrWrongDisclosure) {
				t.Fatalf("OpenDisclosure(other consent) = %v, want ErrWrongDisclosure", err)
			}
		})
	}
}

func TestSealDisclosureRoundTrip(t *testing.T) {
	id := x25519(t)
	view, _ := testView(fixture("r"))
	req := DisclosureRequest{ConsentID: consent.ID{1, 2, 3}, InquiryHash: [32]byte{9, 9}, Recipient: id.Recipient()}
	pkg, err := SealDisclosure(view, req)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(pkg, []byte("11010519491231002X")) {
		t.Fatal("disclosure holds plaintext")
	}
	d, err := OpenDisclosure(pkg, id, req.ConsentID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fieldsOf(view.Record), fieldsOf(d.Record)); diff != "" {
		t.Fatal(diff)
	}
	if d.InquiryHash != req.InquiryHash || *d.Aggregates != *view.Aggregates {
		t.Fatalf("got %+v", d)
	}
}

func mustHybrid(t *testing.T) *age.HybridIdentity {
	t.Helper()
	id, err := age.GenerateHybridIdentity()
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestSealDisclosureRejectsFieldOutsideReleased(t *testing.T) {
	view, _ := testView(fixture("r"))
	view.Released = consent.NewScope(consent.ClassFinancial)
	_, err := SealDisclosure(view, DisclosureRequest{Recipient: x25519(t).Recipient()})
	if !errors.Is(err, ErrSchemaViolation) {
		t.Fatalf("SealDisclosure = %v, want ErrSchemaViolation", err)
	}
	if _, err := SealDisclosure(nil, DisclosureRequest{}); !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("SealDisclosure(nil) = %v", err)
	}
}

func goodDisclosure(t testing.TB) []byte {
	t.Helper()
	view, _ := testView(fixture("r"))
	d := &Disclosure{ConsentID: consent.ID{1}, Purpose: view.Purpose, Released: view.Released, Record: view.Record, Aggregates: view.Aggregates}
	b, err := d.marshal()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseDisclosureRejects(t *testing.T) {
	good := goodDisclosure(t)
	if _, err := parseDisclosure(good); err != nil {
		t.Fatalf("good: %v", err)
	}
	const purposeAt = 1 + 2 + 16 + 32
	cases := []struct {
		name string
		edit func(b []byte) []byte
		want error
	}{
		{"format", func(b []byte) []byte { b[0] = 2; return b }, encoding.ErrInvalid},
		{"schema", func(b []byte) []byte { b[2]++; return b }, encoding.ErrInvalid},
		{"purpose", func(b []byte) []byte { b[purposeAt] = 0; return b }, encoding.ErrInvalid},
		{"scope bits", func(b []byte) []byte { b[purposeAt+1] |= 0x80; return b }, encoding.ErrInvalid},
		{"field outside released", func(b []byte) []byte { b[purposeAt+1] = uint8(consent.ClassFinancial); return b }, encoding.ErrInvalid},
		{"aggregates marker", func(b []byte) []byte { b[purposeAt+2] = 2; return b }, encoding.ErrNonCanonical},
		{"trailing", func(b []byte) []byte { return append(b, 0) }, encoding.ErrTrailingData},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := parseDisclosure(c.edit(bytes.Clone(good))); !errors.Is(err, c.want) {
				t.Fatalf("parseDisclosure = %v, want %v", err, c.want)
			}
		})
	}
	// Fields out of Walk order re-encode differently: non-canonical.
	view, _ := testView(fixture("r"))
	e := encoding.NewEncoder(nil)
	e.Uint8(1)
	e.Uint16(credit.SchemaVersion)
	e.Fixed(make([]byte, 48), 48)
	e.Uint8(uint8(view.Purpose))
	e.Uint8(uint8(view.Released))
	e.Bool(false)
	e.Uint16(2)
	e.String8("identity.idNumber", 64)
	e.String16("11010519491231002X", 1000)
	e.String8("identity.name", 64)
	e.String16("张三", 1000)
	b, _ := e.Bytes()
	if _, err := parseDisclosure(b); !errors.Is(err, encoding.ErrNonCanonical) {
		t.Fatalf("out of order: %v, want ErrNonCanonical", err)
	}
}

func TestDisclosureBadLengths(t *testing.T) {
	good := goodDisclosure(t)
	for n := range len(good) {
		var pe *encoding.ParseError
		if _, err := parseDisclosure(good[:n]); !errors.As(err, &pe) {
			t.Fatalf("truncated to %d: %v", n, err)
		}
	}
}
