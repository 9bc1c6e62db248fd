package psi

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"strings"
	"time"

	"github.com/credq/credq/encoding"
)

// Frame types of the ECDH-PSI and cardinality protocols.
const (
	frameHello    encoding.FrameType = 1 // handshake, first frame of each party
	frameElements encoding.FrameType = 2 // a batch of masked own items (32 bytes each)
	frameTags     encoding.FrameType = 3 // a batch of truncated hashes of doubly masked items
	frameDone     encoding.FrameType = 4 // confirmation: counts of everything sent
)

// protocolID values carried in the handshake.
type protocolID uint8

const (
	protoECDH        protocolID = 1
	protoCardinality protocolID = 2
	protoOPRF        protocolID = 3
	protoOT          protocolID = 4 // OT-extension PSI, frames 8–12 (ot_messages.go)
)

// Version is the wire version of the protocols in this package.
const Version = 1

type role uint8

const (
	roleReceiver role = 1
	roleSender   role = 2
)

const (
	flagBothLearn  = 1
	flagVerifiable = 2
)

// helloFixed is the encoded size of a hello without its identifier kind.
const helloFixed = 1 + 2 + 1 + 1 + 1 + 1 + 8 + 8 + 32

// maxHelloSize bounds the handshake frame.
const maxHelloSize = helloFixed + MaxIdentifierKind

// hello is the handshake message. Wire layout (big-endian, encoding package):
//
//	protocol u8 | version u16 | role u8 | flags u8 | tagSize u8 |
//	kind String8 (≤ 64) | setSize u64 | maxItems u64 | random [32]
//
// protocol and version come first so a future layout is rejected by version
// before the rest is parsed.
type hello struct {
	protocol protocolID
	version  uint16
	role     role
	flags    uint8
	tagSize  uint8
	kind     string
	setSize  uint64
	maxItems uint64
	random   [32]byte
}

func (h *hello) marshal() ([]byte, error) {
	e := encoding.NewEncoder(make([]byte, 0, helloFixed+len(h.kind)))
	e.Uint8(uint8(h.protocol))
	e.Uint16(h.version)
	e.Uint8(uint8(h.role))
	e.Uint8(h.flags)
	e.Uint8(h.tagSize)
	e.String8(h.kind, MaxIdentifierKind)
	e.Uint64(h.setSize)
	e.Uint64(h.maxItems)
	e.Fixed(h.random[:], 32)
	return e.Bytes()
}

// parseHello decodes a hello. It rejects a wrong protocol or version before
// reading further, and any structural defect with an *encoding.ParseError.
func parseHello(b []byte, want protocolID) (*hello, error) {
	if len(b) > maxHelloSize {
		return nil, fmt.Errorf("psi: handshake: %w", &encoding.ParseError{What: "hello", Offset: 0, Err: encoding.ErrTooLarge})
	}
	var d encoding.Decoder
	d.Reset(b)
	h := &hello{}
	h.protocol = protocolID(d.Uint8("hello.protocol"))
	h.version = d.Uint16("hello.version")
	if err := d.Err(); err != nil {
		return nil, fmt.Errorf("psi: handshake: %w", err)
	}
	if h.protocol != want {
		return nil, fmt.Errorf("%w (peer protocol %d, want %d)", ErrProtocolMismatch, h.protocol, want)
	}
	if h.version != Version {
		return nil, fmt.Errorf("%w (peer version %d, want %d)", ErrVersionMismatch, h.version, Version)
	}
	h.role = role(d.Uint8("hello.role"))
	h.flags = d.Uint8("hello.flags")
	h.tagSize = d.Uint8("hello.tagSize")
	h.kind = d.String8("hello.kind", MaxIdentifierKind)
	h.setSize = d.Uint64("hello.setSize")
	h.maxItems = d.Uint64("hello.maxItems")
	copy(h.random[:], d.Fixed("hello.random", 32))
	if d.Err() == nil && h.role != roleReceiver && h.role != roleSender {
		d.Fail("hello.role", encoding.ErrInvalid)
	}
	if d.Err() == nil && h.flags&^(flagBothLearn|flagVerifiable) != 0 {
		d.Fail("hello.flags", encoding.ErrInvalid)
	}
	if err := d.Finish(); err != nil {
		return nil, fmt.Errorf("psi: handshake: %w", err)
	}
	return h, nil
}

// checkPeer applies the agreement rules of the handshake: complementary
// roles, the same identifier kind and options, and set sizes within both
// parties' caps (checked before anything is allocated for the peer's set).
func checkPeer(mine, peer *hello) error {
	switch {
	case peer.role == mine.role:
		return ErrRoleMismatch
	case peer.kind != mine.kind:
		// The kinds are configuration, not personal data, and naming them
		// is what lets an operator fix the mismatch.
		return fmt.Errorf("%w (peer %q, ours %q)", ErrIdentifierKindMismatch, peer.kind, mine.kind)
	case peer.flags != mine.flags:
		return fmt.Errorf("%w: %s", ErrModeMismatch, flagMismatch(peer.flags, mine.flags))
	case peer.tagSize != mine.tagSize:
		return fmt.Errorf("%w: tag size %d vs %d", ErrModeMismatch, peer.tagSize, mine.tagSize)
	case peer.setSize > mine.maxItems:
		return fmt.Errorf("%w: peer announces %d items (cap %d)", ErrCountExceedsCap, peer.setSize, mine.maxItems)
	case mine.setSize > peer.maxItems:
		return fmt.Errorf("%w: peer accepts at most %d items, we have %d", ErrCountExceedsCap, peer.maxItems, mine.setSize)
	}
	return nil
}

// flagMismatch names the options behind the flags that differ between two
// hellos (parseHello has rejected unknown flags).
func flagMismatch(peer, mine uint8) string {
	var s []string
	if (peer^mine)&flagBothLearn != 0 {
		s = append(s, fmt.Sprintf("who learns the result (BothLearn: peer %t, ours %t)",
			peer&flagBothLearn != 0, mine&flagBothLearn != 0))
	}
	if (peer^mine)&flagVerifiable != 0 {
		mode := func(f uint8) string {
			if f&flagVerifiable != 0 {
				return "verifiable"
			}
			return "base"
		}
		s = append(s, fmt.Sprintf("OPRF mode (peer %s, ours %s)", mode(peer), mode(mine)))
	}
	return strings.Join(s, "; ")
}

// Domain-separation labels.
const (
	labelTranscript = "credq-psi-v1 transcript"
	labelH2G        = "credq-psi-v1-ristretto255_XMD:SHA-512_R255MAP_RO_-"
	labelTag        = "credq-psi-v1 tag"
)

// transcriptHash binds both hellos, receiver's first: each party's fresh
// randomness, the identifier kind, options and sizes.
func transcriptHash(recvHello, sendHello []byte) [32]byte {
	h := sha256.New()
	h.Write([]byte(labelTranscript))
	var l [4]byte
	binary.BigEndian.PutUint32(l[:], uint32(len(recvHello)))
	h.Write(l[:])
	h.Write(recvHello)
	binary.BigEndian.PutUint32(l[:], uint32(len(sendHello)))
	h.Write(l[:])
	h.Write(sendHello)
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// sessionDST is the hash-to-group domain-separation tag of a session: a fixed
// label and the transcript hash, so that group elements from one session are
// useless in any other.
func sessionDST(th [32]byte) []byte {
	return append([]byte(labelH2G), th[:]...)
}

// Frame types of the online OPRF protocol (hello and done as above).
const (
	frameQuery encoding.FrameType = 5 // client → server: blinded elements
	frameEval  encoding.FrameType = 6 // server → client: evaluated elements [+ DLEQ proof]
	frameKey   encoding.FrameType = 7 // server → client: key ID [16] || pkS [32]
)

// helloGrace bounds how long a party that rejects its peer's hello waits for
// its own hello to be written before tearing the connection down.
const helloGrace = 5 * time.Second

// readHello reads the peer's hello from fr and checks it against ours
// (parseHello, checkPeer), returning it with its encoding for the
// transcript. On a rejection it first waits for our own hello to be
// written (awaitHello; sent closes once it is).
func readHello(ctx context.Context, fr *encoding.FrameReader, mine *hello, sent <-chan struct{}) (peer *hello, raw []byte, err error) {
	raw, err = fr.Expect(frameHello)
	if err != nil {
		return nil, nil, readErr(ctx, err, "handshake")
	}
	peer, err = parseHello(raw, mine.protocol)
	if err == nil {
		err = checkPeer(mine, peer)
	}
	if err != nil {
		awaitHello(ctx, sent)
		return nil, nil, err
	}
	return peer, raw, nil
}

// awaitHello gives our hello frame a bounded chance to reach the peer before
// a handshake rejection cancels the session. Cancellation sets a past
// deadline on the connection; if that interrupted our hello mid-write, the
// peer would see a truncated stream (over TLS, a broken record) instead of
// running the same symmetric checks on our hello and reporting the real
// reason — a version, protocol or identifier-kind mismatch.
func awaitHello(ctx context.Context, sent <-chan struct{}) {
	t := time.NewTimer(helloGrace)
	defer t.Stop()
	select {
	case <-sent:
	case <-ctx.Done():
	case <-t.C:
	}
}
