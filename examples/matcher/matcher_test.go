package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/credq/credq/encoding"
	"github.com/credq/credq/psi"
)

// fixture writes certificates for bank-a and bank-b (and an outsider signed by
// another CA) and two CSV inputs sharing `shared` identifiers.
type fixture struct {
	dir  string
	a, b []string
}

func newFixture(t *testing.T, size, shared int) *fixture {
	t.Helper()
	dir := t.TempDir()
	ca, err := newCA(time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if err := ca.writeCA(filepath.Join(dir, "ca.pem")); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"bank-a", "bank-b"} {
		if err := ca.issue(id, filepath.Join(dir, id+".pem"), filepath.Join(dir, id+"-key.pem")); err != nil {
			t.Fatal(err)
		}
	}
	other, err := newCA(time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if err := other.issue("outsider", filepath.Join(dir, "outsider.pem"), filepath.Join(dir, "outsider-key.pem")); err != nil {
		t.Fatal(err)
	}
	a, b := demoLists(7, size, shared)
	if err := writeDemoCSV(filepath.Join(dir, "bank-a.csv"), a, 2); err != nil {
		t.Fatal(err)
	}
	if err := writeDemoCSV(filepath.Join(dir, "bank-b.csv"), b, 0); err != nil {
		t.Fatal(err)
	}
	return &fixture{dir: dir, a: a, b: b}
}

func (f *fixture) opts(id, certID, mode string) *partyOptions {
	return &partyOptions{
		addr:     "127.0.0.1:0",
		files:    tlsFiles{cert: filepath.Join(f.dir, certID+".pem"), key: filepath.Join(f.dir, certID+"-key.pem"), ca: filepath.Join(f.dir, "ca.pem")},
		in:       filepath.Join(f.dir, id+".csv"),
		kind:     "cnid",
		column:   "id_number",
		mode:     mode,
		maxItems: psi.DefaultMaxItems,
		timeout:  time.Minute,
	}
}

func (f *fixture) pair(t *testing.T, sOpts, jOpts *partyOptions) (*report, *report, error) {
	t.Helper()
	stderr := &syncWriter{w: new(bytes.Buffer)}
	s, err := newParty(true, sOpts, stderr)
	if err != nil {
		t.Fatalf("newParty(serve) error = %v", err)
	}
	j, err := newParty(false, jOpts, stderr)
	if err != nil {
		t.Fatalf("newParty(join) error = %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return runPair(ctx, s, j)
}

func TestPartiesOverTLS(t *testing.T) {
	f := newFixture(t, 300, 120)
	want := plainIntersection(f.a, f.b)
	for _, tc := range []struct{ mode, protocol string }{{"intersect", "ot"}, {"intersect", "ecdh"}, {"both", ""}, {"count", ""}} {
		mode := tc.mode
		t.Run(mode+"/"+tc.protocol, func(t *testing.T) {
			so, jo := f.opts("bank-a", "bank-a", mode), f.opts("bank-b", "bank-b", mode)
			so.protocol, jo.protocol = tc.protocol, tc.protocol
			srep, jrep, err := f.pair(t, so, jo)
			if err != nil {
				t.Fatalf("runPair() error = %v", err)
			}
			if jrep.count != len(want) {
				t.Fatalf("join count = %d, want %d", jrep.count, len(want))
			}
			if mode != "count" {
				if diff := cmp.Diff(want, sortedCopy(jrep.matched)); diff != "" {
					t.Fatalf("join matched (-want +got):\n%s", diff)
				}
			}
			if mode == "both" {
				if diff := cmp.Diff(want, sortedCopy(srep.matched)); diff != "" {
					t.Fatalf("serve matched (-want +got):\n%s", diff)
				}
			} else if srep.learns {
				t.Fatalf("serve learned the result in mode %s", mode)
			}
			if jrep.peerSize != len(f.a) || srep.peerSize != len(f.b) {
				t.Fatalf("peer sizes = %d, %d; want %d, %d", jrep.peerSize, srep.peerSize, len(f.a), len(f.b))
			}
		})
	}
}

func TestUnbalancedOverTLS(t *testing.T) {
	f := newFixture(t, 200, 50)
	keyPath, setPath := filepath.Join(f.dir, "k"), filepath.Join(f.dir, "s")
	var stderr bytes.Buffer
	err := precomputeCmd(context.Background(), []string{"--in", filepath.Join(f.dir, "bank-a.csv"), "--column", "id_number", "--oprf-key", keyPath, "--set", setPath}, &stderr)
	if err != nil {
		t.Fatalf("precompute error = %v", err)
	}
	s, j := f.opts("bank-a", "bank-a", "unbalanced"), f.opts("bank-b", "bank-b", "unbalanced")
	s.key, j.set = keyPath, setPath
	_, jrep, err := f.pair(t, s, j)
	if err != nil {
		t.Fatalf("runPair() error = %v", err)
	}
	if diff := cmp.Diff(plainIntersection(f.a, f.b), sortedCopy(jrep.matched)); diff != "" {
		t.Fatalf("matched (-want +got):\n%s", diff)
	}
}

func TestWrongCertificateFailsNamingTheSide(t *testing.T) {
	f := newFixture(t, 20, 5)
	_, _, err := f.pair(t, f.opts("bank-a", "bank-a", "intersect"), f.opts("bank-b", "outsider", "intersect"))
	if err == nil || !strings.Contains(err.Error(), "TLS") || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("runPair(outsider cert) error = %v, want a TLS certificate failure", err)
	}
	if !strings.Contains(err.Error(), "join") && !strings.Contains(err.Error(), "serve") {
		t.Fatalf("error %q does not name the side", err)
	}
}

func TestIdentifierKindMismatch(t *testing.T) {
	f := newFixture(t, 20, 5)
	j := f.opts("bank-b", "bank-b", "intersect")
	j.kind = "cnmob"
	// bank-b's file holds resident IDs, so as mobiles every line is rejected;
	// the handshake still runs and must fail on the kind.
	_, _, err := f.pair(t, f.opts("bank-a", "bank-a", "intersect"), j)
	if !errors.Is(err, psi.ErrIdentifierKindMismatch) {
		t.Fatalf("runPair(cnid vs cnmob) error = %v, want ErrIdentifierKindMismatch", err)
	}
}

func TestModeMismatch(t *testing.T) {
	f := newFixture(t, 20, 5)
	_, _, err := f.pair(t, f.opts("bank-a", "bank-a", "count"), f.opts("bank-b", "bank-b", "intersect"))
	if !errors.Is(err, psi.ErrProtocolMismatch) {
		t.Fatalf("runPair(count vs intersect) error = %v, want ErrProtocolMismatch", err)
	}
	s, j := f.opts("bank-a", "bank-a", "intersect"), f.opts("bank-b", "bank-b", "intersect")
	s.protocol, j.protocol = "ecdh", "ot"
	if _, _, err := f.pair(t, s, j); !errors.Is(err, psi.ErrProtocolMismatch) {
		t.Fatalf("runPair(ecdh vs ot) error = %v, want ErrProtocolMismatch", err)
	}
}

func TestRejectedLinesReportedWithoutValues(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "in.txt")
	secret := "11010519491231002Y"
	os.WriteFile(path, []byte("11010519491231002X\n"+secret+"\n\n440524188001010014\n11010519491231002X\n"), 0o600)
	k, _ := lookupKind("cnid")
	s, err := readInput(path, k, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.keys) != 2 || s.duplicates != 1 || !cmp.Equal(s.rejected, []int{2}) {
		t.Fatalf("readInput = %d keys, %d duplicates, rejected %v; want 2, 1, [2]", len(s.keys), s.duplicates, s.rejected)
	}
	var buf bytes.Buffer
	s.report(&buf, "join")
	if strings.Contains(buf.String(), secret) || !strings.Contains(buf.String(), "rejected lines: 2") {
		t.Fatalf("report = %q", buf.String())
	}
}

// TestCLIErrors runs the command entry point with bad invocations.
func TestCLIErrors(t *testing.T) {
	f := newFixture(t, 10, 2)
	cert := []string{"--cert", filepath.Join(f.dir, "bank-a.pem"), "--key", filepath.Join(f.dir, "bank-a-key.pem"), "--ca", filepath.Join(f.dir, "ca.pem")}
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no command", nil, 2, "usage"},
		{"unknown command", []string{"frobnicate"}, 2, "unknown command"},
		{"bad flag", []string{"serve", "--no-such-flag"}, 2, "no-such-flag"},
		{"missing input", append([]string{"join", "--in", filepath.Join(f.dir, "missing.csv")}, cert...), 1, "no such file"},
		{"missing certs", []string{"join", "--in", filepath.Join(f.dir, "bank-a.csv")}, 2, "--cert"},
		{"unreadable cert", []string{"join", "--in", filepath.Join(f.dir, "bank-a.csv"), "--cert", "/nonexistent", "--key", "/nonexistent", "--ca", "/nonexistent"}, 1, "own certificate"},
		{"bad kind", append([]string{"join", "--kind", "passport", "--in", filepath.Join(f.dir, "bank-a.csv")}, cert...), 2, "unknown --kind"},
		{"bad mode", append([]string{"join", "--mode", "all", "--in", filepath.Join(f.dir, "bank-a.csv")}, cert...), 2, "unknown --mode"},
		{"bad protocol", append([]string{"join", "--protocol", "kkrt", "--in", filepath.Join(f.dir, "bank-a.csv")}, cert...), 2, "unknown --protocol"},
		{"ot with count", append([]string{"join", "--protocol", "ot", "--mode", "count", "--in", filepath.Join(f.dir, "bank-a.csv")}, cert...), 2, "intersect only"},
		{"bad column", append([]string{"join", "--column", "nope", "--in", filepath.Join(f.dir, "bank-a.csv")}, cert...), 2, "not found"},
		{"nobody listening", append([]string{"join", "--connect", "127.0.0.1:1", "--timeout", "5s", "--in", filepath.Join(f.dir, "bank-a.csv")}, cert...), 1, "join"},
		{"certs without ids", []string{"certs", "--dir", t.TempDir()}, 2, "institution"},
		{"demo bad size", []string{"demo", "--size", "0"}, 2, "--size"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, &stdout, &stderr)
			if code != tt.code || !strings.Contains(stderr.String()+stdout.String(), tt.want) {
				t.Fatalf("run(%q) = %d, stderr %q; want %d containing %q", tt.args, code, stderr.String(), tt.code, tt.want)
			}
		})
	}
}

func TestDemoCommand(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"demo", "--size", "400", "--overlap", "0.44"}, &stdout, &stderr); code != 0 {
		t.Fatalf("demo exit %d, stderr:\n%s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "176 shared borrowers; plaintext intersection has 176: correct") {
		t.Fatalf("demo output:\n%s", stdout.String())
	}
}

func TestCertsCommand(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"certs", "--dir", dir, "bank-x"}, &stdout, &stderr); code != 0 {
		t.Fatalf("certs exit %d: %s", code, stderr.String())
	}
	for _, name := range []string{"ca.pem", "bank-x.pem", "bank-x-key.pem"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Fatalf("certs did not write %s: %v", name, err)
		}
	}
	fi, _ := os.Stat(filepath.Join(dir, "bank-x-key.pem"))
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode = %v, want 0600", fi.Mode().Perm())
	}
}

// TestPeerDisconnectsDuringHandshake: the serving institution completes the
// TLS handshake, reads the joining party's first PSI frame (its hello) and
// drops the connection without answering, so the PSI handshake never
// completes; the joining party must fail with a truncation error, not hang
// or report a partial result.
func TestPeerDisconnectsDuringHandshake(t *testing.T) {
	f := newFixture(t, 200, 20)
	stderr := &syncWriter{w: new(bytes.Buffer)}
	s, err := newParty(true, f.opts("bank-a", "bank-a", "intersect"), stderr)
	if err != nil {
		t.Fatal(err)
	}
	j, err := newParty(false, f.opts("bank-b", "bank-b", "intersect"), stderr)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ready := make(chan string, 1)
	go func() {
		conn, _, err := s.connect(ctx, ready)
		if err != nil {
			return
		}
		// Read the peer's first frame, then hang up.
		buf := make([]byte, 64)
		conn.Read(buf)
		conn.Close()
	}()
	j.opts.addr = <-ready
	conn, _, err := j.connect(ctx, nil)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer conn.Close()
	_, err = j.run(ctx, conn)
	if !errors.Is(err, encoding.ErrTruncated) && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("run() after the peer hung up: error = %v, want a truncation error", err)
	}
	t.Logf("join error: %v", err)
}
