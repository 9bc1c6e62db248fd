//go:build amd64 && !purego

package kkrt

// useAESNI reports whether the CPU has the AES-NI instructions.
var useAESNI = hasAESNI()

func hasAESNI() bool

// encryptBlocksAESNI encrypts n blocks (a multiple of 4) from src to dst
// with the AES-128 round keys rk.
//
//go:noescape
func encryptBlocksAESNI(rk *[176]byte, dst, src *byte, n int)
