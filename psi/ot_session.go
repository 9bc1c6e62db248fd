package psi

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/credq/credq/encoding"
	"github.com/credq/credq/psi/internal/kkrt"
)

// otConn bundles what both roles share during a session.
type otConn struct {
	ctx  context.Context
	g    *group
	fr   *encoding.FrameReader
	push func(t encoding.FrameType, p []byte) bool
	pool *pool[kkrt.Scratch]
	th   [32]byte
}

// expect reads the next frame, which must be of type want.
func (c *otConn) expect(want encoding.FrameType, what string) ([]byte, error) {
	p, err := c.fr.Expect(want)
	if err != nil {
		return nil, readErr(c.ctx, err, what)
	}
	return p, nil
}

func (s *otSession) run(parent context.Context, conn io.ReadWriter) error {
	var err error
	s.sent, s.recv, err = runSession(parent, conn, otMaxFrame, s.session)
	return err
}

func (s *otSession) session(ctx context.Context, g *group, fw *encoding.FrameWriter, fr *encoding.FrameReader) error {
	// The receiver hashes its set into cuckoo bins (removing duplicates on
	// the way) under a seed of its own before the handshake; the sender
	// removes duplicates.
	ds := kkrt.Digests(s.items, s.l.workers)
	var distinct int
	if s.role == roleReceiver {
		pl, err := kkrt.Place(ds)
		if err != nil {
			return fmt.Errorf("psi: %w", err)
		}
		s.pl, distinct = pl, pl.Distinct
	} else {
		s.ds = kkrt.Dedup(ds)
		distinct = len(s.ds)
	}
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	mine := &hello{protocol: protoOT, version: Version, role: s.role, kind: s.l.kind,
		setSize: uint64(distinct), maxItems: uint64(s.l.maxItems)}
	rand.Read(mine.random[:])
	myHello, err := mine.marshal()
	if err != nil {
		return fmt.Errorf("psi: handshake: %w", err)
	}

	// The writer owns the FrameWriter and writes frames in push order until
	// the done frame.
	queue := make(chan frameOut, 8)
	helloSent := make(chan struct{})
	g.goFn(func() error {
		for {
			var f frameOut
			select {
			case f = <-queue:
			case <-ctx.Done():
				return nil
			}
			if err := fw.WriteFrame(f.t, f.p); err != nil {
				return writeErr(err)
			}
			if f.t == frameHello {
				close(helloSent)
			}
			if f.t == frameOTRows {
				rowBufs.put(f.p)
			}
			if f.t == frameDone {
				return nil
			}
		}
	})
	c := &otConn{ctx: ctx, g: g, fr: fr, push: func(t encoding.FrameType, p []byte) bool {
		select {
		case queue <- frameOut{t, p}:
			return true
		case <-ctx.Done():
			return false
		}
	}}
	c.push(frameHello, myHello)

	peer, p, err := readHello(ctx, fr, mine, helloSent)
	if err != nil {
		return err
	}
	s.peerN = int(peer.setSize)
	if s.role == roleReceiver {
		c.th = transcriptHash(myHello, p)
	} else {
		c.th = transcriptHash(p, myHello)
	}
	c.pool = newPool(ctx, g, s.l.workers, kkrt.NewScratch)
	defer c.pool.close()
	if s.role == roleReceiver {
		err = s.receive(c)
	} else {
		err = s.send(c)
	}
	if err != nil && ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return err
}

var errOTStopped = errors.New("psi: session stopped")

// submit runs f on a worker, counted in jobs.
func (c *otConn) submit(jobs *sync.WaitGroup, f func(*kkrt.Scratch)) error {
	jobs.Add(1)
	if !c.pool.submit(c.ctx, func(sc *kkrt.Scratch) { defer jobs.Done(); f(sc) }) {
		jobs.Done()
		return errOTStopped
	}
	return nil
}

// waitJobs waits for jobs or the end of the session.
func (c *otConn) waitJobs(jobs *sync.WaitGroup) error {
	ch := make(chan struct{})
	go func() { jobs.Wait(); close(ch) }()
	select {
	case <-ch:
		return nil
	case <-c.ctx.Done():
		<-ch // jobs finish promptly: workers drop queued work on cancel
		return errOTStopped
	}
}

func randomChoice() (*kkrt.Row, error) {
	var b [kkrt.Words * 8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, err
	}
	var s kkrt.Row
	for w := range s {
		s[w] = binary.LittleEndian.Uint64(b[8*w:])
	}
	s[kkrt.Words-1] &= 1<<(kkrt.CodeBits-64*(kkrt.Words-1)) - 1
	return &s, nil
}

// bufPool recycles the row buffers of OT-extension batches (≈ 450 KB each).
type bufPool struct{ p sync.Pool }

var rowBufs bufPool

func (b *bufPool) get(n int) []byte {
	if v, ok := b.p.Get().(*[]byte); ok && cap(*v) >= n {
		return (*v)[:n]
	}
	return make([]byte, n, kkrt.BatchBins*kkrt.RowBytes)
}

func (b *bufPool) put(p []byte) { b.p.Put(&p) }
