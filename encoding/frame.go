package encoding

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// FrameType identifies the kind of payload a frame carries. Each protocol
// defines its own values.
type FrameType uint8

// FrameHeaderSize is the size of a frame header: one type byte and a four-byte
// big-endian payload length.
const FrameHeaderSize = 5

// DefaultMaxFrameSize is the payload limit used when a reader or writer is
// created with a non-positive maximum.
const DefaultMaxFrameSize = 1 << 20

// readChunk bounds how much the reader allocates ahead of data actually
// received, so that a peer announcing a large (but allowed) frame and then
// stalling cannot make it reserve the full size up front.
const readChunk = 64 << 10

// A FrameWriter writes frames — type, length, payload — to an io.Writer. Each
// frame is handed to the underlying writer in a single Write call, so frames
// from one goroutine are never interleaved with partial writes. A FrameWriter
// is not safe for concurrent use.
type FrameWriter struct {
	w   io.Writer
	max int
	buf []byte
	n   int64
}

// NewFrameWriter returns a FrameWriter that refuses payloads larger than
// maxSize bytes (DefaultMaxFrameSize if maxSize ≤ 0).
func NewFrameWriter(w io.Writer, maxSize int) *FrameWriter {
	if maxSize <= 0 {
		maxSize = DefaultMaxFrameSize
	}
	return &FrameWriter{w: w, max: maxSize}
}

// WriteFrame writes one frame. A payload over the maximum is refused with
// [ErrFrameTooLarge] and nothing is written.
func (fw *FrameWriter) WriteFrame(t FrameType, payload []byte) error {
	if len(payload) > fw.max {
		return fmt.Errorf("encoding: writing frame type %d of %d bytes (max %d): %w", t, len(payload), fw.max, ErrFrameTooLarge)
	}
	fw.buf = AppendFrame(fw.buf[:0], t, payload)
	n, err := fw.w.Write(fw.buf)
	fw.n += int64(n)
	if err != nil {
		return fmt.Errorf("encoding: writing frame type %d: %w", t, err)
	}
	return nil
}

// BytesWritten is the total number of bytes written, headers included.
func (fw *FrameWriter) BytesWritten() int64 { return fw.n }

// AppendFrame appends the framed encoding of payload to dst. It does not check
// any size limit; a payload longer than 2³²−1 bytes is a programmer error.
func AppendFrame(dst []byte, t FrameType, payload []byte) []byte {
	if uint64(len(payload)) > 0xffffffff {
		panic("encoding: frame payload longer than 2^32-1 bytes")
	}
	dst = append(dst, byte(t))
	dst = binary.BigEndian.AppendUint32(dst, uint32(len(payload)))
	return append(dst, payload...)
}

// A FrameReader reads frames written by [FrameWriter]. It reads with
// io.ReadFull semantics, so a stream delivered one byte per Read yields the
// same frames as one delivered whole. The maximum payload size is checked
// against the header before any payload buffer is allocated.
//
// Errors: io.EOF when the stream ends cleanly between frames; [ErrTruncated]
// (also matching io.ErrUnexpectedEOF) when it ends inside a header or payload;
// [ErrFrameTooLarge] for an announced length over the maximum; an
// [*UnexpectedFrameError] from [FrameReader.Expect]. Errors from the underlying
// reader are wrapped and returned as they are. After any error the stream is
// not usable.
type FrameReader struct {
	r   io.Reader
	max int
	hdr [FrameHeaderSize]byte
	buf []byte
	n   int64
}

// NewFrameReader returns a FrameReader that rejects payloads larger than
// maxSize bytes (DefaultMaxFrameSize if maxSize ≤ 0).
func NewFrameReader(r io.Reader, maxSize int) *FrameReader {
	if maxSize <= 0 {
		maxSize = DefaultMaxFrameSize
	}
	return &FrameReader{r: r, max: maxSize}
}

// BytesRead is the total number of bytes consumed, headers included.
func (fr *FrameReader) BytesRead() int64 { return fr.n }

// ReadFrame reads the next frame. The payload is valid only until the next
// call; copy it to keep it.
func (fr *FrameReader) ReadFrame() (FrameType, []byte, error) {
	n, err := io.ReadFull(fr.r, fr.hdr[:])
	fr.n += int64(n)
	if err != nil {
		if err == io.EOF {
			return 0, nil, io.EOF
		}
		return 0, nil, readErr("frame header", err)
	}
	t := FrameType(fr.hdr[0])
	size := binary.BigEndian.Uint32(fr.hdr[1:])
	if uint64(size) > uint64(fr.max) {
		return t, nil, fmt.Errorf("encoding: frame type %d announces %d bytes (max %d): %w", t, size, fr.max, ErrFrameTooLarge)
	}
	payload, err := fr.readPayload(int(size))
	if err != nil {
		return t, nil, err
	}
	return t, payload, nil
}

func (fr *FrameReader) readPayload(size int) ([]byte, error) {
	if cap(fr.buf) >= size {
		fr.buf = fr.buf[:size]
		n, err := io.ReadFull(fr.r, fr.buf)
		fr.n += int64(n)
		if err != nil {
			return nil, readErr("frame payload", err)
		}
		return fr.buf, nil
	}
	// Grow with the data actually received, in bounded steps.
	fr.buf = fr.buf[:0]
	for len(fr.buf) < size {
		step := min(size-len(fr.buf), max(readChunk, len(fr.buf)))
		start := len(fr.buf)
		fr.buf = append(fr.buf, make([]byte, step)...)
		n, err := io.ReadFull(fr.r, fr.buf[start:])
		fr.n += int64(n)
		if err != nil {
			return nil, readErr("frame payload", err)
		}
	}
	return fr.buf, nil
}

// Expect reads the next frame and returns its payload if it has type want.
// Any other type is an [*UnexpectedFrameError]; a clean end of stream is
// reported as [ErrTruncated], since the protocol expected more.
func (fr *FrameReader) Expect(want FrameType) ([]byte, error) {
	t, p, err := fr.ReadFrame()
	if err == io.EOF {
		return nil, readErr("frame header", io.ErrUnexpectedEOF)
	}
	if err != nil {
		return nil, err
	}
	if t != want {
		return nil, &UnexpectedFrameError{Got: t, Want: want}
	}
	return p, nil
}

func readErr(what string, err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return fmt.Errorf("encoding: reading %s: %w (%w)", what, ErrTruncated, io.ErrUnexpectedEOF)
	}
	return fmt.Errorf("encoding: reading %s: %w", what, err)
}
