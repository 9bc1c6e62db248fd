package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"time"

	"github.com/credq/credq/psi"
)

// partyOptions are the flags shared by serve and join.
type partyOptions struct {
	addr     string
	files    tlsFiles
	insecure bool
	in       string
	kind     string
	column   string
	mode     string
	protocol string
	out      string
	progress bool
	set      string // unbalanced, join side: the downloaded encoded set
	key      string // unbalanced, serve side: the OPRF key file
	maxItems int
	timeout  time.Duration
}

func (o *partyOptions) flags(fs *flag.FlagSet, server bool) {
	if server {
		fs.StringVar(&o.addr, "listen", "127.0.0.1:7443", "address to listen on")
	} else {
		fs.StringVar(&o.addr, "connect", "127.0.0.1:7443", "address of the serving party")
	}
	fs.StringVar(&o.files.cert, "cert", "", "own certificate (PEM)")
	fs.StringVar(&o.files.key, "key", "", "own private key (PEM)")
	fs.StringVar(&o.files.ca, "ca", "", "CA certificate that signed the peer's certificate (PEM)")
	fs.BoolVar(&o.insecure, "insecure", false, "plain TCP without TLS (testing only: identities are unauthenticated)")
	fs.StringVar(&o.in, "in", "", "input file: CSV, or one identifier per line")
	fs.StringVar(&o.kind, "kind", "cnid", "identifier kind: cnid (resident ID), cnmob (mobile), email")
	fs.StringVar(&o.column, "column", "", "CSV column: 1-based index or header name (default: first column)")
	fs.StringVar(&o.mode, "mode", "intersect", "intersect (joiner learns), both (both learn), count (joiner learns the count only), unbalanced")
	fs.StringVar(&o.protocol, "protocol", "", "intersect mode: ot (OT-extension PSI, KKRT16; the default, ~100× less CPU) or ecdh (ECDH-PSI); both and count always use ECDH")
	fs.StringVar(&o.out, "out", "", "write matched identifiers as CSV to this file (default stdout)")
	fs.BoolVar(&o.progress, "progress", false, "print progress even when stderr is not a terminal")
	if server {
		fs.StringVar(&o.key, "oprf-key", "", "unbalanced mode: OPRF key file written by precompute")
	} else {
		fs.StringVar(&o.set, "set", "", "unbalanced mode: encoded set file written by precompute")
	}
	fs.IntVar(&o.maxItems, "max-items", psi.DefaultMaxItems, "largest set size accepted from either party")
	fs.DurationVar(&o.timeout, "timeout", 30*time.Minute, "give up after this long")
}

func partyCmd(ctx context.Context, server bool, args []string, stdout, stderr io.Writer) error {
	name := "join"
	if server {
		name = "serve"
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o partyOptions
	o.flags(fs, server)
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	if fs.NArg() != 0 {
		return usageError{fmt.Errorf("%s: unexpected argument %q", name, fs.Arg(0))}
	}
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	p, err := newParty(server, &o, stderr)
	if err != nil {
		return err
	}
	conn, peer, err := p.connect(ctx, nil)
	if err != nil {
		return err
	}
	defer conn.Close()
	fmt.Fprintf(stderr, "%s: connected to %s\n", name, peer)
	rep, err := p.run(ctx, conn)
	if err != nil {
		return err
	}
	return p.output(rep, stdout)
}

// party is one side of a matching session, with its input loaded.
type party struct {
	server bool
	name   string
	opts   *partyOptions
	kind   identifierKind
	input  *inputSet
	stderr io.Writer
	tls    *tls.Config
}

func newParty(server bool, o *partyOptions, stderr io.Writer) (*party, error) {
	p := &party{server: server, name: "join", opts: o, stderr: stderr}
	if server {
		p.name = "serve"
	}
	switch o.mode {
	case "intersect", "both", "count", "unbalanced":
	default:
		return nil, usageError{fmt.Errorf("%s: unknown --mode %q", p.name, o.mode)}
	}
	switch {
	case o.protocol == "":
		o.protocol = "ecdh"
		if o.mode == "intersect" {
			o.protocol = "ot"
		}
	case o.protocol == "ot" && o.mode != "intersect":
		return nil, usageError{fmt.Errorf("%s: --protocol ot supports --mode intersect only (use ecdh for both/count)", p.name)}
	case o.protocol != "ot" && o.protocol != "ecdh":
		return nil, usageError{fmt.Errorf("%s: unknown --protocol %q (want ot or ecdh)", p.name, o.protocol)}
	}
	kind, err := lookupKind(o.kind)
	if err != nil {
		return nil, err
	}
	p.kind = kind
	if !o.insecure {
		if p.tls, err = o.files.config(server); err != nil {
			return nil, err
		}
	}
	needInput := !(server && o.mode == "unbalanced")
	if needInput {
		if o.in == "" {
			return nil, usageError{fmt.Errorf("%s: --in is required", p.name)}
		}
		if p.input, err = readInput(o.in, kind, o.column); err != nil {
			return nil, fmt.Errorf("%s: %w", p.name, err)
		}
		p.input.report(stderr, p.name)
		if len(p.input.keys) > o.maxItems {
			return nil, fmt.Errorf("%s: %d identifiers exceed --max-items %d", p.name, len(p.input.keys), o.maxItems)
		}
	}
	return p, nil
}

// connect listens (serve) or dials (join), completes the TLS handshake and
// returns the connection and the peer's institution ID from its certificate.
// If ready is not nil, the listening address is sent on it once bound.
func (p *party) connect(ctx context.Context, ready chan<- string) (net.Conn, string, error) {
	var conn net.Conn
	if p.server {
		ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", p.opts.addr)
		if err != nil {
			return nil, "", fmt.Errorf("serve: %w", err)
		}
		defer ln.Close()
		if ready != nil {
			ready <- ln.Addr().String()
		}
		stop := context.AfterFunc(ctx, func() { ln.Close() })
		conn, err = ln.Accept()
		stop()
		if err != nil {
			if ctx.Err() != nil {
				err = ctx.Err()
			}
			return nil, "", fmt.Errorf("serve: waiting for the peer: %w", err)
		}
	} else {
		c, err := (&net.Dialer{Timeout: 30 * time.Second}).DialContext(ctx, "tcp", p.opts.addr)
		if err != nil {
			return nil, "", fmt.Errorf("join: %w", err)
		}
		conn = c
	}
	if p.tls == nil {
		return conn, "unauthenticated peer " + conn.RemoteAddr().String() + " (--insecure)", nil
	}
	var tc *tls.Conn
	if p.server {
		tc = tls.Server(conn, p.tls)
	} else {
		cfg := p.tls.Clone()
		if host, _, err := net.SplitHostPort(p.opts.addr); err == nil && host != "" {
			cfg.ServerName = host
		} else {
			cfg.ServerName = "localhost"
		}
		tc = tls.Client(conn, cfg)
	}
	hctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := tc.HandshakeContext(hctx); err != nil {
		conn.Close()
		return nil, "", fmt.Errorf("%s: TLS handshake with %s failed (%s side): %w", p.name, conn.RemoteAddr(), p.name, err)
	}
	peer, err := peerInstitution(tc.ConnectionState())
	if err != nil {
		tc.Close()
		return nil, "", fmt.Errorf("%s: %w", p.name, err)
	}
	return tc, "institution " + peer, nil
}

// report is what one party learned and what it cost.
type report struct {
	mode      string
	protocol  string   // intersect modes: "ot" or "ecdh"
	matched   []string // matching keys, when this party learns them
	count     int
	learns    bool // this party learned the intersection or count
	peerSize  int
	sent      int64
	received  int64
	elapsed   time.Duration
	ownSize   int
	countOnly bool
}

var errNoUnbalancedKey = errors.New("serve: --mode unbalanced needs --oprf-key (run precompute first)")

func (p *party) run(ctx context.Context, conn net.Conn) (*report, error) {
	rep, err := p.runPSI(ctx, conn)
	var alert *net.OpError
	if errors.As(err, &alert) && alert.Op == "remote error" {
		// In TLS 1.3 a client's handshake completes before the server has
		// checked the client certificate; a rejection arrives as an alert on
		// the first read.
		return nil, fmt.Errorf("%s: TLS failure: the peer rejected this side's certificate: %w", p.name, err)
	}
	return rep, err
}

func (p *party) runPSI(ctx context.Context, conn net.Conn) (*report, error) {
	start := time.Now()
	rep := &report{mode: p.opts.mode}
	var items [][]byte
	if p.input != nil {
		items = make([][]byte, len(p.input.keys))
		for i, k := range p.input.keys {
			items[i] = []byte(k)
		}
		rep.ownSize = len(items)
	}
	meter := startProgress(p.opts.progress || stderrIsTerminal(), p.stderr, p.name, len(items))
	defer meter.finish()
	cfg := psi.Config{
		IdentifierKind: p.kind.handshake,
		MaxItems:       p.opts.maxItems,
		BothLearn:      p.opts.mode == "both",
		Progress:       func(pr psi.Progress) { meter.set(max(pr.Own, pr.Peer)) },
	}
	var stats psi.Stats
	switch {
	case p.opts.mode == "unbalanced":
		s, err := p.runUnbalanced(ctx, conn, items, rep)
		if err != nil {
			return nil, err
		}
		stats = *s
	case p.opts.mode == "count" && p.server:
		sd, err := psi.NewCardinalitySender(cfg)
		if err != nil {
			return nil, err
		}
		s, err := sd.Serve(ctx, conn, items)
		if err != nil {
			return nil, fmt.Errorf("serve: %w", err)
		}
		stats = *s
	case p.opts.mode == "count":
		r, err := psi.NewCardinalityReceiver(cfg)
		if err != nil {
			return nil, err
		}
		res, err := r.Count(ctx, conn, items)
		if err != nil {
			return nil, fmt.Errorf("join: %w", err)
		}
		rep.learns, rep.countOnly, rep.count, stats = true, true, res.Count, res.Stats
	default:
		var res *psi.Result
		var err error
		if p.opts.protocol == "ot" {
			res, err = p.runOT(ctx, conn, cfg, items)
		} else if p.server {
			var sd *psi.Sender
			if sd, err = psi.NewSender(cfg); err == nil {
				res, err = sd.Intersect(ctx, conn, items)
			}
		} else {
			var r *psi.Receiver
			if r, err = psi.NewReceiver(cfg); err == nil {
				res, err = r.Intersect(ctx, conn, items)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.name, err)
		}
		rep.protocol = p.opts.protocol
		stats = res.Stats
		if !p.server || cfg.BothLearn {
			rep.learns = true
			for _, i := range res.Matches {
				rep.matched = append(rep.matched, p.input.keys[i])
			}
			rep.count = len(rep.matched)
		}
	}
	rep.peerSize, rep.sent, rep.received = stats.PeerSize, stats.BytesSent, stats.BytesReceived
	rep.elapsed = time.Since(start)
	return rep, nil
}

// runOT runs OT-extension PSI (KKRT16): the joining party is the receiver
// and learns the intersection; the serving party learns only its size.
func (p *party) runOT(ctx context.Context, conn net.Conn, cfg psi.Config, items [][]byte) (*psi.Result, error) {
	if p.server {
		sd, err := psi.NewOTSender(cfg)
		if err != nil {
			return nil, err
		}
		return sd.Intersect(ctx, conn, items)
	}
	r, err := psi.NewOTReceiver(cfg)
	if err != nil {
		return nil, err
	}
	return r.Intersect(ctx, conn, items)
}

func (p *party) runUnbalanced(ctx context.Context, conn net.Conn, items [][]byte, rep *report) (*psi.Stats, error) {
	ocfg := psi.OPRFConfig{IdentifierKind: p.kind.handshake, MaxItems: p.opts.maxItems}
	if p.server {
		if p.opts.key == "" {
			return nil, usageError{errNoUnbalancedKey}
		}
		key, err := readOPRFKey(p.opts.key)
		if err != nil {
			return nil, err
		}
		srv, err := psi.NewOPRFServer(key, ocfg)
		if err != nil {
			return nil, err
		}
		s, err := srv.Serve(ctx, conn)
		if err != nil {
			return nil, fmt.Errorf("serve: %w", err)
		}
		return s, nil
	}
	if p.opts.set == "" {
		return nil, usageError{errors.New("join: --mode unbalanced needs --set (the encoded set from the serving party)")}
	}
	f, err := os.Open(p.opts.set)
	if err != nil {
		return nil, fmt.Errorf("join: %w", err)
	}
	defer f.Close()
	set, err := psi.ReadEncodedSet(f, p.opts.maxItems)
	if err != nil {
		return nil, fmt.Errorf("join: reading encoded set: %w", err)
	}
	c, err := psi.NewOPRFClient(set, ocfg)
	if err != nil {
		return nil, fmt.Errorf("join: %w", err)
	}
	res, err := c.Query(ctx, conn, items)
	if err != nil {
		return nil, fmt.Errorf("join: %w", err)
	}
	rep.learns = true
	rep.peerSize = set.Len()
	for _, i := range res.Matches {
		rep.matched = append(rep.matched, p.input.keys[i])
	}
	rep.count = len(rep.matched)
	return &res.Stats, nil
}
