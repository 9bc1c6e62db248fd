package credit

import (
	"context"
	"sync"
)

// MemoryLogStore is an in-memory [LogStore] for tests and single-process
// use. Its zero value is an empty store ready to use.
type MemoryLogStore struct {
	mu      sync.RWMutex
	entries []LogEntry
}

var _ LogStore = (*MemoryLogStore)(nil)

// Append implements [LogStore].
func (m *MemoryLogStore) Append(ctx context.Context, e LogEntry) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if e.Seq != uint64(len(m.entries)) {
		return ErrLogConflict
	}
	m.entries = append(m.entries, e)
	return nil
}

// Last implements [LogStore].
func (m *MemoryLogStore) Last(ctx context.Context) (LogEntry, bool, error) {
	if err := ctx.Err(); err != nil {
		return LogEntry{}, false, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	if len(m.entries) == 0 {
		return LogEntry{}, false, nil
	}
	return m.entries[len(m.entries)-1], true, nil
}

// Scan implements [LogStore]. It iterates over a snapshot, so fn may append.
func (m *MemoryLogStore) Scan(ctx context.Context, from uint64, fn func(LogEntry) error) error {
	m.mu.RLock()
	snap := m.entries
	m.mu.RUnlock()
	for i := from; i < uint64(len(snap)); i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(snap[i]); err != nil {
			return err
		}
	}
	return nil
}

// Entries returns a copy of the stored entries (for tests and export).
func (m *MemoryLogStore) Entries() []LogEntry {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return append([]LogEntry(nil), m.entries...)
}
