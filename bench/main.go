// Command bench runs credq's end-to-end workloads at several sizes and writes
// a Markdown table and an SVG chart to bench/results/<date>-<host>.md/.svg.
//
//	go run ./bench            # full run (several minutes on 2 cores)
//	go run ./bench --quick    # CI smoke run (seconds)
//	go run ./bench --compare  # also run bench/compare (other libraries) and include its table
//
// Each workload is measured next to its primitive bound in the same run:
// PSI against the per-operation cost of the group arithmetic it must do,
// consent verification against raw Ed25519 verification, record sealing
// against raw AES-256-GCM over the same bytes. Times are medians over
// --reps repetitions; ratios are computed within the run, so they are
// meaningful even on a shared, noisy machine.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

type options struct {
	quick    bool
	reps     int
	psiSizes []int
	outDir   string
	compare  bool
	write    bool

	compareSizes string
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	quick := fs.Bool("quick", false, "tiny sizes, one repetition: a smoke run for CI")
	reps := fs.Int("reps", 3, "repetitions per measurement (the median is reported)")
	sizes := fs.String("psi-sizes", "10000,100000,1000000", "comma-separated PSI set sizes per side")
	out := fs.String("out", "", "results directory (default bench/results next to this program's source, or ./bench/results)")
	compare := fs.Bool("compare", false, "also run the bench/compare module (golang-jwt, tink-go, optable/match) and include its results")
	compareSizes := fs.String("compare-psi-sizes", "", "ECDH-PSI vs optable DHPSI sizes for the compare module (default: --psi-sizes); its OT-extension table always uses --psi-sizes")
	write := fs.Bool("write", true, "write the results files (--write=false prints only)")
	only := fs.String("only", "", "comma-separated sections to run (consent, vault, psi, matcher); default all. A partial run's files are named …-<sections>.md")
	if err := fs.Parse(args); err != nil {
		return err
	}
	o := options{quick: *quick, reps: *reps, outDir: *out, compare: *compare, write: *write, compareSizes: *compareSizes}
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("bad --psi-sizes entry %q", s)
		}
		o.psiSizes = append(o.psiSizes, n)
	}
	if o.quick {
		o.reps, o.psiSizes = 1, []int{500, 2000}
	}
	if o.reps < 1 {
		return fmt.Errorf("--reps must be ≥ 1")
	}
	if o.outDir == "" {
		o.outDir = filepath.Join("bench", "results")
		if _, err := os.Stat("bench"); err != nil {
			o.outDir = "results" // run from inside bench/
		}
	}

	r := &results{start: time.Now(), host: hostname(), cores: runtime.GOMAXPROCS(0), goVersion: runtime.Version(), quick: o.quick, reps: o.reps}
	r.cpu = cpuModel()
	r.args = strings.Join(args, " ")
	r.ran = map[string]bool{}
	steps := []struct {
		name string
		f    func(*options, *results) error
	}{
		{"consent", benchConsent},
		{"vault", benchVault},
		{"psi", benchPSI},
		{"matcher", benchMatcher},
	}
	if *only != "" {
		want := map[string]bool{}
		for _, name := range strings.Split(*only, ",") {
			want[strings.TrimSpace(name)] = true
		}
		var picked []struct {
			name string
			f    func(*options, *results) error
		}
		for _, s := range steps {
			if want[s.name] {
				picked = append(picked, s)
				delete(want, s.name)
			}
		}
		for name := range want {
			return fmt.Errorf("--only: unknown section %q", name)
		}
		steps = picked
	}
	for _, s := range steps {
		t0 := time.Now()
		fmt.Fprintf(os.Stderr, "bench: %s …\n", s.name)
		if err := s.f(&o, r); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		r.ran[s.name] = true
		fmt.Fprintf(os.Stderr, "bench: %s done in %.1fs\n", s.name, time.Since(t0).Seconds())
	}
	r.elapsed = time.Since(r.start)
	md := r.markdown()
	base := filepath.Join(o.outDir, r.start.UTC().Format("2006-01-02")+"-"+r.host)
	if o.quick {
		base += "-quick"
	}
	if *only != "" {
		base += "-" + strings.ReplaceAll(*only, ",", "-")
	}
	// Write what was measured before the comparison runs, so a failure
	// there (another library hanging, say) loses nothing.
	save := func(md string) error {
		if !o.write {
			return nil
		}
		if err := os.MkdirAll(o.outDir, 0o755); err != nil {
			return err
		}
		if r.ran["psi"] { // the chart is PSI's
			if err := os.WriteFile(base+".svg", []byte(r.svg()), 0o644); err != nil {
				return err
			}
		}
		md = strings.Replace(md, "<!-- chart -->", "![PSI time per set size]("+filepath.Base(base)+".svg)", 1)
		return os.WriteFile(base+".md", []byte(md), 0o644)
	}
	if err := save(md); err != nil {
		return err
	}
	if o.compare {
		section, err := runCompare(&o)
		if err != nil {
			section += fmt.Sprintf("\n**bench/compare failed: %v** (its partial output is above).\n", err)
		}
		md += "\n" + section
		if werr := save(md); werr != nil {
			return werr
		}
		if err != nil {
			fmt.Print(md)
			return fmt.Errorf("compare: %w", err)
		}
	}
	fmt.Print(md)
	if o.write {
		if r.ran["psi"] {
			fmt.Fprintf(os.Stderr, "bench: wrote %s.md and %s.svg\n", base, base)
		} else {
			fmt.Fprintf(os.Stderr, "bench: wrote %s.md\n", base)
		}
	}
	return nil
}

// runCompare runs the separate comparison module and returns its Markdown.
func runCompare(o *options) (string, error) {
	dir := filepath.Join(filepath.Dir(o.outDir), "compare")
	args := []string{"run", "-tags", "generic", ".", "--reps", strconv.Itoa(o.reps)}
	if o.quick {
		args = append(args, "--quick")
	} else {
		sizes := o.compareSizes
		if sizes == "" {
			sizes = joinInts(o.psiSizes)
		}
		args = append(args, "--psi-sizes", sizes, "--ot-sizes", joinInts(o.psiSizes))
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	return string(out), err
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}

func hostname() string {
	h, err := os.Hostname()
	if err != nil || h == "" {
		return "unknown"
	}
	h, _, _ = strings.Cut(h, ".")
	return h
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}
