//go:build !amd64 || purego

package kkrt

const useAESNI = false

func encryptBlocksAESNI(rk *[176]byte, dst, src *byte, n int) {
	panic("kkrt: AES-NI path called without AES-NI")
}
