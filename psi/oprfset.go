package psi

import (
	"context"
	"crypto/rand"
	"fmt"
	"runtime"
	"sync"

	"golang.org/x/crypto/chacha20poly1305"

	"github.com/credq/credq/psi/internal/r255"
)

// OPRFConfig holds the options of the unbalanced OPRF-PSI roles. As with
// Config, only IdentifierKind is required.
type OPRFConfig struct {
	// IdentifierKind names the item normalization, e.g. "cnid:v1"; it is
	// stored in the encoded set and checked in the online handshake.
	IdentifierKind string
	// TagSize is the per-entry tag length of sets built by a server
	// (default DefaultSetTagSize, MinSetTagSize..MaxSetTagSize).
	TagSize int
	// MaxItems caps the number of items of one client query (server side)
	// and of encoded-set entries (default DefaultMaxItems).
	MaxItems int
	// Batch is the number of elements per frame (default DefaultBatch, at
	// most MaxBatch).
	Batch int
	// Workers is the number of goroutines doing group operations (default
	// runtime.GOMAXPROCS(0)).
	Workers int
	// Progress, if set, receives the number of items processed so far.
	Progress func(Progress)
}

func (c *OPRFConfig) check() (OPRFConfig, error) {
	o := *c
	if o.IdentifierKind == "" || len(o.IdentifierKind) > MaxIdentifierKind {
		return o, fmt.Errorf("%w: IdentifierKind must be 1..%d bytes", ErrInvalidConfig, MaxIdentifierKind)
	}
	if o.TagSize == 0 {
		o.TagSize = DefaultSetTagSize
	}
	if o.MaxItems == 0 {
		o.MaxItems = DefaultMaxItems
	}
	if o.Batch == 0 {
		o.Batch = DefaultBatch
	}
	if o.Workers == 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.TagSize < MinSetTagSize || o.TagSize > MaxSetTagSize || o.MaxItems < 0 || o.Batch < 0 ||
		o.Batch > MaxBatch || o.Workers < 0 {
		return o, fmt.Errorf("%w: OPRFConfig field out of range", ErrInvalidConfig)
	}
	return o, nil
}

// LabeledItem is a server item with the payload a client holding the item
// may read (e.g. a risk flag or an overdue count).
type LabeledItem struct {
	Item    []byte
	Payload []byte // at most MaxPayload bytes
}

// An OPRFServer holds the OPRF key: it builds encoded sets, computes deltas
// and answers clients' blinded queries. It is safe for concurrent use: run
// Serve once per client connection (Progress callbacks of concurrent calls
// may then overlap).
type OPRFServer struct {
	key *OPRFKey
	cfg OPRFConfig
}

// NewOPRFServer returns a server for key.
func NewOPRFServer(key *OPRFKey, cfg OPRFConfig) (*OPRFServer, error) {
	c, err := cfg.check()
	if err != nil {
		return nil, err
	}
	if key == nil {
		return nil, fmt.Errorf("%w: nil key", ErrBadKey)
	}
	return &OPRFServer{key: key, cfg: c}, nil
}

func (s *OPRFServer) newSet(labeled bool) *EncodedSet {
	return &EncodedSet{mode: s.key.mode, kind: s.cfg.IdentifierKind, pub: s.key.pub, id: s.key.id,
		tagSize: s.cfg.TagSize, labeled: labeled}
}

// EncodeSet precomputes the encoded set of items (duplicates collapse to
// one entry). It uses all workers; ctx cancels it.
func (s *OPRFServer) EncodeSet(ctx context.Context, items [][]byte) (*EncodedSet, error) {
	li := make([]LabeledItem, len(items))
	for i, it := range items {
		li[i].Item = it
	}
	return s.encode(ctx, li, false)
}

// EncodeLabeledSet precomputes a labeled set: each entry carries its
// payload encrypted with ChaCha20-Poly1305 under a key derived from the
// item's OPRF output, with a fresh random nonce. Items must be distinct.
func (s *OPRFServer) EncodeLabeledSet(ctx context.Context, items []LabeledItem) (*EncodedSet, error) {
	seen := make(map[string]struct{}, len(items))
	for _, it := range items {
		if _, ok := seen[string(it.Item)]; ok {
			return nil, ErrDuplicateItem
		}
		seen[string(it.Item)] = struct{}{}
	}
	return s.encode(ctx, items, true)
}

func (s *OPRFServer) encode(ctx context.Context, items []LabeledItem, labeled bool) (*EncodedSet, error) {
	if len(items) > s.cfg.MaxItems {
		return nil, fmt.Errorf("%w: %d items (MaxItems %d)", ErrTooManyItems, len(items), s.cfg.MaxItems)
	}
	for _, it := range items {
		if len(it.Item) > MaxOPRFInput || len(it.Payload) > MaxPayload {
			return nil, fmt.Errorf("%w: item or payload too long", ErrInvalidConfig)
		}
	}
	set := s.newSet(labeled)
	tags, recs, err := s.entries(ctx, set, items)
	if err != nil {
		return nil, err
	}
	set.tags, set.recs = tags, recs
	set.sortEntries()
	return set, nil
}

// entries computes tag (and sealed payload) for each item.
func (s *OPRFServer) entries(ctx context.Context, set *EncodedSet, items []LabeledItem) ([]byte, [][]byte, error) {
	outs, err := s.outputs(ctx, items)
	if err != nil {
		return nil, nil, err
	}
	ts := set.tagSize
	tags := make([]byte, len(items)*ts)
	var recs [][]byte
	if set.labeled {
		recs = make([][]byte, len(items))
	}
	for i := range items {
		tag, key := derive(&outs[i], ts)
		copy(tags[i*ts:], tag)
		if set.labeled {
			recs[i] = set.seal(key, tag, items[i].Payload)
		}
	}
	return tags, recs, nil
}

// outputs computes the RFC 9497 output F(skS, item) of each item on all
// workers: HashToGroup, skS·P (batched encoding), Finalize.
func (s *OPRFServer) outputs(ctx context.Context, items []LabeledItem) ([][64]byte, error) {
	outs := make([][64]byte, len(items))
	half := r255.HalfScalar(s.key.s)
	dst := hashToGroupDST(s.key.mode)
	var next, done int
	var mu sync.Mutex
	batch := s.cfg.Batch
	var wg sync.WaitGroup
	for range s.cfg.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h, _ := r255.NewHasher(dst)
			pts := make([]r255.Element, batch)
			ptrs := make([]*r255.Element, batch)
			for i := range pts {
				ptrs[i] = &pts[i]
			}
			enc := make([]byte, 32*batch)
			msgs := make([][]byte, batch)
			var bs r255.BatchScratch
			for ctx.Err() == nil {
				mu.Lock()
				lo := next
				next += batch
				mu.Unlock()
				if lo >= len(items) {
					return
				}
				hi := min(lo+batch, len(items))
				for i := lo; i < hi; i++ {
					msgs[i-lo] = items[i].Item
				}
				h.HashBatch(pts, msgs[:hi-lo])
				r255.ScalarMultBatch(half, ptrs[:hi-lo])
				r255.DoubleEncodeBatch(enc, ptrs[:hi-lo], &bs)
				for i := lo; i < hi; i++ {
					oprfFinalize(&outs[i], items[i].Item, enc[32*(i-lo):32*(i-lo)+32])
				}
				if s.cfg.Progress != nil {
					mu.Lock()
					done += hi - lo
					s.cfg.Progress(Progress{Own: done})
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return outs, nil
}

func (s *EncodedSet) seal(key [32]byte, tag, payload []byte) []byte {
	a, _ := chacha20poly1305.New(key[:])
	rec := make([]byte, labelNonce, labelOverhead+len(payload))
	rand.Read(rec)
	return a.Seal(rec, rec[:labelNonce], payload, s.labelAAD(tag))
}

func decodePub(b []byte) (*r255.Element, error) {
	return new(r255.Element).DecodeNonIdentity(b)
}
