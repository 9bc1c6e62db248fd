package psi

import (
	"crypto/sha256"
	"errors"
	"fmt"

	"github.com/credq/credq/encoding"
	"github.com/credq/credq/psi/internal/kkrt"
)

// Frame types of OT-extension PSI (hello and done as for ECDH-PSI).
//
//	receiver                                  sender
//	hello                  ──────────▶ ◀────  hello
//	otSetup: seed [16]     ──────────▶        (cuckoo hash seed)
//	otBaseA: A [32]        ──────────▶
//	                       ◀──────────        otBaseB: 440 × B_i [32]
//	otRows × ⌈m/8192⌉      ──────────▶        (rows of batch b: bins × 55 bytes)
//	done{elements: m}      ──────────▶
//	                       ◀──────────        otValues × k (sorted compact outputs)
//	                       ◀──────────        done{tags: 3·n2}
const (
	frameOTBaseA  encoding.FrameType = 8
	frameOTBaseB  encoding.FrameType = 9
	frameOTSetup  encoding.FrameType = 10
	frameOTRows   encoding.FrameType = 11
	frameOTValues encoding.FrameType = 12
)

// otMaxFrame bounds every frame of the protocol: a batch of rows is
// 8192 × 55 bytes, a value frame at most 65536 × (3 + 8) bytes.
const otMaxFrame = 1 << 20

const labelOTCode = "credq-psi-v1 ot code"

// otCodeKey derives the public key of the pseudorandom code from the
// transcript, so codewords differ between sessions.
func otCodeKey(th [32]byte) [16]byte {
	h := sha256.Sum256(append([]byte(labelOTCode), th[:]...))
	var k [16]byte
	copy(k[:], h[:16])
	return k
}

// otErr classifies an error of the mechanism.
func otErr(what string, err error) error {
	switch {
	case errors.Is(err, kkrt.ErrBadPoint):
		return fmt.Errorf("%w: %s", ErrInvalidElement, what)
	case errors.Is(err, kkrt.ErrValues):
		return fmt.Errorf("psi: %w", &encoding.ParseError{What: what, Err: encoding.ErrInvalid})
	}
	return fmt.Errorf("psi: %s: %w", what, err)
}

// frameLen checks that a frame has exactly the size the protocol fixes.
func frameLen(p []byte, want int, what string) error {
	if len(p) != want {
		return fmt.Errorf("psi: %w", &encoding.ParseError{What: what, Offset: min(len(p), want), Err: encoding.ErrInvalid})
	}
	return nil
}
