package vault

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/credq/credq/credit"
	"github.com/credq/credq/internal/benchdata"
	"github.com/google/go-cmp/cmp"
)

func TestFixtureCoversSchema(t *testing.T) {
	seen := map[string]bool{}
	_ = fixture("r").Walk(func(f credit.FieldValue) error { seen[f.Spec.Path] = true; return nil })
	for _, s := range credit.Schema() {
		if !seen[s.Path] {
			t.Errorf("fixture lacks %s", s.Path)
		}
	}
}

func TestSealOpenRoundTripEveryField(t *testing.T) {
	v, _ := testVault(t)
	ctx := context.Background()
	rec := fixture("rec-1")
	sealed := mustSeal(t, v, "subj-1", rec)
	got, err := v.Open(ctx, sealed)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if diff := cmp.Diff(rec, got); diff != "" {
		t.Fatalf("round trip differs (-want +got):\n%s", diff)
	}
	// Encrypted values never appear in clear; sign-only values do.
	for _, f := range fieldsOf(rec) {
		spec, _ := credit.LookupField(f.Path)
		in := strings.Contains(string(sealed), f.Text)
		if spec.Action == credit.ActionEncrypt && in && len(f.Text) > 3 {
			t.Errorf("encrypted field %s appears in clear", f.Path)
		}
		if spec.Action == credit.ActionSignOnly && !in {
			t.Errorf("sign-only field %s not stored in clear", f.Path)
		}
	}
}

func TestSealTwiceUsesFreshDataKey(t *testing.T) {
	v, _ := testVault(t)
	a := mustSeal(t, v, "s", fixture("r"))
	b := mustSeal(t, v, "s", fixture("r"))
	pa, _ := parseSealed(a)
	pb, _ := parseSealed(b)
	if pa.subjectKey != pb.subjectKey {
		t.Error("same subject got two subject keys")
	}
	if pa.dataKeyID == pb.dataKeyID {
		t.Error("two seals share a data key ID")
	}
}

func TestPutGet(t *testing.T) {
	v, _ := testVault(t)
	ctx := context.Background()
	if err := v.Put(ctx, "s", fixture("r")); err != nil {
		t.Fatal(err)
	}
	got, err := v.Get(ctx, "r")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fixture("r"), got); diff != "" {
		t.Fatal(diff)
	}
	if _, err := v.Get(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get(missing) = %v, want ErrNotFound", err)
	}
}

// TestPutAll stores a batch; a batch with a record the vault refuses
// stores nothing and names that record; a store failure part-way names the
// record it failed on and leaves the ones before it stored.
func TestPutAll(t *testing.T) {
	ctx := context.Background()
	v, st := testVault(t)
	long := fixture(strings.Repeat("x", maxIDLen+1))
	if bad, err := v.PutAll(ctx, []string{"s1", "s2", "s3"}, []*credit.Record{fixture("a"), fixture("b"), long}); bad != 2 || !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("batch with an over-long ID: PutAll = %d, %v; want 2, ErrInvalidInput", bad, err)
	}
	for _, id := range []string{"a", "b"} {
		if _, err := v.Get(ctx, id); !errors.Is(err, ErrNotFound) {
			t.Fatalf("record %s after a refused batch: %v, want ErrNotFound", id, err)
		}
	}
	if bad, err := v.PutAll(ctx, []string{"s1"}, []*credit.Record{fixture("a"), fixture("b")}); bad != -1 || !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("one subject for two records: PutAll = %d, %v", bad, err)
	}
	if bad, err := v.PutAll(ctx, []string{"s1", "s2"}, []*credit.Record{fixture("a"), fixture("b")}); bad != -1 || err != nil {
		t.Fatalf("PutAll = %d, %v", bad, err)
	}
	for _, id := range []string{"a", "b"} {
		if got, err := v.Get(ctx, id); err != nil || !cmp.Equal(got, fixture(id)) {
			t.Fatalf("record %s: %v", id, err)
		}
	}
	v.store = &failingStore{MemStore: st, okPuts: 1}
	if bad, err := v.PutAll(ctx, []string{"s1", "s2"}, []*credit.Record{fixture("c"), fixture("d")}); bad != 1 || !errors.Is(err, errStoreDown) {
		t.Fatalf("store failing on the second record: PutAll = %d, %v", bad, err)
	}
	if _, err := v.Get(ctx, "c"); err != nil {
		t.Fatalf("record before the store failure: %v", err)
	}
}

var errStoreDown = errors.New("store down")

// failingStore fails PutRecord after okPuts successful calls.
type failingStore struct {
	*MemStore
	okPuts int
}

func (f *failingStore) PutRecord(ctx context.Context, row RecordRow, entries []IndexRow) error {
	if f.okPuts == 0 {
		return errStoreDown
	}
	f.okPuts--
	return f.MemStore.PutRecord(ctx, row, entries)
}

func TestSealFieldsUnknownPathIsSchemaViolation(t *testing.T) {
	v, _ := testVault(t)
	for _, p := range []string{"identity.nickname", "accounts[0].secret", "bogus", "accounts[x].balance"} {
		_, err := v.SealFields(context.Background(), "s", "r", []Field{{"identity.name", "张三"}, {p, "1"}})
		if !errors.Is(err, ErrSchemaViolation) {
			t.Errorf("SealFields(%q) = %v, want ErrSchemaViolation", p, err)
		}
	}
}

func TestSealFieldsMatchesSeal(t *testing.T) {
	v, _ := testVault(t)
	ctx := context.Background()
	sealed, err := v.SealFields(ctx, "s", "r", fieldsOf(fixture("r")))
	if err != nil {
		t.Fatal(err)
	}
	got, err := v.Open(ctx, sealed)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fixture("r"), got); diff != "" {
		t.Fatal(diff)
	}
	if _, err := v.SealFields(ctx, "s", "r", []Field{{"accounts[0].balance", "12x"}}); err == nil {
		t.Fatal("SealFields accepted unparsable money")
	}
}

func TestSealRejectsBadIDs(t *testing.T) {
	v, _ := testVault(t)
	ctx := context.Background()
	long := strings.Repeat("x", maxIDLen+1)
	cases := []struct{ subject, record string }{{"", "r"}, {"s", ""}, {long, "r"}, {"s", long}, {"s\xff", "r"}, {"s", "r\xff"}}
	for _, c := range cases {
		if _, err := v.Seal(ctx, c.subject, fixture(c.record)); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("Seal(%q,%q) = %v, want ErrInvalidInput", c.subject[:min(len(c.subject), 4)], c.record[:min(len(c.record), 4)], err)
		}
	}
	if _, err := v.Seal(ctx, "s", nil); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("Seal(nil) = %v", err)
	}
}

func TestOpenOtherSchemaVersion(t *testing.T) {
	v, _ := testVault(t)
	sealed := mustSeal(t, v, "s", fixture("r"))
	sealed[2]++ // schema version, low byte
	if _, err := v.Open(context.Background(), sealed); !errors.Is(err, ErrSchemaViolation) {
		t.Fatalf("Open = %v, want ErrSchemaViolation", err)
	}
}

func TestOpenUnknownSubjectKeyIsWrongKey(t *testing.T) {
	v, _ := testVault(t)
	w, _ := testVault(t)
	sealed := mustSeal(t, v, "s", fixture("r"))
	if _, err := w.Open(context.Background(), sealed); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("Open under another vault = %v, want ErrWrongKey", err)
	}
}

func TestOpenWithOtherKeyringIsWrongKey(t *testing.T) {
	v, st := testVault(t)
	sealed := mustSeal(t, v, "s", fixture("r"))
	kr, _ := NewKeyring("bank-a") // same store, same KEK version, other key bytes
	w, _ := New(Config{Keyring: kr, Store: st})
	if _, err := w.Open(context.Background(), sealed); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("Open = %v, want ErrWrongKey", err)
	}
}

func TestEmptyRecordRoundTrip(t *testing.T) {
	v, _ := testVault(t)
	sealed := mustSeal(t, v, "s", &credit.Record{ID: "empty"})
	got, err := v.Open(context.Background(), sealed)
	if err != nil || got.ID != "empty" {
		t.Fatalf("Open = %+v, %v", got, err)
	}
}

func TestOpenOtherSchemaTable(t *testing.T) {
	v, _ := testVault(t)
	sealed := mustSeal(t, v, "s", fixture("r"))
	sealed[3] ^= 1 // first byte of the schema fingerprint
	if _, err := v.Open(context.Background(), sealed); !errors.Is(err, ErrSchemaViolation) {
		t.Fatalf("Open = %v, want ErrSchemaViolation", err)
	}
}

// Seal writes the layout with plain appends; its bytes must equal the
// encoding.Encoder-based marshal of the parsed record, for the fixture, the
// benchmark record, an empty record and full synthetic records.
func TestSealLayout(t *testing.T) {
	v, _ := testVault(t)
	recs := []*credit.Record{fixture("r"), benchdata.CompactRecord("a-longer-record-id"), {ID: "empty"}}
	for _, set := range benchSets() {
		recs = append(recs, set.recs[:min(8, len(set.recs))]...)
	}
	for i, r := range recs {
		sealed := mustSeal(t, v, "s", r)
		var s sealedRecord
		if err := parseSealedChecked(sealed, &s); err != nil {
			t.Fatalf("record %d: reference parser: %v", i, err)
		}
		again, err := s.marshal()
		if err != nil || !bytes.Equal(again, sealed) {
			t.Fatalf("record %d: Seal's bytes differ from the Encoder layout (%v)", i, err)
		}
	}
}

// A value stored in clear must be UTF-8 text, as in the layout's original
// String16 encoding; an encrypted value may be any bytes.
func TestSealRejectsNonUTF8ClearValue(t *testing.T) {
	v, _ := testVault(t)
	r := fixture("r")
	r.Accounts[0].Institution = "bank\xff"
	var fe *FieldError
	if _, err := v.Seal(context.Background(), "s", r); !errors.As(err, &fe) || !errors.Is(err, ErrInvalidInput) || fe.Path != "accounts[0].institution" {
		t.Fatalf("Seal = %v, want FieldError{accounts[0].institution, ErrInvalidInput}", err)
	}
	r = fixture("r")
	r.Identity.Name = "\xff\xfe"
	if _, err := v.Seal(context.Background(), "s", r); err != nil {
		t.Fatalf("encrypted non-UTF-8 value: %v", err)
	}
}

// TestOpenShapesInTurn opens records of different shapes one after another
// with one workspace, so that the path memo (see openWith) is hit, missed
// and rebuilt: same paths, the same count with one path changed, fewer and
// more fields, and a record that fails its MAC in between.
func TestOpenShapesInTurn(t *testing.T) {
	v, _ := testVault(t)
	ctx := context.Background()
	compact := benchdata.CompactRecord("c")
	moved := benchdata.CompactRecord("m") // 12 fields; one path differs
	moved.Phones[0].Updated, moved.Residences[0].Updated = credit.Date{}, credit.NewDate(2020, 1, 2)
	small := &credit.Record{ID: "s", Identity: &credit.Identity{Name: "赵六"}}
	recs := []*credit.Record{compact, moved, fixture("f"), small}
	sealed := make([][]byte, len(recs))
	for i, r := range recs {
		sealed[i] = mustSeal(t, v, "subj", r)
	}
	if a, b := fieldsOf(compact), fieldsOf(moved); len(a) != len(b) || cmp.Equal(a, b) {
		t.Fatal("the moved record must have as many fields as the compact one, with a different path")
	}
	tampered := bytes.Clone(sealed[0])
	tampered[len(tampered)-1] ^= 1
	w := new(workspace)
	for _, k := range []int{0, 0, 1, 1, 0, -1, 0, 2, 2, 0, 3, 1, 3, 2, 0} {
		b := tampered
		if k >= 0 {
			b = sealed[k]
		}
		var s sealedView
		if !scanSealed(b, &s, w) {
			t.Fatal("scan")
		}
		subj, err := v.subjectKeyForOpen(ctx, s.subjectKey, s.subjectID)
		if err != nil {
			t.Fatal(err)
		}
		got, err := openWith(subj, &s, w)
		if k < 0 {
			if !errors.Is(err, ErrTamperedRecord) {
				t.Fatalf("tampered record: %v", err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("record %d: %v", k, err)
		}
		if diff := cmp.Diff(recs[k], got); diff != "" {
			t.Fatalf("record %d differs after the memo (-want +got):\n%s", k, diff)
		}
	}
}
