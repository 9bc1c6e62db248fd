package kkrt

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/binary"
)

// ecb encrypts many independent blocks under one fixed AES-128 key, the hot
// loop of the pseudorandom code. On amd64 with AES-NI it runs eight blocks
// at a time in assembly (aes_amd64.s); elsewhere it calls crypto/aes block
// by block. TestECBMatchesCryptoAES compares the two.
type ecb struct {
	rk [176]byte // FIPS-197 round keys, bytes in state order (for AES-NI)
	b  cipher.Block
}

func newECB(key [16]byte) *ecb {
	b, err := aes.NewCipher(key[:])
	if err != nil {
		panic("kkrt: AES-128 key rejected") // unreachable: the length is fixed
	}
	e := &ecb{b: b}
	expandKey128(&e.rk, key)
	return e
}

// encrypt sets dst to the encryption of src, block by block; len(src) is a
// multiple of 64 and len(dst) ≥ len(src).
func (e *ecb) encrypt(dst, src []byte) {
	if useAESNI && len(src) > 0 {
		encryptBlocksAESNI(&e.rk, &dst[0], &src[0], len(src)/16)
		return
	}
	e.encryptGeneric(dst, src)
}

func (e *ecb) encryptGeneric(dst, src []byte) {
	for i := 0; i+16 <= len(src); i += 16 {
		e.b.Encrypt(dst[i:i+16], src[i:i+16])
	}
}

var sbox = func() (s [256]byte) {
	// The S-box from the multiplicative inverse and the affine map
	// (FIPS-197 §5.1.1), walking p = 3^i and q = 3^-i together.
	rotl := func(x byte, n uint) byte { return x<<n | x>>(8-n) }
	p, q := byte(1), byte(1)
	for {
		hi := p & 0x80
		p ^= p << 1
		if hi != 0 {
			p ^= 0x1b
		}
		q ^= q << 1
		q ^= q << 2
		q ^= q << 4
		if q&0x80 != 0 {
			q ^= 0x09
		}
		s[p] = q ^ rotl(q, 1) ^ rotl(q, 2) ^ rotl(q, 3) ^ rotl(q, 4) ^ 0x63
		if p == 1 {
			break
		}
	}
	s[0] = 0x63
	return s
}()

// expandKey128 is the AES-128 key schedule (FIPS-197 §5.2).
func expandKey128(rk *[176]byte, key [16]byte) {
	var w [44]uint32
	for i := range 4 {
		w[i] = binary.BigEndian.Uint32(key[4*i:])
	}
	rcon := uint32(1)
	for i := 4; i < 44; i++ {
		t := w[i-1]
		if i%4 == 0 {
			t = t<<8 | t>>24
			t = uint32(sbox[t>>24])<<24 | uint32(sbox[t>>16&0xff])<<16 | uint32(sbox[t>>8&0xff])<<8 | uint32(sbox[t&0xff])
			t ^= rcon << 24
			rcon <<= 1
			if rcon&0x100 != 0 {
				rcon ^= 0x11b
			}
		}
		w[i] = w[i-4] ^ t
	}
	for i, v := range w {
		binary.BigEndian.PutUint32(rk[4*i:], v)
	}
}
