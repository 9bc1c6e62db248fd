package vault

import (
	"bytes"
	"context"
	"slices"
	"sort"
	"sync"
)

// SubjectKeyRow is one subject key as stored: plain columns that map onto a
// SQL table (key_id BLOB PRIMARY KEY, subject_id TEXT, kek_version INTEGER,
// wrapped BLOB NULL, shredded BOOLEAN). Wrapped is the subject key sealed
// under KEK version KEKVersion (see the package doc); after shredding it is
// nil and Shredded is true — the row stays as a tombstone so that later
// reads report [ErrShredded] rather than a missing key.
type SubjectKeyRow struct {
	KeyID      []byte // 16 random bytes, named by every record sealed under the key
	SubjectID  string
	KEKVersion uint32
	Wrapped    []byte
	Shredded   bool
}

// RecordRow is one sealed record: record_id TEXT PRIMARY KEY, subject_id
// TEXT, sealed BLOB. Sealed is the byte layout in the package doc.
type RecordRow struct {
	RecordID  string
	SubjectID string
	Sealed    []byte
}

// IndexRow is one blind-index entry: (index_name TEXT, version INTEGER,
// tag BLOB) → (record_id TEXT, subject_id TEXT, shredded BOOLEAN), with an
// index on (index_name, version, tag).
type IndexRow struct {
	Index     string
	Version   uint32
	Tag       []byte
	RecordID  string
	SubjectID string
	Shredded  bool
}

// Store persists keys, sealed records and index entries. Implementations
// must be safe for concurrent use and make each method atomic. Rows passed
// in may be retained; rows returned must not alias storage the store will
// modify. A miss is reported as [ErrNotFound].
type Store interface {
	// PutSubjectKey inserts or replaces the row with row.KeyID. It must
	// never replace a shredded row: it returns [ErrShredded] instead (in SQL,
	// UPDATE … WHERE key_id = ? AND NOT shredded), so that a rotation racing
	// with a shred cannot bring the destroyed key back.
	PutSubjectKey(ctx context.Context, row SubjectKeyRow) error
	// CurrentSubjectKey returns the subject's row that is not shredded.
	CurrentSubjectKey(ctx context.Context, subjectID string) (SubjectKeyRow, error)
	// SubjectKey returns the row with keyID, shredded or not.
	SubjectKey(ctx context.Context, keyID []byte) (SubjectKeyRow, error)
	// SubjectKeys returns up to limit rows that are not shredded, with key
	// IDs greater than after (nil: from the start), in ascending key-ID order.
	SubjectKeys(ctx context.Context, after []byte, limit int) ([]SubjectKeyRow, error)
	// PutRecord inserts or replaces the record and replaces all index
	// entries of row.RecordID with entries.
	PutRecord(ctx context.Context, row RecordRow, entries []IndexRow) error
	// Record returns the record with recordID.
	Record(ctx context.Context, recordID string) (RecordRow, error)
	// FindIndex returns the entries of (index, version, tag).
	FindIndex(ctx context.Context, index string, version uint32, tag []byte) ([]IndexRow, error)
	// Shred, in one transaction, clears Wrapped and sets Shredded on every
	// key row of the subject, and sets Shredded and clears RecordID on every
	// index entry of the subject.
	Shred(ctx context.Context, subjectID string) error
}

// MemStore is an in-memory [Store] for tests, examples and caches of small
// populations. The zero value is not usable; call [NewMemStore].
type MemStore struct {
	mu      sync.RWMutex
	keys    map[string]SubjectKeyRow // by string(KeyID)
	records map[string]RecordRow
	index   map[indexKey][]IndexRow
	byRec   map[string][]indexKey // record ID → the index keys it has entries under
	current map[string]string     // subject ID → key ID of its live key
}

type indexKey struct {
	name    string
	version uint32
	tag     string
}

// NewMemStore returns an empty in-memory store.
func NewMemStore() *MemStore {
	return &MemStore{
		keys:    map[string]SubjectKeyRow{},
		records: map[string]RecordRow{},
		index:   map[indexKey][]IndexRow{},
		byRec:   map[string][]indexKey{},
		current: map[string]string{},
	}
}

var _ Store = (*MemStore)(nil)

func cloneKeyRow(r SubjectKeyRow) SubjectKeyRow {
	r.KeyID = slices.Clone(r.KeyID)
	r.Wrapped = slices.Clone(r.Wrapped)
	return r
}

// PutSubjectKey implements [Store].
func (s *MemStore) PutSubjectKey(_ context.Context, row SubjectKeyRow) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.keys[string(row.KeyID)]; ok && old.Shredded {
		return ErrShredded
	}
	s.keys[string(row.KeyID)] = cloneKeyRow(row)
	if !row.Shredded {
		s.current[row.SubjectID] = string(row.KeyID)
	}
	return nil
}

// CurrentSubjectKey implements [Store].
func (s *MemStore) CurrentSubjectKey(_ context.Context, subjectID string) (SubjectKeyRow, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if id, ok := s.current[subjectID]; ok {
		if r := s.keys[id]; !r.Shredded {
			return cloneKeyRow(r), nil
		}
	}
	return SubjectKeyRow{}, ErrNotFound
}

// SubjectKey implements [Store].
func (s *MemStore) SubjectKey(_ context.Context, keyID []byte) (SubjectKeyRow, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, ok := s.keys[string(keyID)]
	if !ok {
		return SubjectKeyRow{}, ErrNotFound
	}
	return cloneKeyRow(r), nil
}

// SubjectKeys implements [Store].
func (s *MemStore) SubjectKeys(_ context.Context, after []byte, limit int) ([]SubjectKeyRow, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []SubjectKeyRow
	for _, r := range s.keys {
		if !r.Shredded && bytes.Compare(r.KeyID, after) > 0 {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return bytes.Compare(out[i].KeyID, out[j].KeyID) < 0 })
	if len(out) > limit {
		out = out[:limit]
	}
	for i := range out {
		out[i] = cloneKeyRow(out[i])
	}
	return out, nil
}

// PutRecord implements [Store].
func (s *MemStore) PutRecord(_ context.Context, row RecordRow, entries []IndexRow) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	row.Sealed = slices.Clone(row.Sealed)
	s.records[row.RecordID] = row
	for _, k := range s.byRec[row.RecordID] {
		rows := slices.DeleteFunc(s.index[k], func(e IndexRow) bool { return e.RecordID == row.RecordID })
		if len(rows) == 0 {
			delete(s.index, k)
		} else {
			s.index[k] = rows
		}
	}
	delete(s.byRec, row.RecordID)
	for _, e := range entries {
		e.Tag = slices.Clone(e.Tag)
		k := indexKey{e.Index, e.Version, string(e.Tag)}
		s.index[k] = append(s.index[k], e)
		s.byRec[row.RecordID] = append(s.byRec[row.RecordID], k)
	}
	return nil
}

// Record implements [Store].
func (s *MemStore) Record(_ context.Context, recordID string) (RecordRow, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, ok := s.records[recordID]
	if !ok {
		return RecordRow{}, ErrNotFound
	}
	r.Sealed = slices.Clone(r.Sealed)
	return r, nil
}

// FindIndex implements [Store].
func (s *MemStore) FindIndex(_ context.Context, index string, version uint32, tag []byte) ([]IndexRow, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	rows := s.index[indexKey{index, version, string(tag)}]
	out := make([]IndexRow, len(rows))
	for i, r := range rows {
		r.Tag = slices.Clone(r.Tag)
		out[i] = r
	}
	return out, nil
}

// Shred implements [Store].
func (s *MemStore) Shred(_ context.Context, subjectID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, r := range s.keys {
		if r.SubjectID == subjectID {
			clear(r.Wrapped)
			r.Wrapped, r.Shredded = nil, true
			s.keys[id] = r
		}
	}
	delete(s.current, subjectID)
	for _, rows := range s.index {
		for i := range rows {
			if rows[i].SubjectID == subjectID {
				rows[i].Shredded, rows[i].RecordID = true, ""
			}
		}
	}
	return nil
}
