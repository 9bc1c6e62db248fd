//go:build ignore

// This program generates fe4_amd64.s: the 4-lane AVX2 field arithmetic of
// fe4_amd64.go. Run it with
//
//	go run fe4_amd64_gen.go > fe4_amd64.s
//
// The products of mul and square are generated from the coefficient rules
// below rather than written out by hand; see fe4_amd64.go for the limb bounds
// each function accepts and guarantees.
package main

import (
	"fmt"
	"os"
	"strings"
)

var out strings.Builder

func p(format string, args ...any) { fmt.Fprintf(&out, "\t"+format+"\n", args...) }

func raw(s string) { out.WriteString(s + "\n") }

// widths of the limbs of radix 2^25.5.
func width(i int) int {
	if i%2 == 0 {
		return 26
	}
	return 25
}

func h(i int) string { return fmt.Sprintf("Y%d", i) }

// carryChain reduces the accumulators Y0..Y9 to the tight bound with the
// ref10 carry order 0,4 1,5 2,6 3,7 4,8 9 0 (two independent chains).
// Y10 and Y11 must hold the 26- and 25-bit masks; Y12..Y15 are clobbered.
func carryChain() {
	carry := func(i int, t string) {
		m := "Y10"
		if width(i) == 25 {
			m = "Y11"
		}
		p("VPSRLQ $%d, %s, %s", width(i), h(i), t)
		p("VPAND %s, %s, %s", m, h(i), h(i))
		if i == 9 {
			// h0 += 19*c = c + 2c + 16c (c < 2^39, so no 32-bit multiply).
			p("VPSLLQ $1, %s, Y14", t)
			p("VPSLLQ $4, %s, Y15", t)
			p("VPADDQ Y14, %s, %s", t, t)
			p("VPADDQ Y15, %s, %s", t, t)
			p("VPADDQ %s, Y0, Y0", t)
			return
		}
		p("VPADDQ %s, %s, %s", t, h(i+1), h(i+1))
	}
	for _, pr := range [][2]int{{0, 4}, {1, 5}, {2, 6}, {3, 7}, {4, 8}} {
		carry(pr[0], "Y12")
		carry(pr[1], "Y13")
	}
	carry(9, "Y12")
	carry(0, "Y12")
}

func loadMasks() {
	p("VPBROADCASTQ mask26<>(SB), Y10")
	p("VPBROADCASTQ mask25<>(SB), Y11")
}

// A mem addresses an fe4 in memory: limb i is at off+32i(base).
type mem struct {
	base string
	off  int
}

func (m mem) l(i int) string { return fmt.Sprintf("%d(%s)", m.off+32*i, m.base) }

// at returns the fe4 off bytes further.
func (m mem) at(off int) mem { return mem{m.base, m.off + off} }

func store(z mem) {
	for i := 0; i < 10; i++ {
		p("VMOVDQU %s, %s", h(i), z.l(i))
	}
}

// times19 sets limbs 1..9 of t to 19·y_j = y_j + 2y_j + 16y_j with shifts
// and additions: the 32-bit multiplier port is the bottleneck of mulBody and
// squareBody, and the ALU ports have room. Uses Y10..Y15 (before the
// accumulators are live).
func times19(t, y mem) {
	for j := 1; j < 10; j++ {
		a, b, c := "Y10", "Y11", "Y12"
		if j%2 == 0 {
			a, b, c = "Y13", "Y14", "Y15"
		}
		p("VMOVDQU %s, %s", y.l(j), a)
		p("VPSLLQ $1, %s, %s", a, b)
		p("VPSLLQ $4, %s, %s", a, c)
		p("VPADDQ %s, %s, %s", b, a, a)
		p("VPADDQ %s, %s, %s", c, a, a)
		p("VMOVDQU %s, %s", a, t.l(j))
	}
}

// accumulators builds the sums of products of mulBody and squareBody in Y0..Y9:
// the first product of an output limb sets its register, later ones are
// computed into the temporaries tmps in turn and added in.
type accumulators struct {
	init [10]bool
	tmps []string
	n    int
}

// mac adds a·b (VPMULUDQ: the low 32 bits of each lane) to accumulator Yk.
func (acc *accumulators) mac(k int, a, b string) {
	if !acc.init[k] {
		p("VPMULUDQ %s, %s, %s", b, a, h(k))
		acc.init[k] = true
		return
	}
	r := acc.tmps[acc.n%len(acc.tmps)]
	acc.n++
	p("VPMULUDQ %s, %s, %s", b, a, r)
	p("VPADDQ %s, %s, %s", r, h(k), h(k))
}

// mulBody: z = x*y. Row-scanning: for each limb x_i of x (in a register,
// and 2x_i for odd i), z_{i+j mod 10} += c * x_i * y_j, with c = 2 when i
// and j are both odd and c = 19 when i+j >= 10. 19*y_j is precomputed in
// the scratch fe4 t, which must not overlap x or y; z may be x or y (it is
// written last).
func mulBody(z, x, y, t mem) {
	times19(t, y)
	acc := accumulators{tmps: []string{"Y12", "Y13", "Y14", "Y15"}}
	for i := 0; i < 10; i++ {
		p("VMOVDQU %s, Y10", x.l(i))
		if i%2 == 1 {
			p("VPADDQ Y10, Y10, Y11")
		}
		for j := 0; j < 10; j++ {
			a := "Y10"
			if i%2 == 1 && j%2 == 1 {
				a = "Y11"
			}
			b := y.l(j)
			if i+j >= 10 {
				b = t.l(j)
			}
			acc.mac((i+j)%10, a, b)
		}
	}
	loadMasks()
	carryChain()
	store(z)
}

// squareBody: z = x^2 (times 2 if double). For i <= j the product x_i*x_j
// enters z_{i+j mod 10} with c = (i != j ? 2 : 1) * (i, j both odd ? 2 : 1)
// * (i+j >= 10 ? 19 : 1); the factor 1, 2 or 4 is put on x_i (register),
// the factor 19 on x_j (scratch t, not overlapping x; z may be x).
func squareBody(z, x, t mem, double bool) {
	times19(t, x)
	acc := accumulators{tmps: []string{"Y13", "Y14", "Y15"}} // Y12 holds 4x_i
	for i := 0; i < 10; i++ {
		p("VMOVDQU %s, Y10", x.l(i))
		p("VPADDQ Y10, Y10, Y11")
		if i%2 == 1 && i < 9 {
			p("VPADDQ Y11, Y11, Y12")
		}
		for j := i; j < 10; j++ {
			c := 1
			if i != j {
				c *= 2
			}
			if i%2 == 1 && j%2 == 1 {
				c *= 2
			}
			a := map[int]string{1: "Y10", 2: "Y11", 4: "Y12"}[c]
			b := x.l(j)
			if i+j >= 10 {
				b = t.l(j)
			}
			acc.mac((i+j)%10, a, b)
		}
	}
	if double {
		for i := 0; i < 10; i++ {
			p("VPADDQ %s, %s, %s", h(i), h(i), h(i))
		}
	}
	loadMasks()
	carryChain()
	store(z)
}

// addBody: z = x + y, not reduced.
func addBody(z, x, y mem) {
	for i := 0; i < 10; i++ {
		p("VMOVDQU %s, %s", x.l(i), h(i))
		p("VPADDQ %s, %s, %s", y.l(i), h(i), h(i))
	}
	store(z)
}

// loadMultiple puts the limbs of m*p (m = 2 or 4) in Y10 (limb 0), Y11
// (even limbs) and Y12 (odd limbs).
func loadMultiple(m int) {
	p("VPBROADCASTQ p%dl0<>(SB), Y10", m)
	p("VPBROADCASTQ p%deven<>(SB), Y11", m)
	p("VPBROADCASTQ p%dodd<>(SB), Y12", m)
}

func multipleReg(i int) string {
	switch {
	case i == 0:
		return "Y10"
	case i%2 == 0:
		return "Y11"
	}
	return "Y12"
}

// subBody: z = x + m*p - y, limb by limb, then reduced when carry is set.
func subBody(z, x, y mem, m int, carry bool) {
	loadMultiple(m)
	for i := 0; i < 10; i++ {
		p("VPADDQ %s, %s, %s", x.l(i), multipleReg(i), h(i))
		p("VPSUBQ %s, %s, %s", y.l(i), h(i), h(i))
	}
	if carry {
		loadMasks()
		carryChain()
	}
	store(z)
}

var (
	rDI = mem{"DI", 0}
	rSI = mem{"SI", 0}
	rDX = mem{"DX", 0}
	rFr = mem{"R8", 0} // the frame, 32-byte aligned by alignFrame
)

// alignFrame points R8 at the first 32-byte boundary of the local frame
// (which must be 32 bytes longer than the space used): a 32-byte load or
// store across a cache line costs more than the arithmetic around it.
func alignFrame() {
	p("LEAQ 31(SP), R8")
	p("ANDQ $-32, R8")
}

func header(name, args string, frame, argSize int) {
	raw(fmt.Sprintf("// func %s(%s)", name, args))
	raw(fmt.Sprintf("TEXT ·%s(SB), NOSPLIT, $%d-%d", name, frame, argSize))
}

func footer() {
	p("VZEROUPPER")
	p("RET")
	raw("")
}

func genMul() {
	header("fe4Mul", "z, x, y *fe4", 320+32, 24)
	alignFrame()
	p("MOVQ z+0(FP), DI")
	p("MOVQ x+8(FP), SI")
	p("MOVQ y+16(FP), DX")
	mulBody(rDI, rSI, rDX, rFr)
	footer()
}

func genSquare(name string, double bool) {
	header(name, "z, x *fe4", 320+32, 16)
	alignFrame()
	p("MOVQ z+0(FP), DI")
	p("MOVQ x+8(FP), SI")
	squareBody(rDI, rSI, rFr, double)
	footer()
}

func genAdd() {
	header("fe4Add", "z, x, y *fe4", 0, 24)
	p("MOVQ z+0(FP), DI")
	p("MOVQ x+8(FP), SI")
	p("MOVQ y+16(FP), DX")
	addBody(rDI, rSI, rDX)
	footer()
}

func genSub(name string, m int, carry bool) {
	header(name, "z, x, y *fe4", 0, 24)
	p("MOVQ z+0(FP), DI")
	p("MOVQ x+8(FP), SI")
	p("MOVQ y+16(FP), DX")
	subBody(rDI, rSI, rDX, m, carry)
	footer()
}

// selectCached: dst = tbl[xabs] (xabs in 0..8, same for all lanes) with
// masks over all nine entries, then, where neg is all ones, the cached point
// is negated: Y+X and Y-X are swapped and 2dT becomes 2p - 2dT.
func genSelect() {
	const entry = 4 * 320 // bytes of a cached4
	raw("// func selectCached(dst *cached4, tbl *[9]cached4, xabs, neg uint64)")
	raw("TEXT ·selectCached(SB), NOSPLIT, $0-32")
	p("MOVQ dst+0(FP), DI")
	p("MOVQ tbl+8(FP), SI")
	p("VPBROADCASTQ xabs+16(FP), Y15")
	for j := 0; j < 9; j++ {
		p("MOVQ $%d, AX", j)
		p("VMOVQ AX, X%d", j) // VEX: a legacy-SSE MOVQ with dirty YMM uppers costs ~1 µs here
		p("VPBROADCASTQ X%d, Y%d", j, j)
		p("VPCMPEQQ Y15, Y%d, Y%d", j, j)
	}
	p("XORQ CX, CX")
	raw("selectLoop:")
	p("VPAND (SI)(CX*1), Y0, Y9")
	for j := 1; j < 9; j++ {
		p("VPAND %d(SI)(CX*1), Y%d, Y10", j*entry, j)
		p("VPOR Y10, Y9, Y9")
	}
	p("VMOVDQU Y9, (DI)(CX*1)")
	p("ADDQ $32, CX")
	p("CMPQ CX, $%d", entry)
	p("JNE selectLoop")
	// Conditional negation.
	p("VPBROADCASTQ neg+24(FP), Y15")
	for i := 0; i < 10; i++ {
		p("VMOVDQU %d(DI), Y0", 32*i)
		p("VMOVDQU %d(DI), Y1", 320+32*i)
		p("VPXOR Y0, Y1, Y2")
		p("VPAND Y15, Y2, Y2")
		p("VPXOR Y2, Y0, Y0")
		p("VPXOR Y2, Y1, Y1")
		p("VMOVDQU Y0, %d(DI)", 32*i)
		p("VMOVDQU Y1, %d(DI)", 320+32*i)
	}
	loadMultiple(2)
	for i := 0; i < 10; i++ {
		off := 3*320 + 32*i
		p("VMOVDQU %d(DI), Y0", off)
		p("VPSUBQ Y0, %s, Y1", multipleReg(i))
		p("VPXOR Y0, Y1, Y1")
		p("VPAND Y15, Y1, Y1")
		p("VPXOR Y1, Y0, Y0")
		p("VMOVDQU Y0, %d(DI)", off)
	}
	p("VZEROUPPER")
	p("RET")
	raw("")
}

func constant(name string, v uint64) {
	raw(fmt.Sprintf("DATA %s<>+0(SB)/8, $0x%x", name, v))
	raw(fmt.Sprintf("GLOBL %s<>(SB), RODATA|NOPTR, $8", name))
}

func main() {
	raw("// Code generated by fe4_amd64_gen.go. DO NOT EDIT.")
	raw("")
	raw("//go:build amd64 && !purego")
	raw("")
	raw(`#include "textflag.h"`)
	raw("")
	constant("mask26", 1<<26-1)
	constant("mask25", 1<<25-1)
	for _, m := range []uint64{2, 4} {
		constant(fmt.Sprintf("p%dl0", m), m*(1<<26-19))
		constant(fmt.Sprintf("p%deven", m), m*(1<<26-1))
		constant(fmt.Sprintf("p%dodd", m), m*(1<<25-1))
	}
	raw("")
	genMul()
	genSquare("fe4Square", false)
	genSquare("fe4Square2", true)
	genAdd()
	genSub("fe4Sub", 2, false)
	genSub("fe4SubCarry", 4, true)
	genSelect()
	os.Stdout.WriteString(out.String())
}
