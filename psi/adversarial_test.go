package psi

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/credq/credq/encoding"
	"github.com/credq/credq/psi/internal/r255"
)

// fakeSender plays the sender by hand: it answers the receiver's hello with
// mutate(valid hello) and then writes the frames returned by script.
func runAgainstFake(t *testing.T, items [][]byte, mutate func(*hello), script func(fw *encoding.FrameWriter, raw net.Conn)) error {
	t.Helper()
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	go func() {
		fr := encoding.NewFrameReader(b, maxFrame)
		fw := encoding.NewFrameWriter(b, 1<<30)
		p, err := fr.Expect(frameHello)
		if err != nil {
			return
		}
		peer, err := parseHello(p, protoECDH)
		if err != nil {
			return
		}
		h := &hello{protocol: protoECDH, version: Version, role: roleSender, tagSize: peer.tagSize,
			kind: peer.kind, setSize: 2, maxItems: 100}
		if mutate != nil {
			mutate(h)
		}
		hb, _ := h.marshal()
		// Drain whatever the receiver sends so it never blocks on us.
		go io.Copy(io.Discard, b)
		if fw.WriteFrame(frameHello, hb) != nil {
			return
		}
		if script != nil {
			script(fw, b)
		}
	}()
	cfg := testCfg()
	cfg.MaxItems = 1000
	r, _ := NewReceiver(cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := r.Intersect(ctx, a, items)
	return err
}

func validElement(i int) []byte {
	h, _ := r255.NewHasher([]byte("adversarial"))
	var e r255.Element
	return h.Hash(&e, []byte{byte(i)}).Encode(nil)
}

func TestReceiverRejectsMisbehavingSender(t *testing.T) {
	items := [][]byte{[]byte("a"), []byte("b")}
	good := append(validElement(1), validElement(2)...)
	tags := make([]byte, 2*DefaultTagSize)
	cases := []struct {
		name   string
		mutate func(*hello)
		script func(fw *encoding.FrameWriter, raw net.Conn)
		want   error
	}{
		{"identity element", nil, func(fw *encoding.FrameWriter, _ net.Conn) {
			fw.WriteFrame(frameElements, append(validElement(1), make([]byte, 32)...))
		}, ErrInvalidElement},
		{"non-canonical element", nil, func(fw *encoding.FrameWriter, _ net.Conn) {
			bad := bytes.Repeat([]byte{0xff}, 32)
			bad[31] = 0x7f
			fw.WriteFrame(frameElements, append(validElement(1), bad...))
		}, ErrInvalidElement},
		{"negative element", nil, func(fw *encoding.FrameWriter, _ net.Conn) {
			bad := make([]byte, 32)
			bad[0] = 1
			fw.WriteFrame(frameElements, append(validElement(1), bad...))
		}, ErrInvalidElement},
		{"more elements than announced", nil, func(fw *encoding.FrameWriter, _ net.Conn) {
			fw.WriteFrame(frameElements, append(good, validElement(3)...))
		}, ErrCountMismatch},
		{"fewer elements than announced", nil, func(fw *encoding.FrameWriter, _ net.Conn) {
			fw.WriteFrame(frameElements, good[:32])
			fw.WriteFrame(frameTags, tags)
			fw.WriteFrame(frameDone, done{elements: 1, tags: 2}.marshal())
		}, ErrCountMismatch},
		{"more tags than items", nil, func(fw *encoding.FrameWriter, _ net.Conn) {
			fw.WriteFrame(frameTags, append(tags, tags[:DefaultTagSize]...))
		}, ErrCountMismatch},
		{"confirmation lies", nil, func(fw *encoding.FrameWriter, _ net.Conn) {
			fw.WriteFrame(frameElements, good)
			fw.WriteFrame(frameTags, tags)
			fw.WriteFrame(frameDone, done{elements: 3, tags: 2}.marshal())
		}, ErrCountMismatch},
		{"oversize frame", nil, func(_ *encoding.FrameWriter, raw net.Conn) {
			var hdr [5]byte
			hdr[0] = byte(frameElements)
			binary.BigEndian.PutUint32(hdr[1:], maxFrame+1)
			raw.Write(hdr[:])
		}, encoding.ErrFrameTooLarge},
		{"ragged batch", nil, func(fw *encoding.FrameWriter, _ net.Conn) {
			fw.WriteFrame(frameElements, good[:33])
		}, encoding.ErrInvalid},
		{"empty batch", nil, func(fw *encoding.FrameWriter, _ net.Conn) {
			fw.WriteFrame(frameElements, nil)
		}, encoding.ErrInvalid},
		{"unknown frame", nil, func(fw *encoding.FrameWriter, _ net.Conn) {
			fw.WriteFrame(9, []byte{1})
		}, encoding.ErrUnexpectedFrame},
		{"bad done", nil, func(fw *encoding.FrameWriter, _ net.Conn) {
			fw.WriteFrame(frameElements, good)
			fw.WriteFrame(frameTags, tags)
			fw.WriteFrame(frameDone, []byte{1, 2, 3})
		}, encoding.ErrTruncated},
		{"early close after hello", nil, func(_ *encoding.FrameWriter, raw net.Conn) {
			raw.Close()
		}, encoding.ErrTruncated},
		{"close mid-frame", nil, func(_ *encoding.FrameWriter, raw net.Conn) {
			raw.Write([]byte{byte(frameElements), 0, 0, 0, 64, 1, 2, 3})
			raw.Close()
		}, encoding.ErrTruncated},
		{"close before confirmation", nil, func(fw *encoding.FrameWriter, raw net.Conn) {
			fw.WriteFrame(frameElements, good)
			fw.WriteFrame(frameTags, tags)
			raw.Close()
		}, encoding.ErrTruncated},
		{"wrong version", func(h *hello) { h.version = 2 }, nil, ErrVersionMismatch},
		{"wrong protocol", func(h *hello) { h.protocol = protoCardinality }, nil, ErrProtocolMismatch},
		{"same role", func(h *hello) { h.role = roleReceiver }, nil, ErrRoleMismatch},
		{"bad role", func(h *hello) { h.role = 7 }, nil, encoding.ErrInvalid},
		{"unknown flag", func(h *hello) { h.flags = 4 }, nil, encoding.ErrInvalid},
		{"identifier kind", func(h *hello) { h.kind = "cnid:v2" }, nil, ErrIdentifierKindMismatch},
		{"tag size", func(h *hello) { h.tagSize = 16 }, nil, ErrModeMismatch},
		{"both learn", func(h *hello) { h.flags = flagBothLearn }, nil, ErrModeMismatch},
		{"set size over cap", func(h *hello) { h.setSize = 1 << 40 }, nil, ErrCountExceedsCap},
		{"peer cap too small", func(h *hello) { h.maxItems = 1 }, nil, ErrCountExceedsCap},
	}
	base := runtime.NumGoroutine()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := runAgainstFake(t, items, tc.mutate, tc.script)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Intersect = %v, want %v", err, tc.want)
			}
		})
	}
	waitGoroutines(t, base)
}

func TestReceiverRejectsGarbageHello(t *testing.T) {
	base := runtime.NumGoroutine()
	for _, tc := range []struct {
		name string
		raw  []byte
		want error
	}{
		{"garbage payload", encoding.AppendFrame(nil, frameHello, []byte{1, 0, 1, 0xde, 0xad}), encoding.ErrTruncated},
		{"garbage stream", []byte("GET / HTTP/1.1\r\n\r\n"), encoding.ErrFrameTooLarge},
		{"wrong first frame", encoding.AppendFrame(nil, frameDone, make([]byte, 16)), encoding.ErrUnexpectedFrame},
		{"trailing bytes", encoding.AppendFrame(nil, frameHello, append(mustHello(t), 0)), encoding.ErrTrailingData},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := net.Pipe()
			defer a.Close()
			defer b.Close()
			go func() {
				go io.Copy(io.Discard, b)
				b.Write(tc.raw)
			}()
			r, _ := NewReceiver(testCfg())
			_, err := r.Intersect(context.Background(), a, [][]byte{[]byte("x")})
			if !errors.Is(err, tc.want) {
				t.Fatalf("Intersect = %v, want %v", err, tc.want)
			}
			var pe *encoding.ParseError
			if tc.want != encoding.ErrUnexpectedFrame && tc.want != encoding.ErrFrameTooLarge && !errors.As(err, &pe) {
				t.Errorf("error %v is not an *encoding.ParseError", err)
			}
		})
	}
	waitGoroutines(t, base)
}

func mustHello(t *testing.T) []byte {
	h := &hello{protocol: protoECDH, version: Version, role: roleSender, tagSize: DefaultTagSize, kind: "cnid:v1", setSize: 1, maxItems: 10}
	b, err := h.marshal()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCancelStopsStalledSession(t *testing.T) {
	base := runtime.NumGoroutine()
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	// The peer never answers.
	go io.Copy(io.Discard, b)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	r, _ := NewReceiver(testCfg())
	_, err := r.Intersect(ctx, a, [][]byte{[]byte("x")})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Intersect = %v, want context.Canceled", err)
	}
	a.Close()
	b.Close()
	waitGoroutines(t, base)
}

func TestSenderRejectsIdentityFromReceiver(t *testing.T) {
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	go func() {
		fr := encoding.NewFrameReader(b, maxFrame)
		fw := encoding.NewFrameWriter(b, maxFrame)
		if _, err := fr.Expect(frameHello); err != nil {
			return
		}
		h := &hello{protocol: protoECDH, version: Version, role: roleReceiver, tagSize: DefaultTagSize, kind: "cnid:v1", setSize: 1, maxItems: 100}
		hb, _ := h.marshal()
		go io.Copy(io.Discard, b)
		fw.WriteFrame(frameHello, hb)
		fw.WriteFrame(frameElements, make([]byte, 32))
	}()
	s, _ := NewSender(testCfg())
	_, err := s.Intersect(context.Background(), a, [][]byte{[]byte("y")})
	if !errors.Is(err, ErrInvalidElement) {
		t.Fatalf("Intersect = %v, want ErrInvalidElement", err)
	}
}

func TestConfigRejectsBadValues(t *testing.T) {
	for _, c := range []Config{
		{},
		{IdentifierKind: string(make([]byte, 65))},
		{IdentifierKind: "k", TagSize: 9},
		{IdentifierKind: "k", TagSize: 33},
		{IdentifierKind: "k", Batch: MaxBatch + 1},
		{IdentifierKind: "k", MaxItems: -1},
		{IdentifierKind: "k", Workers: -1},
	} {
		if _, err := NewReceiver(c); !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("NewReceiver(%+v) = %v, want ErrInvalidConfig", c, err)
		}
	}
	if _, err := NewCardinalityReceiver(Config{IdentifierKind: "k", BothLearn: true}); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("cardinality with BothLearn = %v, want ErrInvalidConfig", err)
	}
}

func TestIntersectRejectsTooManyItems(t *testing.T) {
	r, _ := NewReceiver(Config{IdentifierKind: "k", MaxItems: 1})
	_, err := r.Intersect(context.Background(), nil, [][]byte{{1}, {2}})
	if !errors.Is(err, ErrTooManyItems) {
		t.Fatalf("Intersect = %v, want ErrTooManyItems", err)
	}
}

func TestParseHelloRejectsOversize(t *testing.T) {
	if _, err := parseHello(make([]byte, maxHelloSize+1), protoECDH); !errors.Is(err, encoding.ErrTooLarge) {
		t.Fatalf("parseHello(oversize) = %v, want ErrTooLarge", err)
	}
}

// TestInvalidElementNamesItsIndex puts one bad element at every position of
// a nine-element batch (so in each lane of the four-at-a-time decoding and
// in the serial tail), and in a second frame, and checks that the error
// names its index in the peer's stream.
func TestInvalidElementNamesItsIndex(t *testing.T) {
	const n = 9
	items := [][]byte{[]byte("a"), []byte("b")}
	nine := func(h *hello) { h.setSize = n }
	negative := make([]byte, 32)
	negative[0] = 1
	batch := func(bad int) []byte {
		var b []byte
		for i := range n {
			if i == bad {
				b = append(b, negative...)
			} else {
				b = append(b, validElement(i)...)
			}
		}
		return b
	}
	for bad := range n {
		err := runAgainstFake(t, items, nine, func(fw *encoding.FrameWriter, _ net.Conn) {
			fw.WriteFrame(frameElements, batch(bad))
		})
		if want := fmt.Sprintf("element %d:", bad); !errors.Is(err, ErrInvalidElement) || !strings.Contains(err.Error(), want) {
			t.Fatalf("bad element at %d: Intersect = %v, want ErrInvalidElement naming %q", bad, err, want)
		}
	}
	// Three good elements first, then the batch with its sixth bad: index 3+5.
	err := runAgainstFake(t, items, nine, func(fw *encoding.FrameWriter, _ net.Conn) {
		fw.WriteFrame(frameElements, batch(-1)[:3*32])
		fw.WriteFrame(frameElements, batch(5)[:6*32])
	})
	if !errors.Is(err, ErrInvalidElement) || !strings.Contains(err.Error(), "element 8:") {
		t.Fatalf("bad element in the second frame: Intersect = %v, want ErrInvalidElement naming element 8", err)
	}
}
