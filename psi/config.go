package psi

import (
	"fmt"
	"runtime"
)

// Limits and defaults of the ECDH-PSI and cardinality protocols.
const (
	// DefaultMaxItems is the set-size cap used when Config.MaxItems is 0.
	DefaultMaxItems = 1 << 24
	// MaxBatch is the most elements or tags one frame may carry.
	MaxBatch = 4096
	// DefaultBatch is the number of elements per frame when Config.Batch is 0.
	DefaultBatch = 1024
	// DefaultTagSize is the size in bytes of the truncated hashes of the last
	// stream when Config.TagSize is 0: 96 bits.
	DefaultTagSize = 12
	// MinTagSize is the smallest allowed tag: 80 bits. The chance that any
	// pair of distinct items falsely matches is at most n·m/2^(8·TagSize);
	// for 10⁶ × 10⁶ items that is 2⁻⁴⁰ at 10 bytes and 2⁻⁵⁶ at 12.
	MinTagSize = 10
	// MaxTagSize is the largest tag: the full SHA-256 output.
	MaxTagSize = 32
	// MaxIdentifierKind is the longest accepted Config.IdentifierKind.
	MaxIdentifierKind = 64
)

// Config holds the options of one ECDH-PSI or cardinality session. The zero
// value is not usable only because IdentifierKind is required; every other
// field has a safe default.
type Config struct {
	// IdentifierKind names how items were normalized, with a version, e.g.
	// "cnid:v1". Both parties must use the same string or the session fails
	// with ErrIdentifierKindMismatch. Required; at most 64 bytes.
	IdentifierKind string
	// MaxItems caps both this party's set and the set size the peer may
	// announce (default DefaultMaxItems). It is sent in the handshake.
	MaxItems int
	// Batch is the number of elements per frame (default DefaultBatch, at
	// most MaxBatch).
	Batch int
	// TagSize is the byte length of the truncated hashes in the last stream
	// (default DefaultTagSize, MinTagSize..MaxTagSize). Both parties must
	// agree.
	TagSize int
	// BothLearn makes the sender learn the intersection too (ECDH-PSI only).
	// Both parties must set it alike.
	BothLearn bool
	// Workers is the number of goroutines doing group operations (default
	// runtime.GOMAXPROCS(0)).
	Workers int
	// Progress, if set, is called with the number of items processed so far.
	// Calls come from one goroutine at a time and must return quickly.
	Progress func(Progress)
}

// Progress reports how far a session has got.
type Progress struct {
	Own  int // own items hashed, masked and sent
	Peer int // peer elements received and processed
}

type limits struct {
	kind      string
	maxItems  int
	batch     int
	tagSize   int
	bothLearn bool
	workers   int
	progress  func(Progress)
}

func (c *Config) limits() (limits, error) {
	l := limits{kind: c.IdentifierKind, maxItems: c.MaxItems, batch: c.Batch,
		tagSize: c.TagSize, bothLearn: c.BothLearn, workers: c.Workers, progress: c.Progress}
	if l.kind == "" || len(l.kind) > MaxIdentifierKind {
		return l, fmt.Errorf("%w: IdentifierKind must be 1..%d bytes", ErrInvalidConfig, MaxIdentifierKind)
	}
	if l.maxItems == 0 {
		l.maxItems = DefaultMaxItems
	}
	if l.batch == 0 {
		l.batch = DefaultBatch
	}
	if l.tagSize == 0 {
		l.tagSize = DefaultTagSize
	}
	if l.workers == 0 {
		l.workers = runtime.GOMAXPROCS(0)
	}
	switch {
	case l.maxItems < 0 || l.maxItems > 1<<32:
		return l, fmt.Errorf("%w: MaxItems out of range", ErrInvalidConfig)
	case l.batch < 0 || l.batch > MaxBatch:
		return l, fmt.Errorf("%w: Batch must be 1..%d", ErrInvalidConfig, MaxBatch)
	case l.tagSize < MinTagSize || l.tagSize > MaxTagSize:
		return l, fmt.Errorf("%w: TagSize must be %d..%d", ErrInvalidConfig, MinTagSize, MaxTagSize)
	case l.workers < 0:
		return l, fmt.Errorf("%w: Workers must not be negative", ErrInvalidConfig)
	}
	return l, nil
}

// Stats describes the traffic of a finished session.
type Stats struct {
	PeerSize      int   // number of distinct items the peer announced
	BytesSent     int64 // bytes written, frame headers included
	BytesReceived int64 // bytes read, frame headers included
}
