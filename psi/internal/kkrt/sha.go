package kkrt

import (
	"crypto/sha256"
	"encoding/binary"
	"math/bits"
)

// sha256Short returns the first 16 bytes of SHA-256(msg) as the
// little-endian words of bytes 0–7 and 8–15. For len(msg) ≤ 55 (one padded
// block) and the SHA extensions it pads the block itself and runs one
// compression (blockSHANI); otherwise it calls crypto/sha256. The per-call
// overhead of the general hash is larger than the compression itself for
// these one-block inputs. TestSHA256ShortMatchesCryptoSHA256 compares the
// two.
func sha256Short(msg []byte) (w0, w1 uint64) {
	if !useSHANI || len(msg) > 55 {
		return sha256Generic(msg)
	}
	var block [64]byte
	copy(block[:], msg)
	block[len(msg)] = 0x80
	binary.BigEndian.PutUint64(block[56:], uint64(len(msg))*8)
	h := [8]uint32{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19}
	blockSHANI(&h, block[:])
	return uint64(bits.ReverseBytes32(h[0])) | uint64(bits.ReverseBytes32(h[1]))<<32,
		uint64(bits.ReverseBytes32(h[2])) | uint64(bits.ReverseBytes32(h[3]))<<32
}

func sha256Generic(msg []byte) (w0, w1 uint64) {
	s := sha256.Sum256(msg)
	return binary.LittleEndian.Uint64(s[:]), binary.LittleEndian.Uint64(s[8:])
}
