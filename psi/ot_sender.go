package psi

import (
	"fmt"
	"sync"

	"github.com/credq/credq/psi/internal/kkrt"
)

// send runs the sender after the handshake: base OTs as OT receiver with
// secret choice s, the OPRF over the receiver's rows for each own item at
// its three bins, then all outputs sorted.
func (s *otSession) send(c *otConn) error {
	n1, n2 := s.peerN, len(s.ds)
	m := kkrt.Bins(n1)
	hb := kkrt.HiBits(n1, n2)

	// Simple hashing under the receiver's cuckoo seed runs while the base
	// OTs are under way.
	p, err := c.expect(frameOTSetup, "setup")
	if err != nil {
		return err
	}
	if err := frameLen(p, kkrt.SeedSize, "setup"); err != nil {
		return err
	}
	var seed [kkrt.SeedSize]byte
	copy(seed[:], p)
	nb := kkrt.NumBatches(m)
	var start []int
	var entries []kkrt.Entry
	hashed := make(chan struct{})
	go func() {
		defer close(hashed)
		start, entries = kkrt.SimpleHash(kkrt.NewHasher(&seed, m), s.ds, nb)
	}()
	defer func() { <-hashed }()

	if p, err = c.expect(frameOTBaseA, "base OT"); err != nil {
		return err
	}
	choice, err := randomChoice()
	if err != nil {
		return fmt.Errorf("psi: %w", err)
	}
	msg, keys, err := kkrt.BaseReceive(&c.th, p, choice[:], kkrt.CodeBits, s.l.workers)
	if err != nil {
		return otErr("base OT", err)
	}
	if !c.push(frameOTBaseB, msg) {
		return errOTStopped
	}
	<-hashed
	s.ds = nil // the entries carry the digests from here on
	snd := kkrt.NewSender(choice, keys, kkrt.NewCode(otCodeKey(c.th)), kkrt.HiMask(hb))
	outs := make([]kkrt.Output, len(entries))

	var jobs sync.WaitGroup
	progress := &progressReporter{f: s.l.progress}
	// Progress counts the peer's items in proportion to its bins, own items
	// as a third of the outputs sent.
	peerDone := &scaledProgress{total: n1, of: m, peer: true}
	ownDone := &scaledProgress{total: n2, of: len(outs)}
	// The receiver's rows, batch by batch, each evaluated on a worker, up to
	// its confirmation; every started job is waited for, error or not.
	recvRows := func() error {
		for b := 0; ; b++ {
			t, p, err := c.fr.ReadFrame()
			switch {
			case err != nil:
				return frameLoopErr(c.ctx, err)
			case t == frameDone && b == nb:
				d, err := parseDone(p)
				if err != nil {
					return err
				}
				if d.elements != uint64(m) || d.tags != 0 {
					return fmt.Errorf("%w: confirmation does not match the stream", ErrCountMismatch)
				}
				return nil
			case t != frameOTRows:
				return fmt.Errorf("psi: %w", unexpected(t, frameOTRows))
			case b == nb:
				return fmt.Errorf("%w: more OT-extension rows than %d bins", ErrCountMismatch, m)
			}
			bins := min(kkrt.BatchBins, m-b*kkrt.BatchBins)
			if err := frameLen(p, bins*kkrt.RowBytes, "rows"); err != nil {
				return err
			}
			u := rowBufs.get(len(p))
			copy(u, p)
			lo, hi := start[b], start[b+1]
			err = c.submit(&jobs, func(sc *kkrt.Scratch) {
				snd.Batch(sc, m, b, u, entries[lo:hi], outs[lo:hi])
				rowBufs.put(u)
				peerDone.add(progress, bins)
			})
			if err != nil {
				return err
			}
		}
	}
	err = recvRows()
	if werr := c.waitJobs(&jobs); err == nil {
		err = werr
	}
	if err != nil {
		return err
	}

	// Ascending order hides which bin and hash function produced an output.
	entries, start = nil, nil // let a large session's memory go early
	counts, lows := kkrt.SortOutputs(outs, hb)
	nOut := len(outs)
	outs = nil
	for len(counts) > 0 {
		k, v, ok := kkrt.FrameSpan(counts)
		if !ok {
			return fmt.Errorf("psi: output bucket over %d values", kkrt.MaxFrameValues)
		}
		if !c.push(frameOTValues, kkrt.AppendValues(nil, counts[:k], lows[:v])) {
			return errOTStopped
		}
		ownDone.add(progress, v)
		counts, lows = counts[k:], lows[v:]
	}
	c.push(frameDone, done{tags: uint64(nOut)}.marshal())
	return nil
}

// scaledProgress reports total·done/of as done grows.
type scaledProgress struct {
	mu        sync.Mutex
	total, of int
	done, got int
	peer      bool
}

func (p *scaledProgress) add(r *progressReporter, k int) {
	p.mu.Lock()
	p.done += k
	now := p.total
	if p.of > 0 {
		now = int(int64(p.total) * int64(p.done) / int64(p.of))
	}
	d := now - p.got
	p.got = now
	p.mu.Unlock()
	if p.peer {
		r.add(0, d)
	} else {
		r.add(d, 0)
	}
}
