package consent

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

func key(i int) [16]byte { return [16]byte{byte(i), byte(i >> 8)} }

func TestMemoryReplayStore(t *testing.T) {
	ctx := context.Background()
	s := NewMemoryReplayStore(2)
	if err := s.CheckAndStore(ctx, key(1), t0, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckAndStore(ctx, key(1), t0, t0.Add(time.Minute)); !errors.Is(err, ErrReplay) {
		t.Fatalf("second CheckAndStore = %v, want ErrReplay", err)
	}
	if err := s.CheckAndStore(ctx, key(2), t0, t0.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckAndStore(ctx, key(3), t0, t0.Add(time.Minute)); !errors.Is(err, ErrStoreFull) {
		t.Fatalf("CheckAndStore when full = %v, want ErrStoreFull", err)
	}
	// After key 1 expires there is room again, and key 1 is forgotten.
	later := t0.Add(time.Minute)
	if err := s.CheckAndStore(ctx, key(3), later, later.Add(time.Minute)); err != nil {
		t.Fatalf("CheckAndStore after expiry = %v", err)
	}
	if n := len(s.s.m); n != 2 {
		t.Fatalf("store holds %d entries, want 2", n)
	}
}

func TestMemoryReplayStoreConcurrent(t *testing.T) {
	s := NewMemoryReplayStore(0)
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := 0
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if s.CheckAndStore(context.Background(), key(7), t0, t0.Add(time.Minute)) == nil {
				mu.Lock()
				ok++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if ok != 1 {
		t.Fatalf("%d concurrent CheckAndStore calls with one nonce succeeded, want 1", ok)
	}
}

func TestMemoryUseStoreAtomic(t *testing.T) {
	ctx := context.Background()
	s := NewMemoryUseStore(0)
	until := t0.Add(time.Hour)
	both := []Use{{Key: key(1), Limit: 5, Until: until}, {Key: key(2), Limit: 1, Until: until}}
	if err := s.Consume(ctx, t0, both); err != nil {
		t.Fatal(err)
	}
	if err := s.Consume(ctx, t0, both); !errors.Is(err, ErrUseLimit) {
		t.Fatalf("Consume over limit = %v, want ErrUseLimit", err)
	}
	if c := s.Count(key(1), t0); c != 1 {
		t.Fatalf("failed Consume changed a counter: %d, want 1", c)
	}
	// Expired counters are forgotten.
	if c := s.Count(key(2), until); c != 0 {
		t.Fatalf("expired counter = %d, want 0", c)
	}
}

func TestMemoryUseStoreFull(t *testing.T) {
	ctx := context.Background()
	s := NewMemoryUseStore(1)
	if err := s.Consume(ctx, t0, []Use{{Key: key(1), Limit: 5, Until: t0.Add(time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Consume(ctx, t0, []Use{{Key: key(2), Limit: 5, Until: t0.Add(time.Hour)}}); !errors.Is(err, ErrStoreFull) {
		t.Fatalf("Consume when full = %v, want ErrStoreFull", err)
	}
	if err := s.Consume(ctx, t0, []Use{{Key: key(1), Limit: 5, Until: t0.Add(time.Hour)}}); err != nil {
		t.Fatalf("Consume of an existing counter when full = %v", err)
	}
}

func TestMemoryRevocations(t *testing.T) {
	ctx := context.Background()
	r := NewMemoryRevocations(1)
	if ok, _ := r.Revoked(ctx, testID("a")); ok {
		t.Fatal("fresh store reports a revocation")
	}
	if err := r.Revoke(testID("a"), time.Time{}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := r.Revoked(ctx, testID("a")); !ok {
		t.Fatal("revoked ID not reported")
	}
	if err := r.Revoke(testID("a"), time.Time{}); err != nil {
		t.Fatalf("revoking again = %v", err)
	}
	if err := r.Revoke(testID("b"), time.Time{}); !errors.Is(err, ErrStoreFull) {
		t.Fatalf("Revoke when full = %v, want ErrStoreFull", err)
	}
}
