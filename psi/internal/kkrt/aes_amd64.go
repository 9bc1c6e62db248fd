//go:build amd64 && !purego

package kkrt

import "golang.org/x/sys/cpu"

// useAESNI reports whether the CPU has the AES-NI instructions
// (encryptBlocksAESNI uses nothing beyond them and SSE2).
var useAESNI = cpu.X86.HasAES

// encryptBlocksAESNI encrypts n blocks (a multiple of 4) from src to dst
// with the AES-128 round keys rk.
//
//go:noescape
func encryptBlocksAESNI(rk *[176]byte, dst, src *byte, n int)
