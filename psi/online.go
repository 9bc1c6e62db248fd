package psi

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"sync"

	"filippo.io/edwards25519"

	"github.com/credq/credq/encoding"
	"github.com/credq/credq/psi/internal/r255"
)

// conversation is what the online OPRF roles share inside runSession: a
// writer goroutine fed through a channel, and the session's context, group
// and frame reader, used by the calling goroutine.
type conversation struct {
	ctx context.Context
	g   *group
	fr  *encoding.FrameReader
	out chan frameOut
	// helloSent closes once our hello is written, see awaitHello.
	helloSent chan struct{}
}

// converse runs session over conn in runSession with a conversation, and
// returns the byte counts with the session's first error.
func converse(parent context.Context, conn io.ReadWriter, session func(c *conversation) error) (Stats, error) {
	sent, recv, err := runSession(parent, conn, maxOPRFFrame,
		func(ctx context.Context, g *group, fw *encoding.FrameWriter, fr *encoding.FrameReader) error {
			c := &conversation{ctx: ctx, g: g, fr: fr, out: make(chan frameOut, 4), helloSent: make(chan struct{})}
			g.goFn(func() error { return c.write(fw) })
			return session(c)
		})
	return Stats{BytesSent: sent, BytesReceived: recv}, err
}

// write is the writer goroutine: it writes the frames sent, in order, up to
// the done frame.
func (c *conversation) write(fw *encoding.FrameWriter) error {
	for {
		select {
		case f := <-c.out:
			if err := fw.WriteFrame(f.t, f.p); err != nil {
				return writeErr(err)
			}
			if f.t == frameHello {
				close(c.helloSent)
			}
			if f.t == frameDone {
				return nil
			}
		case <-c.ctx.Done():
			return nil
		}
	}
}

func (c *conversation) send(t encoding.FrameType, p []byte) bool {
	select {
	case c.out <- frameOut{t, p}:
		return true
	case <-c.ctx.Done():
		return false
	}
}

// maxOPRFFrame caps online OPRF frames: a full batch plus a DLEQ proof.
const maxOPRFFrame = MaxBatch*32 + 64

// handshake sends our hello and reads and checks the peer's.
func (c *conversation) handshake(mine *hello) (*hello, error) {
	b, err := mine.marshal()
	if err != nil {
		return nil, fmt.Errorf("psi: handshake: %w", err)
	}
	if !c.send(frameHello, b) {
		return nil, context.Cause(c.ctx)
	}
	peer, _, err := readHello(c.ctx, c.fr, mine, c.helloSent)
	return peer, err
}

func newHello(r role, mode OPRFMode, tagSize int, kind string, size, maxItems int) *hello {
	h := &hello{protocol: protoOPRF, version: Version, role: r, tagSize: uint8(tagSize), kind: kind,
		setSize: uint64(size), maxItems: uint64(maxItems)}
	if mode == OPRFVerifiable {
		h.flags = flagVerifiable
	}
	rand.Read(h.random[:])
	return h
}

// parallelFor runs f over [0, n) split into one contiguous chunk per worker;
// w numbers the chunks from 0 (w < workers).
func parallelFor(workers, n int, f func(w, lo, hi int)) {
	if n == 0 {
		return
	}
	workers = max(1, min(workers, n))
	var wg sync.WaitGroup
	chunk := (n + workers - 1) / workers
	for w, lo := 0, 0; lo < n; w, lo = w+1, lo+chunk {
		wg.Add(1)
		go func(w, lo, hi int) {
			defer wg.Done()
			f(w, lo, hi)
		}(w, lo, min(lo+chunk, n))
	}
	wg.Wait()
}

// scalarMultEncode sets out[32i:] = encode(k·P_i) using the half-scalar
// batch encoding; pts are overwritten.
func scalarMultEncode(out []byte, pts []r255.Element, half *edwards25519.Scalar) {
	ptrs := make([]*r255.Element, len(pts))
	for i := range pts {
		ptrs[i] = &pts[i]
	}
	r255.ScalarMultBatch(half, ptrs)
	var bs r255.BatchScratch
	r255.DoubleEncodeBatch(out, ptrs, &bs)
}
