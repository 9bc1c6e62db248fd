//go:build amd64 && !purego

package r255

import (
	"crypto/rand"
	"math/big"
	mrand "math/rand/v2"
	"testing"

	"filippo.io/edwards25519/field"
)

var (
	bigP     = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 255), big.NewInt(19))
	fe4Tight = limbBounds(1<<26, 1<<25+1<<18)
	fe4Loose = limbBounds(3<<26, 3<<25+1<<19)
	fe4P2    = pMultiple(2)
	fe4P4    = pMultiple(4)
)

// limbBounds returns exclusive per-limb bounds (even, odd).
func limbBounds(even, odd uint64) (b [10]uint64) {
	for i := range b {
		b[i] = even
		if i%2 == 1 {
			b[i] = odd
		}
	}
	return b
}

// pMultiple returns the limbs of m·p (inclusive values).
func pMultiple(m uint64) (b [10]uint64) {
	for i := range b {
		b[i] = m * (1<<fe4Width[i] - 1)
	}
	b[0] = m * (1<<26 - 19)
	return b
}

func within(v *fe4, bound [10]uint64) bool {
	for i := range v {
		for l := range 4 {
			if v[i][l] >= bound[i] {
				return false
			}
		}
	}
	return true
}

func randFE(t testing.TB) *field.Element {
	var b [64]byte
	rand.Read(b[:])
	x, err := new(field.Element).SetWideBytes(b[:])
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func fe4Of(xs ...*field.Element) *fe4 {
	var v fe4
	for l := range 4 {
		v.setLane(l, xs[l%len(xs)])
	}
	return &v
}

// randLimbs returns limbs uniform below bound, different in each lane.
func randLimbs(r *mrand.Rand, bound [10]uint64) *fe4 {
	var v fe4
	for i := range v {
		for l := range 4 {
			v[i][l] = r.Uint64N(bound[i])
		}
	}
	return &v
}

// maxLimbs returns limbs equal to bound-1.
func maxLimbs(bound [10]uint64) *fe4 {
	var v fe4
	for i := range v {
		for l := range 4 {
			v[i][l] = bound[i] - 1
		}
	}
	return &v
}

// laneBig is the reference value of lane l: Σ limb·2^off, not reduced.
func laneBig(v *fe4, l int) *big.Int {
	n := new(big.Int)
	for i := 9; i >= 0; i-- {
		n.Add(n, new(big.Int).Lsh(new(big.Int).SetUint64(v[i][l]), fe4Off[i]))
	}
	return n
}

// lane returns lane l of v as a new field element (see laneInto).
func (v *fe4) lane(l int) *field.Element { return v.laneInto(l, new(field.Element)) }

func feBig(x *field.Element) *big.Int {
	b := x.Bytes()
	slicesReverse(b)
	return new(big.Int).SetBytes(b)
}

func slicesReverse(b []byte) {
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
}

func TestFe4LaneConversion(t *testing.T) {
	r := mrand.New(mrand.NewPCG(1, 2))
	all := limbBounds(1<<63, 1<<63)
	for range 200 {
		for _, v := range []*fe4{randLimbs(r, fe4Tight), randLimbs(r, fe4Loose), randLimbs(r, all), maxLimbs(all)} {
			for l := range 4 {
				want := new(big.Int).Mod(laneBig(v, l), bigP)
				if got := feBig(v.lane(l)); got.Cmp(want) != 0 {
					t.Fatalf("lane %d: got %v, want %v", l, got, want)
				}
			}
		}
	}
	// setLane is exact and tight.
	for range 200 {
		xs := []*field.Element{randFE(t), randFE(t), randFE(t), randFE(t)}
		v := fe4Of(xs...)
		if !within(v, limbBounds(1<<26, 1<<25)) {
			t.Fatal("setLane limbs not reduced")
		}
		for l := range 4 {
			if laneBig(v, l).Cmp(feBig(xs[l])) != 0 || v.lane(l).Equal(xs[l]) != 1 {
				t.Fatalf("lane %d round trip", l)
			}
		}
	}
}

// specialFEs are field elements at the edges: 0, 1, p-1, p-2, 2^255-1 and
// p (via SetBytes, which reduces), values with all limbs full, and so on.
func specialFEs(t testing.TB) []*field.Element {
	var out []*field.Element
	add := func(n *big.Int) {
		var b [32]byte
		nb := n.Bytes()
		for i := range nb {
			b[i] = nb[len(nb)-1-i]
		}
		x, err := new(field.Element).SetBytes(b[:])
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, x)
	}
	one := big.NewInt(1)
	for _, n := range []*big.Int{
		big.NewInt(0), one, big.NewInt(2), big.NewInt(19),
		new(big.Int).Sub(bigP, one), new(big.Int).Sub(bigP, big.NewInt(2)), bigP,
		new(big.Int).Add(bigP, one), new(big.Int).Sub(new(big.Int).Lsh(one, 255), one),
		new(big.Int).Lsh(one, 254), new(big.Int).Sub(new(big.Int).Lsh(one, 254), one),
		new(big.Int).Lsh(one, 128), new(big.Int).Sub(new(big.Int).Lsh(one, 26), one),
	} {
		add(n)
	}
	return out
}

type fe4Case struct {
	name string
	x, y *fe4
}

// fe4Cases returns operand pairs within bound: random, at the maximum,
// mixed, and from special field elements; lanes differ.
func fe4Cases(t *testing.T, bound [10]uint64) []fe4Case {
	r := mrand.New(mrand.NewPCG(3, 4))
	var cs []fe4Case
	for range 300 {
		cs = append(cs, fe4Case{"random", randLimbs(r, bound), randLimbs(r, bound)})
		cs = append(cs, fe4Case{"randomFE", fe4Of(randFE(t), randFE(t), randFE(t), randFE(t)), fe4Of(randFE(t), randFE(t), randFE(t), randFE(t))})
	}
	m := maxLimbs(bound)
	cs = append(cs, fe4Case{"max*max", m, m})
	for range 50 {
		// Each limb independently at its maximum or random, per lane.
		x, y := randLimbs(r, bound), randLimbs(r, bound)
		for i := range x {
			for l := range 4 {
				if r.IntN(2) == 0 {
					x[i][l] = bound[i] - 1
				}
				if r.IntN(2) == 0 {
					y[i][l] = bound[i] - 1
				}
			}
		}
		cs = append(cs, fe4Case{"maxmix", x, y})
	}
	sp := specialFEs(t)
	for i, a := range sp {
		for j, b := range sp {
			cs = append(cs, fe4Case{"special", fe4Of(a, b, sp[(i+j)%len(sp)], m.lane(i%4)), fe4Of(b, a, m.lane(j%4), sp[(i*j)%len(sp)])})
		}
		cs = append(cs, fe4Case{"special/max", fe4Of(a, sp[(i+1)%len(sp)], a, a), m})
	}
	return cs
}

func checkLanes(t *testing.T, name string, got *fe4, bound [10]uint64, want func(l int) *field.Element) {
	t.Helper()
	if !within(got, bound) {
		t.Fatalf("%s: output limbs out of bound: %v", name, got)
	}
	for l := range 4 {
		if w := want(l); got.lane(l).Equal(w) != 1 {
			t.Fatalf("%s: lane %d: got %x, want %x", name, l, got.lane(l).Bytes(), w.Bytes())
		}
	}
}

func TestFe4MulSquare(t *testing.T) {
	for _, c := range fe4Cases(t, fe4Loose) {
		var z fe4
		fe4Mul(&z, c.x, c.y)
		checkLanes(t, c.name+" mul", &z, fe4Tight, func(l int) *field.Element {
			return new(field.Element).Multiply(c.x.lane(l), c.y.lane(l))
		})
		fe4Square(&z, c.x)
		checkLanes(t, c.name+" square", &z, fe4Tight, func(l int) *field.Element {
			return new(field.Element).Square(c.x.lane(l))
		})
		fe4Square2(&z, c.y)
		checkLanes(t, c.name+" square2", &z, fe4Tight, func(l int) *field.Element {
			s := new(field.Element).Square(c.y.lane(l))
			return s.Add(s, s)
		})
		// In-place forms.
		z = *c.x
		fe4Mul(&z, &z, c.y)
		checkLanes(t, c.name+" mul in place", &z, fe4Tight, func(l int) *field.Element {
			return new(field.Element).Multiply(c.x.lane(l), c.y.lane(l))
		})
	}
}

func TestFe4AddSubCarry(t *testing.T) {
	for _, c := range fe4Cases(t, fe4Tight) {
		var z fe4
		fe4Add(&z, c.x, c.y)
		checkLanes(t, c.name+" add", &z, fe4Loose, func(l int) *field.Element {
			return new(field.Element).Add(c.x.lane(l), c.y.lane(l))
		})
		fe4Sub(&z, c.x, c.y)
		checkLanes(t, c.name+" sub", &z, fe4Loose, func(l int) *field.Element {
			return new(field.Element).Subtract(c.x.lane(l), c.y.lane(l))
		})
		fe4SubCarry(&z, &z, new(fe4))
		checkLanes(t, c.name+" carry", &z, fe4Tight, func(l int) *field.Element {
			return new(field.Element).Subtract(c.x.lane(l), c.y.lane(l))
		})
	}
	// fe4SubCarry takes a subtrahend up to 4p and a loose minuend.
	for _, c := range fe4Cases(t, fe4Loose) {
		var z fe4
		fe4SubCarry(&z, c.x, c.y)
		checkLanes(t, c.name+" subcarry", &z, fe4Tight, func(l int) *field.Element {
			return new(field.Element).Subtract(c.x.lane(l), c.y.lane(l))
		})
	}
	// Subtrahends exactly at 2p and 4p; minuend 0 or at its maximum.
	var p2, p4 fe4
	for i := range 10 {
		for l := range 4 {
			p2[i][l], p4[i][l] = fe4P2[i], fe4P4[i]
		}
	}
	for _, x := range []*fe4{new(fe4), maxLimbs(fe4Tight), maxLimbs(fe4Loose)} {
		var z fe4
		if within(x, fe4Tight) {
			fe4Sub(&z, x, &p2)
			checkLanes(t, "sub 2p", &z, fe4Loose, func(l int) *field.Element { return x.lane(l) })
		}
		fe4SubCarry(&z, x, &p4)
		checkLanes(t, "subcarry 4p", &z, fe4Tight, func(l int) *field.Element { return x.lane(l) })
	}
	// The carry chain (fe4SubCarry with y = 0) on limbs up to 2^63.
	r := mrand.New(mrand.NewPCG(5, 6))
	all := limbBounds(1<<63, 1<<63)
	for _, x := range []*fe4{maxLimbs(all), randLimbs(r, all), randLimbs(r, all)} {
		var z fe4
		fe4SubCarry(&z, x, new(fe4))
		checkLanes(t, "carry wide", &z, fe4Tight, func(l int) *field.Element { return x.lane(l) })
	}
}

// TestFe4Chain runs chains of 1000 random operations with no intermediate
// canonicalisation, each step respecting only the documented preconditions
// (inputs to mul/square in L, subtrahends of fe4Sub in T), against field.
func TestFe4Chain(t *testing.T) {
	r := mrand.New(mrand.NewPCG(7, 8))
	for chain := range 20 {
		var v [4]*fe4 // always in T
		var ref [4][4]*field.Element
		for k := range v {
			switch chain % 3 {
			case 0:
				xs := [4]*field.Element{randFE(t), randFE(t), randFE(t), randFE(t)}
				v[k] = fe4Of(xs[:]...)
			case 1:
				v[k] = maxLimbs(fe4Tight)
			default:
				sp := specialFEs(t)
				v[k] = fe4Of(sp[r.IntN(len(sp))], sp[r.IntN(len(sp))], sp[r.IntN(len(sp))], sp[r.IntN(len(sp))])
			}
			for l := range 4 {
				ref[k][l] = v[k].lane(l)
			}
		}
		for step := range 1000 {
			a, b, c := r.IntN(4), r.IntN(4), r.IntN(4)
			var s, u, z fe4
			op := r.IntN(7)
			want := make([]*field.Element, 4)
			for l := range 4 {
				x, y := ref[a][l], ref[b][l]
				w := new(field.Element)
				switch op {
				case 0:
					w.Multiply(x, y)
				case 1:
					w.Square(x)
				case 2:
					w.Square(x)
					w.Add(w, w)
				case 3: // (x+y)(x-y)
					w.Multiply(new(field.Element).Add(x, y), new(field.Element).Subtract(x, y))
				case 4: // (x+y) - (x-y) with carry
					w.Subtract(new(field.Element).Add(x, y), new(field.Element).Subtract(x, y))
				case 5: // 2(x+y): (x+y)+(x+y), reduced by fe4SubCarry with y = 0
					w.Add(x, y)
					w.Add(w, w)
				case 6: // x·(2p - y) with 2p-y from fe4Sub(0, y)
					w.Negate(y)
					w.Multiply(x, w)
				}
				want[l] = w
			}
			switch op {
			case 0:
				fe4Mul(&z, v[a], v[b])
			case 1:
				fe4Square(&z, v[a])
			case 2:
				fe4Square2(&z, v[a])
			case 3:
				fe4Add(&s, v[a], v[b])
				fe4Sub(&u, v[a], v[b])
				fe4Mul(&z, &s, &u)
			case 4:
				fe4Add(&s, v[a], v[b])
				fe4Sub(&u, v[a], v[b])
				fe4SubCarry(&z, &s, &u)
			case 5:
				fe4Add(&s, v[a], v[b])
				fe4Add(&s, &s, &s)
				fe4SubCarry(&z, &s, new(fe4))
			case 6:
				fe4Sub(&u, new(fe4), v[b])
				fe4Mul(&z, v[a], &u)
			}
			if !within(&z, fe4Tight) {
				t.Fatalf("chain %d step %d op %d: result out of T: %v", chain, step, op, z)
			}
			*v[c] = z
			copy(ref[c][:], want)
			for l := range 4 {
				if v[c].lane(l).Equal(ref[c][l]) != 1 {
					t.Fatalf("chain %d step %d op %d lane %d: mismatch", chain, step, op, l)
				}
			}
		}
	}
}

// TestFe4Bounds recomputes the numeric claims of fe4_amd64.go's comments.
func TestFe4Bounds(t *testing.T) {
	lim64 := new(big.Int).Lsh(big.NewInt(1), 64)
	lim32 := uint64(1) << 32
	Lmax := [10]uint64{}
	for i := range Lmax {
		Lmax[i] = fe4Loose[i] - 1
	}
	// Multiplier operands fit in 32 bits.
	for i := range 10 {
		if 19*Lmax[i] >= lim32 || 4*Lmax[i] >= lim32 {
			t.Fatalf("limb %d: 19·L or 4·L does not fit 32 bits", i)
		}
	}
	// Column sums of the product at the L bounds (square ≤ mul(x, x)).
	var maxCol *big.Int
	for k := range 10 {
		s := new(big.Int)
		for i := range 10 {
			for j := range 10 {
				if (i+j)%10 != k {
					continue
				}
				c := uint64(1)
				if i%2 == 1 && j%2 == 1 {
					c *= 2
				}
				if i+j >= 10 {
					c *= 19
				}
				term := new(big.Int).SetUint64(c)
				term.Mul(term, new(big.Int).SetUint64(Lmax[i]))
				term.Mul(term, new(big.Int).SetUint64(Lmax[j]))
				s.Add(s, term)
			}
		}
		if maxCol == nil || s.Cmp(maxCol) > 0 {
			maxCol = s
		}
	}
	// Square2 doubles the columns; the carry chain adds < 2^39 more.
	col2 := new(big.Int).Lsh(maxCol, 1)
	col2.Add(col2, new(big.Int).Lsh(big.NewInt(1), 39))
	if col2.Cmp(lim64) >= 0 {
		t.Fatalf("accumulators may overflow: %v", col2)
	}
	if maxCol.Cmp(new(big.Int).Lsh(big.NewInt(1), 63)) >= 0 {
		t.Fatalf("mul accumulators ≥ 2^63")
	}
	// T+T, T+2p, 2p-0 are in L; T ≤ 2p; L ≤ 4p.
	for i := range 10 {
		T := fe4Tight[i] - 1
		if 2*T >= fe4Loose[i] || T+fe4P2[i] >= fe4Loose[i] || fe4P2[i] >= fe4Loose[i] {
			t.Fatalf("limb %d: L does not contain T+T, T+2p or 2p", i)
		}
		if T > fe4P2[i] || Lmax[i] > fe4P4[i] {
			t.Fatalf("limb %d: T ≰ 2p or L ≰ 4p", i)
		}
	}
	// Carry chain: the last carries into limbs 1 and 5 with any inputs
	// < 2^64: c9 < 2^39, h0 < 2^26 + 19·2^39, so c0 < 2^18 - ...; limb 4
	// < 2^26 + 2^39 gives c4 < 2^13.
	c0 := (uint64(1)<<26 + 19*(uint64(1)<<39)) >> 26
	c4 := (uint64(1)<<26 + uint64(1)<<39) >> 26
	if 1<<25+c0 > fe4Tight[1] || 1<<25+c4 > fe4Tight[5] {
		t.Fatalf("T does not cover the final carries %d, %d", c0, c4)
	}
}

func TestSelectCached(t *testing.T) {
	r := mrand.New(mrand.NewPCG(9, 10))
	var tbl [9]cached4
	for j := range tbl {
		tbl[j] = cached4{*randLimbs(r, fe4Loose), *randLimbs(r, fe4Loose), *randLimbs(r, fe4Loose), *randLimbs(r, fe4Tight)}
	}
	for x := range 9 {
		for _, neg := range []uint64{0, ^uint64(0)} {
			var d cached4
			selectCached(&d, &tbl, uint64(x), neg)
			want := tbl[x]
			if neg != 0 {
				want.ypx, want.ymx = want.ymx, want.ypx
				for i := range 10 {
					for l := range 4 {
						want.t2d[i][l] = fe4P2[i] - want.t2d[i][l]
					}
				}
			}
			if d != want {
				t.Fatalf("select %d neg %x: wrong entry", x, neg)
			}
		}
	}
	var d cached4
	selectCached(&d, &tbl, 9, 0)
	if d != (cached4{}) {
		t.Fatal("out-of-range digit selected something")
	}
}
