//go:build amd64 && !purego

package gcm

import "golang.org/x/sys/cpu"

// useAsm is the condition under which the standard library uses the same
// assembly (crypto/internal/fips140/aes/gcm.supportsAESGCM on amd64).
var useAsm = cpu.X86.HasAES && cpu.X86.HasPCLMULQDQ && cpu.X86.HasSSE41 && cpu.X86.HasSSSE3

// The assembly in gcm_amd64.s and aes_amd64.s, with the standard library's
// signatures.

//go:noescape
func encryptBlockAsm(nr int, xk *uint32, dst, src *byte)

//go:noescape
func expandKeyAsm(nr int, key *byte, enc *uint32, dec *uint32)

//go:noescape
func gcmAesInit(productTable *[256]byte, ks []uint32)

// gcmAesData continues the GHASH state in *T over data (zero-padded to a
// block) and stores the new state there; see the note in gcm_amd64.s.
//
//go:noescape
func gcmAesData(productTable *[256]byte, data []byte, T *[16]byte)

//go:noescape
func gcmAesEnc(productTable *[256]byte, dst, src []byte, ctr, T *[16]byte, ks []uint32)

//go:noescape
func gcmAesDec(productTable *[256]byte, dst, src []byte, ctr, T *[16]byte, ks []uint32)

//go:noescape
func gcmAesFinish(productTable *[256]byte, tagMask, T *[16]byte, pLen, dLen uint64)
