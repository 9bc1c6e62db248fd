package psi

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"io"
	"math/bits"
	"sync"
	"time"

	"github.com/credq/credq/encoding"
)

// group runs goroutines, records the first error and cancels the session
// context with it, and lets Run wait for every goroutine before returning so
// that nothing outlives the call.
type group struct {
	wg     sync.WaitGroup
	once   sync.Once
	err    error
	cancel context.CancelCauseFunc
}

func (g *group) fail(err error) {
	g.once.Do(func() {
		g.err = err
		g.cancel(err)
	})
}

func (g *group) goFn(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := f(); err != nil {
			g.fail(err)
		}
	}()
}

func (g *group) wait() error {
	g.wg.Wait()
	return g.err
}

// pool is a fixed set of worker goroutines running submitted jobs; each
// worker owns a scratch value (hasher, buffers) passed to the job.
type pool[S any] struct {
	work chan func(*S)
}

func newPool[S any](ctx context.Context, g *group, workers int, newScratch func() *S) *pool[S] {
	p := &pool[S]{work: make(chan func(*S))}
	for range workers {
		g.goFn(func() error {
			s := newScratch()
			for {
				select {
				case f, ok := <-p.work:
					if !ok {
						return nil
					}
					f(s)
				case <-ctx.Done():
					return nil
				}
			}
		})
	}
	return p
}

// submit hands f to a worker, or gives up when ctx ends.
func (p *pool[S]) submit(ctx context.Context, f func(*S)) bool {
	select {
	case p.work <- f:
		return true
	case <-ctx.Done():
		return false
	}
}

func (p *pool[S]) close() { close(p.work) }

// interruptOnCancel makes blocked Reads and Writes on conn return once ctx
// ends: it sets a past deadline when conn has SetDeadline (net.Conn,
// tls.Conn, net.Pipe) and otherwise closes it if it is an io.Closer. The
// returned stop function disarms it.
func interruptOnCancel(ctx context.Context, conn io.ReadWriter) (stop func() bool) {
	return context.AfterFunc(ctx, func() {
		if d, ok := conn.(interface{ SetDeadline(time.Time) error }); ok {
			d.SetDeadline(time.Unix(1, 0))
			return
		}
		if c, ok := conn.(io.Closer); ok {
			c.Close()
		}
	})
}

// progressReporter serializes calls to the user's callback.
type progressReporter struct {
	mu  sync.Mutex
	f   func(Progress)
	cur Progress
}

func (p *progressReporter) add(own, peer int) {
	if p.f == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cur.Own += own
	p.cur.Peer += peer
	p.f(p.cur)
}

// randSource yields uniform integers from crypto/rand, buffered.
type randSource struct {
	buf [8 << 10]byte
	off int
}

func (r *randSource) uint64() uint64 {
	if r.off == 0 || r.off == len(r.buf) {
		if _, err := io.ReadFull(rand.Reader, r.buf[:]); err != nil {
			panic("psi: crypto/rand failed: " + err.Error())
		}
		r.off = 0
	}
	v := binary.LittleEndian.Uint64(r.buf[r.off:])
	r.off += 8
	return v
}

// intn returns a uniform integer in [0, n) (Lemire's method with rejection).
func (r *randSource) intn(n uint64) uint64 {
	hi, lo := bits.Mul64(r.uint64(), n)
	if lo < n {
		thresh := -n % n
		for lo < thresh {
			hi, lo = bits.Mul64(r.uint64(), n)
		}
	}
	return hi
}

// shuffle is a Fisher–Yates shuffle driven by crypto/rand, so that positions
// in a shuffled stream reveal nothing about the order of the input.
func shuffle(n int, swap func(i, j int)) {
	var r randSource
	for i := n - 1; i > 0; i-- {
		swap(i, int(r.intn(uint64(i+1))))
	}
}

// runSession is the frame of every psi session: a cancellable context whose
// cancellation interrupts blocked I/O on conn, a goroutine group whose first
// error cancels the rest, and a frame writer and reader over conn bounded by
// maxFrame. It runs session, waits for every goroutine the session started,
// and returns the bytes written and read with the first error.
func runSession(parent context.Context, conn io.ReadWriter, maxFrame int,
	session func(ctx context.Context, g *group, fw *encoding.FrameWriter, fr *encoding.FrameReader) error) (sent, recv int64, err error) {
	ctx, cancel := context.WithCancelCause(parent)
	defer cancel(nil)
	stop := interruptOnCancel(ctx, conn)
	defer stop()

	g := &group{cancel: cancel}
	fw := encoding.NewFrameWriter(conn, maxFrame)
	fr := encoding.NewFrameReader(conn, maxFrame)
	if err := session(ctx, g, fw, fr); err != nil {
		g.fail(err)
	}
	err = g.wait()
	return fw.BytesWritten(), fr.BytesRead(), err
}
