package consent

import (
	"context"
	"sync"
	"time"
)

// RevocationStore answers whether a consent ID has been revoked. Revoking a
// consent ID revokes every delegation derived from it, because delegations
// keep the root grant's ID. Implementations must be safe for concurrent use;
// an error other than a "no" makes verification fail (fail closed).
type RevocationStore interface {
	Revoked(ctx context.Context, id ID) (bool, error)
}

// ReplayStore remembers presentation nonces. CheckAndStore records nonce
// until the given time and returns [ErrReplay] if it is already recorded and
// not yet expired. now is the verifier's clock, which implementations use to
// expire old entries. It must be atomic: of two concurrent calls with the
// same nonce, exactly one succeeds.
type ReplayStore interface {
	CheckAndStore(ctx context.Context, nonce [16]byte, now, until time.Time) error
}

// Use is one use-count to consume: Key identifies the grant or delegation
// block, Limit is its use limit (never [Recurring]: recurring levels are not
// counted) and Until is when the entry may be forgotten (the level's expiry
// plus the skew).
type Use struct {
	Key   [16]byte
	Limit UseLimit
	Until time.Time
}

// UseStore counts presentations. Consume must check every use and, only if
// each count is below its limit, increment them all; otherwise it changes
// nothing and returns [ErrUseLimit]. It must be atomic with respect to
// concurrent calls.
type UseStore interface {
	Consume(ctx context.Context, now time.Time, uses []Use) error
}

// expiring is a bounded map of keys to expiry times. When it is full, it
// drops entries that have expired (scanning only if at least one has); if
// none can be dropped the insertion is refused with ErrStoreFull: dropping a
// live nonce, count or revocation would weaken the check it backs.
type expiring[V any] struct {
	max      int
	m        map[[16]byte]entry[V]
	earliest int64 // earliest expiry in m (Unix nanoseconds), or 0
}

type entry[V any] struct {
	until int64
	v     V
}

func newExpiring[V any](max int) *expiring[V] {
	return &expiring[V]{max: max, m: make(map[[16]byte]entry[V])}
}

// get returns the live entry for k.
func (s *expiring[V]) get(k [16]byte, now int64) (V, bool) {
	e, ok := s.m[k]
	if !ok || e.until <= now {
		var zero V
		return zero, false
	}
	return e.v, true
}

// room makes space for n new entries if it can.
func (s *expiring[V]) room(n int, now int64) error {
	if len(s.m)+n <= s.max {
		return nil
	}
	if s.earliest != 0 && s.earliest <= now {
		s.earliest = 0
		for k, e := range s.m {
			if e.until <= now {
				delete(s.m, k)
			} else if s.earliest == 0 || e.until < s.earliest {
				s.earliest = e.until
			}
		}
	}
	if len(s.m)+n > s.max {
		return ErrStoreFull
	}
	return nil
}

func (s *expiring[V]) put(k [16]byte, until int64, v V) {
	s.m[k] = entry[V]{until: until, v: v}
	if s.earliest == 0 || until < s.earliest {
		s.earliest = until
	}
}

// Default capacities of the in-memory stores.
const (
	DefaultReplayCapacity     = 1 << 19
	DefaultUseCapacity        = 1 << 20
	DefaultRevocationCapacity = 1 << 20
)

// MemoryReplayStore is an in-memory [ReplayStore] holding at most a fixed
// number of nonces. A nonce is kept only until the presentation timestamp
// leaves the skew window, so at a steady rate of r verifications per second
// and skew s it holds about 2·s·r entries.
type MemoryReplayStore struct {
	mu sync.Mutex
	s  *expiring[struct{}]
}

// NewMemoryReplayStore returns a replay store for at most max nonces
// (DefaultReplayCapacity if max ≤ 0).
func NewMemoryReplayStore(max int) *MemoryReplayStore {
	if max <= 0 {
		max = DefaultReplayCapacity
	}
	return &MemoryReplayStore{s: newExpiring[struct{}](max)}
}

// CheckAndStore implements [ReplayStore].
func (r *MemoryReplayStore) CheckAndStore(_ context.Context, nonce [16]byte, now, until time.Time) error {
	n := now.UnixNano()
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.s.get(nonce, n); ok {
		return ErrReplay
	}
	if err := r.s.room(1, n); err != nil {
		return err
	}
	r.s.put(nonce, until.UnixNano(), struct{}{})
	return nil
}

// MemoryUseStore is an in-memory [UseStore] holding at most a fixed number
// of counters; a counter is forgotten once its grant has expired.
type MemoryUseStore struct {
	mu sync.Mutex
	s  *expiring[UseLimit]
}

// NewMemoryUseStore returns a use store for at most max counters
// (DefaultUseCapacity if max ≤ 0).
func NewMemoryUseStore(max int) *MemoryUseStore {
	if max <= 0 {
		max = DefaultUseCapacity
	}
	return &MemoryUseStore{s: newExpiring[UseLimit](max)}
}

// Consume implements [UseStore].
func (u *MemoryUseStore) Consume(_ context.Context, now time.Time, uses []Use) error {
	n := now.UnixNano()
	u.mu.Lock()
	defer u.mu.Unlock()
	fresh := 0
	for _, use := range uses {
		c, ok := u.s.get(use.Key, n)
		if c >= use.Limit {
			return ErrUseLimit
		}
		if !ok {
			fresh++
		}
	}
	if err := u.s.room(fresh, n); err != nil {
		return err
	}
	for _, use := range uses {
		c, _ := u.s.get(use.Key, n)
		u.s.put(use.Key, use.Until.UnixNano(), c+1)
	}
	return nil
}

// Count returns how many times the counter for key has been consumed.
func (u *MemoryUseStore) Count(key [16]byte, now time.Time) UseLimit {
	u.mu.Lock()
	defer u.mu.Unlock()
	c, _ := u.s.get(key, now.UnixNano())
	return c
}

// MemoryRevocations is an in-memory [RevocationStore] holding at most a
// fixed number of revoked IDs. A revocation is kept until the time given to
// Revoke (the grant's expiry: after it the grant fails anyway); entries past
// that time are dropped only when the store is full.
type MemoryRevocations struct {
	mu sync.RWMutex
	s  *expiring[struct{}]
}

// NewMemoryRevocations returns a revocation store for at most max IDs
// (DefaultRevocationCapacity if max ≤ 0).
func NewMemoryRevocations(max int) *MemoryRevocations {
	if max <= 0 {
		max = DefaultRevocationCapacity
	}
	return &MemoryRevocations{s: newExpiring[struct{}](max)}
}

// Revoke revokes id and every delegation derived from it, until the given
// time (use the grant's expiry; a zero time means forever). It returns
// ErrStoreFull if the store holds max live revocations.
func (r *MemoryRevocations) Revoke(id ID, until time.Time) error {
	u := int64(1<<63 - 1)
	if !until.IsZero() {
		u = until.UnixNano()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if e, ok := r.s.m[id]; ok {
		if e.until >= u {
			return nil // already revoked for at least as long
		}
	} else if err := r.s.room(1, time.Now().UnixNano()); err != nil {
		return err
	}
	r.s.put(id, u, struct{}{})
	return nil
}

// Revoked implements [RevocationStore]. A revoked ID stays revoked until its
// entry is dropped, whatever the verifier's clock says.
func (r *MemoryRevocations) Revoked(_ context.Context, id ID) (bool, error) {
	r.mu.RLock()
	_, ok := r.s.m[id]
	r.mu.RUnlock()
	return ok, nil
}

var (
	_ RevocationStore = (*MemoryRevocations)(nil)
	_ ReplayStore     = (*MemoryReplayStore)(nil)
	_ UseStore        = (*MemoryUseStore)(nil)
)
