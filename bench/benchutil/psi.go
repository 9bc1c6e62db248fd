package benchutil

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/credq/credq/psi"
	"github.com/credq/credq/psi/cost"
)

// PSIRun is the outcome of one RunPSI session, seen from the receiver.
type PSIRun struct {
	Elapsed time.Duration
	Matched [][]byte      // the receiver's matched items (nil for cardinality)
	Count   int           // intersection size
	Wire    int64         // bytes on the wire, both directions
	CPU     time.Duration // process CPU time (user + system), both parties
	Alloc   uint64        // bytes allocated on the heap during the session, both parties
	Peak    uint64        // largest live heap sampled every 10 ms (inputs included)
}

// RunPSI runs one credq session over loopback TCP, both parties in this
// process, the receiver holding x and learning the result: protocol "ecdh"
// (ECDH-PSI), "ot" (OT-extension PSI) or "cardinality" (the count only).
func RunPSI(protocol string, x, y [][]byte) (PSIRun, error) {
	a, b, err := Loopback()
	if err != nil {
		return PSIRun{}, err
	}
	defer a.Close()
	defer b.Close()
	cfg := psi.Config{IdentifierKind: "cnid:v1", MaxItems: max(len(x), len(y))}
	ctx := context.Background()
	errc := make(chan error, 1)
	mem := startMemWatch()
	defer mem() // stops the sampler on the error paths; idempotent
	c0, t0 := cost.CPUTime(), time.Now()
	var run PSIRun
	switch protocol {
	case "cardinality":
		s, err := psi.NewCardinalitySender(cfg)
		if err != nil {
			return PSIRun{}, err
		}
		r, err := psi.NewCardinalityReceiver(cfg)
		if err != nil {
			return PSIRun{}, err
		}
		go func() { _, err := s.Serve(ctx, b, y); errc <- err }()
		res, err := r.Count(ctx, a, x)
		if err != nil {
			return PSIRun{}, err
		}
		run.Count, run.Wire = res.Count, res.BytesSent+res.BytesReceived
	case "ecdh", "ot":
		s, r, err := Intersecters(protocol, cfg)
		if err != nil {
			return PSIRun{}, err
		}
		go func() { _, err := s.Intersect(ctx, b, y); errc <- err }()
		res, err := r.Intersect(ctx, a, x)
		if err != nil {
			return PSIRun{}, err
		}
		run.Matched = res.Items(x)
		run.Count, run.Wire = len(run.Matched), res.BytesSent+res.BytesReceived
	default:
		return PSIRun{}, fmt.Errorf("benchutil: unknown PSI protocol %q", protocol)
	}
	if err := <-errc; err != nil {
		return PSIRun{}, err
	}
	run.Elapsed, run.CPU = time.Since(t0), cost.CPUTime()-c0
	run.Alloc, run.Peak = mem()
	return run, nil
}

// Intersecter is a PSI party that learns or serves an intersection: the
// ECDH-PSI and OT-extension PSI senders and receivers.
type Intersecter interface {
	Intersect(context.Context, io.ReadWriter, [][]byte) (*psi.Result, error)
}

// Intersecters returns the sender and receiver of protocol "ecdh" or "ot".
func Intersecters(protocol string, cfg psi.Config) (sender, receiver Intersecter, err error) {
	switch protocol {
	case "ot":
		s, err := psi.NewOTSender(cfg)
		if err != nil {
			return nil, nil, err
		}
		r, err := psi.NewOTReceiver(cfg)
		return s, r, err
	case "ecdh":
		s, err := psi.NewSender(cfg)
		if err != nil {
			return nil, nil, err
		}
		r, err := psi.NewReceiver(cfg)
		return s, r, err
	}
	return nil, nil, fmt.Errorf("benchutil: unknown PSI protocol %q", protocol)
}
