package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/credq/credq/psi"
)

// output writes the matched identifiers (CSV, one column "identifier") or the
// count to --out or stdout, and a summary with timings and bytes to stderr.
func (p *party) output(rep *report, stdout io.Writer) error {
	mode := rep.mode
	if rep.protocol != "" {
		mode += " (" + rep.protocol + ")"
	}
	fmt.Fprintf(p.stderr, "%s: mode %s, own set %d, peer set %d, %.2fs, sent %s, received %s\n",
		p.name, mode, rep.ownSize, rep.peerSize, rep.elapsed.Seconds(), byteSize(rep.sent), byteSize(rep.received))
	if !rep.learns {
		fmt.Fprintf(p.stderr, "%s: this party learns nothing in mode %s (only the peer's set size)\n", p.name, rep.mode)
		return nil
	}
	if rep.countOnly {
		fmt.Fprintf(p.stderr, "%s: shared identifiers: %d\n", p.name, rep.count)
		_, err := fmt.Fprintln(stdout, rep.count)
		return err
	}
	fmt.Fprintf(p.stderr, "%s: shared identifiers: %d\n", p.name, rep.count)
	w := stdout
	if p.opts.out != "" {
		f, err := os.OpenFile(p.opts.out, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
		if err != nil {
			return fmt.Errorf("%s: %w", p.name, err)
		}
		defer f.Close()
		w = f
	}
	return writeMatches(w, p.kind, rep.matched)
}

func writeMatches(w io.Writer, kind identifierKind, keys []string) error {
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	cw.Write([]string{kind.flag})
	for _, k := range keys {
		cw.Write([]string{strings.TrimPrefix(k, kind.handshake+":")})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.2f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// precomputeCmd encodes a (large) identifier set once for unbalanced matching:
// it writes the OPRF key (secret; stays with the serving institution) and the
// encoded set (shared with joining institutions, who download it once).
func precomputeCmd(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("precompute", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "input file: CSV, or one identifier per line")
	kindName := fs.String("kind", "cnid", "identifier kind: cnid, cnmob, email")
	column := fs.String("column", "", "CSV column: 1-based index or header name")
	keyPath := fs.String("oprf-key", "oprf.key", "OPRF key file: loaded if it exists, else created (mode 0600)")
	setPath := fs.String("set", "set.bin", "where to write the encoded set")
	verifiable := fs.Bool("verifiable", false, "RFC 9497 verifiable mode (clients check a proof per batch)")
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	if *in == "" {
		return usageError{errors.New("precompute: --in is required")}
	}
	kind, err := lookupKind(*kindName)
	if err != nil {
		return err
	}
	input, err := readInput(*in, kind, *column)
	if err != nil {
		return fmt.Errorf("precompute: %w", err)
	}
	input.report(stderr, "precompute")
	key, err := readOPRFKey(*keyPath)
	if errors.Is(err, os.ErrNotExist) {
		mode := psi.OPRFBase
		if *verifiable {
			mode = psi.OPRFVerifiable
		}
		if key, err = psi.GenerateOPRFKey(mode); err != nil {
			return err
		}
		b, err := key.MarshalBinary()
		if err != nil {
			return err
		}
		if err := os.WriteFile(*keyPath, b, 0o600); err != nil {
			return fmt.Errorf("precompute: %w", err)
		}
		fmt.Fprintf(stderr, "precompute: created OPRF key %s\n", *keyPath)
	} else if err != nil {
		return err
	}
	items := make([][]byte, len(input.keys))
	for i, k := range input.keys {
		items[i] = []byte(k)
	}
	srv, err := psi.NewOPRFServer(key, psi.OPRFConfig{IdentifierKind: kind.handshake, MaxItems: max(len(items), 1)})
	if err != nil {
		return err
	}
	start := time.Now()
	set, err := srv.EncodeSet(ctx, items)
	if err != nil {
		return fmt.Errorf("precompute: %w", err)
	}
	f, err := os.Create(*setPath)
	if err != nil {
		return fmt.Errorf("precompute: %w", err)
	}
	n, err := set.WriteTo(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("precompute: writing %s: %w", *setPath, err)
	}
	el := time.Since(start)
	fmt.Fprintf(stderr, "precompute: encoded %d items in %.2fs (%.0f items/s); %s written to %s (%.1f bytes/item)\n",
		set.Len(), el.Seconds(), float64(set.Len())/el.Seconds(), byteSize(n), *setPath, float64(n)/float64(max(set.Len(), 1)))
	return nil
}

func readOPRFKey(path string) (*psi.OPRFKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading OPRF key: %w", err)
	}
	k, err := psi.ParseOPRFKey(b)
	if err != nil {
		return nil, fmt.Errorf("OPRF key file %s: %w", path, err)
	}
	return k, nil
}
