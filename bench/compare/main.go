// Command compare runs credq's workloads and the alternatives a user would
// pick instead, in the same process run, and prints a Markdown section with
// the ratios. It is a separate module so that importers of credq never pull
// these dependencies.
//
//	cd bench/compare && go run -tags generic .          # -tags generic: optable/match needs it on Go 1.26
//	go run ./bench --compare                            # from the repository root: included in the results file
//
// Comparisons:
//   - consent presentation verification vs github.com/golang-jwt/jwt/v5 EdDSA
//     verification of a JWT with the same claims (audience and expiry checks on);
//   - vault record sealing vs github.com/tink-crypto/tink-go/v2 AEAD
//     (AES256-GCM keyset) per field over the same field texts;
//   - credq ECDH-PSI vs github.com/optable/match v1.4.0 DHPSI (and KKRT) on the
//     same sets, both over loopback TCP, each output checked against the
//     plaintext intersection;
//   - credq OT-extension PSI vs optable/match KKRT at 50% overlap, runs
//     alternating (--ot-sizes picks its sizes, --ot-only runs only it).
//
// An optable run that produces nothing within --optable-timeout is reported
// as hung rather than stalling the comparison.
package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
)

type options struct {
	quick   bool
	reps    int
	sizes   []int // ECDH-PSI vs DHPSI
	otSizes []int // OT-extension PSI vs KKRT
}

func main() {
	quick := flag.Bool("quick", false, "tiny sizes, one repetition")
	reps := flag.Int("reps", 3, "repetitions (median reported)")
	sizes := flag.String("psi-sizes", "10000,100000,1000000", "PSI set sizes per side")
	otSizes := flag.String("ot-sizes", "", "set sizes for the OT-extension PSI vs KKRT table (default: --psi-sizes)")
	otOnly := flag.Bool("ot-only", false, "run only the OT-extension PSI vs optable KKRT comparison")
	flag.DurationVar(&optableTimeout, "optable-timeout", optableTimeout, "give up on one optable/match run after this long (it is reported as hung)")
	flag.Parse()
	o := options{quick: *quick, reps: max(*reps, 1)}
	o.sizes = parseSizes("--psi-sizes", *sizes)
	o.otSizes = o.sizes
	if *otSizes != "" {
		o.otSizes = parseSizes("--ot-sizes", *otSizes)
	}
	if o.quick {
		o.reps, o.sizes, o.otSizes = 1, []int{500, 2000}, []int{500, 2000}
	}
	var b strings.Builder
	b.WriteString("## Side by side with the alternatives (bench/compare, same process run)\n\n")
	steps := []func(*options, *strings.Builder) error{compareConsent, compareVault, comparePSI, compareOT}
	if *otOnly {
		steps = steps[3:]
	}
	for _, step := range steps {
		if err := step(&o, &b); err != nil {
			fmt.Fprintln(os.Stderr, "compare:", err)
			os.Exit(1)
		}
	}
	fmt.Print(b.String())
}

// parseSizes parses a comma-separated list of positive set sizes or exits.
func parseSizes(flagName, list string) []int {
	var out []int
	for _, s := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "compare: bad %s entry %q\n", flagName, s)
			os.Exit(2)
		}
		out = append(out, n)
	}
	return out
}
