package consent

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/credq/credq/encoding"
)

// encodeTokenView re-encodes a parsed token field by field with the
// encoding package, independently of the parser, for the round-trip check.
// String fields are encoded up to the wire limit (255), not the claim
// limit, so that tests can build over-long values.
func encodeTokenView(t *testing.T, v *tokenView) []byte {
	e := encoding.NewEncoder(nil)
	r := &v.root
	e.Uint8(tokenVersion)
	e.Fixed(r.id[:], 16)
	e.Fixed(r.keyID[:], 8)
	e.Fixed(r.subject[:], 32)
	e.Bytes8(r.grantee, 255)
	e.Fixed(r.cnf, cnfSize)
	e.Bytes8(r.audience, 255)
	e.Uint8(uint8(r.purpose))
	e.Uint8(uint8(r.scope))
	e.Uvarint(uint64(r.nbf))
	e.Uvarint(uint64(r.exp - r.nbf))
	e.Uvarint(r.uses.wire())
	e.Bytes8(r.authRef, 255)
	e.Bytes16(r.sig, maxSigSize)
	e.Uint8(uint8(v.n))
	for i := 0; i < v.n; i++ {
		b := &v.blocks[i]
		e.Bytes8(b.delegate, 255)
		e.Uint8(uint8(b.purpose))
		e.Uint8(uint8(b.scope))
		e.Uvarint(uint64(b.exp))
		e.Uvarint(b.uses.wire())
		e.Fixed(b.cnf, cnfSize)
		e.Fixed(b.sig, ed25519SigSize)
	}
	out, err := e.Bytes()
	if err != nil {
		t.Fatalf("re-encoding a parsed token: %v", err)
	}
	return out
}

func checkFuzzError(t *testing.T, err error) {
	var pe *encoding.ParseError
	if !errors.Is(err, ErrMalformed) || !errors.As(err, &pe) {
		t.Fatalf("parse error %v is not ErrMalformed wrapping *encoding.ParseError", err)
	}
}

func FuzzParseToken(f *testing.F) {
	fx := newFixture(f, AlgEd25519)
	f.Add(fx.issue(fx.grant()).raw)
	f.Fuzz(func(t *testing.T, in []byte) {
		var v tokenView
		if err := parseToken(in, &v); err != nil {
			checkFuzzError(t, err)
			return
		}
		if out := encodeTokenView(t, &v); !bytes.Equal(out, in) {
			t.Fatalf("encode(parse(in)) = %x, want %x", out, in)
		}
		if tok, err := ParseToken(in); err != nil || !bytes.Equal(tok.Bytes(), in) {
			t.Fatalf("ParseToken disagrees with parseToken: %v", err)
		}
	})
}

func FuzzParsePresentation(f *testing.F) {
	fx := newFixture(f, AlgEd25519)
	tok := fx.issue(fx.grant())
	q := loanQuery()
	f.Add(fx.present(fx.grantee, tok, q, "seed"))
	f.Fuzz(func(t *testing.T, in []byte) {
		var p presentationView
		if err := parsePresentation(in, &p); err != nil {
			checkFuzzError(t, err)
			return
		}
		e := encoding.NewEncoder(nil)
		e.Uint8(presentationVersion)
		e.Bytes16(encodeTokenView(t, &p.tok), MaxTokenSize)
		e.Fixed(p.nonce[:], nonceSize)
		e.Uvarint(uint64(p.ts))
		e.Fixed(p.sig, ed25519SigSize)
		out, err := e.Bytes()
		if err != nil || !bytes.Equal(out, in) {
			t.Fatalf("encode(parse(in)) = %x, %v; want %x", out, err, in)
		}
		// Verify must not panic on any parseable input; whatever it says, it
		// says with a sentinel.
		fx.now = t0
		_, err = fx.v.Verify(context.Background(), in, q)
		if err != nil && !isSentinel(err) {
			t.Fatalf("Verify error %v matches no sentinel", err)
		}
	})
}

func isSentinel(err error) bool {
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return true
		}
	}
	return errors.Is(err, ErrStoreFull)
}

func FuzzParsePublicKey(f *testing.F) {
	for _, alg := range []Algorithm{AlgEd25519, AlgMLDSA65, AlgHybrid} {
		f.Add(uint8(alg), testIssuer(f, alg, "issuer").PublicKey().Bytes())
	}
	f.Fuzz(func(t *testing.T, alg uint8, in []byte) {
		k, err := ParsePublicKey(Algorithm(alg), in)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("ParsePublicKey error %v is not ErrMalformed", err)
			}
			return
		}
		if !bytes.Equal(k.Bytes(), in) || k.KeyID() != keyIDOf(Algorithm(alg), in) {
			t.Fatal("ParsePublicKey(in).Bytes() != in")
		}
	})
}

func FuzzParseID(f *testing.F) {
	f.Add(testID("x").String())
	f.Fuzz(func(t *testing.T, in string) {
		id, err := ParseID(in)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("ParseID error %v is not ErrMalformed", err)
			}
			return
		}
		if id.String() != in {
			t.Fatalf("ParseID(%q).String() = %q", in, id.String())
		}
	})
}
