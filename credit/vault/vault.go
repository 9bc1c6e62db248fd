package vault

import (
	"context"
	"fmt"
	"sync"
	"time"

	"filippo.io/age"
	"github.com/credq/credq/credit"
)

// Config configures a [Vault]. Keyring and Store are required; the zero
// values of the other fields select safe defaults.
type Config struct {
	// Keyring is the institution's keyring, opened with [OpenKeyring] or
	// created with [NewKeyring]. The vault takes ownership: mutate it only
	// through the vault's methods ([Vault.RotateKEK], [Vault.AddIndex], …)
	// and persist it with [Vault.SealKeyring].
	Keyring *Keyring
	// Store persists keys, sealed records and index entries.
	Store Store
	// CacheSize bounds the number of unwrapped subject keys kept in memory.
	// 0 selects [DefaultCacheSize]; a negative value disables the cache.
	CacheSize int
	// CacheTTL bounds how long an unwrapped subject key stays cached. 0
	// selects [DefaultCacheTTL].
	CacheTTL time.Duration
}

// Vault seals and opens credit records under the key hierarchy, maintains
// blind indexes, shreds subjects, rotates keys and builds disclosures. It is
// safe for concurrent use.
type Vault struct {
	mu    sync.RWMutex // guards kr
	kr    *Keyring
	store Store
	cache *keyCache
}

// New returns a vault over cfg.Keyring and cfg.Store.
func New(cfg Config) (*Vault, error) {
	if cfg.Keyring == nil || cfg.Store == nil {
		return nil, fmt.Errorf("vault: Config needs a Keyring and a Store: %w", ErrInvalidInput)
	}
	size, ttl := cfg.CacheSize, cfg.CacheTTL
	if size == 0 {
		size = DefaultCacheSize
	}
	if ttl <= 0 {
		ttl = DefaultCacheTTL
	}
	return &Vault{kr: cfg.Keyring, store: cfg.Store, cache: newKeyCache(size, ttl, time.Now)}, nil
}

// SealKeyring returns the vault's keyring sealed to root; store it after
// every key change (rotation, retirement, a new index).
func (v *Vault) SealKeyring(root age.Recipient) ([]byte, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.kr.Seal(root)
}

// Put seals rec (rec.ID is the record ID) for subjectID and stores it with
// its blind-index entries, replacing any earlier version of the record.
func (v *Vault) Put(ctx context.Context, subjectID string, rec *credit.Record) error {
	_, err := v.PutAll(ctx, []string{subjectID}, []*credit.Record{rec})
	return err
}

// PutAll is Put for a batch: recs[i] for subjectIDs[i]. Every record is
// sealed and its index entries derived before any is stored, so a record
// the vault refuses (an invalid ID, a field the schema does not name)
// leaves the whole batch unstored. A store failure part-way leaves the
// records before it stored: the Store interface has no transaction. On
// error, bad is the index of the record that failed (-1 when the slices'
// lengths differ).
func (v *Vault) PutAll(ctx context.Context, subjectIDs []string, recs []*credit.Record) (bad int, err error) {
	if len(subjectIDs) != len(recs) {
		return -1, fmt.Errorf("vault: %d subjects for %d records: %w", len(subjectIDs), len(recs), ErrInvalidInput)
	}
	type prepared struct {
		row     RecordRow
		entries []IndexRow
	}
	batch := make([]prepared, len(recs))
	for i, rec := range recs {
		sealed, err := v.Seal(ctx, subjectIDs[i], rec)
		if err != nil {
			return i, err
		}
		entries, err := v.indexEntries(rec, subjectIDs[i])
		if err != nil {
			return i, err
		}
		batch[i] = prepared{RecordRow{RecordID: rec.ID, SubjectID: subjectIDs[i], Sealed: sealed}, entries}
	}
	for i, p := range batch {
		if err := v.store.PutRecord(ctx, p.row, p.entries); err != nil {
			return i, fmt.Errorf("vault: storing record: %w", err)
		}
	}
	return -1, nil
}

// Get reads and opens the record recordID.
func (v *Vault) Get(ctx context.Context, recordID string) (*credit.Record, error) {
	row, err := v.store.Record(ctx, recordID)
	if err != nil {
		return nil, fmt.Errorf("vault: reading record: %w", err)
	}
	return v.Open(ctx, row.Sealed)
}

// Shred destroys the subject's keys (crypto-shredding): every record and
// index entry of the subject becomes unreadable, the in-memory cache is
// evicted, and later reads, lookups and disclosures return [ErrShredded].
// Other nodes sharing the store stop reading the subject within their
// CacheTTL.
func (v *Vault) Shred(ctx context.Context, subjectID string) error {
	v.cache.evictSubject(subjectID)
	if err := v.store.Shred(ctx, subjectID); err != nil {
		return fmt.Errorf("vault: shredding: %w", err)
	}
	v.cache.evictSubject(subjectID) // a concurrent open may have re-cached it
	return nil
}
