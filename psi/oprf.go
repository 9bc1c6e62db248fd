package psi

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"

	"filippo.io/edwards25519"

	"github.com/credq/credq/psi/internal/r255"
)

// OPRFMode selects the RFC 9497 protocol variant of the unbalanced PSI.
type OPRFMode uint8

const (
	// OPRFBase is the RFC 9497 OPRF mode (mode 0x00): the client cannot check
	// that the server used the key the encoded set was built with, but a
	// wrong key only makes items miss.
	OPRFBase OPRFMode = 0
	// OPRFVerifiable is the RFC 9497 VOPRF mode (mode 0x01): every evaluation
	// batch carries a DLEQ proof against the server's public key, so a server
	// cannot evaluate a client's items under a different key to tell them
	// apart. Slower (circl's implementation, plus the proof).
	OPRFVerifiable OPRFMode = 1
)

// suiteIdentifier is the RFC 9497 §4.1 ciphersuite used throughout.
const suiteIdentifier = "ristretto255-SHA512"

// contextString is RFC 9497 §3.1: "OPRFV1-" || I2OSP(mode, 1) || "-" || identifier.
func contextString(mode OPRFMode) []byte {
	return append(append([]byte("OPRFV1-"), byte(mode), '-'), suiteIdentifier...)
}

// hashToGroupDST is the DST of HashToGroup in RFC 9497 §4.1 for ristretto255.
func hashToGroupDST(mode OPRFMode) []byte {
	return append([]byte("HashToGroup-"), contextString(mode)...)
}

// ErrBadKey means an OPRF key encoding is invalid.
var ErrBadKey = errors.New("psi: invalid OPRF key")

// An OPRFKey is the server's secret scalar skS of RFC 9497. Keep it secret:
// anyone holding it can test arbitrary identifiers against the encoded set.
// String never prints the secret.
type OPRFKey struct {
	s    *edwards25519.Scalar
	mode OPRFMode
	id   [16]byte
	pub  []byte
}

// GenerateOPRFKey returns a fresh random key for mode.
func GenerateOPRFKey(mode OPRFMode) (*OPRFKey, error) {
	if mode != OPRFBase && mode != OPRFVerifiable {
		return nil, fmt.Errorf("%w: unknown mode", ErrBadKey)
	}
	return newOPRFKey(randomScalar(), mode)
}

func newOPRFKey(s *edwards25519.Scalar, mode OPRFMode) (*OPRFKey, error) {
	if s.Equal(edwards25519.NewScalar()) == 1 {
		return nil, fmt.Errorf("%w: zero scalar", ErrBadKey)
	}
	k := &OPRFKey{s: s, mode: mode}
	k.pub = new(r255.Element).ScalarBaseMult(s).Encode(nil)
	k.id = keyID(mode, k.pub)
	return k, nil
}

// keyID names a key without revealing it: a hash of the mode and public key.
func keyID(mode OPRFMode, pub []byte) [16]byte {
	h := sha256.New()
	h.Write([]byte("credq-psi-v1 oprf key id"))
	h.Write([]byte{byte(mode)})
	h.Write(pub)
	var id [16]byte
	copy(id[:], h.Sum(nil))
	return id
}

// MarshalBinary encodes the key as mode (1 byte) || skS (32 bytes, RFC 9497
// SerializeScalar). Store it like any secret key.
func (k *OPRFKey) MarshalBinary() ([]byte, error) {
	return append([]byte{byte(k.mode)}, k.s.Bytes()...), nil
}

// ParseOPRFKey decodes a key written by MarshalBinary, rejecting
// non-canonical and zero scalars.
func ParseOPRFKey(b []byte) (*OPRFKey, error) {
	if len(b) != 33 || (b[0] != byte(OPRFBase) && b[0] != byte(OPRFVerifiable)) {
		return nil, ErrBadKey
	}
	s, err := edwards25519.NewScalar().SetCanonicalBytes(b[1:])
	if err != nil {
		return nil, ErrBadKey
	}
	return newOPRFKey(s, OPRFMode(b[0]))
}

// Mode is the RFC 9497 mode the key is used in.
func (k *OPRFKey) Mode() OPRFMode { return k.mode }

// PublicKey returns pkS = skS·G (RFC 9497 §3.2), encoded.
func (k *OPRFKey) PublicKey() []byte { return append([]byte(nil), k.pub...) }

// ID returns the key identifier carried in encoded sets and the online
// handshake.
func (k *OPRFKey) ID() [16]byte { return k.id }

// String describes the key by its identifier only.
func (k *OPRFKey) String() string {
	return "psi.OPRFKey{mode:" + fmt.Sprint(k.mode) + " id:" + hex.EncodeToString(k.id[:]) + "}"
}

// oprfFinalize is RFC 9497 §3.3.1 Finalize's hash: SHA-512(I2OSP(len(input),
// 2) || input || I2OSP(len(element), 2) || element || "Finalize").
func oprfFinalize(dst *[64]byte, input, unblinded []byte) {
	h := sha512.New()
	var l [2]byte
	binary.BigEndian.PutUint16(l[:], uint16(len(input)))
	h.Write(l[:])
	h.Write(input)
	binary.BigEndian.PutUint16(l[:], uint16(len(unblinded)))
	h.Write(l[:])
	h.Write(unblinded)
	h.Write([]byte("Finalize"))
	h.Sum(dst[:0])
}

// MaxOPRFInput is the longest item the OPRF accepts (RFC 9497 inputs are
// length-prefixed with two bytes).
const MaxOPRFInput = 1<<16 - 1
