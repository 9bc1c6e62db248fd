package psi

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"io"
	"sync"

	"filippo.io/edwards25519"

	"github.com/credq/credq/encoding"
	"github.com/credq/credq/psi/internal/r255"
)

// engine runs one party of ECDH-PSI or PSI-cardinality. See doc.go for the
// message flow. Streams per party, in frame order:
//
//	receiver: hello, elements×n, [tags×m if both learn], done
//	sender:   hello, elements×m and tags×n interleaved (cardinality: tags
//	          shuffled, after all of the receiver's elements), done
type engine struct {
	l     limits
	proto protocolID
	role  role

	items []dedupItem // distinct items in the order they are sent
	n, m  int         // own and peer set sizes

	half   *edwards25519.Scalar // k/2 mod ℓ, see r255.DoubleEncodeBatch
	th     [32]byte
	dst    []byte
	prefix []byte // labelTag || th

	// Tag arrays, each tagSize bytes per entry.
	ownTags  []byte // tags of own items computed by the peer (own order)
	peerTags []byte // tags of peer elements computed here (peer order)
	sent     int64
	recv     int64
	progress progressReporter
}

type dedupItem struct {
	b   []byte
	idx int32 // index in the distinct list before shuffling
}

type frameOut struct {
	t encoding.FrameType
	p []byte
}

type scratch struct {
	h    *r255.Hasher
	pts  []r255.Element
	ptrs []*r255.Element
	msgs [][]byte // the items of a batch, for HashBatch
	bs   r255.BatchScratch
	enc  []byte
	tbuf []byte
}

func (e *engine) newScratch() *scratch {
	h, err := r255.NewHasher(e.dst)
	if err != nil {
		panic("psi: session DST rejected: " + err.Error()) // fixed length; a bug
	}
	s := &scratch{h: h, pts: make([]r255.Element, MaxBatch), ptrs: make([]*r255.Element, MaxBatch),
		msgs: make([][]byte, MaxBatch), enc: make([]byte, MaxBatch*32), tbuf: make([]byte, 0, len(e.prefix)+32)}
	for i := range s.pts {
		s.ptrs[i] = &s.pts[i]
	}
	return s
}

// maskOwn writes encode(k·H(item)) for each item to out.
func (e *engine) maskOwn(s *scratch, items []dedupItem, out []byte) {
	msgs := s.msgs[:len(items)]
	for i, it := range items {
		msgs[i] = it.b
	}
	s.h.HashBatch(s.pts, msgs)
	clear(msgs)
	r255.ScalarMultBatch(e.half, s.ptrs[:len(items)])
	r255.DoubleEncodeBatch(out, s.ptrs[:len(items)], &s.bs)
}

// evalPeer decodes peer elements P, computes tag(encode(k·P)) for each and
// writes the tags to out.
func (e *engine) evalPeer(s *scratch, in []byte, first int, out []byte) error {
	k := len(in) / 32
	if err := decodeElements(s.pts[:k], in, first); err != nil {
		return err
	}
	r255.ScalarMultBatch(e.half, s.ptrs[:k])
	r255.DoubleEncodeBatch(s.enc, s.ptrs[:k], &s.bs)
	ts := e.l.tagSize
	for i := range k {
		s.tbuf = append(append(s.tbuf[:0], e.prefix...), s.enc[32*i:32*i+32]...)
		sum := sha256.Sum256(s.tbuf)
		copy(out[ts*i:ts*i+ts], sum[:ts])
	}
	return nil
}

func (e *engine) bothLearn() bool { return e.l.bothLearn && e.proto == protoECDH }

func (e *engine) run(parent context.Context, conn io.ReadWriter) error {
	var err error
	e.sent, e.recv, err = runSession(parent, conn, maxFrame, e.session)
	return err
}

func (e *engine) session(ctx context.Context, g *group, fw *encoding.FrameWriter, fr *encoding.FrameReader) error {
	e.half = r255.HalfScalar(randomScalar()) // a fresh key per session
	mine := &hello{protocol: e.proto, version: Version, role: e.role, tagSize: uint8(e.l.tagSize),
		kind: e.l.kind, setSize: uint64(e.n), maxItems: uint64(e.l.maxItems)}
	if e.bothLearn() {
		mine.flags = flagBothLearn
	}
	rand.Read(mine.random[:])
	myHello, err := mine.marshal()
	if err != nil {
		return fmt.Errorf("psi: handshake: %w", err)
	}

	// The writer owns the FrameWriter; frames reach it as futures in send
	// order, so group operations run ahead of the network.
	queue := make(chan chan frameOut, 4*e.l.workers+4)
	helloSent := make(chan struct{})
	push := func(fut chan frameOut) bool {
		select {
		case queue <- fut:
			return true
		case <-ctx.Done():
			return false
		}
	}
	ready := func(t encoding.FrameType, p []byte) chan frameOut {
		c := make(chan frameOut, 1)
		c <- frameOut{t, p}
		return c
	}
	g.goFn(func() error {
		for {
			var fut chan frameOut
			select {
			case fut = <-queue:
			case <-ctx.Done():
				return nil
			}
			var f frameOut
			select {
			case f = <-fut:
			case <-ctx.Done():
				return nil
			}
			if err := fw.WriteFrame(f.t, f.p); err != nil {
				return writeErr(err)
			}
			if f.t == frameHello {
				close(helloSent)
			}
			if f.t == frameDone {
				return nil
			}
		}
	})
	push(ready(frameHello, myHello))

	peer, p, err := readHello(ctx, fr, mine, helloSent)
	if err != nil {
		return err
	}
	e.m = int(peer.setSize)
	if e.role == roleReceiver {
		e.th = transcriptHash(myHello, p)
	} else {
		e.th = transcriptHash(p, myHello)
	}
	e.dst = sessionDST(e.th)
	e.prefix = append([]byte(labelTag), e.th[:]...)
	ts := e.l.tagSize

	// Arrays sized from the announced counts, which checkPeer bounded.
	needOwnTags := e.role == roleReceiver || e.bothLearn()
	if needOwnTags {
		e.ownTags = make([]byte, e.n*ts)
	}
	keepPeerTags := e.role == roleReceiver || e.bothLearn() || e.proto == protoCardinality
	if keepPeerTags {
		e.peerTags = make([]byte, e.m*ts)
	}
	e.progress.f = e.l.progress

	wp := newPool(ctx, g, e.l.workers, e.newScratch)

	// Producer: own items, masked, in order.
	ownDone := make(chan struct{})
	g.goFn(func() error {
		defer close(ownDone)
		for start := 0; start < e.n; start += e.l.batch {
			batch := e.items[start:min(start+e.l.batch, e.n)]
			fut := make(chan frameOut, 1)
			ok := wp.submit(ctx, func(s *scratch) {
				out := make([]byte, 32*len(batch))
				e.maskOwn(s, batch, out)
				fut <- frameOut{frameElements, out}
				e.progress.add(len(batch), 0)
			})
			if !ok || !push(fut) {
				return nil
			}
		}
		return nil
	})

	// Peer elements: processed as they arrive; peerDone closes when all m
	// are processed.
	var jobs sync.WaitGroup
	peerDone := make(chan struct{})
	peerAllIn := make(chan struct{})
	g.goFn(func() error {
		select {
		case <-peerAllIn:
		case <-ctx.Done():
		}
		jobs.Wait()
		close(peerDone)
		return nil
	})

	// Finisher: the rest of our stream once its inputs are complete.
	finished := make(chan struct{})
	g.goFn(func() error {
		defer close(finished)
		for _, c := range []chan struct{}{ownDone, peerDone} {
			select {
			case <-c:
			case <-ctx.Done():
				return nil
			}
		}
		if ctx.Err() != nil {
			return nil
		}
		var tags []byte
		switch {
		case e.role == roleReceiver && e.bothLearn():
			tags = e.peerTags
		case e.role == roleSender && e.proto == protoCardinality:
			// Positions must not reveal which receiver item matched.
			tags = e.peerTags
			tmp := make([]byte, ts)
			shuffle(e.m, func(i, j int) {
				copy(tmp, tags[i*ts:])
				copy(tags[i*ts:i*ts+ts], tags[j*ts:j*ts+ts])
				copy(tags[j*ts:j*ts+ts], tmp)
			})
		}
		var nTags uint64
		if e.role == roleSender {
			nTags = uint64(e.m)
		} else if e.bothLearn() {
			nTags = uint64(e.m)
		}
		for start := 0; start < len(tags); start += e.l.batch * ts {
			if !push(ready(frameTags, tags[start:min(start+e.l.batch*ts, len(tags))])) {
				return nil
			}
		}
		push(ready(frameDone, done{elements: uint64(e.n), tags: nTags}.marshal()))
		return nil
	})

	if err := e.readLoop(ctx, g, fr, wp, &jobs, peerAllIn, push); err != nil {
		return err
	}
	select {
	case <-finished:
	case <-ctx.Done():
	}
	if ctx.Err() != nil {
		// Workers, producer and writer stop on their own.
		return context.Cause(ctx)
	}
	// Every submitter has finished: let the workers go.
	wp.close()
	return nil
}
