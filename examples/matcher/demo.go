package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/credq/credq/credit"
	"github.com/credq/credq/credit/synth"
	"github.com/credq/credq/psi"
)

// demoCmd generates two institutions' synthetic borrower lists, creates
// certificates in a temporary directory, runs both parties over loopback
// mutual TLS, and checks the result against the plaintext intersection.
func demoCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	size := fs.Int("size", 100_000, "borrowers per institution")
	overlap := fs.Float64("overlap", 0.10, "fraction of each list that the other institution also holds")
	mode := fs.String("mode", "intersect", "intersect, both, count or unbalanced")
	protocol := fs.String("protocol", "", "intersect mode: ot (default) or ecdh")
	seed := fs.Uint64("seed", 1, "seed of the synthetic data")
	progress := fs.Bool("progress", false, "print progress even when stderr is not a terminal")
	keep := fs.Bool("keep", false, "keep the temporary directory (certificates, input files)")
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	// Both parties run concurrently in this process and report on the same
	// writer.
	stderr = &syncWriter{w: stderr}
	if *size < 1 || *size > 10_000_000 || *overlap < 0 || *overlap > 1 {
		return usageError{errors.New("demo: --size must be 1..10000000 and --overlap 0..1")}
	}
	dir, err := os.MkdirTemp("", "credq-matcher-demo-")
	if err != nil {
		return err
	}
	if *keep {
		fmt.Fprintf(stderr, "demo: files kept in %s\n", dir)
	} else {
		defer os.RemoveAll(dir)
	}

	start := time.Now()
	shared := int(float64(*size) * *overlap)
	a, b := demoLists(*seed, *size, shared)
	const bad = 3 // malformed lines per file, to show rejection reporting
	for _, f := range []struct {
		name string
		ids  []string
	}{{"bank-a.csv", a}, {"bank-b.csv", b}} {
		if err := writeDemoCSV(filepath.Join(dir, f.name), f.ids, bad); err != nil {
			return err
		}
	}
	ca, err := newCA(24 * time.Hour)
	if err != nil {
		return err
	}
	if err := ca.writeCA(filepath.Join(dir, "ca.pem")); err != nil {
		return err
	}
	for _, id := range []string{"bank-a", "bank-b"} {
		if err := ca.issue(id, filepath.Join(dir, id+".pem"), filepath.Join(dir, id+"-key.pem")); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "demo: %d synthetic borrowers per institution, %d shared (%.0f%%), generated in %.1fs\n",
		*size, shared, 100**overlap, time.Since(start).Seconds())

	opts := func(id string) *partyOptions {
		return &partyOptions{
			addr:     "127.0.0.1:0",
			files:    tlsFiles{cert: filepath.Join(dir, id+".pem"), key: filepath.Join(dir, id+"-key.pem"), ca: filepath.Join(dir, "ca.pem")},
			in:       filepath.Join(dir, id+".csv"),
			kind:     "cnid",
			column:   "id_number",
			mode:     *mode,
			protocol: *protocol,
			progress: *progress,
			maxItems: psi.DefaultMaxItems,
		}
	}
	sOpts, jOpts := opts("bank-a"), opts("bank-b")
	if *mode == "unbalanced" {
		sOpts.key, jOpts.set = filepath.Join(dir, "oprf.key"), filepath.Join(dir, "set.bin")
		err := precomputeCmd(ctx, []string{"--in", sOpts.in, "--column", "id_number", "--oprf-key", sOpts.key, "--set", jOpts.set}, stderr)
		if err != nil {
			return err
		}
	}
	server, err := newParty(true, sOpts, stderr)
	if err != nil {
		return err
	}
	client, err := newParty(false, jOpts, stderr)
	if err != nil {
		return err
	}
	srep, jrep, err := runPair(ctx, server, client)
	if err != nil {
		return err
	}

	want := plainIntersection(a, b)
	got := jrep.count
	ok := got == len(want)
	if !jrep.countOnly {
		ok = ok && slices.Equal(sortedCopy(jrep.matched), want)
	}
	if *mode == "both" {
		ok = ok && slices.Equal(sortedCopy(srep.matched), want)
	}
	label := *mode
	if jrep.protocol != "" {
		label += ", " + map[string]string{"ot": "OT-extension PSI (KKRT16)", "ecdh": "ECDH-PSI"}[jrep.protocol]
	}
	fmt.Fprintf(stdout, "demo: mode %s over mutual TLS 1.3 (bank-a serves, bank-b joins)\n", label)
	fmt.Fprintf(stdout, "demo: bank-b learned %d shared borrowers; plaintext intersection has %d: %s\n", got, len(want), verdict(ok))
	fmt.Fprintf(stdout, "demo: %.2fs; bank-b sent %s, received %s (%.1f bytes per element)\n",
		jrep.elapsed.Seconds(), byteSize(jrep.sent), byteSize(jrep.received),
		float64(jrep.sent+jrep.received)/float64(max(*size*2, 1)))
	if !ok {
		return errors.New("demo: result does not match the plaintext intersection")
	}
	return nil
}

// runPair runs server and client concurrently over loopback.
func runPair(ctx context.Context, server, client *party) (*report, *report, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ready := make(chan string, 1)
	type outcome struct {
		rep *report
		err error
	}
	sdone := make(chan outcome, 1)
	go func() {
		conn, peer, err := server.connect(ctx, ready)
		if err != nil {
			sdone <- outcome{nil, err}
			return
		}
		defer conn.Close()
		fmt.Fprintf(server.stderr, "serve: peer is %s\n", peer)
		rep, err := server.run(ctx, conn)
		sdone <- outcome{rep, err}
	}()
	var addr string
	select {
	case addr = <-ready:
	case o := <-sdone:
		return nil, nil, o.err
	}
	client.opts.addr = addr
	conn, peer, err := client.connect(ctx, nil)
	if err != nil {
		cancel()
		<-sdone
		return nil, nil, err
	}
	fmt.Fprintf(client.stderr, "join: peer is %s\n", peer)
	jrep, jerr := client.run(ctx, conn)
	conn.Close()
	if jerr != nil {
		cancel()
	}
	s := <-sdone
	if jerr != nil {
		return nil, nil, jerr
	}
	if s.err != nil {
		return nil, nil, s.err
	}
	return s.rep, jrep, nil
}

// demoLists returns two lists of distinct resident ID numbers of the given
// size that share exactly shared numbers.
func demoLists(seed uint64, size, shared int) (a, b []string) {
	g := synth.New(seed, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	total := 2*size - shared
	seen := make(map[string]struct{}, total)
	all := make([]string, 0, total)
	for i := 0; len(all) < total; i++ {
		birth := credit.NewDate(1950+i%50, time.Month(1+i%12), 1+i%28)
		id := g.ResidentID(birth, i%2 == 0)
		if _, dup := seen[id]; dup {
			continue
		}
		seen[id] = struct{}{}
		all = append(all, id)
	}
	a = all[:size]
	b = append(append([]string{}, all[:shared]...), all[size:]...)
	return a, b
}

func writeDemoCSV(path string, ids []string, bad int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	fmt.Fprintln(f, "customer,id_number")
	for i, id := range ids {
		if i < bad {
			fmt.Fprintf(f, "c%d,%s\n", -i-1, id[:17]+"?") // fails the MOD 11-2 check: rejected, reported by line
		}
		fmt.Fprintf(f, "c%d,%s\n", i, id)
	}
	return f.Close()
}

func plainIntersection(a, b []string) []string {
	in := make(map[string]struct{}, len(a))
	for _, id := range a {
		in[credit.KindResidentID+id] = struct{}{}
	}
	var out []string
	for _, id := range b {
		if _, ok := in[credit.KindResidentID+id]; ok {
			out = append(out, credit.KindResidentID+id)
		}
	}
	slices.Sort(out)
	return out
}

func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

func verdict(ok bool) string {
	if ok {
		return "correct"
	}
	return "MISMATCH"
}

// syncWriter serializes writes from the two parties of a demo, which share
// one writer (a bytes.Buffer in tests is not safe for concurrent use).
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
