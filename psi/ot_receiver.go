package psi

import (
	"encoding/binary"
	"fmt"
	"sync"

	"github.com/credq/credq/psi/internal/kkrt"
)

// receive runs the receiver after the handshake (its set is already in
// cuckoo bins): base OTs as OT sender, the OT-extension rows, then the
// sender's outputs.
func (s *otSession) receive(c *otConn) error {
	n1, n2 := s.pl.Distinct, s.peerN
	tab := s.pl.Table
	m := len(tab.Bins)
	hb := kkrt.HiBits(n1, n2)

	bs, aEnc, err := kkrt.NewBaseSender()
	if err != nil {
		return fmt.Errorf("psi: %w", err)
	}
	if !c.push(frameOTSetup, s.pl.Seed[:]) || !c.push(frameOTBaseA, aEnc) {
		return errOTStopped
	}
	p, err := c.expect(frameOTBaseB, "base OT")
	if err != nil {
		return err
	}
	k0, k1, err := bs.Keys(&c.th, p, kkrt.CodeBits, s.l.workers)
	if err != nil {
		return otErr("base OT", err)
	}
	rcv := kkrt.NewReceiver(k0, k1, kkrt.NewCode(otCodeKey(c.th)), kkrt.HiMask(hb))

	// Batches run on the workers; frames go out in batch order through
	// per-batch futures. Each batch writes the outputs of the items in its
	// own bins, so the writes never overlap.
	outs := make([]kkrt.Output, len(s.items))
	var jobs sync.WaitGroup
	nb := kkrt.NumBatches(m)
	futs := make(chan chan []byte, 2*s.l.workers+2)
	c.g.goFn(func() error {
		for f := range futs {
			var u []byte
			select {
			case u = <-f:
			case <-c.ctx.Done():
				return nil
			}
			if !c.push(frameOTRows, u) {
				return nil
			}
		}
		c.push(frameDone, done{elements: uint64(m)}.marshal())
		return nil
	})
	progress := &progressReporter{f: s.l.progress}
	peerDone := &scaledProgress{total: n2, of: 3 * n2, peer: true}
	for b := range nb {
		f := make(chan []byte, 1)
		select {
		case futs <- f:
		case <-c.ctx.Done():
			close(futs)
			return errOTStopped
		}
		err := c.submit(&jobs, func(sc *kkrt.Scratch) {
			bins := min(kkrt.BatchBins, m-b*kkrt.BatchBins)
			u := rowBufs.get(bins * kkrt.RowBytes)
			own := rcv.Batch(sc, m, b, tab, u, outs)
			f <- u
			progress.add(own, 0)
		})
		if err != nil {
			close(futs)
			return err
		}
	}
	close(futs)
	if err := c.waitJobs(&jobs); err != nil {
		return err
	}

	// The sender's outputs arrive sorted and bucketed (kkrt.ParseValues) and
	// are merged with ours.
	matcher := kkrt.NewMatcher(outs, tab, hb)
	s.matched = make([]bool, len(s.items))
	buckets, values := 1<<hb, 3*n2
	bucket := 0
	var counts []uint32
	for {
		t, p, err := c.fr.ReadFrame()
		if err != nil {
			return frameLoopErr(c.ctx, err)
		}
		switch t {
		case frameOTValues:
			var raw []byte
			counts, raw, err = kkrt.ParseValues(p, counts, buckets-bucket, values)
			if err != nil {
				return otErr("output values", err)
			}
			k := 0
			for _, cnt := range counts {
				for range cnt {
					if i, ok := matcher.Next(uint32(bucket), binary.LittleEndian.Uint64(raw[8*k:])); ok {
						s.matched[i] = true
					}
					k++
				}
				bucket++
			}
			values -= k
			peerDone.add(progress, k)
		case frameDone:
			d, err := parseDone(p)
			if err != nil {
				return err
			}
			if d.tags != uint64(3*n2) || d.elements != 0 || values != 0 || bucket != buckets {
				return fmt.Errorf("%w: confirmation does not match the stream", ErrCountMismatch)
			}
			return nil
		default:
			return fmt.Errorf("psi: %w", unexpected(t, frameOTValues))
		}
	}
}
