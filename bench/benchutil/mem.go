package benchutil

import (
	"runtime/metrics"
	"sync"
	"time"
)

// startMemWatch samples the live heap every 10 ms until the returned
// function is called; that function (idempotent) reports the bytes
// allocated since the start and the largest live heap seen.
func startMemWatch() func() (alloc, peak uint64) {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}, {Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	alloc0 := s[0].Value.Uint64()
	var peak uint64
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-t.C:
			case <-done:
				return
			}
		}
	}()
	var once sync.Once
	var alloc uint64
	return func() (uint64, uint64) {
		once.Do(func() {
			close(done)
			<-finished
			metrics.Read(s)
			alloc = s[0].Value.Uint64() - alloc0
			peak = max(peak, s[1].Value.Uint64())
		})
		return alloc, peak
	}
}
