//go:build !amd64 || purego

package r255

import "filippo.io/edwards25519/field"

// pow22523x4 sets each x[l] = x[l]^((p-5)/8) with field.Element.Pow22523.
func pow22523x4(x *[4]field.Element) { pow22523Lanes(x) }
