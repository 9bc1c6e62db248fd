package vault

import (
	"container/list"
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
// in size (least recently used entries are evicted first) and in time (an
// entry older than ttl is treated as a miss), so a key in memory outlives
// neither its usefulness nor a shred on another node by more than ttl.
type keyCache struct {
	mu    sync.Mutex
	size  int
	ttl   time.Duration
	now   func() time.Time
	lru   *list.List // front = most recently used; values are *cacheEntry
	byKey map[[keyIDSize]byte]*list.Element
	cur   map[string][keyIDSize]byte // subject → its live key, for sealing
}

type cacheEntry struct {
	keyID   [keyIDSize]byte
	subject string
	aead    *gcm.AEAD
	expires time.Time
}

func newKeyCache(size int, ttl time.Duration, now func() time.Time) *keyCache {
	return &keyCache{size: size, ttl: ttl, now: now, lru: list.New(), byKey: map[[keyIDSize]byte]*list.Element{}, cur: map[string][keyIDSize]byte{}}
}

// get returns the cached AEAD of keyID, if present and fresh.
func (c *keyCache) get(keyID [keyIDSize]byte) (*gcm.AEAD, bool) {
	if c.size <= 0 {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[keyID]
	if !ok {
		return nil, false
	}
	e := el.Value.(*cacheEntry)
	if !c.now().Before(e.expires) {
		c.remove(el)
		return nil, false
	}
	c.lru.MoveToFront(el)
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
// evicting the least recently used entry when full.
func (c *keyCache) put(keyID [keyIDSize]byte, subject string, aead *gcm.AEAD, current bool) {
	if c.size <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[keyID]; ok {
		c.lru.Remove(el)
	}
	c.byKey[keyID] = c.lru.PushFront(&cacheEntry{keyID: keyID, subject: subject, aead: aead, expires: c.now().Add(c.ttl)})
	if current {
		c.cur[subject] = keyID
	}
	for c.lru.Len() > c.size {
		c.remove(c.lru.Back())
	}
}

// remove drops one element; c.mu is held.
func (c *keyCache) remove(el *list.Element) {
	e := el.Value.(*cacheEntry)
	c.lru.Remove(el)
	delete(c.byKey, e.keyID)
	if c.cur[e.subject] == e.keyID {
		delete(c.cur, e.subject)
	}
}

// evictSubject drops every entry of subject.
func (c *keyCache) evictSubject(subject string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for el := c.lru.Front(); el != nil; {
		next := el.Next()
		if el.Value.(*cacheEntry).subject == subject {
			c.remove(el)
		}
		el = next
	}
	delete(c.cur, subject)
}

// purge drops every entry.
func (c *keyCache) purge() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lru.Init()
	clear(c.byKey)
	clear(c.cur)
}

// len returns the number of entries, fresh or not.
func (c *keyCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}
