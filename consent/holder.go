package consent

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"time"

	"github.com/credq/credq/encoding"
)

// HolderKey is the Ed25519 key pair of a grantee or delegate. Its public half
// ([HolderKey.Public]) is the confirmation key a grant or delegation block
// binds; the private half signs presentations and delegations, so a stolen
// token is useless without it.
type HolderKey struct {
	priv ed25519.PrivateKey
	pub  ConfirmationKey
}

// GenerateHolderKey returns a fresh random holder key.
func GenerateHolderKey() (*HolderKey, error) {
	seed := make([]byte, ed25519.SeedSize)
	if _, err := rand.Read(seed); err != nil {
		return nil, fmt.Errorf("consent: reading randomness: %w", err)
	}
	return HolderKeyFromSeed(seed)
}

// HolderKeyFromSeed rebuilds a holder key from the 32-byte secret seed
// returned by [HolderKey.Seed].
func HolderKeyFromSeed(seed []byte) (*HolderKey, error) {
	if len(seed) != ed25519.SeedSize {
		return nil, invalid("holder seed must be 32 bytes")
	}
	h := &HolderKey{priv: ed25519.NewKeyFromSeed(seed)}
	copy(h.pub[:], h.priv.Public().(ed25519.PublicKey))
	return h, nil
}

// Seed returns a copy of the secret seed; store it sealed.
func (h *HolderKey) Seed() []byte { return append([]byte(nil), h.priv.Seed()...) }

// Public returns the confirmation key to put into a [Grant] or [Delegation].
func (h *HolderKey) Public() ConfirmationKey { return h.pub }

// String never prints key material.
func (h *HolderKey) String() string { return "consent.HolderKey(redacted)" }

// Query is what a holder asks the data holder for, and what the data holder
// checks the grant against: a purpose, the classes requested, and an opaque
// body (the request the data holder will answer, e.g. its canonical JSON or
// binary form). The presentation signs a hash of all three, so a
// presentation made for one query cannot be attached to another.
type Query struct {
	Purpose Purpose
	Scope   Scope
	Body    []byte
}

// Hash returns SHA-256(labelQuery || 0x00 || purpose || scope || body).
func (q *Query) Hash() [32]byte {
	h := sha256.New()
	var hdr [len(labelQuery) + 3]byte
	copy(hdr[:], labelQuery)
	hdr[len(labelQuery)+1] = byte(q.Purpose)
	hdr[len(labelQuery)+2] = byte(q.Scope)
	h.Write(hdr[:])
	h.Write(q.Body)
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// Present signs a presentation of t for q with the current time and a fresh
// random nonce. h must be the token's current holder (the grantee, or the
// last delegate). The result is the binary presentation to send with the
// query; [ArmorPresentation] gives a text form.
func (h *HolderKey) Present(t *Token, q Query) ([]byte, error) {
	return h.PresentAt(t, q, time.Now())
}

// PresentAt is [HolderKey.Present] with the presentation timestamp given,
// for holders that keep their own trusted clock (and tests). The nonce is
// still random.
func (h *HolderKey) PresentAt(t *Token, q Query, now time.Time) ([]byte, error) {
	var nonce [nonceSize]byte
	if _, err := rand.Read(nonce[:]); err != nil {
		return nil, fmt.Errorf("consent: reading randomness: %w", err)
	}
	return h.present(t, q, now, nonce)
}

func (h *HolderKey) present(t *Token, q Query, now time.Time, nonce [nonceSize]byte) ([]byte, error) {
	if ConfirmationKey(t.tipCnf()) != h.pub {
		return nil, invalid("the key does not hold this token")
	}
	return signPresentation(h.priv, t, q, now, nonce)
}

// signPresentation builds and signs a presentation without checking that
// priv holds t; tests use it directly to present a stolen token.
func signPresentation(priv ed25519.PrivateKey, t *Token, q Query, now time.Time, nonce [nonceSize]byte) ([]byte, error) {
	ts := now.Unix()
	if ts < 0 || ts > encoding.MaxTime {
		return nil, invalid("timestamp out of range")
	}
	e := encoding.NewEncoder(make([]byte, 0, 1+2+len(t.raw)+nonceSize+10+ed25519SigSize))
	e.Uint8(presentationVersion)
	e.Bytes16(t.raw, MaxTokenSize)
	e.Fixed(nonce[:], nonceSize)
	e.Uvarint(uint64(ts))
	unsigned, err := e.Bytes()
	if err != nil {
		return nil, malformed(err)
	}
	qh := q.Hash()
	msg := presentationMessage(nil, t.v.root.audience, &qh, unsigned)
	return append(unsigned, ed25519.Sign(priv, msg)...), nil
}

// presentationMessage is what the presentation signature covers: the
// audience (length-prefixed) and the query hash, which travel out of band,
// then every byte of the presentation before the signature (version, token,
// nonce, timestamp).
func presentationMessage(buf []byte, audience []byte, queryHash *[32]byte, unsigned []byte) []byte {
	buf = append(buf, labelPresentation...)
	buf = append(buf, 0, byte(len(audience)))
	buf = append(buf, audience...)
	buf = append(buf, queryHash[:]...)
	return append(buf, unsigned...)
}

// ArmorPresentation returns the text form of a binary presentation:
// [PresentationPrefix] followed by unpadded base64url.
func ArmorPresentation(p []byte) string { return encoding.Armor(PresentationPrefix, p) }

// DearmorPresentation returns the binary form of a text presentation. It
// checks only the armor; [Verifier.Verify] checks the rest.
func DearmorPresentation(s string) ([]byte, error) {
	b, err := encoding.Dearmor(PresentationPrefix, s, MaxPresentationSize)
	if err != nil {
		return nil, malformed(err)
	}
	return b, nil
}

// presentationView is a parsed presentation; slices alias the input.
type presentationView struct {
	tokenBytes []byte
	tok        tokenView
	nonce      [nonceSize]byte
	ts         int64
	unsigned   []byte
	sig        []byte
}

func parsePresentation(b []byte, p *presentationView) error {
	if len(b) > MaxPresentationSize {
		return malformed(&encoding.ParseError{What: "presentation", Err: encoding.ErrTooLarge})
	}
	var d encoding.Decoder
	d.Reset(b)
	if d.Uint8("presentation.version") != presentationVersion && d.Err() == nil {
		d.Fail("presentation.version", encoding.ErrInvalid)
	}
	tokOff := d.Offset() + 2
	p.tokenBytes = d.Bytes16("presentation.token", MaxTokenSize)
	copy(p.nonce[:], d.Fixed("presentation.nonce", nonceSize))
	p.ts = readTime(&d, "presentation.timestamp")
	if d.Err() == nil {
		p.unsigned = b[:d.Offset()]
	}
	p.sig = d.Fixed("presentation.signature", ed25519SigSize)
	if err := d.Finish(); err != nil {
		return malformed(err)
	}
	if err := parseToken(p.tokenBytes, &p.tok); err != nil {
		// Report offsets relative to the presentation.
		var pe *encoding.ParseError
		if errors.As(err, &pe) {
			pe.Offset += tokOff
		}
		return err
	}
	return nil
}
