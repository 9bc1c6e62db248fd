package psi

import (
	"context"
	"fmt"
	"net"
	"os"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/credq/credq/psi/cost"
)

// tcpPair returns the two ends of a loopback TCP connection.
func tcpPair(tb testing.TB) (net.Conn, net.Conn) {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer ln.Close()
	acc := make(chan net.Conn, 1)
	go func() {
		c, _ := ln.Accept()
		acc <- c
	}()
	a, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		tb.Fatal(err)
	}
	return a, <-acc
}

// heapPeak samples the live heap every 20 ms until stopped and returns the
// largest value seen.
func heapPeak() (stop func() uint64) {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	var mu sync.Mutex
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			mu.Lock()
			peak = max(peak, s[0].Value.Uint64())
			mu.Unlock()
			select {
			case <-t.C:
			case <-done:
				return
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		return peak
	}
}

// BenchmarkOTPSI runs OT-extension PSI with both parties in one process
// over loopback TCP, n × n items at 50% overlap (10⁶ only with
// CREDQ_BENCH_LARGE=1; CREDQ_BENCH_HUGE=1 runs 10⁷ alone, for the scaling
// note). It reports the bytes on the wire per item (both
// directions, frame headers included) and the peak live heap of both
// parties together.
func BenchmarkOTPSI(b *testing.B) {
	sizes := benchSizes()
	if os.Getenv("CREDQ_BENCH_HUGE") == "1" {
		sizes = []int{10_000_000}
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			x := benchItems(n, "x", n/2)
			y := benchItems(n, "y", n/2)
			cfg := Config{IdentifierKind: "cnid:v1"}
			recv, _ := NewOTReceiver(cfg)
			send, _ := NewOTSender(cfg)
			b.ReportAllocs()
			b.SetBytes(int64(n))
			var res *Result
			var peak uint64
			cpu0 := cost.CPUTime()
			for b.Loop() {
				a, c := tcpPair(b)
				stop := heapPeak()
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
				peak = max(peak, stop())
				a.Close()
				c.Close()
			}
			cpu := cost.CPUTime() - cpu0
			if len(res.Matches) != n/2 {
				b.Fatalf("matches = %d, want %d", len(res.Matches), n/2)
			}
			b.ReportMetric(float64(res.BytesSent+res.BytesReceived)/float64(n), "wire-B/item")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			// CPU seconds of both parties per session: on a shared machine
			// this varies less than the wall time.
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}
