package vault

import (
	"sync"
	"time"

	"github.com/credq/credq/credit/vault/internal/gcm"
)

// Cache defaults; see [Config].
const (
	DefaultCacheSize = 4096
	DefaultCacheTTL  = 5 * time.Minute
)

// keyCache holds unwrapped subject keys, ready as AEADs, so that the KEK
// unwrap (and the store read before it) happens only on a miss. It is bounded
// in size and in time (an entry older than ttl is treated as a miss), so a
// key in memory outlives neither its usefulness nor a shred on another node
// by more than ttl.
//
// When full it evicts by the CLOCK rule, an approximation of least recently
// used: a hit only sets the entry's used bit, and the hand sweeps the
// entries, clearing used bits, until it reaches one not used since it last
// passed. A hit then reads the map and the entry alone; a linked LRU list
// also wrote the entry's neighbours on every hit, and on a cache larger
// than the CPU's caches each was a miss.
type keyCache struct {
	mu    sync.Mutex
	size  int
	ttl   time.Duration
	now   func() time.Time
	byKey map[[keyIDSize]byte]*cacheEntry
	ring  []*cacheEntry // every entry, in the order the hand visits them
	hand  int
	cur   map[string][keyIDSize]byte // subject → its live key, for sealing
}

type cacheEntry struct {
	aead    *gcm.AEAD
	expires time.Time
	keyID   [keyIDSize]byte
	subject string
	slot    int  // index in ring
	used    bool // hit since the hand last passed
}

func newKeyCache(size int, ttl time.Duration, now func() time.Time) *keyCache {
	return &keyCache{size: size, ttl: ttl, now: now, byKey: map[[keyIDSize]byte]*cacheEntry{}, cur: map[string][keyIDSize]byte{}}
}

// get returns the cached AEAD of keyID, if present and fresh.
func (c *keyCache) get(keyID [keyIDSize]byte) (*gcm.AEAD, bool) {
	if c.size <= 0 {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.byKey[keyID]
	if e == nil {
		return nil, false
	}
	if !c.now().Before(e.expires) {
		c.remove(e)
		return nil, false
	}
	e.used = true
	return e.aead, true
}

// currentOf returns the key ID cached as the subject's live key.
func (c *keyCache) currentOf(subject string) ([keyIDSize]byte, bool) {
	if c.size <= 0 {
		return [keyIDSize]byte{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	id, ok := c.cur[subject]
	return id, ok
}

// put caches aead for keyID (the subject's live key when current is true),
// evicting when full.
func (c *keyCache) put(keyID [keyIDSize]byte, subject string, aead *gcm.AEAD, current bool) {
	if c.size <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.byKey[keyID]; e != nil { // refresh in place; a live-key mapping stays
		if e.subject != subject {
			c.forget(e)
			c.byKey[keyID] = e
		}
		e.aead, e.expires, e.subject = aead, c.now().Add(c.ttl), subject
		if current {
			c.cur[subject] = keyID
		}
		return
	}
	e := &cacheEntry{aead: aead, expires: c.now().Add(c.ttl), keyID: keyID, subject: subject}
	if len(c.ring) < c.size {
		e.slot = len(c.ring)
		c.ring = append(c.ring, e)
	} else { // the new entry takes the victim's slot, behind the hand
		v := c.victim()
		c.forget(v)
		e.slot = v.slot
		c.ring[e.slot] = e
		c.hand = e.slot + 1
	}
	c.byKey[keyID] = e
	if current {
		c.cur[subject] = keyID
	}
}

// victim advances the hand to the first entry not used since the hand
// last passed it, clearing used bits on the way, and returns that entry;
// c.mu is held and the ring is not empty.
func (c *keyCache) victim() *cacheEntry {
	for {
		if c.hand >= len(c.ring) {
			c.hand = 0
		}
		e := c.ring[c.hand]
		if !e.used {
			return e
		}
		e.used = false
		c.hand++
	}
}

// forget drops e from the maps; c.mu is held.
func (c *keyCache) forget(e *cacheEntry) {
	delete(c.byKey, e.keyID)
	if id, ok := c.cur[e.subject]; ok && id == e.keyID {
		delete(c.cur, e.subject)
	}
}

// remove drops an entry that is not being replaced (expired, re-put or
// evicted with its subject), moving the last entry of the ring into its
// slot; c.mu is held.
func (c *keyCache) remove(e *cacheEntry) {
	c.forget(e)
	last := len(c.ring) - 1
	moved := c.ring[last]
	c.ring[e.slot], moved.slot = moved, e.slot
	c.ring[last] = nil
	c.ring = c.ring[:last]
}

// evictSubject drops every entry of subject.
func (c *keyCache) evictSubject(subject string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	// From the end: remove moves the last entry, already visited, into
	// the slot it frees.
	for i := len(c.ring) - 1; i >= 0; i-- {
		if i < len(c.ring) && c.ring[i].subject == subject {
			c.remove(c.ring[i])
		}
	}
	delete(c.cur, subject)
}

// purge drops every entry.
func (c *keyCache) purge() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.ring)
	c.ring = c.ring[:0]
	c.hand = 0
	clear(c.byKey)
	clear(c.cur)
}

// len returns the number of entries, fresh or not.
func (c *keyCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.byKey)
}
