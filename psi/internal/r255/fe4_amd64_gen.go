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

func store(reg string) {
	for i := 0; i < 10; i++ {
		p("VMOVDQU %s, %d(%s)", h(i), 32*i, reg)
	}
}

// mul: z = x*y. Row-scanning: for each limb x_i of x (in a register, and 2x_i
// for odd i), z_{i+j mod 10} += c * x_i * y_j, with c = 2 when i and j are
// both odd and c = 19 when i+j >= 10. 19*y_j is precomputed on the stack.
func genMul() {
	raw("// func fe4Mul(z, x, y *fe4)")
	raw("TEXT ·fe4Mul(SB), NOSPLIT, $320-24")
	p("MOVQ z+0(FP), DI")
	p("MOVQ x+8(FP), SI")
	p("MOVQ y+16(FP), DX")
	p("VPBROADCASTQ c19<>(SB), Y15")
	for j := 1; j < 10; j++ {
		p("VPMULUDQ %d(DX), Y15, Y14", 32*j)
		p("VMOVDQU Y14, %d(SP)", 32*j)
	}
	init := [10]bool{}
	tmp := 0
	for i := 0; i < 10; i++ {
		p("VMOVDQU %d(SI), Y10", 32*i)
		if i%2 == 1 {
			p("VPADDQ Y10, Y10, Y11")
		}
		for j := 0; j < 10; j++ {
			k := (i + j) % 10
			a := "Y10"
			if i%2 == 1 && j%2 == 1 {
				a = "Y11"
			}
			b := fmt.Sprintf("%d(DX)", 32*j)
			if i+j >= 10 {
				b = fmt.Sprintf("%d(SP)", 32*j)
			}
			if !init[k] {
				p("VPMULUDQ %s, %s, %s", b, a, h(k))
				init[k] = true
				continue
			}
			t := fmt.Sprintf("Y%d", 12+tmp%4)
			tmp++
			p("VPMULUDQ %s, %s, %s", b, a, t)
			p("VPADDQ %s, %s, %s", t, h(k), h(k))
		}
	}
	loadMasks()
	carryChain()
	store("DI")
	p("VZEROUPPER")
	p("RET")
	raw("")
}

// square: z = x^2 (times 2 if double). For i <= j the product x_i*x_j
// enters z_{i+j mod 10} with c = (i != j ? 2 : 1) * (i, j both odd ? 2 : 1)
// * (i+j >= 10 ? 19 : 1); the factor 1, 2 or 4 is put on x_i (register),
// the factor 19 on x_j (stack).
func genSquare(name string, double bool) {
	raw(fmt.Sprintf("// func %s(z, x *fe4)", name))
	raw(fmt.Sprintf("TEXT ·%s(SB), NOSPLIT, $320-16", name))
	p("MOVQ z+0(FP), DI")
	p("MOVQ x+8(FP), SI")
	p("VPBROADCASTQ c19<>(SB), Y15")
	for j := 1; j < 10; j++ {
		p("VPMULUDQ %d(SI), Y15, Y14", 32*j)
		p("VMOVDQU Y14, %d(SP)", 32*j)
	}
	init := [10]bool{}
	tmp := 0
	for i := 0; i < 10; i++ {
		p("VMOVDQU %d(SI), Y10", 32*i)
		p("VPADDQ Y10, Y10, Y11")
		if i%2 == 1 && i < 9 {
			p("VPADDQ Y11, Y11, Y12")
		}
		for j := i; j < 10; j++ {
			k := (i + j) % 10
			c := 1
			if i != j {
				c *= 2
			}
			if i%2 == 1 && j%2 == 1 {
				c *= 2
			}
			a := map[int]string{1: "Y10", 2: "Y11", 4: "Y12"}[c]
			b := fmt.Sprintf("%d(SI)", 32*j)
			if i+j >= 10 {
				b = fmt.Sprintf("%d(SP)", 32*j)
			}
			if !init[k] {
				p("VPMULUDQ %s, %s, %s", b, a, h(k))
				init[k] = true
				continue
			}
			t := fmt.Sprintf("Y%d", 13+tmp%3)
			tmp++
			p("VPMULUDQ %s, %s, %s", b, a, t)
			p("VPADDQ %s, %s, %s", t, h(k), h(k))
		}
	}
	if double {
		for i := 0; i < 10; i++ {
			p("VPADDQ %s, %s, %s", h(i), h(i), h(i))
		}
	}
	loadMasks()
	carryChain()
	store("DI")
	p("VZEROUPPER")
	p("RET")
	raw("")
}

func genAdd() {
	raw("// func fe4Add(z, x, y *fe4)")
	raw("TEXT ·fe4Add(SB), NOSPLIT, $0-24")
	p("MOVQ z+0(FP), DI")
	p("MOVQ x+8(FP), SI")
	p("MOVQ y+16(FP), DX")
	for i := 0; i < 10; i++ {
		p("VMOVDQU %d(SI), %s", 32*i, h(i))
		p("VPADDQ %d(DX), %s, %s", 32*i, h(i), h(i))
	}
	store("DI")
	p("VZEROUPPER")
	p("RET")
	raw("")
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

// sub: z = x + m*p - y, limb by limb, then reduced when carry is set.
func genSub(name string, m int, carry bool) {
	raw(fmt.Sprintf("// func %s(z, x, y *fe4)", name))
	raw(fmt.Sprintf("TEXT ·%s(SB), NOSPLIT, $0-24", name))
	p("MOVQ z+0(FP), DI")
	p("MOVQ x+8(FP), SI")
	p("MOVQ y+16(FP), DX")
	loadMultiple(m)
	for i := 0; i < 10; i++ {
		p("VPADDQ %d(SI), %s, %s", 32*i, multipleReg(i), h(i))
		p("VPSUBQ %d(DX), %s, %s", 32*i, h(i), h(i))
	}
	if carry {
		loadMasks()
		carryChain()
	}
	store("DI")
	p("VZEROUPPER")
	p("RET")
	raw("")
}

func genCarry() {
	raw("// func fe4Carry(z, x *fe4)")
	raw("TEXT ·fe4Carry(SB), NOSPLIT, $0-16")
	p("MOVQ z+0(FP), DI")
	p("MOVQ x+8(FP), SI")
	for i := 0; i < 10; i++ {
		p("VMOVDQU %d(SI), %s", 32*i, h(i))
	}
	loadMasks()
	carryChain()
	store("DI")
	p("VZEROUPPER")
	p("RET")
	raw("")
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
	constant("c19", 19)
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
	genCarry()
	genSelect()
	os.Stdout.WriteString(out.String())
}
