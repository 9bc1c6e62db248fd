//go:build !amd64 || purego

package gcm

// useAsm is false: SetKey builds a crypto/cipher AEAD.
var useAsm = false

// The assembly's stand-ins; never called, since useAsm is false.

func encryptBlockAsm(nr int, xk *uint32, dst, src *byte)           { panic("unreachable") }
func expandKeyAsm(nr int, key *byte, enc *uint32, dec *uint32)     { panic("unreachable") }
func gcmAesInit(productTable *[256]byte, ks []uint32)              { panic("unreachable") }
func gcmAesData(productTable *[256]byte, data []byte, T *[16]byte) { panic("unreachable") }
func gcmAesEnc(productTable *[256]byte, dst, src []byte, ctr, T *[16]byte, ks []uint32) {
	panic("unreachable")
}
func gcmAesDec(productTable *[256]byte, dst, src []byte, ctr, T *[16]byte, ks []uint32) {
	panic("unreachable")
}
func gcmAesFinish(productTable *[256]byte, tagMask, T *[16]byte, pLen, dLen uint64) {
	panic("unreachable")
}
