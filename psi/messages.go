package psi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"

	"github.com/credq/credq/encoding"
	"github.com/credq/credq/psi/internal/r255"
)

// Batch frames carry no count prefix: the frame length is exact, so an
// elements frame is k·32 bytes and a tags frame k·tagSize bytes, 1 ≤ k ≤
// MaxBatch. The done frame is elements u64 | tags u64: the totals the sender
// of the frame wrote, which the reader compares with what it received.

// maxFrame is the frame-size cap of the ECDH protocols.
const maxFrame = MaxBatch * r255.ElementSize

// batchCount checks the length of a batch payload of fixed-size records and
// returns the record count.
func batchCount(p []byte, size int, what string) (int, error) {
	if len(p) == 0 || len(p)%size != 0 || len(p)/size > MaxBatch {
		return 0, fmt.Errorf("psi: %w", &encoding.ParseError{What: what, Offset: 0, Err: encoding.ErrInvalid})
	}
	return len(p) / size, nil
}

// decodeElements decodes a batch of peer elements into dst (p holds
// len(dst) encodings; r255.DecodeBatch shares the inverse square roots four
// at a time), rejecting non-canonical encodings and the identity (RFC 9496
// §4.3.1; the identity would make the peer's doubly masked value independent
// of our items and our key, so it is never a legitimate protocol value). The
// error names the first rejected element by its index in the peer's stream
// (first is the index of dst[0]).
func decodeElements(dst []r255.Element, p []byte, first int) error {
	if bad, err := r255.DecodeBatch(dst, p[:32*len(dst)]); err != nil {
		return fmt.Errorf("%w: element %d: %w", ErrInvalidElement, first+bad, err)
	}
	return nil
}

type done struct {
	elements, tags uint64
}

func (d done) marshal() []byte {
	e := encoding.NewEncoder(make([]byte, 0, 16))
	e.Uint64(d.elements)
	e.Uint64(d.tags)
	b, _ := e.Bytes()
	return b
}

func parseDone(p []byte) (done, error) {
	var d encoding.Decoder
	d.Reset(p)
	v := done{elements: d.Uint64("done.elements"), tags: d.Uint64("done.tags")}
	if err := d.Finish(); err != nil {
		return done{}, fmt.Errorf("psi: %w", err)
	}
	return v, nil
}

func unexpected(got, want encoding.FrameType) error {
	return &encoding.UnexpectedFrameError{Got: got, Want: want}
}

// writeErr classifies a failed write: a peer that closed its end has cut
// the session short, which callers see as encoding.ErrTruncated like a
// stream that ends early on the reading side.
func writeErr(err error) error {
	if errors.Is(err, io.ErrClosedPipe) || errors.Is(err, net.ErrClosed) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNRESET) {
		return fmt.Errorf("psi: peer closed the session: %w (%w)", encoding.ErrTruncated, err)
	}
	return fmt.Errorf("psi: %w", err)
}

// readErr classifies a failed read: once the session's context has ended,
// the failure is a consequence of that (cancellation interrupts blocked
// reads) and its cause is returned; otherwise err is wrapped, prefixed with
// what when it is not empty.
func readErr(ctx context.Context, err error, what string) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	if what != "" {
		return fmt.Errorf("psi: %s: %w", what, err)
	}
	return fmt.Errorf("psi: %w", err)
}

// frameLoopErr classifies a failed ReadFrame of a loop that runs up to the
// peer's done frame: a clean end of stream (ReadFrame's bare io.EOF; a stream
// cut inside a frame is already encoding.ErrTruncated) is errEarlyEnd unless
// the session's context has ended; see readErr for the rest.
func frameLoopErr(ctx context.Context, err error) error {
	if err == io.EOF && ctx.Err() == nil {
		return errEarlyEnd
	}
	return readErr(ctx, err, "")
}

// errEarlyEnd is the error for a stream that ends cleanly between frames
// before the peer's confirmation.
var errEarlyEnd = fmt.Errorf("psi: session ended before the peer's confirmation: %w (%w)", encoding.ErrTruncated, io.ErrUnexpectedEOF)
