package psi

import (
	"context"
	"fmt"
	"sync"

	"github.com/credq/credq/encoding"
)

// readLoop reads the peer's frames up to and including its done frame.
func (e *engine) readLoop(ctx context.Context, g *group, fr *encoding.FrameReader, wp *pool[scratch],
	jobs *sync.WaitGroup, peerAllIn chan struct{}, push func(chan frameOut) bool) error {
	ts := e.l.tagSize
	recvEl, recvTags := 0, 0
	wantTags := 0
	if e.role == roleReceiver {
		wantTags = e.n
	} else if e.bothLearn() {
		wantTags = e.n
	}
	if e.m == 0 {
		close(peerAllIn)
	}
	for {
		t, p, err := fr.ReadFrame()
		if err != nil {
			return frameLoopErr(ctx, err)
		}
		switch t {
		case frameElements:
			k, err := batchCount(p, 32, "elements")
			if err != nil {
				return err
			}
			if recvEl+k > e.m {
				return fmt.Errorf("%w: more than the %d elements announced", ErrCountMismatch, e.m)
			}
			in := append([]byte(nil), p...)
			first := recvEl
			recvEl += k
			if err := e.dispatchPeer(ctx, g, wp, jobs, in, first, push); err != nil {
				return err
			}
			if recvEl == e.m {
				close(peerAllIn)
			}
		case frameTags:
			if wantTags == 0 {
				return fmt.Errorf("psi: %w", unexpected(t, frameElements))
			}
			k, err := batchCount(p, ts, "tags")
			if err != nil {
				return err
			}
			if recvTags+k > wantTags {
				return fmt.Errorf("%w: more than %d tags", ErrCountMismatch, wantTags)
			}
			copy(e.ownTags[recvTags*ts:], p)
			recvTags += k
		case frameDone:
			d, err := parseDone(p)
			if err != nil {
				return err
			}
			if d.elements != uint64(e.m) || recvEl != e.m || d.tags != uint64(wantTags) || recvTags != wantTags {
				return fmt.Errorf("%w: confirmation does not match the stream", ErrCountMismatch)
			}
			return nil
		default:
			return fmt.Errorf("psi: %w", unexpected(t, frameElements))
		}
	}
}

// dispatchPeer schedules the evaluation of one batch of peer elements.
func (e *engine) dispatchPeer(ctx context.Context, g *group, wp *pool[scratch], jobs *sync.WaitGroup,
	in []byte, first int, push func(chan frameOut) bool) error {
	ts := e.l.tagSize
	k := len(in) / 32
	if e.role == roleSender && e.proto == protoECDH {
		// Stream the tags back in the receiver's order.
		fut := make(chan frameOut, 1)
		ok := wp.submit(ctx, func(s *scratch) {
			out := make([]byte, k*ts)
			if err := e.evalPeer(s, in, first, out); err != nil {
				g.fail(err)
				return
			}
			if e.peerTags != nil {
				copy(e.peerTags[first*ts:], out)
			}
			fut <- frameOut{frameTags, out}
			e.progress.add(0, k)
		})
		if !ok || !push(fut) {
			return context.Cause(ctx)
		}
		return nil
	}
	jobs.Add(1)
	ok := wp.submit(ctx, func(s *scratch) {
		defer jobs.Done()
		if err := e.evalPeer(s, in, first, e.peerTags[first*ts:(first+k)*ts]); err != nil {
			g.fail(err)
			return
		}
		e.progress.add(0, k)
	})
	if !ok {
		jobs.Done()
		return context.Cause(ctx)
	}
	return nil
}
