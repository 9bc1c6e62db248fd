package r255

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"math/big"
	"testing"

	"filippo.io/edwards25519"
)

// lMinus1 is ℓ-1 little-endian.
const lMinus1 = "ecd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010"

func scalarFromHex(t testing.TB, s string) *edwards25519.Scalar {
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	k, err := edwards25519.NewScalar().SetCanonicalBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func scalarFromBytes(t testing.TB, fill byte, top byte) *edwards25519.Scalar {
	b := bytes.Repeat([]byte{fill}, 32)
	b[31] = top
	k, err := edwards25519.NewScalar().SetCanonicalBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func testScalars(t testing.TB) map[string]*edwards25519.Scalar {
	small := func(n byte) *edwards25519.Scalar {
		var b [32]byte
		b[0] = n
		k, _ := edwards25519.NewScalar().SetCanonicalBytes(b[:])
		return k
	}
	all := bytes.Repeat([]byte{0xff}, 64)
	wide, _ := edwards25519.NewScalar().SetUniformBytes(all)
	m := map[string]*edwards25519.Scalar{
		"0": small(0), "1": small(1), "2": small(2), "8": small(8), "9": small(9),
		"l-1":       scalarFromHex(t, lMinus1),
		"nibbles15": scalarFromBytes(t, 0xff, 0x0f), // 2^252-1
		"nibbles8":  scalarFromBytes(t, 0x88, 0x08),
		"nibbles7":  scalarFromBytes(t, 0x77, 0x07),
		"wide":      wide,
		"half":      HalfScalar(small(1)),
	}
	for i := range 4 {
		m[fmt.Sprintf("random%d", i)] = randomScalar(t)
	}
	return m
}

func testPoints(t testing.TB, n int) []*Element {
	h, err := NewHasher([]byte("scalarmult-batch-test"))
	if err != nil {
		t.Fatal(err)
	}
	pts := make([]*Element, n)
	for i := range pts {
		switch i % 7 {
		case 0:
			pts[i] = h.Hash(new(Element), []byte(fmt.Sprint("item", i)))
		case 1:
			pts[i] = NewGenerator()
		case 2:
			pts[i] = NewIdentity()
		case 3:
			var b [64]byte
			rand.Read(b[:])
			pts[i] = new(Element).FromUniformBytes(b[:])
		case 4:
			pts[i] = new(Element).ScalarBaseMult(randomScalar(t))
		default:
			pts[i] = h.Hash(new(Element), []byte(fmt.Sprint("x", i)))
		}
	}
	return pts
}

// checkBatch compares ScalarMultBatch with ScalarMult on copies of pts.
func checkBatch(t testing.TB, k *edwards25519.Scalar, pts []*Element) {
	t.Helper()
	want := make([][]byte, len(pts))
	got := make([]*Element, len(pts))
	for i, p := range pts {
		want[i] = new(Element).ScalarMult(k, p).Encode(nil)
		got[i] = new(Element).Set(p)
	}
	ScalarMultBatch(k, got)
	for i := range pts {
		if g := got[i].Encode(nil); !bytes.Equal(g, want[i]) {
			t.Fatalf("point %d of %d: got %x, want %x", i, len(pts), g, want[i])
		}
	}
}

func TestScalarMultBatch(t *testing.T) {
	t.Logf("4-lane AVX2 path: %v", useAVX2)
	for name, k := range testScalars(t) {
		for _, n := range []int{0, 1, 3, 4, 5, 7, 8, 13} {
			t.Run(fmt.Sprintf("%s/%d", name, n), func(t *testing.T) {
				checkBatch(t, k, testPoints(t, n))
			})
		}
	}
	checkBatch(t, randomScalar(t), testPoints(t, 1024))
}

func TestScalarMultBatchSpecialPoints(t *testing.T) {
	k := randomScalar(t)
	// Identity and generator filling whole groups of four, and the RFC
	// 9496 multiples of the generator.
	for _, mk := range []func() *Element{NewIdentity, NewGenerator} {
		pts := []*Element{mk(), mk(), mk(), mk(), mk()}
		checkBatch(t, k, pts)
	}
	var pts []*Element
	for _, s := range generatorMultiples {
		b, _ := hex.DecodeString(s)
		e, err := new(Element).Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		pts = append(pts, e)
	}
	for _, k := range testScalars(t) {
		checkBatch(t, k, pts)
	}
}

func TestSignedRadix16(t *testing.T) {
	for name, k := range testScalars(t) {
		d := signedRadix16(k)
		sum := new(big.Int)
		for i := 63; i >= 0; i-- {
			if d[i] < -8 || d[i] > 8 || (i < 63 && d[i] == 8) {
				t.Fatalf("%s: digit %d = %d out of range", name, i, d[i])
			}
			sum.Lsh(sum, 4)
			sum.Add(sum, big.NewInt(int64(d[i])))
		}
		b := k.Bytes()
		for i, j := 0, 31; i < j; i, j = i+1, j-1 {
			b[i], b[j] = b[j], b[i]
		}
		if want := new(big.Int).SetBytes(b); sum.Cmp(want) != 0 {
			t.Fatalf("%s: digits sum to %v, want %v", name, sum, want)
		}
	}
}

func FuzzScalarMultBatch(f *testing.F) {
	f.Add([]byte{1}, []byte("a"), []byte("b"), []byte("c"), []byte("d"))
	f.Add(bytes.Repeat([]byte{0xff}, 64), []byte{}, []byte("g"), []byte{}, []byte("x"))
	h, err := NewHasher([]byte("fuzz-scalarmult-batch"))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, kb, s0, s1, s2, s3 []byte) {
		var wide [64]byte
		copy(wide[:], kb)
		k, err := edwards25519.NewScalar().SetUniformBytes(wide[:])
		if err != nil {
			t.Fatal(err)
		}
		pts := make([]*Element, 0, 5)
		for _, s := range [][]byte{s0, s1, s2, s3} {
			switch {
			case len(s) == 0:
				pts = append(pts, NewIdentity())
			case string(s) == "g":
				pts = append(pts, NewGenerator())
			default:
				pts = append(pts, h.Hash(new(Element), s))
			}
		}
		checkBatch(t, k, pts)
		// A fifth point goes through the serial remainder.
		checkBatch(t, k, append(pts, h.Hash(new(Element), kb)))
	})
}
