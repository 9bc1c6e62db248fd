package consent

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/cloudflare/circl/sign/mldsa/mldsa65"
)

// Algorithm is an issuer signature algorithm. It is a property of the issuer
// key — fixed when the key is generated and recorded in the verifier's
// [KeySet] — and is never read from a token, so a token cannot choose how it
// is verified.
type Algorithm uint8

const (
	// AlgEd25519 is Ed25519 (RFC 8032), the default: 64-byte signatures.
	AlgEd25519 Algorithm = iota
	// AlgMLDSA65 is ML-DSA-65 (FIPS 204), post-quantum: 3309-byte signatures.
	AlgMLDSA65
	// AlgHybrid is Ed25519 and ML-DSA-65 over the same message; both must
	// verify. Signatures are the Ed25519 signature followed by the ML-DSA-65
	// one (3373 bytes).
	AlgHybrid
)

// Sizes of keys and signatures, in bytes.
const (
	ed25519SigSize = ed25519.SignatureSize
	mldsaSigSize   = mldsa65.SignatureSize
	hybridSigSize  = ed25519SigSize + mldsaSigSize
	maxSigSize     = hybridSigSize
)

// String returns "Ed25519", "ML-DSA-65" or "Ed25519+ML-DSA-65".
func (a Algorithm) String() string {
	switch a {
	case AlgEd25519:
		return "Ed25519"
	case AlgMLDSA65:
		return "ML-DSA-65"
	case AlgHybrid:
		return "Ed25519+ML-DSA-65"
	}
	return fmt.Sprintf("invalid algorithm %d", uint8(a))
}

func (a Algorithm) valid() bool { return a <= AlgHybrid }

func (a Algorithm) sigSize() int {
	switch a {
	case AlgEd25519:
		return ed25519SigSize
	case AlgMLDSA65:
		return mldsaSigSize
	}
	return hybridSigSize
}

// KeyID names an issuer key in grants and key sets: the first 8 bytes of
// SHA-256(labelKeyID || 0x00 || algorithm || public key bytes). It commits to
// the algorithm, so the Ed25519 half of a hybrid key has a different ID than
// the same Ed25519 key used alone.
type KeyID [8]byte

// String returns the key ID in lowercase hex.
func (id KeyID) String() string { return hex.EncodeToString(id[:]) }

func keyIDOf(alg Algorithm, pub []byte) KeyID {
	h := sha256.New()
	h.Write([]byte(labelKeyID))
	h.Write([]byte{0, byte(alg)})
	h.Write(pub)
	var id KeyID
	copy(id[:], h.Sum(nil))
	return id
}

// PublicKey is an issuer's public key: an algorithm, the key material and
// the derived [KeyID].
type PublicKey struct {
	alg Algorithm
	id  KeyID
	ed  ed25519.PublicKey  // AlgEd25519, AlgHybrid
	ml  *mldsa65.PublicKey // AlgMLDSA65, AlgHybrid
	raw []byte             // Bytes()
}

// ParsePublicKey decodes an issuer public key of algorithm alg from the
// output of [PublicKey.Bytes]: 32 bytes for Ed25519, 1952 for ML-DSA-65, and
// the Ed25519 key followed by the ML-DSA-65 key for the hybrid.
func ParsePublicKey(alg Algorithm, b []byte) (*PublicKey, error) {
	k := &PublicKey{alg: alg, raw: append([]byte(nil), b...)}
	switch alg {
	case AlgEd25519:
		if len(b) != ed25519.PublicKeySize {
			return nil, invalid("Ed25519 public key must be 32 bytes")
		}
		k.ed = ed25519.PublicKey(k.raw)
	case AlgMLDSA65:
		if len(b) != mldsa65.PublicKeySize {
			return nil, invalid("ML-DSA-65 public key has the wrong length")
		}
		k.ml = new(mldsa65.PublicKey)
		if err := k.ml.UnmarshalBinary(k.raw); err != nil {
			return nil, invalid("ML-DSA-65 public key does not decode")
		}
	case AlgHybrid:
		if len(b) != ed25519.PublicKeySize+mldsa65.PublicKeySize {
			return nil, invalid("hybrid public key has the wrong length")
		}
		k.ed = ed25519.PublicKey(k.raw[:ed25519.PublicKeySize])
		k.ml = new(mldsa65.PublicKey)
		if err := k.ml.UnmarshalBinary(k.raw[ed25519.PublicKeySize:]); err != nil {
			return nil, invalid("ML-DSA-65 public key does not decode")
		}
	default:
		return nil, invalid("unknown algorithm")
	}
	k.id = keyIDOf(alg, k.raw)
	return k, nil
}

// Algorithm returns the key's signature algorithm.
func (k *PublicKey) Algorithm() Algorithm { return k.alg }

// KeyID returns the key's ID.
func (k *PublicKey) KeyID() KeyID { return k.id }

// Bytes returns a copy of the encoded public key (see [ParsePublicKey]).
func (k *PublicKey) Bytes() []byte { return append([]byte(nil), k.raw...) }

// verifyGrant checks sig over labelGrant || 0x00 || body (Ed25519) or body
// with context labelGrant (ML-DSA-65) with the key's algorithm.
// sig must already have the algorithm's exact length.
func (k *PublicKey) verifyGrant(body, sig []byte) bool {
	if len(sig) != k.alg.sigSize() {
		return false
	}
	switch k.alg {
	case AlgEd25519:
		return verifyEd25519(k.ed, labelGrant, body, sig)
	case AlgMLDSA65:
		return mldsa65.Verify(k.ml, body, []byte(labelGrant), sig)
	case AlgHybrid:
		// Both halves must verify; no short-circuit on which fails first
		// matters here since the inputs are public.
		okEd := verifyEd25519(k.ed, labelGrant, body, sig[:ed25519SigSize])
		okML := mldsa65.Verify(k.ml, body, []byte(labelGrant), sig[ed25519SigSize:])
		return okEd && okML
	}
	return false
}

// verifyEd25519 verifies an Ed25519 signature over label || 0x00 || msg. The
// concatenation is built in a stack buffer so that the common case does not
// allocate.
func verifyEd25519(pub ed25519.PublicKey, label string, msg, sig []byte) bool {
	var buf [512]byte
	m := append(buf[:0], label...)
	m = append(m, 0)
	m = append(m, msg...)
	return ed25519.Verify(pub, m, sig)
}

func signEd25519(priv ed25519.PrivateKey, label string, msg []byte) []byte {
	m := make([]byte, 0, len(label)+1+len(msg))
	m = append(append(append(m, label...), 0), msg...)
	return ed25519.Sign(priv, m)
}

// Issuer signs grants. It is the borrower's device key or a consent service
// that authenticated the borrower and signs on the borrower's behalf. Its
// public key goes into every verifier's [KeySet].
type Issuer struct {
	pub  *PublicKey
	ed   ed25519.PrivateKey
	ml   *mldsa65.PrivateKey
	seed []byte
}

// GenerateIssuer returns an issuer with a fresh random key for alg.
func GenerateIssuer(alg Algorithm) (*Issuer, error) {
	if !alg.valid() {
		return nil, invalid("unknown algorithm")
	}
	seed := make([]byte, issuerSeedSize(alg))
	if _, err := rand.Read(seed); err != nil {
		return nil, fmt.Errorf("consent: reading randomness: %w", err)
	}
	return IssuerFromSeed(alg, seed)
}

func issuerSeedSize(alg Algorithm) int {
	if alg == AlgHybrid {
		return ed25519.SeedSize + mldsa65.SeedSize
	}
	return 32 // ed25519.SeedSize == mldsa65.SeedSize
}

// IssuerFromSeed rebuilds an issuer from the seed returned by
// [Issuer.Seed]: 32 bytes for Ed25519 or ML-DSA-65, 64 (Ed25519 seed then
// ML-DSA-65 seed) for the hybrid. The seed is the issuer's secret; store it
// sealed.
func IssuerFromSeed(alg Algorithm, seed []byte) (*Issuer, error) {
	if !alg.valid() {
		return nil, invalid("unknown algorithm")
	}
	if len(seed) != issuerSeedSize(alg) {
		return nil, invalid("issuer seed has the wrong length")
	}
	is := &Issuer{seed: append([]byte(nil), seed...)}
	var pub []byte
	if alg == AlgEd25519 || alg == AlgHybrid {
		is.ed = ed25519.NewKeyFromSeed(seed[:ed25519.SeedSize])
		pub = append(pub, is.ed.Public().(ed25519.PublicKey)...)
	}
	if alg == AlgMLDSA65 || alg == AlgHybrid {
		var s [mldsa65.SeedSize]byte
		copy(s[:], seed[len(seed)-mldsa65.SeedSize:])
		mlPub, mlPriv := mldsa65.NewKeyFromSeed(&s)
		is.ml = mlPriv
		pub = append(pub, mlPub.Bytes()...)
	}
	k, err := ParsePublicKey(alg, pub)
	if err != nil {
		return nil, err
	}
	is.pub = k
	return is, nil
}

// Seed returns a copy of the issuer's secret seed.
func (is *Issuer) Seed() []byte { return append([]byte(nil), is.seed...) }

// PublicKey returns the issuer's public key.
func (is *Issuer) PublicKey() *PublicKey { return is.pub }

// KeyID returns the ID of the issuer's key.
func (is *Issuer) KeyID() KeyID { return is.pub.id }

// String never prints key material.
func (is *Issuer) String() string {
	return "consent.Issuer(" + is.pub.alg.String() + ", " + is.pub.id.String() + ")"
}

// signGrant signs body as verifyGrant checks it. ML-DSA-65 signing is hedged
// (randomized), as FIPS 204 recommends.
func (is *Issuer) signGrant(body []byte) ([]byte, error) {
	var sig []byte
	if is.ed != nil {
		sig = append(sig, signEd25519(is.ed, labelGrant, body)...)
	}
	if is.ml != nil {
		mlSig := make([]byte, mldsaSigSize)
		if err := mldsa65.SignTo(is.ml, body, []byte(labelGrant), true, mlSig); err != nil {
			return nil, fmt.Errorf("consent: signing: %w", err)
		}
		sig = append(sig, mlSig...)
	}
	return sig, nil
}
