package encoding

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"runtime"
	"testing"
	"testing/iotest"
)

type testFrame struct {
	t FrameType
	p []byte
}

func testFrames() []testFrame {
	big := make([]byte, 200<<10) // larger than readChunk: exercises chunked growth
	for i := range big {
		big[i] = byte(i * 7)
	}
	return []testFrame{
		{1, []byte("hello")},
		{2, nil},
		{3, bytes.Repeat([]byte{0xab}, 4096)},
		{255, big},
		{4, []byte{0}},
	}
}

func writeAll(t *testing.T, w io.Writer, frames []testFrame) {
	fw := NewFrameWriter(w, 1<<20)
	for _, f := range frames {
		if err := fw.WriteFrame(f.t, f.p); err != nil {
			t.Errorf("WriteFrame(%d) error = %v", f.t, err)
			return
		}
	}
}

func readAll(t *testing.T, r io.Reader, frames []testFrame) {
	t.Helper()
	fr := NewFrameReader(r, 1<<20)
	for i, want := range frames {
		typ, p, err := fr.ReadFrame()
		if err != nil {
			t.Fatalf("ReadFrame() #%d error = %v", i, err)
		}
		if typ != want.t || !bytes.Equal(p, want.p) {
			t.Fatalf("ReadFrame() #%d = type %d, %d bytes; want type %d, %d bytes", i, typ, len(p), want.t, len(want.p))
		}
	}
	if _, _, err := fr.ReadFrame(); err != io.EOF {
		t.Fatalf("ReadFrame() at end = %v, want io.EOF", err)
	}
}

func TestFramesOneBytePerRead(t *testing.T) {
	var buf bytes.Buffer
	frames := testFrames()
	writeAll(t, &buf, frames)
	readAll(t, iotest.OneByteReader(&buf), frames)
}

func TestFramesHalfReader(t *testing.T) {
	var buf bytes.Buffer
	frames := testFrames()
	writeAll(t, &buf, frames)
	readAll(t, iotest.HalfReader(&buf), frames)
}

func TestFramesNetPipe(t *testing.T) {
	a, b := net.Pipe()
	frames := testFrames()
	done := make(chan struct{})
	go func() {
		defer close(done)
		writeAll(t, a, frames)
		a.Close()
	}()
	readAll(t, b, frames)
	<-done
}

func TestFrameTruncation(t *testing.T) {
	var buf bytes.Buffer
	NewFrameWriter(&buf, 0).WriteFrame(7, []byte("payload"))
	full := buf.Bytes()
	for i := 1; i < len(full); i++ {
		fr := NewFrameReader(bytes.NewReader(full[:i]), 0)
		_, _, err := fr.ReadFrame()
		if !errors.Is(err, ErrTruncated) || !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("ReadFrame(prefix %d) error = %v, want ErrTruncated", i, err)
		}
	}
	if _, _, err := NewFrameReader(bytes.NewReader(nil), 0).ReadFrame(); err != io.EOF {
		t.Fatalf("ReadFrame(empty) error = %v, want io.EOF", err)
	}
}

func TestFrameTooLargeBeforeAllocation(t *testing.T) {
	hdr := []byte{1, 0xff, 0xff, 0xff, 0xff} // announces 4 GiB, sends nothing
	fr := NewFrameReader(bytes.NewReader(hdr), 1024)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _, err := fr.ReadFrame()
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrFrameTooLarge) {
		t.Fatalf("ReadFrame() error = %v, want ErrFrameTooLarge", err)
	}
	// Only the error value is allocated; nothing sized by the header. (A
	// byte budget rather than an allocation count: the race detector adds
	// allocations of its own.)
	if n := after.TotalAlloc - before.TotalAlloc; n > 16<<10 {
		t.Fatalf("rejecting an oversize frame allocated %d bytes", n)
	}
	if cap(fr.buf) != 0 {
		t.Fatalf("reader allocated %d bytes for a rejected frame", cap(fr.buf))
	}
	fw := NewFrameWriter(io.Discard, 4)
	if err := fw.WriteFrame(1, make([]byte, 5)); !errors.Is(err, ErrFrameTooLarge) {
		t.Fatalf("WriteFrame(5 bytes, max 4) error = %v, want ErrFrameTooLarge", err)
	}
}

func TestFrameAllowedButStalledDoesNotReserveAll(t *testing.T) {
	// A 16 MiB frame is allowed, but the peer sends 10 bytes and stops.
	hdr := []byte{1, 0x01, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	fr := NewFrameReader(bytes.NewReader(hdr), 32<<20)
	_, _, err := fr.ReadFrame()
	if !errors.Is(err, ErrTruncated) {
		t.Fatalf("ReadFrame() error = %v, want ErrTruncated", err)
	}
	if cap(fr.buf) > 2*readChunk {
		t.Fatalf("reader reserved %d bytes for 10 received", cap(fr.buf))
	}
}

func TestExpect(t *testing.T) {
	var buf bytes.Buffer
	fw := NewFrameWriter(&buf, 0)
	fw.WriteFrame(1, []byte("a"))
	fw.WriteFrame(2, []byte("b"))
	fr := NewFrameReader(&buf, 0)
	if p, err := fr.Expect(1); err != nil || string(p) != "a" {
		t.Fatalf("Expect(1) = %q, %v", p, err)
	}
	_, err := fr.Expect(3)
	var ue *UnexpectedFrameError
	if !errors.Is(err, ErrUnexpectedFrame) || !errors.As(err, &ue) || ue.Got != 2 || ue.Want != 3 {
		t.Fatalf("Expect(3) error = %v, want UnexpectedFrameError{Got: 2, Want: 3}", err)
	}
	if _, err := fr.Expect(1); !errors.Is(err, ErrTruncated) {
		t.Fatalf("Expect at end error = %v, want ErrTruncated", err)
	}
	if fw.BytesWritten() != fr.BytesRead() || fw.BytesWritten() != 2*(FrameHeaderSize+1) {
		t.Fatalf("BytesWritten = %d, BytesRead = %d", fw.BytesWritten(), fr.BytesRead())
	}
}

func TestFrameReaderPassesThroughErrors(t *testing.T) {
	boom := errors.New("boom")
	fr := NewFrameReader(iotest.ErrReader(boom), 0)
	if _, _, err := fr.ReadFrame(); !errors.Is(err, boom) {
		t.Fatalf("ReadFrame() error = %v, want wrapped reader error", err)
	}
	fw := NewFrameWriter(errWriter{boom}, 0)
	if err := fw.WriteFrame(1, nil); !errors.Is(err, boom) {
		t.Fatalf("WriteFrame() error = %v, want wrapped writer error", err)
	}
}

type errWriter struct{ err error }

func (w errWriter) Write([]byte) (int, error) { return 0, w.err }

// FuzzFrames checks that any byte stream is either split into frames that
// re-serialize to exactly the consumed bytes, or rejected with a typed error.
func FuzzFrames(f *testing.F) {
	var buf bytes.Buffer
	fw := NewFrameWriter(&buf, 0)
	fw.WriteFrame(1, []byte("hello"))
	fw.WriteFrame(2, nil)
	f.Add(buf.Bytes())
	f.Add([]byte{1, 0, 0, 0, 9, 1})
	f.Fuzz(func(t *testing.T, in []byte) {
		fr := NewFrameReader(bytes.NewReader(in), 4096)
		var out []byte
		for {
			typ, p, err := fr.ReadFrame()
			if err == io.EOF {
				break
			}
			if err != nil {
				if !errors.Is(err, ErrTruncated) && !errors.Is(err, ErrFrameTooLarge) {
					t.Fatalf("ReadFrame() untyped error %v", err)
				}
				return
			}
			out = AppendFrame(out, typ, p)
		}
		if !bytes.Equal(out, in) {
			t.Fatalf("re-framed stream = %x, want %x", out, in)
		}
	})
}

func BenchmarkFrameWrite4K(b *testing.B) {
	payload := make([]byte, 4096)
	fw := NewFrameWriter(io.Discard, 0)
	b.SetBytes(int64(len(payload)))
	b.ReportAllocs()
	for b.Loop() {
		if err := fw.WriteFrame(1, payload); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFrameRead4K(b *testing.B) {
	payload := make([]byte, 4096)
	frame := AppendFrame(nil, 1, payload)
	const n = 256
	stream := bytes.Repeat(frame, n)
	r := bytes.NewReader(stream)
	fr := NewFrameReader(r, 0)
	b.SetBytes(int64(len(payload)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i%n == 0 {
			r.Reset(stream)
		}
		i++
		if _, _, err := fr.ReadFrame(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFramePipe(b *testing.B) {
	for _, size := range []int{256, 4096, 65536} {
		b.Run(fmt.Sprint(size), func(b *testing.B) {
			c1, c2 := net.Pipe()
			defer c1.Close()
			defer c2.Close()
			payload := make([]byte, size)
			go func() {
				fr := NewFrameReader(c2, 0)
				for {
					if _, _, err := fr.ReadFrame(); err != nil {
						return
					}
				}
			}()
			fw := NewFrameWriter(c1, 0)
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				if err := fw.WriteFrame(1, payload); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
