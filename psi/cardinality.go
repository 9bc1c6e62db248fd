package psi

import (
	"context"
	"io"
)

// A CardinalityReceiver runs the receiving side of PSI-cardinality: it
// learns only how many distinct items both parties hold, not which.
type CardinalityReceiver struct{ l limits }

// NewCardinalityReceiver checks cfg and returns a CardinalityReceiver.
// Config.BothLearn must be false.
func NewCardinalityReceiver(cfg Config) (*CardinalityReceiver, error) {
	l, err := cardinalityLimits(cfg)
	if err != nil {
		return nil, err
	}
	return &CardinalityReceiver{l: l}, nil
}

// A CardinalitySender runs the sending side of PSI-cardinality: it learns
// only the receiver's set size.
type CardinalitySender struct{ l limits }

// NewCardinalitySender checks cfg and returns a CardinalitySender.
func NewCardinalitySender(cfg Config) (*CardinalitySender, error) {
	l, err := cardinalityLimits(cfg)
	if err != nil {
		return nil, err
	}
	return &CardinalitySender{l: l}, nil
}

func cardinalityLimits(cfg Config) (limits, error) {
	if cfg.BothLearn {
		return limits{}, ErrInvalidConfig
	}
	return cfg.limits()
}

// CountResult is the outcome of a PSI-cardinality session for the receiver.
type CountResult struct {
	// Count is |X ∩ Y| over distinct items.
	Count int
	Stats
}

// Count runs one PSI-cardinality session over conn and returns the size of
// the intersection of the distinct items of both parties.
func (r *CardinalityReceiver) Count(ctx context.Context, conn io.ReadWriter, items [][]byte) (*CountResult, error) {
	s, err := newSession(r.l, protoCardinality, roleReceiver, items, false)
	if err != nil {
		return nil, err
	}
	if err := s.e.run(ctx, conn); err != nil {
		return nil, err
	}
	n := 0
	for _, ok := range s.matchedDistinct(s.e.ownTags, s.e.peerTags) {
		if ok {
			n++
		}
	}
	return &CountResult{Count: n, Stats: s.stats()}, nil
}

// Serve runs one PSI-cardinality session over conn as the sender. Its own
// elements and the tags it returns are both shuffled with a crypto/rand
// permutation, so the receiver cannot tell which of its items matched.
func (sd *CardinalitySender) Serve(ctx context.Context, conn io.ReadWriter, items [][]byte) (*Stats, error) {
	s, err := newSession(sd.l, protoCardinality, roleSender, items, true)
	if err != nil {
		return nil, err
	}
	if err := s.e.run(ctx, conn); err != nil {
		return nil, err
	}
	st := s.stats()
	return &st, nil
}
