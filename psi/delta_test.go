package psi

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDeltaAddRemoveUpdate(t *testing.T) {
	ctx := context.Background()
	key, _ := GenerateOPRFKey(OPRFBase)
	cfg := OPRFConfig{IdentifierKind: "cnid:v1"}
	srv, _ := NewOPRFServer(key, cfg)
	var items []LabeledItem
	for i := range 20 {
		items = append(items, LabeledItem{Item: fmt.Appendf(nil, "id%d", i), Payload: []byte("v1")})
	}
	set, err := srv.EncodeLabeledSet(ctx, items)
	if err != nil {
		t.Fatal(err)
	}
	// Remove id0, change id1's payload, add id100.
	d, err := srv.Delta(ctx, set,
		[]LabeledItem{{Item: []byte("id1"), Payload: []byte("v2")}, {Item: []byte("id100"), Payload: []byte("new")}},
		[][]byte{[]byte("id0"), []byte("id1")})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := d.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	d2, err := ParseDelta(raw, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := set.Apply(d2); err != nil {
		t.Fatal(err)
	}
	if set.Epoch() != 1 || set.Len() != 20 {
		t.Fatalf("after delta: epoch %d, len %d; want 1, 20", set.Epoch(), set.Len())
	}
	if err := set.Apply(d2); !errors.Is(err, ErrDeltaMismatch) {
		t.Fatalf("applying twice = %v, want ErrDeltaMismatch", err)
	}
	cl, _ := NewOPRFClient(set, cfg)
	q := [][]byte{[]byte("id0"), []byte("id1"), []byte("id2"), []byte("id100"), []byte("nope")}
	res, _, errC, errS := oprfPair(t, srv, cl, q)
	if errC != nil || errS != nil {
		t.Fatal(errC, errS)
	}
	if diff := cmp.Diff([]int{1, 2, 3}, res.Matches); diff != "" {
		t.Errorf("matches (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([][]byte{[]byte("v2"), []byte("v1"), []byte("new")}, res.Payloads); diff != "" {
		t.Errorf("payloads (-want +got):\n%s", diff)
	}
}

func TestDeltaRejectsMissingItem(t *testing.T) {
	key, _ := GenerateOPRFKey(OPRFBase)
	srv, _ := NewOPRFServer(key, OPRFConfig{IdentifierKind: "k"})
	set, _ := srv.EncodeSet(context.Background(), [][]byte{[]byte("a")})
	if _, err := srv.Delta(context.Background(), set, nil, [][]byte{[]byte("b")}); !errors.Is(err, ErrDeltaMismatch) {
		t.Fatalf("Delta removing absent item = %v, want ErrDeltaMismatch", err)
	}
}

func TestDeltaRejectsLabeledReAdd(t *testing.T) {
	key, _ := GenerateOPRFKey(OPRFBase)
	srv, _ := NewOPRFServer(key, OPRFConfig{IdentifierKind: "k"})
	set, _ := srv.EncodeLabeledSet(context.Background(), []LabeledItem{{Item: []byte("a")}})
	if _, err := srv.Delta(context.Background(), set, []LabeledItem{{Item: []byte("a")}}, nil); !errors.Is(err, ErrDuplicateItem) {
		t.Fatalf("Delta re-adding = %v, want ErrDuplicateItem", err)
	}
}

func TestApplyRejectsOtherKey(t *testing.T) {
	ctx := context.Background()
	k1, _ := GenerateOPRFKey(OPRFBase)
	k2, _ := GenerateOPRFKey(OPRFBase)
	s1, _ := NewOPRFServer(k1, OPRFConfig{IdentifierKind: "k"})
	s2, _ := NewOPRFServer(k2, OPRFConfig{IdentifierKind: "k"})
	set1, _ := s1.EncodeSet(ctx, nil)
	set2, _ := s2.EncodeSet(ctx, nil)
	d, _ := s2.Delta(ctx, set2, []LabeledItem{{Item: []byte("x")}}, nil)
	if err := set1.Apply(d); !errors.Is(err, ErrKeyMismatch) {
		t.Fatalf("Apply(other key) = %v, want ErrKeyMismatch", err)
	}
	if _, err := s1.Delta(ctx, set2, nil, nil); !errors.Is(err, ErrKeyMismatch) {
		t.Fatalf("Delta(other key's set) = %v, want ErrKeyMismatch", err)
	}
}
