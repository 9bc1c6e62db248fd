// Command matcher finds the borrowers two institutions share without either
// side disclosing the rest of its customer list (multi-lending detection,
// 多头借贷). It runs package psi over mutual TLS between two institutions.
//
// Quick start — everything on loopback with synthetic data:
//
//	go run ./examples/matcher demo
//
// Two real parties:
//
//	go run ./examples/matcher certs --dir certs bank-a bank-b
//	go run ./examples/matcher serve --listen :7443 --cert certs/bank-a.pem --key certs/bank-a-key.pem --ca certs/ca.pem --in a.csv --kind cnid
//	go run ./examples/matcher join --connect host:7443 --cert certs/bank-b.pem --key certs/bank-b-key.pem --ca certs/ca.pem --in b.csv --kind cnid
//
// The joining party learns the shared identifiers (--mode intersect), both
// learn them (--mode both, both sides must say so), or the joining party
// learns only how many there are (--mode count). Identifiers are normalized
// through package credit (cnid: resident ID numbers, cnmob: mobile numbers,
// email); lines that fail normalization are counted and their line numbers —
// never their values — are reported on stderr.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
)

const usage = `usage: matcher <command> [flags]

commands:
  demo        run two institutions over loopback TLS with synthetic data and check the result
  certs       create a demo CA and institution certificates (alias: keygen)
  serve       listen and run the serving party
  join        connect to a serving party and run the joining party
  precompute  encode a large identifier set once for unbalanced matching

Run "matcher <command> -h" for the flags of a command.
`

// usageError marks errors caused by how the command was invoked (exit code 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command and returns the process exit code: 0 on success,
// 1 on failure, 2 on bad usage.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "demo":
		err = demoCmd(ctx, args[1:], stdout, stderr)
	case "certs", "keygen":
		err = certsCmd(args[1:])
	case "serve":
		err = partyCmd(ctx, true, args[1:], stdout, stderr)
	case "join":
		err = partyCmd(ctx, false, args[1:], stdout, stderr)
	case "precompute":
		err = precomputeCmd(ctx, args[1:], stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "matcher: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if err == nil {
		return 0
	}
	fmt.Fprintf(stderr, "matcher: %v\n", err)
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}
