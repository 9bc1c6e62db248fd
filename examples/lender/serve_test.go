package main

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"filippo.io/age"

	"github.com/credq/credq/consent"
)

func TestIssuerFlag(t *testing.T) {
	is, err := consent.GenerateIssuer(consent.AlgEd25519)
	if err != nil {
		t.Fatal(err)
	}
	var f issuerFlags
	if err := f.Set("ed25519:" + hex.EncodeToString(is.PublicKey().Bytes())); err != nil {
		t.Fatalf("Set(valid) = %v", err)
	}
	if len(f.keys) != 1 || f.keys[0].KeyID() != is.KeyID() {
		t.Fatal("the flag holds another key")
	}
	for _, bad := range []string{
		"", "ed25519", "rsa:00", "ed25519:zz", "ed25519:00",
		"mldsa65:" + hex.EncodeToString(is.PublicKey().Bytes()), // wrong length for the algorithm
	} {
		if err := f.Set(bad); err == nil {
			t.Errorf("Set(%q) accepted", bad)
		}
	}
}

func TestIdentityFileCreatedOnceAndReused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "root.identity")
	id1, r1, err := loadOrCreateIdentity(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("identity file mode = %v, %v; want 0600", fi.Mode().Perm(), err)
	}
	id2, r2, err := loadOrCreateIdentity(path)
	if err != nil {
		t.Fatal(err)
	}
	if id1.(*age.X25519Identity).String() != id2.(*age.X25519Identity).String() || r1.(*age.X25519Recipient).String() != r2.(*age.X25519Recipient).String() {
		t.Fatal("the identity changed on reload")
	}
	bad := filepath.Join(t.TempDir(), "bad.identity")
	if err := os.WriteFile(bad, []byte("not an identity\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := loadOrCreateIdentity(bad); err == nil {
		t.Fatal("a garbage identity file was accepted")
	}
}

func TestAdminTokenFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "admin.token")
	t1, err := loadOrCreateToken(path)
	if err != nil || len(t1) < 32 {
		t.Fatalf("token %d chars, %v", len(t1), err)
	}
	t2, err := loadOrCreateToken(path)
	if err != nil || t2 != t1 {
		t.Fatal("the token changed on reload")
	}
	short := filepath.Join(t.TempDir(), "short.token")
	if err := os.WriteFile(short, []byte("abc\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := loadOrCreateToken(short); err == nil {
		t.Fatal("a short token was accepted")
	}
}

func TestHybridIdentityFile(t *testing.T) {
	h, err := age.GenerateHybridIdentity()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "pq.identity")
	if err := os.WriteFile(path, []byte(h.String()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	id, r, err := loadOrCreateIdentity(path)
	if err != nil {
		t.Fatalf("hybrid identity: %v", err)
	}
	if _, ok := id.(*age.HybridIdentity); !ok {
		t.Fatalf("identity type %T", id)
	}
	if r.(*age.HybridRecipient).String() != h.Recipient().String() {
		t.Fatal("wrong recipient for the hybrid identity")
	}
}
