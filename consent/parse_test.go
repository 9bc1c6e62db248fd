package consent

import (
	"context"
	"encoding/binary"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/credq/credq/encoding"
)

// TestParseRules gives every parse-time rejection rule its own case: a valid
// delegated token is parsed, one field is set to a value the format forbids,
// the token is re-encoded, and parsing must fail with ErrMalformed naming the
// field.
func TestParseRules(t *testing.T) {
	f := newFixture(t, AlgEd25519)
	base, err := f.grantee.Delegate(f.postLoanToken(), Delegation{DelegateID: "agency-1", DelegateKey: f.delegate.Public(),
		Purpose: PurposeDelegatedCollection, Scope: NewScope(ClassDirect)})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, what string
		sentinel   error
		mut        func(v *tokenView)
	}{
		{"empty grantee", fGrantee, encoding.ErrInvalid, func(v *tokenView) { v.root.grantee = nil }},
		{"grantee control byte", fGrantee, encoding.ErrInvalid, func(v *tokenView) { v.root.grantee = []byte("a\x00b") }},
		{"grantee DEL byte", fGrantee, encoding.ErrInvalid, func(v *tokenView) { v.root.grantee = []byte("a\x7fb") }},
		{"grantee bad UTF-8", fGrantee, encoding.ErrInvalid, func(v *tokenView) { v.root.grantee = []byte("a\xc3") }},
		{"grantee too long", fGrantee, encoding.ErrTooLarge, func(v *tokenView) { v.root.grantee = []byte(strings.Repeat("a", 65)) }},
		{"empty audience", fAudience, encoding.ErrInvalid, func(v *tokenView) { v.root.audience = nil }},
		{"invalid purpose", fPurpose, encoding.ErrInvalid, func(v *tokenView) { v.root.purpose = 0 }},
		{"empty scope", fScope, encoding.ErrInvalid, func(v *tokenView) { v.root.scope = 0 }},
		{"undefined scope bit", fScope, encoding.ErrInvalid, func(v *tokenView) { v.root.scope = 0x21 }},
		{"zero lifetime", fLifetime, encoding.ErrInvalid, func(v *tokenView) { v.root.exp = v.root.nbf }},
		{"not-before after MaxTime", fNbf, encoding.ErrInvalid, func(v *tokenView) { v.root.nbf, v.root.exp = encoding.MaxTime+1, encoding.MaxTime+2 }},
		{"expiry after MaxTime", fLifetime, encoding.ErrInvalid, func(v *tokenView) { v.root.exp = encoding.MaxTime + 1 }},
		{"recurring loan approval", fUses, encoding.ErrInvalid, func(v *tokenView) { v.root.purpose = PurposeLoanApproval }},
		{"too many uses", fUses, encoding.ErrInvalid, func(v *tokenView) { v.root.uses = MaxUses + 1 }},
		{"authorization ref bad UTF-8", fAuthRef, encoding.ErrInvalid, func(v *tokenView) { v.root.authRef = []byte{0xff} }},
		{"signature length", fSig, encoding.ErrInvalid, func(v *tokenView) { v.root.sig = v.root.sig[:63] }},
		{"empty delegate", fDelegate, encoding.ErrInvalid, func(v *tokenView) { v.blocks[0].delegate = nil }},
		{"delegation purpose", fDPurpose, encoding.ErrInvalid, func(v *tokenView) { v.blocks[0].purpose = 0xF3 }},
		{"delegation scope", fDScope, encoding.ErrInvalid, func(v *tokenView) { v.blocks[0].scope = 0 }},
		{"delegation expiry", fDExp, encoding.ErrInvalid, func(v *tokenView) { v.blocks[0].exp = encoding.MaxTime + 1 }},
		{"delegation recurring loan approval", fDUses, encoding.ErrInvalid, func(v *tokenView) {
			v.blocks[0].purpose, v.blocks[0].uses = PurposeLoanApproval, Recurring
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := base.v
			tt.mut(&v)
			_, err := ParseToken(encodeTokenView(t, &v))
			var pe *encoding.ParseError
			if !errors.Is(err, ErrMalformed) || !errors.As(err, &pe) || pe.What != tt.what || !errors.Is(err, tt.sentinel) {
				t.Fatalf("ParseToken = %v, want ErrMalformed at %s (%v)", err, tt.what, tt.sentinel)
			}
		})
	}
	// Non-minimal varint: give the not-before time a redundant trailing
	// zero group.
	raw := base.Bytes()
	at := 1 + 16 + 8 + 32 + 1 + len(base.v.root.grantee) + 32 + 1 + len(base.v.root.audience) + 2
	if _, n := binary.Uvarint(raw[at:]); n > 0 {
		nm := append(append(append([]byte(nil), raw[:at+n-1]...), raw[at+n-1]|0x80, 0x00), raw[at+n:]...)
		var pe *encoding.ParseError
		if _, err := ParseToken(nm); !errors.Is(err, encoding.ErrNonCanonical) || !errors.As(err, &pe) || pe.What != fNbf {
			t.Fatalf("ParseToken(non-minimal varint) = %v, want ErrNonCanonical at %s", err, fNbf)
		}
	} else {
		t.Fatal("cannot locate the not-before varint")
	}
}

func TestVerifyConcurrentReplay(t *testing.T) {
	// Of many concurrent verifications of one presentation exactly one wins.
	f := newFixture(t, AlgEd25519)
	g := f.grant()
	g.Uses = 100
	tok := f.issue(g)
	q := loanQuery()
	p := f.present(f.grantee, tok, q, "a")
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, replays := 0, 0
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := f.v.Verify(context.Background(), p, q)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				ok++
			case errors.Is(err, ErrReplay):
				replays++
			}
		}()
	}
	wg.Wait()
	if ok != 1 || replays != 7 {
		t.Fatalf("%d successes and %d replays, want 1 and 7", ok, replays)
	}
}
