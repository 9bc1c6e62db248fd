package psi

import (
	"context"
	"fmt"
	"io"

	"github.com/credq/credq/psi/internal/kkrt"
)

// An OTReceiver runs the receiving side of OT-extension PSI (KKRT16): it
// learns which of its items the sender also holds. It needs only symmetric
// cryptography per item and is the fastest protocol of this package for
// large balanced sets. Create it with NewOTReceiver; it may run any number
// of sessions, one per call, each with fresh base OTs.
type OTReceiver struct{ l limits }

// NewOTReceiver checks cfg and returns an OTReceiver. Config.BothLearn is
// not supported by this protocol (ErrInvalidConfig); TagSize and Batch are
// ignored because the output length follows from the set sizes and the
// batch size from the protocol (8192 cuckoo bins per frame). Workers sets
// the goroutines per party; Progress reports own items as their bins are
// sent and peer items as their outputs are matched.
func NewOTReceiver(cfg Config) (*OTReceiver, error) {
	l, err := otLimits(cfg)
	if err != nil {
		return nil, err
	}
	return &OTReceiver{l: l}, nil
}

// An OTSender runs the sending side of OT-extension PSI: it learns only the
// size of the receiver's set.
type OTSender struct{ l limits }

// NewOTSender checks cfg and returns an OTSender.
func NewOTSender(cfg Config) (*OTSender, error) {
	l, err := otLimits(cfg)
	if err != nil {
		return nil, err
	}
	return &OTSender{l: l}, nil
}

// MaxOTItems is the largest set either party of OT-extension PSI may hold;
// a larger Config.MaxItems is lowered to it.
const MaxOTItems = 1 << 28

func otLimits(cfg Config) (limits, error) {
	l, err := cfg.limits()
	if err != nil {
		return l, err
	}
	if l.bothLearn {
		return l, fmt.Errorf("%w: BothLearn is not supported by OT-extension PSI", ErrInvalidConfig)
	}
	if l.maxItems > MaxOTItems {
		l.maxItems = MaxOTItems
	}
	l.tagSize = 0 // not used; the hello carries 0
	return l, nil
}

// Intersect runs one OT-extension PSI session over conn as the receiver and
// returns the matched positions of items. Items are opaque byte strings,
// compared exactly; duplicates are sent once and a matching duplicate is
// listed at each of its positions. The conn must not be used for anything
// else during the call and is not usable after an error.
func (r *OTReceiver) Intersect(ctx context.Context, conn io.ReadWriter, items [][]byte) (*Result, error) {
	s, err := newOTSession(r.l, roleReceiver, items)
	if err != nil {
		return nil, err
	}
	if err := s.run(ctx, conn); err != nil {
		return nil, err
	}
	res := &Result{Matches: []int{}, Stats: s.stats()}
	for i, first := range s.pl.First {
		if s.matched[first] {
			res.Matches = append(res.Matches, i)
		}
	}
	return res, nil
}

// Intersect runs one OT-extension PSI session over conn as the sender. The
// returned Result has no Matches; only Stats.
func (sd *OTSender) Intersect(ctx context.Context, conn io.ReadWriter, items [][]byte) (*Result, error) {
	s, err := newOTSession(sd.l, roleSender, items)
	if err != nil {
		return nil, err
	}
	if err := s.run(ctx, conn); err != nil {
		return nil, err
	}
	return &Result{Stats: s.stats()}, nil
}

// otSession is the state of one OT-extension PSI session.
type otSession struct {
	l       limits
	role    role
	items   [][]byte
	ds      []kkrt.Digest   // sender: distinct digests
	pl      *kkrt.Placement // receiver: cuckoo table, seed, duplicates
	peerN   int
	matched []bool // receiver: by input position of first occurrences
	sent    int64
	recv    int64
}

func newOTSession(l limits, r role, items [][]byte) (*otSession, error) {
	if len(items) > l.maxItems {
		return nil, fmt.Errorf("%w: %d items (MaxItems %d)", ErrTooManyItems, len(items), l.maxItems)
	}
	return &otSession{l: l, role: r, items: items}, nil
}

func (s *otSession) stats() Stats {
	return Stats{PeerSize: s.peerN, BytesSent: s.sent, BytesReceived: s.recv}
}
