package gcm

import (
	"fmt"
	"testing"
)

// BenchmarkOpen opens a field-sized message (the vault's 12-field record
// averages about 50 bytes per field and 75 bytes of associated data) next
// to crypto/cipher and with the hash of the associated data's first 64
// bytes saved (gcm-prefix), and times SetKey.
func BenchmarkOpen(b *testing.B) {
	key := make([]byte, KeySize)
	var nonce [NonceSize]byte
	for _, n := range []int{16, 50, 200} {
		plain, ad := make([]byte, n), make([]byte, 75)
		var g AEAD
		if err := g.SetKey(key); err != nil {
			b.Fatal(err)
		}
		sealed := g.Seal(nil, &nonce, plain, ad)
		std := stdGCM(b, key)
		buf := make([]byte, 0, 256)
		b.Run(fmt.Sprintf("len=%d/gcm", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := g.Open(buf[:0], &nonce, sealed, ad); err != nil {
					b.Fatal(err)
				}
			}
		})
		// The vault's fields share their associated data's first 64 bytes.
		pre := g.Prefix(ad[:64])
		b.Run(fmt.Sprintf("len=%d/gcm-prefix", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := g.OpenPrefix(buf[:0], &nonce, sealed, ad, &pre); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("len=%d/crypto-cipher", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := std.Open(buf[:0], nonce[:], sealed, ad); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("SetKey", func(b *testing.B) {
		var g AEAD
		for b.Loop() {
			_ = g.SetKey(key)
		}
	})
}
