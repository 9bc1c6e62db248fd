package psi

import (
	"bytes"
	"context"
	"fmt"
	"io"
)

// A Receiver runs the receiving side of ECDH-PSI: it learns which of its
// items the sender also holds. Create it with NewReceiver; it may run any
// number of sessions, concurrently too, one per call, each with a fresh key.
type Receiver struct{ l limits }

// NewReceiver checks cfg and returns a Receiver.
func NewReceiver(cfg Config) (*Receiver, error) {
	l, err := cfg.limits()
	if err != nil {
		return nil, err
	}
	return &Receiver{l: l}, nil
}

// A Sender runs the sending side of ECDH-PSI: it learns only the size of the
// receiver's set, unless both parties set Config.BothLearn, in which case it
// learns the intersection too.
type Sender struct{ l limits }

// NewSender checks cfg and returns a Sender.
func NewSender(cfg Config) (*Sender, error) {
	l, err := cfg.limits()
	if err != nil {
		return nil, err
	}
	return &Sender{l: l}, nil
}

// Result is the outcome of an ECDH-PSI session for a party that learns the
// intersection.
type Result struct {
	// Matches are the indices into the caller's items of every item that is
	// in the intersection, ascending. A duplicated item that matches is
	// listed at each of its positions.
	Matches []int
	Stats
}

// Items returns the matched items of input (the slice passed to Intersect).
func (r *Result) Items(input [][]byte) [][]byte {
	out := make([][]byte, 0, len(r.Matches))
	for _, i := range r.Matches {
		out = append(out, input[i])
	}
	return out
}

// Intersect runs one ECDH-PSI session over conn as the receiver and returns
// the matched positions of items. Items are opaque byte strings, compared
// exactly; duplicates are sent once. The conn must not be used for anything
// else during the call and is not usable after an error.
func (r *Receiver) Intersect(ctx context.Context, conn io.ReadWriter, items [][]byte) (*Result, error) {
	s, err := newSession(r.l, protoECDH, roleReceiver, items, false)
	if err != nil {
		return nil, err
	}
	if err := s.e.run(ctx, conn); err != nil {
		return nil, err
	}
	return &Result{Matches: s.matches(s.e.ownTags, s.e.peerTags), Stats: s.stats()}, nil
}

// Intersect runs one ECDH-PSI session over conn as the sender. Without
// Config.BothLearn the returned Result has no Matches; only Stats.
func (sd *Sender) Intersect(ctx context.Context, conn io.ReadWriter, items [][]byte) (*Result, error) {
	s, err := newSession(sd.l, protoECDH, roleSender, items, true)
	if err != nil {
		return nil, err
	}
	if err := s.e.run(ctx, conn); err != nil {
		return nil, err
	}
	res := &Result{Stats: s.stats()}
	if sd.l.bothLearn {
		res.Matches = s.matches(s.e.ownTags, s.e.peerTags)
	}
	return res, nil
}

// session wraps an engine with the caller's input: deduplication and the
// mapping of results back to input positions.
type session struct {
	e     *engine
	input [][]byte
	uidx  []int32 // input position → distinct index
}

func newSession(l limits, proto protocolID, r role, items [][]byte, shuffleItems bool) (*session, error) {
	if len(items) > l.maxItems {
		return nil, fmt.Errorf("%w: %d items (MaxItems %d)", ErrTooManyItems, len(items), l.maxItems)
	}
	distinct, uidx := dedupe(items)
	s := &session{input: items, uidx: uidx}
	uniq := make([]dedupItem, len(distinct))
	for j, it := range distinct {
		uniq[j] = dedupItem{b: it, idx: int32(j)}
	}
	if shuffleItems {
		shuffle(len(uniq), func(i, j int) { uniq[i], uniq[j] = uniq[j], uniq[i] })
	}
	s.e = &engine{l: l, proto: proto, role: r, items: uniq, n: len(uniq)}
	return s, nil
}

func (s *session) stats() Stats {
	return Stats{PeerSize: s.e.m, BytesSent: s.e.sent, BytesReceived: s.e.recv}
}

// matchedDistinct marks, by position in the sent order, the own items whose
// tag (computed by the peer) appears among the tags of the peer's elements.
func (s *session) matchedDistinct(ownTags, peerTags []byte) []bool {
	ts := s.e.l.tagSize
	kl := min(ts, 16)
	idx := make(map[[16]byte]int32, len(peerTags)/ts)
	for j := 0; j < len(peerTags); j += ts {
		var key [16]byte
		copy(key[:], peerTags[j:j+kl])
		idx[key] = int32(j / ts)
	}
	hit := make([]bool, len(ownTags)/ts)
	for i := range hit {
		t := ownTags[i*ts : i*ts+ts]
		var key [16]byte
		copy(key[:], t[:kl])
		if j, ok := idx[key]; ok && bytes.Equal(peerTags[int(j)*ts:int(j)*ts+ts], t) {
			hit[i] = true
		}
	}
	return hit
}

func (s *session) matches(ownTags, peerTags []byte) []int {
	hit := s.matchedDistinct(ownTags, peerTags)
	byDistinct := make([]bool, len(hit))
	for pos, ok := range hit {
		if ok {
			byDistinct[s.e.items[pos].idx] = true
		}
	}
	out := []int{}
	for i, u := range s.uidx {
		if byDistinct[u] {
			out = append(out, i)
		}
	}
	return out
}
