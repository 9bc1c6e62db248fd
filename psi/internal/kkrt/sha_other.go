//go:build !amd64 || purego

package kkrt

const useSHANI = false

func blockSHANI(h *[8]uint32, p []byte) {
	panic("kkrt: SHA-NI path called without SHA-NI")
}
