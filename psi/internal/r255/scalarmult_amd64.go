//go:build amd64 && !purego

package r255

import (
	"filippo.io/edwards25519"
	"filippo.io/edwards25519/field"
	"golang.org/x/sys/cpu"
)

// useAVX2 selects the 4-lane scalar multiplication (cpu.X86.HasAVX2 also
// checks that the OS saves the YMM registers).
var useAVX2 = cpu.X86.HasAVX2

// Four points on -x²+y² = 1+d·x²y² in the coordinate systems of
// edwards25519 (extended P3, completed P1xP1, projective P2), one per lane.
type (
	p3x4 struct{ x, y, z, t fe4 }
	p1x4 struct{ x, y, z, t fe4 }
	p2x4 struct{ x, y, z fe4 }
)

// fe4D2 is 2d in every lane.
var fe4D2 = func() (v fe4) {
	d2 := new(field.Element).Add(curveD, curveD)
	for l := range 4 {
		v.setLane(l, d2)
	}
	return v
}()

// sm4 is the working state of one 4-lane scalar multiplication.
type sm4 struct {
	tbl    [9]cached4 // 0·P … 8·P per lane
	v      p3x4
	t1     p1x4
	t2     p2x4
	m      cached4
	a, b   fe4
	c, d   fe4
	digits [64]int8
	out    [4]field.Element
}

func (v *p3x4) setIdentity() {
	*v = p3x4{}
	for l := range 4 {
		v.y[0][l] = 1
		v.z[0][l] = 1
	}
}

// fromP3 sets c to the cached form of p (as edwards25519's
// projCached.FromP3): p in T (P3 from fe4Mul or setLane).
func (c *cached4) fromP3(p *p3x4) {
	fe4Add(&c.ypx, &p.y, &p.x)
	fe4Sub(&c.ymx, &p.y, &p.x)
	fe4Add(&c.z2, &p.z, &p.z)
	fe4Mul(&c.t2d, &p.t, &fe4D2)
}

// fromP1 converts P1xP1 (coordinates in L) to P3 (in T).
func (v *p3x4) fromP1(p *p1x4) {
	fe4Mul(&v.x, &p.x, &p.t)
	fe4Mul(&v.y, &p.y, &p.z)
	fe4Mul(&v.z, &p.z, &p.t)
	fe4Mul(&v.t, &p.x, &p.y)
}

// fromP1 converts P1xP1 (coordinates in L) to P2 (in T).
func (v *p2x4) fromP1(p *p1x4) {
	fe4Mul(&v.x, &p.x, &p.t)
	fe4Mul(&v.y, &p.y, &p.z)
	fe4Mul(&v.z, &p.z, &p.t)
}

// dbl is dbl-2008-hwcd (a = -1) as edwards25519's projP1xP1.Double: p in T,
// out: X, T in T; Y in T+T; Z in T+2p.
func (s *sm4) dbl(out *p1x4, p *p2x4) {
	fe4Square(&s.a, &p.x)      // XX
	fe4Square(&s.b, &p.y)      // YY
	fe4Square2(&s.c, &p.z)     // 2ZZ
	fe4Add(&s.d, &p.x, &p.y)   // X+Y in T+T
	fe4Square(&s.d, &s.d)      // (X+Y)²
	fe4Add(&out.y, &s.b, &s.a) // YY+XX in T+T
	fe4Sub(&out.z, &s.b, &s.a) // YY-XX in T+2p
	fe4SubCarry(&out.x, &s.d, &out.y)
	fe4SubCarry(&out.t, &s.c, &out.z)
}

// add is add-2008-hwcd-3 as edwards25519's projP1xP1.Add: p in T, q a
// cached4; out: Y, Z in T+T; X, T in T+2p.
func (s *sm4) add(out *p1x4, p *p3x4, q *cached4) {
	fe4Add(&s.a, &p.y, &p.x)
	fe4Sub(&s.b, &p.y, &p.x)
	fe4Mul(&s.a, &s.a, &q.ypx) // PP
	fe4Mul(&s.b, &s.b, &q.ymx) // MM
	fe4Mul(&s.c, &p.t, &q.t2d) // TT2d
	fe4Mul(&s.d, &p.z, &q.z2)  // ZZ2
	fe4Sub(&out.x, &s.a, &s.b)
	fe4Add(&out.y, &s.a, &s.b)
	fe4Add(&out.z, &s.d, &s.c)
	fe4Sub(&out.t, &s.d, &s.c)
}

// selectDigit sets s.m = d·P per lane in constant time.
func (s *sm4) selectDigit(d int8) {
	xmask := d >> 7
	xabs := uint64(uint8((d + xmask) ^ xmask))
	selectCached(&s.m, &s.tbl, xabs, uint64(int64(xmask)))
}

// run sets s.v = k·s.v for the digits of k, with the structure of
// edwards25519's Point.ScalarMult: a table of 0..8 multiples, then 64
// windows of four doublings and one addition, most significant first.
func (s *sm4) run() {
	var id p3x4
	id.setIdentity()
	s.tbl[0].fromP3(&id)
	s.tbl[1].fromP3(&s.v)
	var t p3x4
	for i := 2; i <= 8; i++ {
		s.add(&s.t1, &s.v, &s.tbl[i-1])
		t.fromP1(&s.t1)
		s.tbl[i].fromP3(&t)
	}
	s.selectDigit(s.digits[63])
	s.add(&s.t1, &id, &s.m)
	for i := 62; i >= 0; i-- {
		s.t2.fromP1(&s.t1)
		s.dbl(&s.t1, &s.t2)
		s.t2.fromP1(&s.t1)
		s.dbl(&s.t1, &s.t2)
		s.t2.fromP1(&s.t1)
		s.dbl(&s.t1, &s.t2)
		s.t2.fromP1(&s.t1)
		s.dbl(&s.t1, &s.t2)
		s.v.fromP1(&s.t1)
		s.selectDigit(s.digits[i])
		s.add(&s.t1, &s.v, &s.m)
	}
	s.v.fromP1(&s.t1)
}

// load sets s.v to the four points.
func (s *sm4) load(pts []*Element) {
	for l, e := range pts[:4] {
		X, Y, Z, T := e.p.ExtendedCoordinates()
		s.v.x.setLane(l, X)
		s.v.y.setLane(l, Y)
		s.v.z.setLane(l, Z)
		s.v.t.setLane(l, T)
	}
}

// store writes s.v to the four points.
func (s *sm4) store(pts []*Element) {
	for l, e := range pts[:4] {
		x, y, z, t := &s.out[0], &s.out[1], &s.out[2], &s.out[3]
		s.v.x.laneInto(l, x)
		s.v.y.laneInto(l, y)
		s.v.z.laneInto(l, z)
		s.v.t.laneInto(l, t)
		if _, err := e.p.SetExtendedCoordinates(x, y, z, t); err != nil {
			panic("r255: 4-lane scalar multiplication produced an invalid point")
		}
	}
}

// scalarMultBatch4 multiplies the points of pts in groups of four and
// returns how many it did (len(pts) rounded down to a multiple of 4).
func scalarMultBatch4(k *edwards25519.Scalar, pts []*Element) int {
	s := new(sm4)
	s.digits = signedRadix16(k)
	n := len(pts) &^ 3
	for i := 0; i < n; i += 4 {
		s.load(pts[i : i+4])
		s.run()
		s.store(pts[i : i+4])
	}
	return n
}
