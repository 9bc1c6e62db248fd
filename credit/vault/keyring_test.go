package vault

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"filippo.io/age"
	"github.com/credq/credq/encoding"
	"github.com/google/go-cmp/cmp"
)

func keyringEqual(t *testing.T, a, b *Keyring) {
	t.Helper()
	ma, err := a.marshal()
	if err != nil {
		t.Fatal(err)
	}
	mb, err := b.marshal()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ma, mb) {
		t.Fatal("keyrings differ")
	}
}

func TestKeyringSealOpenX25519(t *testing.T) {
	root := x25519(t)
	kr, _ := NewKeyring("bank-a")
	if _, err := kr.AddIndex(IndexMobile, 20); err != nil {
		t.Fatal(err)
	}
	sealed, err := kr.Seal(root.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	got, err := OpenKeyring(sealed, root)
	if err != nil {
		t.Fatal(err)
	}
	keyringEqual(t, kr, got)
	if _, err := OpenKeyring(sealed, x25519(t)); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("OpenKeyring(other identity) = %v, want ErrWrongKey", err)
	}
}

func TestKeyringSealOpenHybrid(t *testing.T) {
	root, err := age.GenerateHybridIdentity()
	if err != nil {
		t.Fatal(err)
	}
	kr, _ := NewKeyring("bank-a")
	if _, err := kr.RotateKEK(); err != nil {
		t.Fatal(err)
	}
	sealed, err := kr.Seal(root.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	got, err := OpenKeyring(sealed, root)
	if err != nil {
		t.Fatal(err)
	}
	keyringEqual(t, kr, got)
	if got.CurrentKEK() != 2 || !cmp.Equal(got.KEKVersions(), []uint32{1, 2}) {
		t.Fatalf("current %d versions %v", got.CurrentKEK(), got.KEKVersions())
	}
	// The hybrid file does not open with an X25519 identity, nor with
	// another hybrid identity.
	other, _ := age.GenerateHybridIdentity()
	for _, id := range []age.Identity{x25519(t), other} {
		if _, err := OpenKeyring(sealed, id); !errors.Is(err, ErrWrongKey) {
			t.Fatalf("OpenKeyring = %v, want ErrWrongKey", err)
		}
	}
	// A vault over the reopened keyring reads what the original sealed.
	st := NewMemStore()
	v, _ := New(Config{Keyring: kr, Store: st})
	sealedRec := mustSeal(t, v, "s", fixture("r"))
	w, _ := New(Config{Keyring: got, Store: st})
	if _, err := w.Open(context.Background(), sealedRec); err != nil {
		t.Fatalf("Open with reopened hybrid keyring: %v", err)
	}
}

func TestNewKeyringRejectsBadName(t *testing.T) {
	for _, n := range []string{"", strings.Repeat("a", maxNameLen+1)} {
		if _, err := NewKeyring(n); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("NewKeyring(len %d) = %v", len(n), err)
		}
	}
}

func TestParseKeyringRejects(t *testing.T) {
	kr, _ := NewKeyring("bank-a")
	_, _ = kr.RotateKEK()
	_, _ = kr.AddIndex(IndexEmail, 8)
	_ = kr.retireKEK(1)
	good, err := kr.marshal()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := parseKeyring(good); err != nil {
		t.Fatalf("good keyring: %v", err)
	}
	// Offsets in the good encoding: 1 format, 1+6 institution, 4 current,
	// 2 count, then KEK entries of 37 bytes.
	const kek0 = 1 + 1 + 6 + 4 + 2
	cases := []struct {
		name string
		edit func(b []byte) []byte
		want error
	}{
		{"format", func(b []byte) []byte { b[0] = 9; return b }, encoding.ErrInvalid},
		{"current missing", func(b []byte) []byte { b[kek0-3] = 7; return b }, encoding.ErrInvalid},
		{"current retired", func(b []byte) []byte { b[kek0-3] = 1; return b }, encoding.ErrInvalid},
		{"versions not ascending", func(b []byte) []byte { b[kek0+3] = 3; return b }, encoding.ErrInvalid},
		{"retired key not zero", func(b []byte) []byte { b[kek0+5] = 1; return b }, encoding.ErrNonCanonical},
		{"bool not canonical", func(b []byte) []byte { b[kek0+4] = 2; return b }, encoding.ErrNonCanonical},
		{"index bits zero", func(b []byte) []byte { b[len(b)-32-1-2], b[len(b)-32-1-1] = 0, 0; return b }, encoding.ErrInvalid},
		{"trailing", func(b []byte) []byte { return append(b, 0) }, encoding.ErrTrailingData},
		{"truncated", func(b []byte) []byte { return b[:len(b)-1] }, encoding.ErrTruncated},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := parseKeyring(c.edit(bytes.Clone(good)))
			if !errors.Is(err, c.want) {
				t.Fatalf("parseKeyring = %v, want %v", err, c.want)
			}
		})
	}
}

func TestKeyringStringHidesKeys(t *testing.T) {
	kr, _ := NewKeyring("bank-a")
	_, _ = kr.AddIndex(IndexEmail, 8)
	for _, ik := range kr.Indexes() {
		if !isZero(ik.key[:]) {
			t.Fatal("Indexes returned key bytes")
		}
		if s := ik.String(); !strings.Contains(s, "email") {
			t.Fatalf("String = %q", s)
		}
	}
}
