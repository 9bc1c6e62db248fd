package kkrt

import (
	"crypto/aes"
	"crypto/rand"
	"testing"
)

func TestECBMatchesCryptoAES(t *testing.T) {
	for range 20 {
		var key [16]byte
		rand.Read(key[:])
		e := newECB(key)
		b, _ := aes.NewCipher(key[:])
		for _, n := range []int{0, 4, 8, 12, 64, 100} {
			src := make([]byte, 16*n)
			rand.Read(src)
			want := make([]byte, len(src))
			for i := 0; i < len(src); i += 16 {
				b.Encrypt(want[i:], src[i:])
			}
			got := make([]byte, len(src))
			e.encrypt(got, src)
			if string(got) != string(want) {
				t.Fatalf("encrypt(%d blocks) differs from crypto/aes (AES-NI %v)", n, useAESNI)
			}
			clear(got)
			e.encryptGeneric(got, src)
			if string(got) != string(want) {
				t.Fatalf("encryptGeneric(%d blocks) differs from crypto/aes", n)
			}
		}
	}
}

func TestSboxKnownValues(t *testing.T) {
	// FIPS-197 Fig. 7.
	for in, want := range map[byte]byte{0x00: 0x63, 0x01: 0x7c, 0x53: 0xed, 0xff: 0x16, 0x10: 0xca} {
		if sbox[in] != want {
			t.Errorf("sbox[%#x] = %#x, want %#x", in, sbox[in], want)
		}
	}
}

func BenchmarkECB(b *testing.B) {
	e := newECB([16]byte{1})
	buf := make([]byte, 16*1024)
	b.Run("aesni", func(b *testing.B) {
		if !useAESNI {
			b.Skip("no AES-NI")
		}
		b.SetBytes(int64(len(buf)))
		b.ReportAllocs()
		for b.Loop() {
			e.encrypt(buf, buf)
		}
	})
	b.Run("generic", func(b *testing.B) {
		b.SetBytes(int64(len(buf)))
		b.ReportAllocs()
		for b.Loop() {
			e.encryptGeneric(buf, buf)
		}
	})
}
