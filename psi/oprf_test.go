package psi

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"filippo.io/edwards25519"
	"github.com/cloudflare/circl/oprf"
	"github.com/google/go-cmp/cmp"

	"github.com/credq/credq/psi/internal/r255"
)

type rfcVector struct {
	Batch                                                   int
	Blind, BlindedElement, EvaluationElement, Input, Output string
}

type rfcSuite struct {
	Identifier string
	Mode       int
	SkSm       string
	PkSm       string
	Vectors    []rfcVector
}

func loadRFC9497(t *testing.T) []rfcSuite {
	t.Helper()
	f, err := os.Open("testdata/rfc9497.json.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var all []rfcSuite
	if err := json.NewDecoder(zr).Decode(&all); err != nil {
		t.Fatal(err)
	}
	var out []rfcSuite
	for _, s := range all {
		if s.Identifier == suiteIdentifier && s.Mode <= 1 {
			out = append(out, s)
		}
	}
	if len(out) != 2 {
		t.Fatalf("found %d ristretto255-SHA512 OPRF/VOPRF suites, want 2", len(out))
	}
	return out
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// splitVec splits a comma-separated batch field of the RFC vectors.
func splitVec(t *testing.T, s string) [][]byte {
	var out [][]byte
	for _, p := range strings.Split(s, ",") {
		out = append(out, mustHex(t, p))
	}
	return out
}

// TestOPRFPathMatchesRFC9497 runs the RFC 9497 ristretto255-SHA512 vectors
// (OPRF and VOPRF modes, single and batched) through this package's Blind,
// BlindEvaluate and Finalize, and the key through the precompute path.
func TestOPRFPathMatchesRFC9497(t *testing.T) {
	for _, s := range loadRFC9497(t) {
		mode := OPRFMode(s.Mode)
		skb := mustHex(t, s.SkSm)
		key, err := ParseOPRFKey(append([]byte{byte(mode)}, skb...))
		if err != nil {
			t.Fatal(err)
		}
		if s.PkSm != "" && hex.EncodeToString(key.PublicKey()) != s.PkSm {
			t.Errorf("mode %d: pkS = %x, want %s", mode, key.PublicKey(), s.PkSm)
		}
		h, _ := r255.NewHasher(hashToGroupDST(mode))
		for vi, v := range s.Vectors {
			inputs := splitVec(t, v.Input)
			blinds := splitVec(t, v.Blind)
			rs := make([]*edwards25519.Scalar, len(blinds))
			rinv := make([]*edwards25519.Scalar, len(blinds))
			for i, b := range blinds {
				rs[i], err = edwards25519.NewScalar().SetCanonicalBytes(b)
				if err != nil {
					t.Fatal(err)
				}
				rinv[i] = edwards25519.NewScalar().Invert(rs[i])
			}
			blinded := make([]byte, 32*len(inputs))
			blindBatch(blinded, h, inputs, rs)
			if got, want := hex.EncodeToString(blinded), strings.ReplaceAll(v.BlindedElement, ",", ""); got != want {
				t.Errorf("mode %d vector %d: BlindedElement = %s, want %s", mode, vi, got, want)
			}
			eval := make([]byte, len(blinded))
			if err := evalBatch(eval, blinded, 0, r255.HalfScalar(key.s)); err != nil {
				t.Fatal(err)
			}
			if got, want := hex.EncodeToString(eval), strings.ReplaceAll(v.EvaluationElement, ",", ""); got != want {
				t.Errorf("mode %d vector %d: EvaluationElement = %s, want %s", mode, vi, got, want)
			}
			outs := make([][64]byte, len(inputs))
			if err := finalizeBatch(outs, inputs, eval, 0, rinv); err != nil {
				t.Fatal(err)
			}
			wantOut := splitVec(t, v.Output)
			for i := range outs {
				if !bytes.Equal(outs[i][:], wantOut[i]) {
					t.Errorf("mode %d vector %d: Output[%d] = %x, want %x", mode, vi, i, outs[i], wantOut[i])
				}
			}
		}
	}
}

// TestPrecomputeMatchesCirclFullEvaluate checks that the server's fast
// precompute path derives its tags from exactly circl's FullEvaluate output.
func TestPrecomputeMatchesCirclFullEvaluate(t *testing.T) {
	for _, mode := range []OPRFMode{OPRFBase, OPRFVerifiable} {
		key, _ := GenerateOPRFKey(mode)
		srv, _ := NewOPRFServer(key, OPRFConfig{IdentifierKind: "k", Batch: 7})
		ck, err := circlKey(key)
		if err != nil {
			t.Fatal(err)
		}
		items := make([]LabeledItem, 20)
		for i := range items {
			items[i].Item = fmt.Appendf(nil, "item-%d", i)
		}
		set := srv.newSet(false)
		tags, _, err := srv.entries(context.Background(), set, items)
		if err != nil {
			t.Fatal(err)
		}
		for i, it := range items {
			var out []byte
			if mode == OPRFVerifiable {
				out, err = oprf.NewVerifiableServer(oprf.SuiteRistretto255, ck).FullEvaluate(it.Item)
			} else {
				out, err = oprf.NewServer(oprf.SuiteRistretto255, ck).FullEvaluate(it.Item)
			}
			if err != nil {
				t.Fatal(err)
			}
			var o [64]byte
			copy(o[:], out)
			want, _ := derive(&o, set.tagSize)
			if got := tags[i*set.tagSize : (i+1)*set.tagSize]; !bytes.Equal(got, want) {
				t.Fatalf("mode %d item %d: tag %x, want %x (from circl)", mode, i, got, want)
			}
		}
	}
}

func oprfPair(t *testing.T, srv *OPRFServer, cl *OPRFClient, items [][]byte) (*OPRFResult, *Stats, error, error) {
	t.Helper()
	return runPair(t, pipeConns,
		func(c io.ReadWriter) (*OPRFResult, error) { return cl.Query(context.Background(), c, items) },
		func(c io.ReadWriter) (*Stats, error) { return srv.Serve(context.Background(), c) })
}

func TestUnbalancedMatchesPlaintext(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, mode := range []OPRFMode{OPRFBase, OPRFVerifiable} {
		for _, labeled := range []bool{false, true} {
			for _, tc := range []struct {
				n, m int
				frac float64
			}{{0, 50, 0}, {40, 0, 0}, {60, 300, 0.44}, {100, 100, 1}, {200, 500, 0.01}, {130, 90, 0}} {
				if mode == OPRFVerifiable && tc.n > 100 {
					continue // circl's VOPRF is slow under -race
				}
				t.Run(fmt.Sprintf("mode=%d,labeled=%v,n=%d,m=%d,frac=%v", mode, labeled, tc.n, tc.m, tc.frac), func(t *testing.T) {
					x, y, want := genSets(rng, tc.n, tc.m, tc.frac, true)
					key, _ := GenerateOPRFKey(mode)
					cfg := OPRFConfig{IdentifierKind: "cnid:v1", Batch: 32}
					srv, _ := NewOPRFServer(key, cfg)
					var set *EncodedSet
					var err error
					payload := func(b []byte) []byte { return append([]byte("flag:"), b...) }
					if labeled {
						ly := []LabeledItem{}
						seen := map[string]bool{}
						for _, it := range y {
							if !seen[string(it)] {
								seen[string(it)] = true
								ly = append(ly, LabeledItem{Item: it, Payload: payload(it)})
							}
						}
						set, err = srv.EncodeLabeledSet(context.Background(), ly)
					} else {
						set, err = srv.EncodeSet(context.Background(), y)
					}
					if err != nil {
						t.Fatal(err)
					}
					// Export and re-import, as a client downloading the set would.
					raw, err := set.MarshalBinary()
					if err != nil {
						t.Fatal(err)
					}
					loaded, err := ParseEncodedSet(raw, 0)
					if err != nil {
						t.Fatal(err)
					}
					cl, err := NewOPRFClient(loaded, cfg)
					if err != nil {
						t.Fatal(err)
					}
					res, st, errC, errS := oprfPair(t, srv, cl, x)
					if errC != nil || errS != nil {
						t.Fatalf("client %v, server %v", errC, errS)
					}
					if diff := cmp.Diff(want, res.Matches); diff != "" {
						t.Errorf("matches (-want +got):\n%s", diff)
					}
					if labeled {
						var wantP [][]byte
						for _, i := range want {
							wantP = append(wantP, payload(x[i]))
						}
						if diff := cmp.Diff(wantP, res.Payloads); diff != "" {
							t.Errorf("payloads (-want +got):\n%s", diff)
						}
					}
					if st.PeerSize != distinctCount(allIdx(len(x)), x) {
						t.Errorf("server saw %d items, want %d", st.PeerSize, distinctCount(allIdx(len(x)), x))
					}
				})
			}
		}
	}
}

func allIdx(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func TestOPRFClientRejectsOtherKey(t *testing.T) {
	k1, _ := GenerateOPRFKey(OPRFBase)
	k2, _ := GenerateOPRFKey(OPRFBase)
	cfg := OPRFConfig{IdentifierKind: "k"}
	s1, _ := NewOPRFServer(k1, cfg)
	s2, _ := NewOPRFServer(k2, cfg)
	set, _ := s1.EncodeSet(context.Background(), [][]byte{[]byte("a")})
	cl, _ := NewOPRFClient(set, cfg)
	_, _, errC, _ := oprfPair(t, s2, cl, [][]byte{[]byte("a")})
	if !errors.Is(errC, ErrKeyMismatch) {
		t.Fatalf("Query against another key = %v, want ErrKeyMismatch", errC)
	}
}

func TestOPRFClientRejectsOtherKind(t *testing.T) {
	k, _ := GenerateOPRFKey(OPRFBase)
	srv, _ := NewOPRFServer(k, OPRFConfig{IdentifierKind: "cnid:v1"})
	set, _ := srv.EncodeSet(context.Background(), nil)
	if _, err := NewOPRFClient(set, OPRFConfig{IdentifierKind: "cnid:v2"}); !errors.Is(err, ErrIdentifierKindMismatch) {
		t.Fatalf("NewOPRFClient = %v, want ErrIdentifierKindMismatch", err)
	}
}

func TestOPRFKeyRoundTripAndString(t *testing.T) {
	k, _ := GenerateOPRFKey(OPRFVerifiable)
	b, _ := k.MarshalBinary()
	k2, err := ParseOPRFKey(b)
	if err != nil || k2.ID() != k.ID() {
		t.Fatalf("ParseOPRFKey round trip: %v", err)
	}
	if strings.Contains(k.String(), hex.EncodeToString(b[1:])) {
		t.Fatal("String prints the secret key")
	}
	for _, bad := range [][]byte{nil, b[:32], append(b, 0), append([]byte{2}, b[1:]...), append([]byte{0}, make([]byte, 32)...), append([]byte{0}, bytes.Repeat([]byte{0xff}, 32)...)} {
		if _, err := ParseOPRFKey(bad); !errors.Is(err, ErrBadKey) {
			t.Errorf("ParseOPRFKey(%x) = %v, want ErrBadKey", bad, err)
		}
	}
}

func TestEncodeLabeledSetRejectsDuplicates(t *testing.T) {
	k, _ := GenerateOPRFKey(OPRFBase)
	srv, _ := NewOPRFServer(k, OPRFConfig{IdentifierKind: "k"})
	_, err := srv.EncodeLabeledSet(context.Background(), []LabeledItem{{Item: []byte("a")}, {Item: []byte("a")}})
	if !errors.Is(err, ErrDuplicateItem) {
		t.Fatalf("EncodeLabeledSet = %v, want ErrDuplicateItem", err)
	}
}
