package consent

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// KeySet is the verifier's set of trusted issuer keys, indexed by [KeyID].
// Several keys may be active at once, which is how issuers rotate: add the
// new key, let issuers switch, then [KeySet.Retire] the old one. A retired key
// stays known so that grants signed by it fail with [ErrKeyRetired] rather
// than [ErrUnknownKey].
//
// A KeySet is safe for concurrent use. Lookups are lock-free (the set is
// copied on write), so rotation never stalls verification. The zero KeySet is
// empty and ready to use.
type KeySet struct {
	mu   sync.Mutex // serializes writers
	keys atomic.Pointer[[]keyEntry]
}

type keyEntry struct {
	key     *PublicKey
	retired bool
}

// NewKeySet returns a key set holding keys, all active.
func NewKeySet(keys ...*PublicKey) *KeySet {
	s := new(KeySet)
	for _, k := range keys {
		s.Add(k)
	}
	return s
}

func (s *KeySet) load() []keyEntry {
	if p := s.keys.Load(); p != nil {
		return *p
	}
	return nil
}

// Add makes k an active key. Adding a key that is already present (even
// retired) re-activates it.
func (s *KeySet) Add(k *PublicKey) {
	if k == nil {
		panic("consent: KeySet.Add of a nil key")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.load()
	next := make([]keyEntry, 0, len(old)+1)
	for _, e := range old {
		if e.key.id != k.id {
			next = append(next, e)
		}
	}
	next = append(next, keyEntry{key: k})
	s.keys.Store(&next)
}

// Retire marks the key with the given ID as retired: grants signed with it
// are rejected with [ErrKeyRetired]. It returns [ErrUnknownKey] if the set
// does not hold the key.
func (s *KeySet) Retire(id KeyID) error {
	return s.update(id, func(e *keyEntry) { e.retired = true })
}

// Remove forgets the key with the given ID; grants signed with it are
// rejected with [ErrUnknownKey]. It returns ErrUnknownKey if the set does not
// hold the key.
func (s *KeySet) Remove(id KeyID) error {
	return s.update(id, nil)
}

func (s *KeySet) update(id KeyID, f func(*keyEntry)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.load()
	next := make([]keyEntry, 0, len(old))
	found := false
	for _, e := range old {
		if e.key.id == id {
			found = true
			if f == nil {
				continue
			}
			f(&e)
		}
		next = append(next, e)
	}
	if !found {
		return fmt.Errorf("consent: key set: %w", ErrUnknownKey)
	}
	s.keys.Store(&next)
	return nil
}

// Len returns the number of keys in the set, active and retired.
func (s *KeySet) Len() int { return len(s.load()) }

// lookup returns the active key with the given ID. A linear scan beats a map
// for the handful of keys a set holds during rotation.
func (s *KeySet) lookup(id KeyID) (*PublicKey, error) {
	for _, e := range s.load() {
		if e.key.id == id {
			if e.retired {
				return nil, errKeyRetired
			}
			return e.key, nil
		}
	}
	return nil, ErrUnknownKey
}

// errKeyRetired matches both ErrKeyRetired and ErrUnknownKey.
var errKeyRetired = fmt.Errorf("%w (%w)", ErrKeyRetired, ErrUnknownKey)
