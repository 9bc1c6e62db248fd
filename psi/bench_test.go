package psi

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/credq/credq/psi/cost"
)

// benchSizes are the per-side set sizes; 10⁶ only with CREDQ_BENCH_LARGE=1
// (it takes minutes).
func benchSizes() []int {
	s := []int{10_000, 100_000}
	if os.Getenv("CREDQ_BENCH_LARGE") == "1" {
		s = append(s, 1_000_000)
	}
	return s
}

func benchItems(n int, prefix string, shared int) [][]byte {
	rng := rand.New(rand.NewPCG(uint64(n), 9))
	out := make([][]byte, n)
	for i := range out {
		if i < shared {
			out[i] = fmt.Appendf(nil, "cnid:v1:shared%d", i)
		} else {
			out[i] = fmt.Appendf(nil, "cnid:v1:%s%d-%d", prefix, i, rng.Uint64())
		}
	}
	return out
}

func BenchmarkECDHPSI(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			x := benchItems(n, "x", n/10)
			y := benchItems(n, "y", n/10)
			cfg := Config{IdentifierKind: "cnid:v1"}
			recv, _ := NewReceiver(cfg)
			send, _ := NewSender(cfg)
			costs := cost.MeasureMedian(2000, 5) // one measurement moves by ±15% with load bursts
			b.ReportAllocs()
			b.SetBytes(int64(n))
			var res *Result
			b.ResetTimer()
			stop := heapPeak()
			start, cpu0 := time.Now(), cost.CPUTime()
			for range b.N {
				a, c := net.Pipe()
				errc := make(chan error, 1)
				go func() {
					_, err := send.Intersect(context.Background(), c, y)
					errc <- err
				}()
				var err error
				res, err = recv.Intersect(context.Background(), a, x)
				if err != nil {
					b.Fatal(err)
				}
				if err := <-errc; err != nil {
					b.Fatal(err)
				}
				a.Close()
				c.Close()
			}
			elapsed := time.Since(start) / time.Duration(b.N)
			cpu := (cost.CPUTime() - cpu0) / time.Duration(b.N)
			peak := stop()
			b.StopTimer()
			if len(res.Matches) != n/10 {
				b.Fatalf("matches = %d, want %d", len(res.Matches), n/10)
			}
			bound := costs.ECDH(n, n, runtime.GOMAXPROCS(0))
			b.ReportMetric(float64(res.BytesSent+res.BytesReceived)/float64(n), "wire-B/item")
			// Live heap of both parties, the 2n test items (~70 B each) included.
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			b.ReportMetric(bound.Seconds(), "bound-s")
			b.ReportMetric(float64(elapsed)/float64(bound), "x-bound")
			// CPU-time view: all CPU both parties used vs the operations'
			// single-core CPU cost (the bound before dividing by cores).
			cpuBound := costs.ECDH(n, n, 1)
			b.ReportMetric(cpu.Seconds(), "cpu-s")
			b.ReportMetric(float64(cpu)/float64(cpuBound), "cpu-x-bound")
		})
	}
}

func BenchmarkCardinality(b *testing.B) {
	n := 10_000
	x := benchItems(n, "x", n/10)
	y := benchItems(n, "y", n/10)
	cfg := Config{IdentifierKind: "cnid:v1"}
	recv, _ := NewCardinalityReceiver(cfg)
	send, _ := NewCardinalitySender(cfg)
	b.ReportAllocs()
	b.SetBytes(int64(n))
	for b.Loop() {
		a, c := net.Pipe()
		go func() { send.Serve(context.Background(), c, y); c.Close() }()
		res, err := recv.Count(context.Background(), a, x)
		if err != nil || res.Count != n/10 {
			b.Fatal(err, res)
		}
		io.Copy(io.Discard, a)
		a.Close()
	}
}
