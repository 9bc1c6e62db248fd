//go:build amd64 && !purego

package kkrt

// useSHANI reports whether the CPU has the SHA extensions (and SSSE3 and
// SSE4.1, which the block function also uses).
var useSHANI = hasSHANI()

func hasSHANI() bool

// blockSHANI runs the SHA-256 compression function over the 64-byte blocks
// of p, updating h.
//
//go:noescape
func blockSHANI(h *[8]uint32, p []byte)
