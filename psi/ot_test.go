package psi

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func runOT(t *testing.T, mk conns, cfgR, cfgS Config, x, y [][]byte) (*Result, *Result, error, error) {
	t.Helper()
	recv, err := NewOTReceiver(cfgR)
	if err != nil {
		t.Fatal(err)
	}
	send, err := NewOTSender(cfgS)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	return runPair(t, mk,
		func(c io.ReadWriter) (*Result, error) { return recv.Intersect(ctx, c, x) },
		func(c io.ReadWriter) (*Result, error) { return send.Intersect(ctx, c, y) })
}

func TestOTIntersectMatchesPlaintext(t *testing.T) {
	base := runtime.NumGoroutine()
	rng := rand.New(rand.NewPCG(7, 8))
	cases := []struct {
		n, m int
		frac float64
		dups bool
	}{
		{0, 0, 0, false}, {0, 10, 0, false}, {10, 0, 0, false},
		{100, 100, 0, false}, {300, 200, 0.01, false}, {250, 200, 0.44, false},
		{150, 150, 1, false}, {200, 100, 1, true}, {1, 1, 1, false}, {300, 70, 0.44, true},
		{9000, 3000, 0.5, true},
	}
	for _, mk := range []struct {
		name string
		c    conns
	}{{"pipe", pipeConns}, {"onebyte", oneByteConns}} {
		for ci, tc := range cases {
			if mk.name == "onebyte" && (ci%3 != 0 || tc.n > 1000) {
				continue // a one-byte-per-Read stream is slow under -race; a sample suffices
			}
			t.Run(fmt.Sprintf("%s/n=%d,m=%d,shared=%v,dups=%v", mk.name, tc.n, tc.m, tc.frac, tc.dups), func(t *testing.T) {
				x, y, want := genSets(rng, tc.n, tc.m, tc.frac, tc.dups)
				rr, sr, errR, errS := runOT(t, mk.c, testCfg(), testCfg(), x, y)
				if errR != nil || errS != nil {
					t.Fatalf("Intersect errors: receiver %v, sender %v", errR, errS)
				}
				if diff := cmp.Diff(want, rr.Matches); diff != "" {
					t.Errorf("receiver matches (-want +got):\n%s", diff)
				}
				if sr.Matches != nil {
					t.Errorf("sender learned matches")
				}
				if rr.BytesSent != sr.BytesReceived || rr.BytesReceived != sr.BytesSent {
					t.Errorf("byte counts disagree: %+v vs %+v", rr.Stats, sr.Stats)
				}
				if rr.PeerSize != distinctCount(allIdx(len(y)), y) || sr.PeerSize != distinctCount(allIdx(len(x)), x) {
					t.Errorf("peer sizes = %d, %d", rr.PeerSize, sr.PeerSize)
				}
			})
		}
	}
	waitGoroutines(t, base)
}
