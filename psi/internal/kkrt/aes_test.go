package kkrt

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
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

func TestSHA256ShortMatchesCryptoSHA256(t *testing.T) {
	for n := 0; n <= 80; n++ {
		msg := make([]byte, n)
		rand.Read(msg)
		lo, hi := sha256Short(msg)
		glo, ghi := sha256Generic(msg)
		if s := sha256.Sum256(msg); binary.LittleEndian.Uint64(s[:]) != glo || binary.LittleEndian.Uint64(s[8:]) != ghi {
			t.Fatal("sha256Generic disagrees with crypto/sha256")
		}
		if lo != glo || hi != ghi {
			t.Fatalf("sha256Short(%d bytes) = %x %x, want %x %x (SHA-NI %v)", n, lo, hi, glo, ghi, useSHANI)
		}
	}
}

func BenchmarkSHA256Short(b *testing.B) {
	msg := make([]byte, RowBytes)
	b.Run("shani", func(b *testing.B) {
		if !useSHANI {
			b.Skip("no SHA-NI")
		}
		for b.Loop() {
			lo, _ := sha256Short(msg)
			msg[0] = byte(lo)
		}
	})
	b.Run("generic", func(b *testing.B) {
		for b.Loop() {
			lo, _ := sha256Generic(msg)
			msg[0] = byte(lo)
		}
	})
}

func TestPRGMatchesCTR(t *testing.T) {
	var key [16]byte
	rand.Read(key[:])
	e := newECB(key)
	var ks [BatchBins / 8]byte
	for _, b := range []int{0, 1, 77} {
		for _, n := range []int{8, 64, 200, BatchBins / 8} {
			want := make([]byte, n)
			var iv [16]byte
			binary.BigEndian.PutUint64(iv[8:], uint64(b)*BatchBins/128)
			cipher.NewCTR(e.b, iv[:]).XORKeyStream(want, want)
			got := make([]byte, n)
			prg(got, e, b, &ks)
			if string(got) != string(want) {
				t.Fatalf("prg(batch %d, %d bytes) differs from AES-CTR (AES-NI %v)", b, n, useAESNI)
			}
		}
	}
}
