package gcm

import (
	"bufio"
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

// paths runs f on the assembly path (where this machine has it) and on the
// crypto/cipher fallback.
func paths(t *testing.T, f func(t *testing.T)) {
	saved := useAsm
	t.Cleanup(func() { useAsm = saved })
	if saved {
		t.Run("asm", func(t *testing.T) { useAsm = true; f(t) })
	} else {
		t.Log("no AES-GCM assembly on this machine or build; testing the fallback only")
	}
	t.Run("fallback", func(t *testing.T) { useAsm = false; f(t) })
}

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	if s == "-" {
		return nil
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestVectors(t *testing.T) {
	f, err := os.Open("testdata/vectors.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type vector struct{ key, nonce, plain, ad, sealed []byte }
	var vs []vector
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p := strings.Fields(line)
		if len(p) != 5 {
			t.Fatalf("bad line %q", line)
		}
		vs = append(vs, vector{unhex(t, p[0]), unhex(t, p[1]), unhex(t, p[2]), unhex(t, p[3]), unhex(t, p[4])})
	}
	if len(vs) < 10 {
		t.Fatalf("read %d vectors", len(vs))
	}
	paths(t, func(t *testing.T) {
		var g AEAD
		for i, v := range vs {
			if err := g.SetKey(v.key); err != nil {
				t.Fatal(err)
			}
			nonce := (*[NonceSize]byte)(v.nonce)
			if got := g.Seal(nil, nonce, v.plain, v.ad); !bytes.Equal(got, v.sealed) {
				t.Errorf("vector %d: Seal = %x, want %x", i, got, v.sealed)
			}
			got, err := g.Open(nil, nonce, v.sealed, v.ad)
			if err != nil || !bytes.Equal(got, v.plain) {
				t.Errorf("vector %d: Open = %x, %v", i, got, err)
			}
		}
	})
}

func stdGCM(t testing.TB, key []byte) cipher.AEAD {
	b, err := aes.NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	a, err := cipher.NewGCM(b)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// check compares one AEAD with crypto/cipher on one input, including the
// rejection of every single-bit change to the sealed bytes and of a changed
// associated data.
func check(t testing.TB, g *AEAD, key []byte, nonce *[NonceSize]byte, plain, ad, prefix []byte) {
	t.Helper()
	if err := g.SetKey(key); err != nil {
		t.Fatal(err)
	}
	want := stdGCM(t, key).Seal(nil, nonce[:], plain, ad)
	got := g.Seal(bytes.Clone(prefix), nonce, plain, ad)
	if !bytes.HasPrefix(got, prefix) || !bytes.Equal(got[len(prefix):], want) {
		t.Fatalf("len(p)=%d len(ad)=%d: Seal differs from crypto/cipher", len(plain), len(ad))
	}
	opened, err := g.Open(bytes.Clone(prefix), nonce, want, ad)
	if err != nil || !bytes.HasPrefix(opened, prefix) || !bytes.Equal(opened[len(prefix):], plain) {
		t.Fatalf("len(p)=%d len(ad)=%d: Open = %v", len(plain), len(ad), err)
	}
	bad := bytes.Clone(want)
	for _, i := range []int{0, len(bad) / 2, len(bad) - TagSize, len(bad) - 1} {
		bad[i] ^= 1 << (i % 8)
		if _, err := g.Open(nil, nonce, bad, ad); !errors.Is(err, ErrOpen) {
			t.Fatalf("len(p)=%d: byte %d flipped: Open = %v", len(plain), i, err)
		}
		bad[i] ^= 1 << (i % 8)
	}
	if _, err := g.Open(nil, nonce, want, append(bytes.Clone(ad), 0)); !errors.Is(err, ErrOpen) {
		t.Fatalf("len(p)=%d: longer ad: Open = %v", len(plain), err)
	}
	checkPrefix(t, g, nonce, plain, ad, want)
}

// checkPrefix opens sealed with the hash of every leading part of ad taken
// from a Prefix, and checks that a Prefix of other bytes, or of more bytes
// than the ad has, fails.
func checkPrefix(t testing.TB, g *AEAD, nonce *[NonceSize]byte, plain, ad, sealed []byte) {
	t.Helper()
	for k := 0; k <= len(ad); k++ {
		p := g.Prefix(ad[:k])
		if g.fast && p.Len() != k&^15 {
			t.Fatalf("Prefix of %d bytes covers %d", k, p.Len())
		}
		opened, err := g.OpenPrefix(nil, nonce, sealed, ad, &p)
		if err != nil || !bytes.Equal(opened, plain) {
			t.Fatalf("len(p)=%d len(ad)=%d: OpenPrefix after %d bytes = %v", len(plain), len(ad), k, err)
		}
		if p.Len() == 0 {
			continue
		}
		other := bytes.Clone(ad[:k])
		other[k/2] ^= 1
		q := g.Prefix(other)
		if _, err := g.OpenPrefix(nil, nonce, sealed, ad, &q); !errors.Is(err, ErrOpen) {
			t.Fatalf("len(ad)=%d: Prefix of changed bytes: OpenPrefix = %v", len(ad), err)
		}
		if _, err := g.OpenPrefix(nil, nonce, sealed, ad[:p.Len()-1], &p); !errors.Is(err, ErrOpen) {
			t.Fatalf("len(ad)=%d: Prefix longer than ad: OpenPrefix = %v", len(ad), err)
		}
	}
}

// TestAgainstCryptoCipher re-keys one AEAD for every input, over every
// plaintext length to 300 and larger ones across the assembly's 8-block
// paths, and associated data of many lengths.
func TestAgainstCryptoCipher(t *testing.T) {
	paths(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 2))
		var g AEAD
		lengths := []int{}
		for n := 0; n <= 300; n++ {
			lengths = append(lengths, n)
		}
		lengths = append(lengths, 511, 512, 513, 1023, 1024, 4096+7, 65535)
		for _, n := range lengths {
			key := make([]byte, KeySize)
			var nonce [NonceSize]byte
			plain := make([]byte, n)
			ad := make([]byte, rng.IntN(200))
			for _, b := range [][]byte{key, nonce[:], plain, ad} {
				for i := range b {
					b[i] = byte(rng.Uint32())
				}
			}
			prefix := []byte("prefix")[:rng.IntN(7)]
			check(t, &g, key, &nonce, plain, ad, prefix)
		}
	})
}

// TestShortPathBoundaries runs check, and with it an Open after a saved
// prefix of every length, on each side of openShort's limits: ciphertexts
// of 2 and 3 blocks, and messages that just fill and just overflow one and
// two octets.
func TestShortPathBoundaries(t *testing.T) {
	paths(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 4))
		var g AEAD
		key := make([]byte, KeySize)
		for adRest := 0; adRest <= 50; adRest++ {
			for _, n := range []int{0, 1, 31, 32, 33, 47, 48, 49, 95, 96, 97, 111, 112, 113, 200, 223, 224, 225, 240} {
				var nonce [NonceSize]byte
				plain, ad := make([]byte, n), make([]byte, 64+adRest)
				for _, b := range [][]byte{key, nonce[:], plain, ad} {
					for i := range b {
						b[i] = byte(rng.Uint32())
					}
				}
				check(t, &g, key, &nonce, plain, ad, nil)
			}
		}
	})
}

func TestOpenRejects(t *testing.T) {
	paths(t, func(t *testing.T) {
		var g AEAD
		key := bytes.Repeat([]byte{7}, KeySize)
		if err := g.SetKey(key); err != nil {
			t.Fatal(err)
		}
		var nonce [NonceSize]byte
		for n := range TagSize {
			if _, err := g.Open(nil, &nonce, make([]byte, n), nil); !errors.Is(err, ErrOpen) {
				t.Errorf("%d-byte ciphertext: Open = %v, want ErrOpen", n, err)
			}
		}
		sealed := g.Seal(nil, &nonce, []byte("a field value of some length"), []byte("ad"))
		// A failed Open leaves no plaintext behind in dst's spare capacity.
		dst := make([]byte, 3, 64)
		other := nonce
		other[0] ^= 1
		if _, err := g.Open(dst, &other, sealed, []byte("ad")); !errors.Is(err, ErrOpen) {
			t.Fatalf("wrong nonce: Open = %v", err)
		}
		if spare := dst[:cap(dst)]; !bytes.Equal(spare, make([]byte, cap(dst))) {
			t.Errorf("a failed Open left %x in dst", spare)
		}
		// Another key fails.
		var h AEAD
		if err := h.SetKey(bytes.Repeat([]byte{8}, KeySize)); err != nil {
			t.Fatal(err)
		}
		if _, err := h.Open(nil, &nonce, sealed, []byte("ad")); !errors.Is(err, ErrOpen) {
			t.Errorf("wrong key: Open = %v", err)
		}
		if err := g.SetKey(key[:16]); err == nil {
			t.Error("SetKey accepted a 16-byte key")
		}
	})
}

// TestInPlace opens and seals with dst aliasing the input exactly, as
// crypto/cipher allows.
func TestInPlace(t *testing.T) {
	paths(t, func(t *testing.T) {
		var g AEAD
		if err := g.SetKey(make([]byte, KeySize)); err != nil {
			t.Fatal(err)
		}
		var nonce [NonceSize]byte
		msg := []byte("in place, exactly aliased, as crypto/cipher permits it")
		buf := make([]byte, len(msg), len(msg)+TagSize)
		copy(buf, msg)
		sealed := g.Seal(buf[:0], &nonce, buf, nil)
		opened, err := g.Open(sealed[:0], &nonce, sealed, nil)
		if err != nil || !bytes.Equal(opened, msg) {
			t.Fatalf("in-place round trip: %q, %v", opened, err)
		}
	})
}

func TestNoAllocations(t *testing.T) {
	if !useAsm {
		t.Skip("the fallback allocates by design")
	}
	var g AEAD
	key := make([]byte, KeySize)
	var nonce [NonceSize]byte
	buf := make([]byte, 0, 256)
	plain := make([]byte, 100)
	ad := make([]byte, 60)
	allocs := testing.AllocsPerRun(100, func() {
		key[0]++
		if err := g.SetKey(key); err != nil {
			t.Fatal(err)
		}
		s := g.Seal(buf[:0], &nonce, plain, ad)
		if _, err := g.Open(s[len(s):], &nonce, s, ad); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("SetKey, Seal and Open allocate %.1f times", allocs)
	}
}

func TestWipe(t *testing.T) {
	var g AEAD
	if err := g.SetKey(bytes.Repeat([]byte{9}, KeySize)); err != nil {
		t.Fatal(err)
	}
	g.Wipe()
	if g != (AEAD{}) {
		t.Error("Wipe left key material")
	}
}

func FuzzAgainstCryptoCipher(f *testing.F) {
	f.Add(make([]byte, KeySize), make([]byte, NonceSize), []byte("plaintext"), []byte("ad"))
	f.Add(bytes.Repeat([]byte{0xff}, KeySize), bytes.Repeat([]byte{1}, NonceSize), make([]byte, 129), make([]byte, 13))
	var g AEAD
	f.Fuzz(func(t *testing.T, key, nonce, plain, ad []byte) {
		if len(key) != KeySize || len(nonce) != NonceSize {
			return
		}
		check(t, &g, key, (*[NonceSize]byte)(nonce), plain, ad, nil)
	})
}

func ExampleAEAD() {
	var g AEAD
	if err := g.SetKey(make([]byte, KeySize)); err != nil {
		panic(err)
	}
	var nonce [NonceSize]byte
	sealed := g.Seal(nil, &nonce, []byte("hello"), []byte("header"))
	opened, err := g.Open(nil, &nonce, sealed, []byte("header"))
	fmt.Println(len(sealed), string(opened), err)
	// Output: 21 hello <nil>
}

func TestTagEqual(t *testing.T) {
	var want [TagSize]byte
	for i := range want {
		want[i] = byte(3*i + 1)
	}
	if !TagEqual(&want, want[:]) {
		t.Fatal("equal tags compare unequal")
	}
	for i := range TagSize {
		for bit := range 8 {
			tag := want
			tag[i] ^= 1 << bit
			if TagEqual(&want, tag[:]) {
				t.Fatalf("byte %d bit %d differs: TagEqual = true", i, bit)
			}
		}
	}
	for _, n := range []int{0, TagSize - 1, TagSize + 1} {
		if TagEqual(&want, append(want[:], 0)[:n]) {
			t.Errorf("%d-byte tag: TagEqual = true", n)
		}
	}
}
