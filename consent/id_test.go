package consent

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func TestIDString(t *testing.T) {
	id := testID("x")
	s := id.String()
	if len(s) != 32 || strings.ToLower(s) != s {
		t.Fatalf("ID.String() = %q", s)
	}
	back, err := ParseID(s)
	if err != nil || back != id {
		t.Fatalf("ParseID(String()) = %v, %v", back, err)
	}
	for _, bad := range []string{"", s[:31], s + "0", strings.ToUpper(s), "zz" + s[2:]} {
		if _, err := ParseID(bad); err == nil {
			t.Errorf("ParseID(%q) = nil error", bad)
		}
	}
}

func TestSubjectRef(t *testing.T) {
	k, err := SubjectKeyFromBytes(seeded("subject key"))
	if err != nil {
		t.Fatal(err)
	}
	a := k.Ref("cnid:v1:11010519491231002X")
	if a != k.Ref("cnid:v1:11010519491231002X") || a == k.Ref("cnid:v1:440524188001010014") {
		t.Fatal("Ref is not a deterministic function of the identifier")
	}
	if !a.Equal(a) || a.Equal(k.Ref("x")) {
		t.Fatal("SubjectRef.Equal")
	}
	k2, err := NewSubjectKey()
	if err != nil {
		t.Fatal(err)
	}
	if k2.Ref("cnid:v1:11010519491231002X") == a {
		t.Fatal("two keys give the same reference")
	}
	k3, _ := SubjectKeyFromBytes(k.Bytes())
	if k3.Ref("y") != k.Ref("y") {
		t.Fatal("SubjectKeyFromBytes(Bytes()) differs")
	}
	for _, s := range []string{fmt.Sprint(k), fmt.Sprintf("%v %+v %#v %s", k, k, k, k)} {
		if bytes.Contains([]byte(s), k.k[:4]) || strings.Contains(s, fmt.Sprintf("%x", k.k[:4])) {
			t.Fatalf("formatting leaks key material: %q", s)
		}
	}
	for _, n := range []int{0, 31, 33} {
		if _, err := SubjectKeyFromBytes(make([]byte, n)); err == nil {
			t.Errorf("SubjectKeyFromBytes(%d bytes) = nil error", n)
		}
	}
}

// TestSubjectRefVector pins the derivation: HMAC-SHA256 keyed with 32 bytes
// 0x00..0x1f over "credq/consent/v1/subject-ref" || 0x00 || identifier
// (the expected value was computed independently with Python's hmac module).
func TestSubjectRefVector(t *testing.T) {
	key := make([]byte, 32)
	for i := range key {
		key[i] = byte(i)
	}
	k, _ := SubjectKeyFromBytes(key)
	got := k.Ref("cnid:v1:11010519491231002X").String()
	const want = "2893f291be5179d337b8516d58b9564ce7629b05d692c9ad9db2f845d7dfce5c"
	if got != want {
		t.Fatalf("Ref = %s, want %s", got, want)
	}
}

func TestKeyEncodings(t *testing.T) {
	for _, alg := range []Algorithm{AlgEd25519, AlgMLDSA65, AlgHybrid} {
		is := testIssuer(t, alg, "k")
		pub := is.PublicKey()
		back, err := ParsePublicKey(alg, pub.Bytes())
		if err != nil || back.KeyID() != pub.KeyID() || back.Algorithm() != alg {
			t.Fatalf("%v: ParsePublicKey(Bytes()) = %v", alg, err)
		}
		is2, err := IssuerFromSeed(alg, is.Seed())
		if err != nil || is2.KeyID() != is.KeyID() {
			t.Fatalf("%v: IssuerFromSeed(Seed()) = %v", alg, err)
		}
		if strings.Contains(fmt.Sprintf("%v %+v", is, is), fmt.Sprintf("%x", is.Seed()[:4])) {
			t.Fatalf("%v: issuer formatting leaks its seed", alg)
		}
		if _, err := ParsePublicKey(alg, pub.Bytes()[1:]); err == nil {
			t.Errorf("%v: ParsePublicKey(short) = nil error", alg)
		}
		if _, err := IssuerFromSeed(alg, is.Seed()[1:]); err == nil {
			t.Errorf("%v: IssuerFromSeed(short) = nil error", alg)
		}
	}
	// The same Ed25519 bytes under another algorithm label have another ID.
	ed := testIssuer(t, AlgEd25519, "k")
	hy := testIssuer(t, AlgHybrid, "k")
	if ed.KeyID() == hy.KeyID() {
		t.Fatal("key ID does not commit to the algorithm")
	}
	if _, err := ParsePublicKey(Algorithm(9), ed.PublicKey().Bytes()); err == nil {
		t.Fatal("ParsePublicKey(unknown algorithm) = nil error")
	}
	if _, err := GenerateIssuer(Algorithm(9)); err == nil {
		t.Fatal("GenerateIssuer(unknown algorithm) = nil error")
	}
	h, _ := GenerateHolderKey()
	h2, err := HolderKeyFromSeed(h.Seed())
	if err != nil || h2.Public() != h.Public() {
		t.Fatal("HolderKeyFromSeed(Seed())")
	}
	if _, err := HolderKeyFromSeed(nil); err == nil {
		t.Fatal("HolderKeyFromSeed(nil) = nil error")
	}
}
