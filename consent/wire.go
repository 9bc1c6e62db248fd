package consent

import (
	"github.com/credq/credq/encoding"
)

// Wire format version 1; see SPEC.md for the byte layout.
const (
	tokenVersion        = 1
	presentationVersion = 1

	nonceSize = 16
	cnfSize   = 32

	// MaxTokenSize caps an encoded token: a hybrid root grant with the
	// longest claims plus MaxBlocks delegation blocks fits well below it.
	MaxTokenSize = 8192
	// MaxPresentationSize caps an encoded presentation: a token of
	// MaxTokenSize plus the 88 bytes a presentation adds fit.
	MaxPresentationSize = MaxTokenSize + 128
)

// rootView is a parsed root grant. Byte slices alias the input.
type rootView struct {
	body     []byte // the signed bytes
	id       ID
	keyID    KeyID
	subject  SubjectRef
	grantee  []byte
	cnf      []byte
	audience []byte
	purpose  Purpose
	scope    Scope
	nbf, exp int64
	uses     UseLimit
	authRef  []byte
	sig      []byte
}

// blockView is a parsed delegation block. Byte slices alias the input.
type blockView struct {
	body     []byte // the signed bytes (without the previous signature)
	delegate []byte
	purpose  Purpose
	scope    Scope
	exp      int64
	uses     UseLimit
	cnf      []byte
	sig      []byte
}

// tokenView is a parsed token: a root grant and up to MaxBlocks blocks, all
// held inline so that parsing does not allocate.
type tokenView struct {
	root   rootView
	n      int
	blocks [MaxBlocks]blockView
}

// Field names used in parse errors.
const (
	fVersion  = "token.version"
	fBlocks   = "token.blocks"
	fGrantee  = "grant.grantee"
	fAudience = "grant.audience"
	fPurpose  = "grant.purpose"
	fScope    = "grant.scope"
	fNbf      = "grant.not_before"
	fLifetime = "grant.lifetime"
	fUses     = "grant.uses"
	fAuthRef  = "grant.authorization_ref"
	fSig      = "grant.signature"
	fDelegate = "delegation.delegate"
	fDPurpose = "delegation.purpose"
	fDScope   = "delegation.scope"
	fDExp     = "delegation.expiry"
	fDUses    = "delegation.uses"
)

// parseToken parses b into v. It checks structure, caps and claim
// well-formedness, but no signature and no narrowing rule.
func parseToken(b []byte, v *tokenView) error {
	var d encoding.Decoder
	d.Reset(b)
	if d.Uint8(fVersion) != tokenVersion && d.Err() == nil {
		d.Fail(fVersion, encoding.ErrInvalid)
	}
	parseRoot(&d, b, &v.root)
	n := int(d.Uint8(fBlocks))
	if n > MaxBlocks {
		d.Fail(fBlocks, encoding.ErrTooLarge)
	}
	v.n = 0
	for i := 0; i < n && d.Err() == nil; i++ {
		parseBlock(&d, b, &v.blocks[i])
		v.n++
	}
	if err := d.Finish(); err != nil {
		return malformed(err)
	}
	return nil
}

func parseRoot(d *encoding.Decoder, b []byte, r *rootView) {
	start := d.Offset()
	copy(r.id[:], d.Fixed("grant.consent_id", len(r.id)))
	copy(r.keyID[:], d.Fixed("grant.key_id", len(r.keyID)))
	copy(r.subject[:], d.Fixed("grant.subject", len(r.subject)))
	r.grantee = readID(d, fGrantee, 1, MaxIDLen)
	r.cnf = d.Fixed("grant.confirmation_key", cnfSize)
	r.audience = readID(d, fAudience, 1, MaxIDLen)
	r.purpose = readPurpose(d, fPurpose)
	r.scope = readScope(d, fScope)
	r.nbf = readTime(d, fNbf)
	life := d.Uvarint(fLifetime)
	if d.Err() == nil && (life == 0 || life > encoding.MaxTime-uint64(r.nbf)) {
		d.Fail(fLifetime, encoding.ErrInvalid)
	}
	r.exp = r.nbf + int64(life)
	r.uses = readUses(d, fUses, r.purpose)
	r.authRef = readID(d, fAuthRef, 0, MaxRefLen)
	if d.Err() == nil {
		r.body = b[start:d.Offset()]
	}
	r.sig = d.Bytes16(fSig, maxSigSize)
	if d.Err() == nil && len(r.sig) != ed25519SigSize && len(r.sig) != mldsaSigSize && len(r.sig) != hybridSigSize {
		d.Fail(fSig, encoding.ErrInvalid)
	}
}

func parseBlock(d *encoding.Decoder, b []byte, k *blockView) {
	start := d.Offset()
	k.delegate = readID(d, fDelegate, 1, MaxIDLen)
	k.purpose = readPurpose(d, fDPurpose)
	k.scope = readScope(d, fDScope)
	k.exp = readTime(d, fDExp)
	k.uses = readUses(d, fDUses, k.purpose)
	k.cnf = d.Fixed("delegation.confirmation_key", cnfSize)
	if d.Err() == nil {
		k.body = b[start:d.Offset()]
	}
	k.sig = d.Fixed("delegation.signature", ed25519SigSize)
}

// readID reads a Bytes8 string of min..max bytes of UTF-8 without control
// characters, without allocating.
func readID(d *encoding.Decoder, what string, min, max int) []byte {
	v := d.Bytes8(what, max)
	if d.Err() == nil && !validID(v, min, max) {
		d.Fail(what, encoding.ErrInvalid)
	}
	return v
}

func readPurpose(d *encoding.Decoder, what string) Purpose {
	p := Purpose(d.Uint8(what))
	if d.Err() == nil && !p.Valid() {
		d.Fail(what, encoding.ErrInvalid)
	}
	return p
}

func readScope(d *encoding.Decoder, what string) Scope {
	s := Scope(d.Uint8(what))
	if d.Err() == nil && (!s.Valid() || s.Empty()) {
		d.Fail(what, encoding.ErrInvalid)
	}
	return s
}

// readTime reads Unix seconds as a minimal uvarint, at most encoding.MaxTime.
func readTime(d *encoding.Decoder, what string) int64 {
	v := d.Uvarint(what)
	if d.Err() == nil && v > encoding.MaxTime {
		d.Fail(what, encoding.ErrInvalid)
		return 0
	}
	return int64(v)
}

func readUses(d *encoding.Decoder, what string, p Purpose) UseLimit {
	v := d.Uvarint(what)
	if d.Err() != nil {
		return 0
	}
	u, ok := useLimitFromWire(v)
	if !ok || u == Recurring && !p.AllowsRecurring() {
		d.Fail(what, encoding.ErrInvalid)
		return 0
	}
	return u
}

// encodeRootBody returns the canonical signed bytes of a root grant.
func encodeRootBody(id ID, keyID KeyID, g *Grant, nbf, exp int64, uses UseLimit) ([]byte, error) {
	e := encoding.NewEncoder(make([]byte, 0, 256))
	e.Fixed(id[:], len(id))
	e.Fixed(keyID[:], len(keyID))
	e.Fixed(g.Subject[:], len(g.Subject))
	e.Bytes8([]byte(g.GranteeID), MaxIDLen)
	e.Fixed(g.GranteeKey[:], cnfSize)
	e.Bytes8([]byte(g.Audience), MaxIDLen)
	e.Uint8(uint8(g.Purpose))
	e.Uint8(uint8(g.Scope))
	e.Uvarint(uint64(nbf))
	e.Uvarint(uint64(exp - nbf))
	e.Uvarint(uses.wire())
	e.Bytes8([]byte(g.AuthorizationRef), MaxRefLen)
	return e.Bytes()
}

// encodeBlockBody returns the canonical bytes of a delegation block, without
// its signature.
func encodeBlockBody(d *Delegation, exp int64) ([]byte, error) {
	e := encoding.NewEncoder(make([]byte, 0, 128))
	e.Bytes8([]byte(d.DelegateID), MaxIDLen)
	e.Uint8(uint8(d.Purpose))
	e.Uint8(uint8(d.Scope))
	e.Uvarint(uint64(exp))
	e.Uvarint(d.Uses.wire())
	e.Fixed(d.DelegateKey[:], cnfSize)
	return e.Bytes()
}

// assembleToken returns version || body || sig16 || 0x00 (no blocks).
func assembleToken(body, sig []byte) ([]byte, error) {
	e := encoding.NewEncoder(make([]byte, 0, 1+len(body)+2+len(sig)+1))
	e.Uint8(tokenVersion)
	e.Raw(body)
	e.Bytes16(sig, maxSigSize)
	e.Uint8(0)
	return e.Bytes()
}

// blockMessage is the data a delegation signature covers: the previous
// signature in the chain (the root signature for the first block), then the
// block body. Chaining signatures binds every block to its position and to
// everything before it, so blocks cannot be reordered, swapped between tokens
// or dropped from the middle.
func blockMessage(buf []byte, prevSig, body []byte) []byte {
	buf = append(buf, labelDelegation...)
	buf = append(buf, 0)
	buf = append(buf, prevSig...)
	return append(buf, body...)
}
