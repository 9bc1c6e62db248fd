package psi

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"testing"
	"time"
)

// serverSizes are the encoded-set sizes of the unbalanced benchmarks; 10⁶
// only with CREDQ_BENCH_LARGE=1.
func serverSizes() []int {
	s := []int{10_000, 100_000}
	if os.Getenv("CREDQ_BENCH_LARGE") == "1" {
		s = append(s, 1_000_000)
	}
	return s
}

func BenchmarkOPRFPrecompute(b *testing.B) {
	for _, n := range serverSizes() {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			key, _ := GenerateOPRFKey(OPRFBase)
			srv, _ := NewOPRFServer(key, OPRFConfig{IdentifierKind: "cnid:v1"})
			items := benchItems(n, "y", 0)
			b.ReportAllocs()
			b.SetBytes(int64(n))
			start := time.Now()
			var set *EncodedSet
			for range b.N {
				set, _ = srv.EncodeSet(context.Background(), items)
			}
			el := time.Since(start) / time.Duration(b.N)
			b.ReportMetric(float64(n)/el.Seconds(), "items/s")
			b.ReportMetric(set.BytesPerItem(), "set-B/item")
		})
	}
}

func BenchmarkOPRFOnline(b *testing.B) {
	const clientN = 10_000
	for _, n := range serverSizes() {
		for _, mode := range []OPRFMode{OPRFBase, OPRFVerifiable} {
			b.Run(fmt.Sprintf("client=%d/server=%d/mode=%d", clientN, n, mode), func(b *testing.B) {
				key, _ := GenerateOPRFKey(mode)
				cfg := OPRFConfig{IdentifierKind: "cnid:v1"}
				srv, _ := NewOPRFServer(key, cfg)
				set, err := srv.EncodeSet(context.Background(), benchItems(n, "y", clientN/10))
				if err != nil {
					b.Fatal(err)
				}
				var file bytes.Buffer
				set.WriteTo(&file)
				fileSize := file.Len()
				downloaded, err := ReadEncodedSet(&file, 0)
				if err != nil {
					b.Fatal(err)
				}
				cl, _ := NewOPRFClient(downloaded, cfg)
				x := benchItems(clientN, "x", clientN/10)
				b.ReportAllocs()
				b.SetBytes(clientN)
				b.ResetTimer()
				var res *OPRFResult
				for range b.N {
					a, c := net.Pipe()
					go func() { srv.Serve(context.Background(), c); c.Close() }()
					res, err = cl.Query(context.Background(), a, x)
					if err != nil {
						b.Fatal(err)
					}
					a.Close()
				}
				b.StopTimer()
				if len(res.Matches) != clientN/10 {
					b.Fatalf("matches = %d, want %d", len(res.Matches), clientN/10)
				}
				b.ReportMetric(float64(res.BytesSent+res.BytesReceived)/clientN, "wire-B/query-item")
				b.ReportMetric(float64(fileSize)/float64(n), "download-B/item")
			})
		}
	}
}
