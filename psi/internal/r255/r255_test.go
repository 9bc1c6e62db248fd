package r255

import (
	"bytes"
	"compress/gzip"
	"crypto"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"filippo.io/edwards25519"
	"github.com/cloudflare/circl/expander"
	"github.com/cloudflare/circl/group"
)

// RFC 9496 Appendix A.1: encodings of 0·B … 15·B.
var generatorMultiples = []string{
	"0000000000000000000000000000000000000000000000000000000000000000",
	"e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76",
	"6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919",
	"94741f5d5d52755ece4f23f044ee27d5d1ea1e2bd196b462166b16152a9d0259",
	"da80862773358b466ffadfe0b3293ab3d9fd53c5ea6c955358f568322daf6a57",
	"e882b131016b52c1d3337080187cf768423efccbb517bb495ab812c4160ff44e",
	"f64746d3c92b13050ed8d80236a7f0007c3b3f962f5ba793d19a601ebb1df403",
	"44f53520926ec81fbd5a387845beb7df85a96a24ece18738bdcfa6a7822a176d",
	"903293d8f2287ebe10e2374dc1a53e0bc887e592699f02d077d5263cdd55601c",
	"02622ace8f7303a31cafc63f8fc48fdc16e1c8c8d234b2f0d6685282a9076031",
	"20706fd788b2720a1ed2a5dad4952b01f413bcf0e7564de8cdc816689e2db95f",
	"bce83f8ba5dd2fa572864c24ba1810f9522bc6004afe95877ac73241cafdab42",
	"e4549ee16b9aa03099ca208c67adafcafa4c3f3e4e5303de6026e3ca8ff84460",
	"aa52e000df2e16f55fb1032fc33bc42742dad6bd5a8fc0be0167436c5948501f",
	"46376b80f409b29dc2b5f6f0c52591990896e5716f41477cd30085ab7f10301e",
	"e0c418f7c8d9c4cdd7395b93ea124f3ad99021bb681dfc3302a9d99a2e53e64e",
}

// RFC 9496 Appendix A.2: encodings that must be rejected.
var badEncodings = []string{
	"00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
	"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	"f3ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	"0100000000000000000000000000000000000000000000000000000000000000",
	"01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	"ed57ffd8c914fb201471d1c3d245ce3c746fcbe63a3679d51b6a516ebebe0e20",
	"c34c4e1826e5d403b78e246e88aa051c36ccf0aafebffe137d148a2bf9104562",
	"c940e5a4404157cfb1628b108db051a8d439e1a421394ec4ebccb9ec92a8ac78",
	"47cfc5497c53dc8e61c91d17fd626ffb1c49e2bca94eed052281b510b1117a24",
	"f1c6165d33367351b0da8f6e4511010c68174a03b6581212c71c0e1d026c3c72",
	"87260f7a2f12495118360f02c26a470f450dadf34a413d21042b43b9d93e1309",
	"26948d35ca62e643e26a83177332e6b6afeb9d08e4268b650f1f5bbd8d81d371",
	"4eac077a713c57b4f4397629a4145982c661f48044dd3f96427d40b147d9742f",
	"de6a7b00deadc788eb6b6c8d20c0ae96c2f2019078fa604fee5b87d6e989ad7b",
	"bcab477be20861e01e4a0e295284146a510150d9817763caf1a6f4b422d67042",
	"2a292df7e32cababbd9de088d1d1abec9fc0440f637ed2fba145094dc14bea08",
	"f4a9e534fc0d216c44b218fa0c42d99635a0127ee2e53c712f70609649fdff22",
	"8268436f8c4126196cf64b3c7ddbda90746a378625f9813dd9b8457077256731",
	"2810e5cbc2cc4d4eece54f61c6f69758e289aa7ab440b3cbeaa21995c2f4232b",
	"3eb858e78f5a7254d8c9731174a94f76755fd3941c0ac93735c07ba14579630e",
	"a45fdc55c76448c049a1ab33f17023edfb2be3581e9c7aade8a6125215e04220",
	"d483fe813c6ba647ebbfd3ec41adca1c6130c2beeee9d9bf065c8d151c5f396e",
	"8a2e1d30050198c65a54483123960ccc38aef6848e1ec8f5f780e8523769ba32",
	"32888462f8b486c68ad7dd9610be5192bbeaf3b443951ac1a8118419d9fa097b",
	"227142501b9d4355ccba290404bde41575b037693cef1f438c47f8fbf35d1165",
	"5c37cc491da847cfeb9281d407efc41e15144c876e0170b499a96a22ed31e01e",
	"445425117cb8c90edcbc7c1cc0e74f747f2c1efa5630a967c64f287792a48a4b",
	"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
}

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestGeneratorMultiplesMatchRFC9496(t *testing.T) {
	acc := NewIdentity()
	for i, want := range generatorMultiples {
		if got := hex.EncodeToString(acc.Encode(nil)); got != want {
			t.Fatalf("Encode(%d·B) = %s, want %s", i, got, want)
		}
		dec, err := new(Element).Decode(unhex(t, want))
		if err != nil || !dec.Equal(acc) {
			t.Fatalf("Decode(%d·B) = %v, want the element", i, err)
		}
		acc.Add(acc, NewGenerator())
	}
}

func TestDecodeRejectsRFC9496BadEncodings(t *testing.T) {
	for i, s := range badEncodings {
		if _, err := new(Element).Decode(unhex(t, s)); err != ErrNonCanonical {
			t.Errorf("vector %d: Decode = %v, want ErrNonCanonical", i, err)
		}
	}
}

func TestDecodeNonIdentityRejectsIdentity(t *testing.T) {
	if _, err := new(Element).DecodeNonIdentity(make([]byte, 32)); err != ErrIdentity {
		t.Fatalf("DecodeNonIdentity(0) = %v, want ErrIdentity", err)
	}
}

func TestDecodeRejectsWrongLength(t *testing.T) {
	for _, n := range []int{0, 31, 33, 64} {
		if _, err := new(Element).Decode(make([]byte, n)); err != ErrNonCanonical {
			t.Errorf("Decode(len %d) = %v, want ErrNonCanonical", n, err)
		}
	}
}

func randomScalar(t testing.TB) *edwards25519.Scalar {
	var b [64]byte
	rand.Read(b[:])
	s, err := edwards25519.NewScalar().SetUniformBytes(b[:])
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestAgreesWithCircl checks byte-for-byte agreement with circl's group for
// hash-to-group, scalar multiplication, encoding and decoding.
func TestAgreesWithCircl(t *testing.T) {
	g := group.Ristretto255
	dst := []byte("credq-psi-test-DST")
	h, err := NewHasher(dst)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 200 {
		msg := fmt.Appendf(nil, "cnid:v1:%d", i)
		if i%7 == 0 {
			msg = nil
		}
		want, _ := g.HashToElement(msg, dst).MarshalBinary()
		var e Element
		got := h.Hash(&e, msg).Encode(nil)
		if !bytes.Equal(got, want) {
			t.Fatalf("Hash(%q) = %x, circl %x", msg, got, want)
		}
		k := randomScalar(t)
		ck := g.NewScalar()
		if err := ck.UnmarshalBinary(k.Bytes()); err != nil {
			t.Fatal(err)
		}
		ce := g.NewElement()
		if err := ce.UnmarshalBinary(want); err != nil {
			t.Fatal(err)
		}
		wantMul, _ := g.NewElement().Mul(ce, ck).MarshalBinary()
		var m Element
		gotMul := m.ScalarMult(k, &e).Encode(nil)
		if !bytes.Equal(gotMul, wantMul) {
			t.Fatalf("ScalarMult = %x, circl %x", gotMul, wantMul)
		}
		var d Element
		if _, err := d.Decode(wantMul); err != nil || !d.Equal(&m) {
			t.Fatalf("Decode(circl output) = %v", err)
		}
	}
}

func TestDoubleEncodeBatchMatchesEncode(t *testing.T) {
	h, _ := NewHasher([]byte("batch"))
	k := randomScalar(t)
	half := HalfScalar(k)
	var scratch BatchScratch
	for _, n := range []int{1, 2, 17, 100} {
		pts := make([]*Element, n)
		want := make([]byte, 0, 32*n)
		for i := range pts {
			var base Element
			h.Hash(&base, []byte(strconv.Itoa(i*n)))
			want = new(Element).ScalarMult(k, &base).Encode(want)
			pts[i] = new(Element).ScalarMult(half, &base)
		}
		got := make([]byte, 32*n)
		DoubleEncodeBatch(got, pts, &scratch)
		if !bytes.Equal(got, want) {
			t.Fatalf("n=%d: DoubleEncodeBatch disagrees with Encode(k·P)", n)
		}
	}
}

func TestDoubleEncodeBatchWithIdentity(t *testing.T) {
	pts := []*Element{NewGenerator(), NewIdentity()}
	got := make([]byte, 64)
	var scratch BatchScratch
	DoubleEncodeBatch(got, pts, &scratch)
	want := new(Element).Add(NewGenerator(), NewGenerator()).Encode(nil)
	want = append(want, make([]byte, 32)...)
	if !bytes.Equal(got, want) {
		t.Fatalf("DoubleEncodeBatch(G, 0) = %x, want %x", got, want)
	}
}

// TestHashToGroupMatchesRFC9497 uses the RFC 9497 ristretto255-SHA512
// vectors as known answers for hash_to_group: BlindedElement =
// Blind · HashToGroup(Input) with DST "HashToGroup-" || contextString.
func TestHashToGroupMatchesRFC9497(t *testing.T) {
	f, err := os.Open("../../testdata/rfc9497.json.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var suites []struct {
		Identifier string
		GroupDST   string
		Vectors    []struct {
			Blind, BlindedElement, Input string
			Batch                        int
		}
	}
	if err := json.NewDecoder(zr).Decode(&suites); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range suites {
		if s.Identifier != "ristretto255-SHA512" {
			continue
		}
		h, err := NewHasher(unhex(t, s.GroupDST))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range s.Vectors {
			if v.Batch != 1 {
				continue
			}
			k, err := edwards25519.NewScalar().SetCanonicalBytes(unhex(t, v.Blind))
			if err != nil {
				t.Fatal(err)
			}
			var e Element
			h.Hash(&e, unhex(t, v.Input))
			got := hex.EncodeToString(new(Element).ScalarMult(k, &e).Encode(nil))
			if got != v.BlindedElement {
				t.Errorf("Blind·HashToGroup(%s) = %s, want %s", v.Input, got, v.BlindedElement)
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no ristretto255-SHA512 vectors found")
	}
}

// TestExpandAgreesWithCircl cross-checks expand_message_xmd against circl's
// RFC 9380 expander (itself tested against the RFC 9380 K.3 vectors).
func TestExpandAgreesWithCircl(t *testing.T) {
	dst := []byte("QUUX-V01-CS02-with-expander-SHA512-256")
	h, _ := NewHasher(dst)
	x := expander.NewExpanderMD(crypto.SHA512, dst)
	for _, msg := range []string{"", "abc", "abcdef0123456789", strings.Repeat("a", 300)} {
		got := h.Expand64([]byte(msg))
		if want := x.Expand([]byte(msg), 64); !bytes.Equal(got[:], want) {
			t.Errorf("Expand64(%q) = %x, want %x", msg, got, want)
		}
	}
}

func TestNewHasherRejectsBadDST(t *testing.T) {
	for _, n := range []int{0, 256} {
		if _, err := NewHasher(make([]byte, n)); err != ErrDST {
			t.Errorf("NewHasher(len %d) = %v, want ErrDST", n, err)
		}
	}
}

// TestHashDoesNotAllocate: hashing to the group runs once per item of every
// PSI set (Hash, and HashBatch through Expand64), so it must not allocate.
func TestHashDoesNotAllocate(t *testing.T) {
	h, _ := NewHasher([]byte("alloc"))
	msgs := [][]byte{[]byte("cnid:v1:1"), []byte("cnid:v1:2"), []byte("cnid:v1:3")}
	dst := make([]Element, len(msgs))
	var e Element
	if n := testing.AllocsPerRun(100, func() { h.Hash(&e, msgs[0]) }); n != 0 {
		t.Errorf("Hash allocates %v times per call, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() { h.HashBatch(dst, msgs) }); n != 0 {
		t.Errorf("HashBatch of %d messages allocates %v times per call, want 0", len(msgs), n)
	}
}
