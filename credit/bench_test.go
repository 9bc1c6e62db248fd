package credit_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/credq/credq/consent"
	"github.com/credq/credq/consent/consenttest"
	"github.com/credq/credq/credit"
	"github.com/credq/credq/credit/synth"
)

var benchNow = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

func BenchmarkNormalize(b *testing.B) {
	for _, bc := range []struct {
		name string
		f    func(string) (string, error)
		in   string
	}{
		{"ResidentID/18", credit.NormalizeResidentID, "11010519491231002X"},
		{"ResidentID/15", credit.NormalizeResidentID, "110105491231002"},
		{"ResidentID/fullwidth", credit.NormalizeResidentID, "３６０４２６１９９１０１０１００７１"},
		{"Mobile/E164", credit.NormalizeMobile, "+8613800138000"},
		{"Mobile/formatted", credit.NormalizeMobile, "+86 138-0013-8000"},
		{"Email", credit.NormalizeEmail, "  Zhang.San@Example.COM "},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.in)))
			for b.Loop() {
				if _, err := bc.f(bc.in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkNewView builds views of synthetic records; "accounts=N" picks a
// record with about N accounts. The Raw sub-benchmark is a deep copy of the
// record through Walk/SetField-free cloning (ApplyRetention), the floor any
// view pays.
func BenchmarkNewView(b *testing.B) {
	g := synth.New(1, benchNow)
	byAccounts := map[int]*credit.Record{}
	for len(byAccounts) < 3 {
		r := g.Record()
		for _, n := range []int{2, 6, 12} {
			if len(r.Accounts) >= n && byAccounts[n] == nil && len(r.Inquiries) > 0 {
				byAccounts[n] = r
			}
		}
	}
	for _, n := range []int{2, 6, 12} {
		r := byAccounts[n]
		lender := r.Accounts[0].Institution
		grants := map[string]*consent.Verified{
			"approval": consenttest.Grant(b, consenttest.Options{Purpose: consent.PurposeLoanApproval,
				Scope: consent.ScopeAll, GranteeID: lender, Now: benchNow}),
			"multilending": consenttest.Grant(b, consenttest.Options{Purpose: consent.PurposeMultiLendingCheck,
				Scope: consent.NewScope(consent.ClassFinancial), GranteeID: lender, Now: benchNow}),
		}
		for _, name := range []string{"approval", "multilending"} {
			b.Run(fmt.Sprintf("%s/accounts=%d", name, len(r.Accounts)), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := credit.NewView(r, grants[name], credit.Query{}, benchNow); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		b.Run(fmt.Sprintf("retention-copy/accounts=%d", len(r.Accounts)), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				credit.ApplyRetention(r, benchNow)
			}
		})
		b.Run(fmt.Sprintf("json/accounts=%d", len(r.Accounts)), func(b *testing.B) {
			v, _ := credit.NewView(r, grants["approval"], credit.Query{}, benchNow)
			out, _ := json.Marshal(v)
			b.SetBytes(int64(len(out)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := json.Marshal(v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkLog(b *testing.B) {
	entry := credit.LogEntry{Time: benchNow, Querier: "bank-a", Holder: "bank-a",
		Purpose: consent.PurposeLoanApproval, Released: consent.ScopeAll}
	b.Run("Append", func(b *testing.B) {
		l := credit.NewLog(&credit.MemoryLogStore{})
		b.ReportAllocs()
		b.SetBytes(credit.LogEntrySize)
		for b.Loop() {
			if _, err := l.Append(context.Background(), entry); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, n := range []int{100, 10000} {
		l := credit.NewLog(&credit.MemoryLogStore{})
		for i := 0; i < n; i++ {
			if _, err := l.Append(context.Background(), entry); err != nil {
				b.Fatal(err)
			}
		}
		cp, _ := l.Checkpoint(context.Background())
		b.Run(fmt.Sprintf("Verify/entries=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(n) * credit.LogEntrySize)
			for b.Loop() {
				if err := l.Verify(context.Background(), cp); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkWalk(b *testing.B) {
	r := synth.New(2, benchNow).Record()
	b.Run("Walk", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = r.Walk(func(credit.FieldValue) error { return nil })
		}
	})
	b.Run("AppendWalk", func(b *testing.B) {
		var buf []byte
		b.ReportAllocs()
		for b.Loop() {
			buf, _ = r.AppendWalk(buf[:0], func(credit.FieldRef, []byte) error { return nil })
		}
		b.SetBytes(int64(len(buf)))
	})
}

// BenchmarkRebuild rebuilds a synthetic record from its fields: by path with
// SetField, and by FieldRef with NewRecordFor and SetFieldRef.
func BenchmarkRebuild(b *testing.B) {
	r := synth.New(2, benchNow).Record()
	var paths, texts []string
	var refs []credit.FieldRef
	_ = r.Walk(func(f credit.FieldValue) error {
		ref, _ := credit.ParseFieldRef(f.Path)
		paths, texts, refs = append(paths, f.Path), append(texts, f.Text), append(refs, ref)
		return nil
	})
	b.Run("SetField", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			out := &credit.Record{ID: r.ID}
			for i, p := range paths {
				if err := out.SetField(p, texts[i]); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("SetFieldRef", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			out := credit.NewRecordFor(r.ID, refs)
			for i, ref := range refs {
				if err := out.SetFieldRef(ref, texts[i]); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// BenchmarkDecodeRecordJSON compares the strict schema-driven decoder with
// plain json.Unmarshal (no validation, no field paths) on the same input.
func BenchmarkDecodeRecordJSON(b *testing.B) {
	g := synth.New(3, benchNow)
	for _, n := range []int{2, 12} {
		var r *credit.Record
		for r == nil || len(r.Accounts) < n {
			r = g.Record()
		}
		data, err := json.Marshal(r)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("strict/accounts=%d", len(r.Accounts)), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := credit.DecodeRecordJSON(data); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("json.Unmarshal/accounts=%d", len(r.Accounts)), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				var x credit.Record
				if err := json.Unmarshal(data, &x); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
