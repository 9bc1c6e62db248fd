package r255

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"testing"

	"filippo.io/edwards25519/field"
)

func TestSqrtRatio4(t *testing.T) {
	var zero, one field.Element
	one.One()
	vals := []*field.Element{&zero, &one, feMinusOne, sqrtM1, curveD}
	for range 40 {
		var b [32]byte
		rand.Read(b[:])
		x, _ := new(field.Element).SetBytes(b[:])
		vals = append(vals, x)
	}
	for i := 0; i+4 <= len(vals)*len(vals); i += 3 {
		var u, v, r [4]field.Element
		for l := range 4 {
			u[l].Set(vals[(i+l)%len(vals)])
			v[l].Set(vals[(i/len(vals)+7*l)%len(vals)])
		}
		ws := sqrtRatio4(&r, &u, &v)
		for l := range 4 {
			var want field.Element
			_, w := want.SqrtRatio(&u[l], &v[l])
			if ws[l] != w || r[l].Equal(&want) != 1 {
				t.Fatalf("case %d lane %d: got (%x, %d), want (%x, %d)", i, l, r[l].Bytes(), ws[l], want.Bytes(), w)
			}
		}
	}
}

func TestHashBatch(t *testing.T) {
	h, err := NewHasher([]byte("hash-batch-test"))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, 1, 2, 3, 4, 5, 7, 8, 13, 64} {
		msgs := make([][]byte, n)
		for i := range msgs {
			msgs[i] = make([]byte, i%40)
			rand.Read(msgs[i])
		}
		if n > 3 {
			msgs[3] = nil
		}
		dst := make([]Element, n+1)
		h.HashBatch(dst, msgs)
		for i, m := range msgs {
			want := h.Hash(new(Element), m).Encode(nil)
			if got := dst[i].Encode(nil); !bytes.Equal(got, want) {
				t.Fatalf("n=%d item %d: got %x, want %x", n, i, got, want)
			}
		}
	}
}

// badClasses are RFC 9496 A.2 encodings by class, and the identity.
func badClasses(t testing.TB) map[string][]byte {
	m := map[string][]byte{"identity": make([]byte, 32)}
	for i, s := range badEncodings {
		class := "non-square"
		switch {
		case i < 4:
			class = "non-canonical"
		case i < 12:
			class = "negative"
		case i == len(badEncodings)-1:
			class = "y-zero"
		}
		m[fmt.Sprintf("%s-%d", class, i)] = unhex(t, s)
	}
	return m
}

// validEncodings returns n encodings of different elements.
func validEncodings(t testing.TB, n int) []byte {
	var out []byte
	for i := range n {
		if i < len(generatorMultiples)-1 {
			out = append(out, unhex(t, generatorMultiples[i+1])...)
			continue
		}
		var b [64]byte
		rand.Read(b[:])
		out = new(Element).FromUniformBytes(b[:]).Encode(out)
	}
	return out
}

// checkDecodeBatch compares DecodeBatch with DecodeNonIdentity element by
// element: the same first failing index and error, the same elements.
func checkDecodeBatch(t testing.TB, src []byte) {
	t.Helper()
	n := len(src) / 32
	wantBad, wantErr := -1, error(nil)
	want := make([]Element, n)
	for i := range n {
		if _, err := want[i].DecodeNonIdentity(src[32*i : 32*i+32]); err != nil {
			wantBad, wantErr = i, err
			break
		}
	}
	dst := make([]Element, n)
	bad, err := DecodeBatch(dst, src)
	if bad != wantBad || !errors.Is(err, wantErr) || (err == nil) != (wantErr == nil) {
		t.Fatalf("DecodeBatch = (%d, %v), want (%d, %v)", bad, err, wantBad, wantErr)
	}
	if err != nil {
		return
	}
	for i := range n {
		if got, w := dst[i].Encode(nil), want[i].Encode(nil); !bytes.Equal(got, w) || !bytes.Equal(got, src[32*i:32*i+32]) {
			t.Fatalf("element %d: got %x, want %x", i, got, w)
		}
	}
}

func TestDecodeBatch(t *testing.T) {
	for _, n := range []int{0, 1, 3, 4, 5, 8, 9, 31} {
		checkDecodeBatch(t, validEncodings(t, n))
	}
	// Every invalid class in every lane position of two groups of four
	// and of a partial group, after and before valid elements.
	for name, b := range badClasses(t) {
		for pos := range 9 {
			src := validEncodings(t, 9)
			copy(src[32*pos:], b)
			t.Run(fmt.Sprintf("%s/%d", name, pos), func(t *testing.T) { checkDecodeBatch(t, src) })
			// A second bad element later: the first is reported.
			if pos < 8 {
				copy(src[32*8:], unhex(t, badEncodings[len(badEncodings)-2]))
				checkDecodeBatch(t, src)
			}
		}
	}
	// All bad classes in a row.
	var src []byte
	for _, b := range badClasses(t) {
		src = append(src, b...)
	}
	checkDecodeBatch(t, src)
}

func FuzzHashBatch(f *testing.F) {
	f.Add([]byte("a"), []byte{}, []byte("bcd"), []byte("x"), uint8(4))
	h, err := NewHasher([]byte("fuzz-hash-batch"))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, m0, m1, m2, m3 []byte, n uint8) {
		msgs := [][]byte{m0, m1, m2, m3, m0, m3, m1}[:n%8]
		dst := make([]Element, len(msgs))
		h.HashBatch(dst, msgs)
		for i, m := range msgs {
			if got, want := dst[i].Encode(nil), h.Hash(new(Element), m).Encode(nil); !bytes.Equal(got, want) {
				t.Fatalf("item %d: got %x, want %x", i, got, want)
			}
		}
	})
}

func FuzzDecodeBatch(f *testing.F) {
	f.Add(validEncodings(f, 5))
	f.Add(append(validEncodings(f, 3), make([]byte, 32)...))
	f.Add(unhex(f, badEncodings[10]))
	f.Fuzz(func(t *testing.T, src []byte) {
		checkDecodeBatch(t, src[:len(src)&^31])
	})
}
