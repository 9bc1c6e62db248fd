package psi

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"runtime"
	"testing"
	"time"

	"github.com/credq/credq/encoding"
	"github.com/credq/credq/psi/internal/kkrt"
)

// otFake is the hand-driven peer of the adversarial tests.
type otFake struct {
	fr  *encoding.FrameReader
	fw  *encoding.FrameWriter
	raw net.Conn
}

// drain reads and drops everything the real party sends from now on, so
// that it never blocks on us.
func (f *otFake) drain() {
	go func() {
		for {
			if _, _, err := f.fr.ReadFrame(); err != nil {
				return
			}
		}
	}()
}

func validBs() []byte {
	var b []byte
	for i := range kkrt.CodeBits {
		b = append(b, validElement(i)...)
	}
	return b
}

// runOTFake runs the real party of role r (with cfg, items) against a fake
// peer that answers the handshake with mutate(valid hello) and then runs
// script.
func runOTFake(t *testing.T, r role, mutate func(*hello), script func(f *otFake)) error {
	t.Helper()
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	peerRole := roleSender
	if r == roleSender {
		peerRole = roleReceiver
	}
	go func() {
		f := &otFake{fr: encoding.NewFrameReader(b, otMaxFrame), fw: encoding.NewFrameWriter(b, 1<<30), raw: b}
		p, err := f.fr.Expect(frameHello)
		if err != nil {
			return
		}
		peer, err := parseHello(p, protoOT)
		if err != nil {
			return
		}
		h := &hello{protocol: protoOT, version: Version, role: peerRole, kind: peer.kind, setSize: 2, maxItems: 100}
		if mutate != nil {
			mutate(h)
		}
		hb, _ := h.marshal()
		if f.fw.WriteFrame(frameHello, hb) != nil {
			return
		}
		if script != nil {
			script(f)
		} else {
			f.drain()
		}
	}()
	cfg := testCfg()
	cfg.MaxItems = 1000
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	items := [][]byte{[]byte("a"), []byte("b")}
	var err error
	if r == roleReceiver {
		rc, _ := NewOTReceiver(cfg)
		_, err = rc.Intersect(ctx, a, items)
	} else {
		sd, _ := NewOTSender(cfg)
		_, err = sd.Intersect(ctx, a, items)
	}
	return err
}

// fakeSenderBase plays the sender's base-OT step and drains the rest.
func (f *otFake) fakeSenderBase(bs []byte) {
	if _, err := f.fr.Expect(frameOTSetup); err != nil {
		return
	}
	if _, err := f.fr.Expect(frameOTBaseA); err != nil {
		return
	}
	f.drain()
	f.fw.WriteFrame(frameOTBaseB, bs)
}

// values returns a well-formed value frame for the 3·2 outputs of a
// two-item sender: HiBits(2, 2) = 0, so one bucket.
func values(lows ...uint64) []byte {
	return kkrt.AppendValues(nil, []uint32{uint32(len(lows))}, lows)
}

func TestOTReceiverRejectsMisbehavingSender(t *testing.T) {
	bs := validBs()
	six := values(1, 2, 3, 4, 5, 6)
	nonCanonical := bytes.Repeat([]byte{0xff}, 32)
	nonCanonical[31] = 0x7f
	cases := []struct {
		name   string
		mutate func(*hello)
		script func(f *otFake)
		want   error
	}{
		{"identity base-OT element", nil, func(f *otFake) {
			f.fakeSenderBase(append(bs[:len(bs)-32:len(bs)-32], make([]byte, 32)...))
		}, ErrInvalidElement},
		{"non-canonical base-OT element", nil, func(f *otFake) {
			f.fakeSenderBase(append(nonCanonical, bs[32:]...))
		}, ErrInvalidElement},
		{"short base-OT frame", nil, func(f *otFake) { f.fakeSenderBase(bs[:len(bs)-1]) }, ErrInvalidElement},
		{"garbage values", nil, func(f *otFake) {
			f.fakeSenderBase(bs)
			f.fw.WriteFrame(frameOTValues, []byte{0x80, 0x00, 1, 2, 3})
		}, encoding.ErrInvalid},
		{"values out of order", nil, func(f *otFake) {
			f.fakeSenderBase(bs)
			f.fw.WriteFrame(frameOTValues, values(1, 2, 3, 5, 4, 6))
		}, encoding.ErrInvalid},
		{"more values than announced", nil, func(f *otFake) {
			f.fakeSenderBase(bs)
			f.fw.WriteFrame(frameOTValues, values(1, 2, 3, 4, 5, 6, 7))
		}, encoding.ErrInvalid},
		{"fewer values than announced", nil, func(f *otFake) {
			f.fakeSenderBase(bs)
			f.fw.WriteFrame(frameOTValues, values(1, 2, 3))
			f.fw.WriteFrame(frameDone, done{tags: 6}.marshal())
		}, ErrCountMismatch},
		{"confirmation lies", nil, func(f *otFake) {
			f.fakeSenderBase(bs)
			f.fw.WriteFrame(frameOTValues, six)
			f.fw.WriteFrame(frameDone, done{tags: 7}.marshal())
		}, ErrCountMismatch},
		{"values after the last bucket", nil, func(f *otFake) {
			f.fakeSenderBase(bs)
			f.fw.WriteFrame(frameOTValues, six)
			f.fw.WriteFrame(frameOTValues, values())
		}, encoding.ErrInvalid},
		{"unexpected frame", nil, func(f *otFake) {
			f.fakeSenderBase(bs)
			f.fw.WriteFrame(frameOTRows, []byte{1})
		}, encoding.ErrUnexpectedFrame},
		{"frame before base OT", nil, func(f *otFake) {
			f.drain()
			f.fw.WriteFrame(frameOTValues, six)
		}, encoding.ErrUnexpectedFrame},
		{"oversize frame", nil, func(f *otFake) {
			f.fakeSenderBase(bs)
			var hdr [5]byte
			hdr[0] = byte(frameOTValues)
			binary.BigEndian.PutUint32(hdr[1:], otMaxFrame+1)
			f.raw.Write(hdr[:])
		}, encoding.ErrFrameTooLarge},
		{"close after base OT", nil, func(f *otFake) {
			f.fakeSenderBase(bs)
			f.raw.Close()
		}, encoding.ErrTruncated},
		{"close before confirmation", nil, func(f *otFake) {
			f.fakeSenderBase(bs)
			f.fw.WriteFrame(frameOTValues, six)
			f.raw.Close()
		}, encoding.ErrTruncated},
		{"early close after hello", nil, func(f *otFake) { f.raw.Close() }, encoding.ErrTruncated},
		{"wrong version", func(h *hello) { h.version = 2 }, nil, ErrVersionMismatch},
		{"wrong protocol", func(h *hello) { h.protocol = protoECDH }, nil, ErrProtocolMismatch},
		{"same role", func(h *hello) { h.role = roleReceiver }, nil, ErrRoleMismatch},
		{"identifier kind", func(h *hello) { h.kind = "cnid:v2" }, nil, ErrIdentifierKindMismatch},
		{"both learn", func(h *hello) { h.flags = flagBothLearn }, nil, ErrModeMismatch},
		{"set size over cap", func(h *hello) { h.setSize = 1 << 40 }, nil, ErrCountExceedsCap},
	}
	base := runtime.NumGoroutine()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := runOTFake(t, roleReceiver, tc.mutate, tc.script)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Intersect = %v, want %v", err, tc.want)
			}
		})
	}
	waitGoroutines(t, base)
}

// fakeReceiverBase plays the receiver's setup frame and base-OT step, and
// drains the rest.
func (f *otFake) fakeReceiverBase(seed, a []byte) {
	f.fw.WriteFrame(frameOTSetup, seed)
	f.fw.WriteFrame(frameOTBaseA, a)
	f.drain()
}

func TestOTSenderRejectsMisbehavingReceiver(t *testing.T) {
	a := validElement(1)
	seed := make([]byte, kkrt.SeedSize)
	rows := make([]byte, kkrt.Bins(2)*kkrt.RowBytes)
	cases := []struct {
		name   string
		mutate func(*hello)
		script func(f *otFake)
		want   error
	}{
		{"identity base-OT element", nil, func(f *otFake) { f.fakeReceiverBase(seed, make([]byte, 32)) }, ErrInvalidElement},
		{"short base-OT element", nil, func(f *otFake) { f.fakeReceiverBase(seed, a[:31]) }, ErrInvalidElement},
		{"long setup", nil, func(f *otFake) { f.fakeReceiverBase(append(seed, 0), a) }, encoding.ErrInvalid},
		{"short setup", nil, func(f *otFake) { f.fakeReceiverBase(seed[1:], a) }, encoding.ErrInvalid},
		{"base OT before setup", nil, func(f *otFake) {
			f.drain()
			f.fw.WriteFrame(frameOTBaseA, a)
		}, encoding.ErrUnexpectedFrame},
		{"short rows", nil, func(f *otFake) {
			f.fakeReceiverBase(seed, a)
			f.fw.WriteFrame(frameOTRows, rows[1:])
		}, encoding.ErrInvalid},
		{"more rows than bins", nil, func(f *otFake) {
			f.fakeReceiverBase(seed, a)
			f.fw.WriteFrame(frameOTRows, rows)
			f.fw.WriteFrame(frameOTRows, rows)
		}, ErrCountMismatch},
		{"confirmation lies", nil, func(f *otFake) {
			f.fakeReceiverBase(seed, a)
			f.fw.WriteFrame(frameOTRows, rows)
			f.fw.WriteFrame(frameDone, done{elements: 65}.marshal())
		}, ErrCountMismatch},
		{"confirmation before rows", nil, func(f *otFake) {
			f.fakeReceiverBase(seed, a)
			f.fw.WriteFrame(frameDone, done{elements: 64}.marshal())
		}, encoding.ErrUnexpectedFrame},
		{"garbage frame", nil, func(f *otFake) {
			f.fakeReceiverBase(seed, a)
			f.fw.WriteFrame(frameOTValues, []byte("garbage"))
		}, encoding.ErrUnexpectedFrame},
		{"close mid-rows", nil, func(f *otFake) {
			f.fakeReceiverBase(seed, a)
			f.raw.Write([]byte{byte(frameOTRows), 0, 0, 0x0d, 0xc0, 1, 2, 3})
			f.raw.Close()
		}, encoding.ErrTruncated},
		{"oversize frame", nil, func(f *otFake) {
			f.fakeReceiverBase(seed, a)
			var hdr [5]byte
			hdr[0] = byte(frameOTRows)
			binary.BigEndian.PutUint32(hdr[1:], otMaxFrame+1)
			f.raw.Write(hdr[:])
		}, encoding.ErrFrameTooLarge},
		{"early close after hello", nil, func(f *otFake) { f.raw.Close() }, encoding.ErrTruncated},
		{"wrong version", func(h *hello) { h.version = 2 }, nil, ErrVersionMismatch},
		{"set size over cap", func(h *hello) { h.setSize = 1 << 40 }, nil, ErrCountExceedsCap},
		// Not a rejection: any seed is legal, and a receiver whose rows are
		// all zero still gets a complete, confirmed session.
		{"any seed accepted", nil, func(f *otFake) {
			f.fakeReceiverBase(bytes.Repeat([]byte{0xff}, kkrt.SeedSize), a)
			f.fw.WriteFrame(frameOTRows, rows)
			f.fw.WriteFrame(frameDone, done{elements: 64}.marshal())
		}, nil},
	}
	base := runtime.NumGoroutine()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := runOTFake(t, roleSender, tc.mutate, tc.script)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Intersect = %v, want %v", err, tc.want)
			}
		})
	}
	waitGoroutines(t, base)
}

func TestOTCancelStopsStalledSession(t *testing.T) {
	base := runtime.NumGoroutine()
	for _, r := range []role{roleReceiver, roleSender} {
		a, b := net.Pipe()
		go io.Copy(io.Discard, b) // the peer never answers
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(50*time.Millisecond, cancel)
		var err error
		if r == roleReceiver {
			rc, _ := NewOTReceiver(testCfg())
			_, err = rc.Intersect(ctx, a, [][]byte{[]byte("x")})
		} else {
			sd, _ := NewOTSender(testCfg())
			_, err = sd.Intersect(ctx, a, [][]byte{[]byte("x")})
		}
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("role %d: Intersect = %v, want context.Canceled", r, err)
		}
		a.Close()
		b.Close()
	}
	waitGoroutines(t, base)
}

func TestOTConfigRejectsBothLearn(t *testing.T) {
	if _, err := NewOTReceiver(Config{IdentifierKind: "k", BothLearn: true}); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("NewOTReceiver with BothLearn = %v, want ErrInvalidConfig", err)
	}
	if _, err := NewOTSender(Config{}); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("NewOTSender without IdentifierKind = %v, want ErrInvalidConfig", err)
	}
}

func TestOTIntersectRejectsTooManyItems(t *testing.T) {
	r, _ := NewOTReceiver(Config{IdentifierKind: "k", MaxItems: 1})
	if _, err := r.Intersect(context.Background(), nil, [][]byte{{1}, {2}}); !errors.Is(err, ErrTooManyItems) {
		t.Fatalf("Intersect = %v, want ErrTooManyItems", err)
	}
}
