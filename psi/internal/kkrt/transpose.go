package kkrt

import "encoding/binary"

// transpose64 transposes the 64×64 bit matrix a in place: on return bit r of
// a[c] is what bit c of a[r] was (bit 0 is the least significant). It is the
// recursive block-swap of Hacker's Delight §7-3, six rounds of 32 word pairs.
func transpose64(a *[64]uint64) {
	// Round j swaps the upper-right and lower-left j×j blocks of every 2j×2j
	// block on the diagonal; m selects the columns whose bit j is clear.
	swap := func(a *[64]uint64, j uint, m uint64) {
		for k := 0; k < 64; k = (k + int(j) + 1) &^ int(j) {
			t := (a[k]>>j ^ a[k+int(j)]) & m
			a[k] ^= t << j
			a[k+int(j)] ^= t
		}
	}
	swap(a, 32, 0x00000000FFFFFFFF)
	swap(a, 16, 0x0000FFFF0000FFFF)
	swap(a, 8, 0x00FF00FF00FF00FF)
	swap(a, 4, 0x0F0F0F0F0F0F0F0F)
	swap(a, 2, 0x3333333333333333)
	swap(a, 1, 0x5555555555555555)
}

// colsToRows turns a batch of Words·64 columns into rows. cols holds the
// columns one after another, colBytes bytes each (bit b of byte y of column
// i is entry (8y+b, i)); rows receives colBytes·8 rows of Words words each
// (bit c of word w of row j is entry (j, 64w+c)). colBytes must be a
// multiple of 8.
func colsToRows(rows []uint64, cols []byte, colBytes int) {
	var blk [64]uint64
	for w := 0; w < colBytes/8; w++ {
		for I := 0; I < Words; I++ {
			base := 64*I*colBytes + 8*w
			for r := range blk {
				blk[r] = binary.LittleEndian.Uint64(cols[base+r*colBytes:])
			}
			transpose64(&blk)
			out := rows[64*w*Words+I:]
			for k := range blk {
				out[k*Words] = blk[k]
			}
		}
	}
}
