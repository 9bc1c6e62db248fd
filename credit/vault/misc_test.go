package vault

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/credq/credq/encoding"
)

func TestNewRequiresKeyringAndStore(t *testing.T) {
	kr, _ := NewKeyring("bank-a")
	for _, c := range []Config{{}, {Keyring: kr}, {Store: NewMemStore()}} {
		if _, err := New(c); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("New(%+v) = %v, want ErrInvalidInput", c, err)
		}
	}
}

func TestRewrapRejectsBadBatch(t *testing.T) {
	v, _ := testVault(t)
	for _, n := range []int{0, -1} {
		if _, _, err := v.Rewrap(context.Background(), nil, n); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("Rewrap(batch %d) = %v, want ErrInvalidInput", n, err)
		}
	}
}

func TestRewrapHonoursContext(t *testing.T) {
	v, _ := testVault(t)
	_ = v.Put(context.Background(), "s", fixture("r"))
	_, _ = v.RotateKEK()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := v.Rewrap(ctx, nil, 10); !errors.Is(err, context.Canceled) {
		t.Fatalf("Rewrap(cancelled) = %v", err)
	}
}

func TestAddIndexRejects(t *testing.T) {
	kr, _ := NewKeyring("bank-a")
	for _, c := range []struct {
		name string
		bits int
	}{{"", 8}, {strings.Repeat("n", maxNameLen+1), 8}, {"x", 0}, {"x", maxTagBits + 1}} {
		if _, err := kr.AddIndex(c.name, c.bits); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("AddIndex(len %d, %d bits) = %v", len(c.name), c.bits, err)
		}
	}
	v, _ := testVault(t)
	if _, _, err := v.AddIndex(IndexEmail, 3); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("AddIndex(population 3) = %v", err)
	}
}

// TestErrorsHoldNoValues checks that tampering errors name the field path
// but never its value.
func TestErrorsHoldNoValues(t *testing.T) {
	v, _ := testVault(t)
	sealed := mustSeal(t, v, "s", fixture("r"))
	s, _ := parseSealed(sealed)
	i := fieldIndex(t, s, "identity.idNumber")
	s.fields[i].value[0] ^= 1
	b, _ := s.marshal()
	_, err := v.Open(context.Background(), b)
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Path != "identity.idNumber" || !errors.Is(err, ErrTamperedField) {
		t.Fatalf("Open = %v", err)
	}
	for _, f := range fieldsOf(fixture("r")) {
		if len(f.Text) > 3 && strings.Contains(err.Error(), f.Text) {
			t.Fatalf("error %q contains the value of %s", err, f.Path)
		}
	}
}

func TestKeyringBadLengths(t *testing.T) {
	kr, _ := NewKeyring("bank-a")
	_, _ = kr.AddIndex(IndexMobile, 12)
	good, _ := kr.marshal()
	for n := range len(good) {
		var pe *encoding.ParseError
		if _, err := parseKeyring(good[:n]); !errors.As(err, &pe) {
			t.Fatalf("truncated to %d: %v", n, err)
		}
	}
	if _, err := parseKeyring(append(bytes.Clone(good), 0)); !errors.Is(err, encoding.ErrTrailingData) {
		t.Fatalf("extended: %v", err)
	}
}

// TestConcurrentUse runs seals, opens, lookups and a shred in parallel
// (meaningful under -race).
func TestConcurrentUse(t *testing.T) {
	v, _ := testVault(t)
	ctx := context.Background()
	_, _, _ = v.AddIndex(IndexResidentID, 100)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				id := fmt.Sprintf("r%d-%d", g, i)
				subject := fmt.Sprintf("s%d", i%3)
				if err := v.Put(ctx, subject, fixture(id)); err != nil {
					t.Error(err)
					return
				}
				if _, err := v.Get(ctx, id); err != nil && !errors.Is(err, ErrShredded) {
					t.Error(err)
					return
				}
				if _, err := v.Lookup(ctx, IndexResidentID, "11010519491231002X"); err != nil && !errors.Is(err, ErrShredded) {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = v.Shred(ctx, "s1")
		_, _ = v.RotateKEK()
		_, _, _ = v.Rewrap(ctx, nil, 100)
	}()
	wg.Wait()
}
