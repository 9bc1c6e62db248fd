package credit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/credq/credq/consent"
	"github.com/credq/credq/encoding"
	"github.com/google/go-cmp/cmp"
)

var (
	subjA = consent.SubjectRef{0xa}
	subjB = consent.SubjectRef{0xb}
)

// newTestLog appends n entries one day apart, ending on fixNow's day.
func newTestLog(t *testing.T, n int) (*Log, *MemoryLogStore) {
	t.Helper()
	st := &MemoryLogStore{}
	l := NewLog(st)
	for i := 0; i < n; i++ {
		subj := subjA
		if i%3 == 2 {
			subj = subjB
		}
		_, err := l.Append(context.Background(), LogEntry{
			Time: fixNow.AddDate(0, 0, i-n+1), Querier: "bank-a", Holder: "bank-a",
			Purpose: consent.PurposeLoanApproval, ConsentID: consent.ID{byte(i)}, Subject: subj,
			Released: consent.ScopeAll,
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return l, st
}

func TestLogVerifies(t *testing.T) {
	l, _ := newTestLog(t, 10)
	cp, err := l.Checkpoint(context.Background())
	if err != nil || cp.Len != 10 {
		t.Fatalf("Checkpoint = %+v, %v", cp, err)
	}
	if err := l.Verify(context.Background(), cp); err != nil {
		t.Fatalf("Verify = %v", err)
	}
	if err := l.Verify(context.Background(), Checkpoint{}); err != nil {
		t.Fatalf("Verify without checkpoint = %v", err)
	}
	if err := VerifyLog(nil, Checkpoint{}); err != nil {
		t.Fatalf("empty log: %v", err)
	}
}

func TestLogTamperDetected(t *testing.T) {
	mods := map[string]func(e *LogEntry){
		"time":     func(e *LogEntry) { e.Time = e.Time.Add(time.Second) },
		"querier":  func(e *LogEntry) { e.Querier = "bank-z" },
		"holder":   func(e *LogEntry) { e.Holder = "agency-1" },
		"purpose":  func(e *LogEntry) { e.Purpose = consent.PurposePostLoan },
		"consent":  func(e *LogEntry) { e.ConsentID[15] ^= 1 },
		"subject":  func(e *LogEntry) { e.Subject[0] ^= 1 },
		"released": func(e *LogEntry) { e.Released = consent.NewScope(consent.ClassDirect) },
		"seq":      func(e *LogEntry) { e.Seq++ },
		"prev":     func(e *LogEntry) { e.Prev[0] ^= 1 },
		"hash":     func(e *LogEntry) { e.Hash[31] ^= 1 },
		"rehashed": func(e *LogEntry) { e.Querier = "bank-z"; e.Hash, _ = e.ComputeHash() },
	}
	for name, mod := range mods {
		for _, at := range []int{0, 4, 9} {
			_, st := newTestLog(t, 10)
			entries := st.Entries()
			mod(&entries[at])
			err := VerifyLog(entries, Checkpoint{})
			if name == "rehashed" && at == 9 {
				// A rewritten last entry with a recomputed hash is a valid
				// chain; only a checkpoint reveals it.
				if err != nil {
					t.Fatalf("rehashed tail without checkpoint: %v", err)
				}
				cp := Checkpoint{Len: 10, Head: st.Entries()[9].Hash}
				err = VerifyLog(entries, cp)
			}
			want := uint64(at)
			if name == "rehashed" && at < 9 {
				want++ // its own hash is consistent; the next link breaks
			}
			var le *LogError
			if !errors.As(err, &le) || le.Seq != want {
				t.Errorf("modify %s at %d: VerifyLog = %v, want LogError at %d", name, at, err, want)
			}
		}
	}
}

func TestLogDeleteReorderTruncateDetected(t *testing.T) {
	_, st := newTestLog(t, 10)
	orig := st.Entries()
	cp := Checkpoint{Len: 10, Head: orig[9].Hash}
	del := func(i int) []LogEntry {
		out := append([]LogEntry(nil), orig[:i]...)
		return append(out, orig[i+1:]...)
	}
	swap := func(i, j int) []LogEntry {
		out := append([]LogEntry(nil), orig...)
		out[i], out[j] = out[j], out[i]
		return out
	}
	// A forged entry inserted in the middle with a correct-looking hash.
	forged := orig[4]
	forged.Querier = "intruder"
	forged.Hash, _ = forged.ComputeHash()
	insert := append(append(append([]LogEntry(nil), orig[:5]...), forged), orig[5:]...)

	for _, tc := range []struct {
		name    string
		entries []LogEntry
		want    error
	}{
		{"delete first", del(0), ErrLogTampered},
		{"delete middle", del(5), ErrLogTampered},
		{"delete last", del(9), ErrLogTruncated},
		{"reorder adjacent", swap(3, 4), ErrLogTampered},
		{"reorder far", swap(1, 8), ErrLogTampered},
		{"truncate to 5", orig[:5], ErrLogTruncated},
		{"truncate to 0", nil, ErrLogTruncated},
		{"insert", insert, ErrLogTampered},
	} {
		if err := VerifyLog(tc.entries, cp); !errors.Is(err, tc.want) {
			t.Errorf("%s: VerifyLog = %v, want %v", tc.name, err, tc.want)
		}
	}
	// Through the store as well.
	l, st2 := newTestLog(t, 10)
	st2.mu.Lock()
	st2.entries = del(5)
	st2.mu.Unlock()
	if err := l.Verify(context.Background(), cp); !errors.Is(err, ErrLogTampered) {
		t.Errorf("store with a deleted entry: Verify = %v", err)
	}
}

func TestLogStoreRefusesFork(t *testing.T) {
	_, st := newTestLog(t, 3)
	e := st.Entries()[1]
	if err := st.Append(context.Background(), e); !errors.Is(err, ErrLogConflict) {
		t.Fatalf("Append with an old Seq = %v, want ErrLogConflict", err)
	}
}

func TestLogAppendRejectsInvalid(t *testing.T) {
	l := NewLog(&MemoryLogStore{})
	for name, e := range map[string]LogEntry{
		"purpose":      {Time: fixNow, Purpose: 0, Released: consent.ScopeAll},
		"scope":        {Time: fixNow, Purpose: consent.PurposeLoanApproval, Released: 0x80},
		"long querier": {Time: fixNow, Purpose: consent.PurposeLoanApproval, Querier: string(make([]byte, MaxPartyID+1))},
	} {
		if _, err := l.Append(context.Background(), e); err == nil {
			t.Errorf("%s: Append accepted an invalid entry", name)
		}
	}
}

func TestSubjectInquiries(t *testing.T) {
	st := &MemoryLogStore{}
	l := NewLog(st)
	add := func(at time.Time, subj consent.SubjectRef, querier, holder string, p consent.Purpose) {
		if _, err := l.Append(context.Background(), LogEntry{Time: at, Querier: querier, Holder: holder,
			Purpose: p, Subject: subj, Released: consent.ScopeAll}); err != nil {
			t.Fatal(err)
		}
	}
	add(time.Date(2024, 11, 22, 23, 0, 0, 0, time.UTC), subjA, "bank-old", "bank-old", consent.PurposeLoanApproval)  // exactly 24 months: hidden
	add(time.Date(2024, 11, 23, 0, 0, 0, 0, time.UTC), subjA, "bank-edge", "bank-edge", consent.PurposeCardApproval) // last visible day
	add(time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC), subjB, "bank-other", "bank-other", consent.PurposeLoanApproval)
	add(time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC), subjA, "bank-b", "agency-7", consent.PurposeDelegatedCollection)
	got, err := l.SubjectInquiries(context.Background(), subjA, fixNow)
	if err != nil {
		t.Fatal(err)
	}
	want := []SubjectInquiry{
		{Date: d(2026, 11, 1), Institution: "bank-b", Delegate: "agency-7", Purpose: consent.PurposeDelegatedCollection},
		{Date: d(2024, 11, 23), Institution: "bank-edge", Purpose: consent.PurposeCardApproval},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SubjectInquiries (-want +got):\n%s", diff)
	}
	b, err := json.Marshal(got)
	wantJSON := `[{"date":"2026-11-01","institution":"bank-b","delegate":"agency-7","purpose":"x-collection"},` +
		`{"date":"2024-11-23","institution":"bank-edge","purpose":"03"}]`
	if err != nil || string(b) != wantJSON {
		t.Errorf("listing JSON = %s, %v; want %s", b, err, wantJSON)
	}
}

func TestLogEntryBinaryRoundTrip(t *testing.T) {
	_, st := newTestLog(t, 3)
	for _, e := range st.Entries() {
		b, err := e.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var got LogEntry
		if err := got.UnmarshalBinary(b); err != nil {
			t.Fatal(err)
		}
		if got != e {
			t.Errorf("round trip: got %+v, want %+v", got, e)
		}
	}
}

// Every truncation and every one-byte extension of an encoded entry is
// rejected with a typed parse error.
func TestLogEntryBadLengths(t *testing.T) {
	_, st := newTestLog(t, 1)
	e := st.Entries()[0]
	b, _ := e.MarshalBinary()
	for n := 0; n < len(b); n++ {
		var x LogEntry
		err := x.UnmarshalBinary(b[:n])
		var pe *encoding.ParseError
		if !errors.As(err, &pe) || !errors.Is(err, encoding.ErrTruncated) {
			t.Fatalf("truncated to %d: %v, want ErrTruncated", n, err)
		}
	}
	var x LogEntry
	if err := x.UnmarshalBinary(append(bytes.Clone(b), 0)); !errors.Is(err, encoding.ErrTrailingData) {
		t.Fatalf("extended: %v, want ErrTrailingData", err)
	}
}

func TestLogEntryRejectsInvalidCodes(t *testing.T) {
	_, st := newTestLog(t, 1)
	e := st.Entries()[0]
	b, _ := e.MarshalBinary()
	purposeAt := 8 + 8 + 1 + len(e.Querier) + 1 + len(e.Holder)
	for name, mut := range map[string]func([]byte){
		"purpose": func(b []byte) { b[purposeAt] = 0x77 },
		"scope":   func(b []byte) { b[purposeAt+1+16+32] = 0x80 },
	} {
		c := bytes.Clone(b)
		mut(c)
		var x LogEntry
		if err := x.UnmarshalBinary(c); !errors.Is(err, encoding.ErrInvalid) {
			t.Errorf("%s: %v, want encoding.ErrInvalid", name, err)
		}
	}
}

func FuzzLogEntry(f *testing.F) {
	e := LogEntry{Seq: 7, Time: fixNow.Truncate(time.Second), Querier: "bank-a", Holder: "agency-1",
		Purpose: consent.PurposeDelegatedCollection, Released: consent.ScopeAll}
	e.Hash, _ = e.ComputeHash()
	b, _ := e.MarshalBinary()
	f.Add(b)
	f.Fuzz(func(t *testing.T, in []byte) {
		var x LogEntry
		if err := x.UnmarshalBinary(in); err != nil {
			var pe *encoding.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		out, err := x.MarshalBinary()
		if err != nil || !bytes.Equal(out, in) {
			t.Fatalf("re-encoding differs: %x, %v; input %x", out, err, in)
		}
	})
}

func TestLogConcurrentAppends(t *testing.T) {
	st := &MemoryLogStore{}
	l := NewLog(st)
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				if _, err := l.Append(context.Background(), LogEntry{Time: fixNow, Querier: "bank-a", Holder: "bank-a",
					Purpose: consent.PurposePostLoan, Released: consent.ScopeAll}); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	cp, _ := l.Checkpoint(context.Background())
	if cp.Len != 160 {
		t.Fatalf("%d entries, want 160", cp.Len)
	}
	if err := l.Verify(context.Background(), cp); err != nil {
		t.Fatal(err)
	}
}
