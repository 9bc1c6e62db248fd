package main

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/credq/credq/bench/benchutil"
	"github.com/credq/credq/psi/cost"
)

type results struct {
	start     time.Time
	elapsed   time.Duration
	host      string
	cpu       string
	cores     int
	goVersion string
	quick     bool
	reps      int

	consent  consentResult
	vault    vaultResult
	psiCosts cost.Costs
	psi      []psiRow
	matcher  []matcherRow
	args     string          // the command line after "go run ./bench"
	ran      map[string]bool // sections that ran
}

func perSec(d time.Duration) string {
	if d <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f", float64(time.Second)/float64(d))
}

func mark(ok bool) string {
	if ok {
		return "yes"
	}
	return "**NO**"
}

func (r *results) markdown() string {
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	kind := "full run"
	if r.quick {
		kind = "quick smoke run (tiny sizes, not for quoting)"
	}
	w("# credq benchmark results — %s\n\n", r.start.UTC().Format("2006-01-02 15:04 UTC"))
	w("Machine: `%s`, %s, %d cores (GOMAXPROCS), %s. %s; medians of %d repetitions (1 for sizes ≥ 10⁶); total %.0f s. Produced by `%s`.\n\n", r.host, r.cpu, r.cores, r.goVersion, kind, r.reps, r.elapsed.Seconds(), strings.TrimSpace("go run ./bench "+r.args))

	for _, sec := range []struct {
		name string
		f    func(func(string, ...any))
	}{{"consent", r.consentMD}, {"vault", r.vaultMD}, {"psi", r.psiMD}, {"matcher", r.matcherMD}} {
		if r.ran[sec.name] {
			sec.f(w)
		}
	}
	return b.String()
}

// boundText formats a bound, or "–" where there is none.
func boundText(d time.Duration) string {
	if d <= 0 {
		return "–"
	}
	return benchutil.Secs(d)
}

// svg draws PSI time against set size on log-log axes: one line per
// protocol and the ECDH bound as a dashed line.
func (r *results) svg() string {
	const W, H, L, R, T, B = 720, 420, 70, 170, 40, 50
	type pt struct{ x, y float64 }
	series := map[string][]pt{}
	var xs, ys []float64
	for _, p := range r.psi {
		if p.protocol == "unbalanced" {
			continue
		}
		series[p.protocol] = append(series[p.protocol], pt{float64(p.n), p.elapsed.Seconds()})
		if p.protocol == "ecdh" {
			series["bound"] = append(series["bound"], pt{float64(p.n), p.bound.Seconds()})
		}
		xs = append(xs, float64(p.n))
		ys = append(ys, p.elapsed.Seconds())
		if p.bound > 0 {
			ys = append(ys, p.bound.Seconds())
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">`+"\n", W, H)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="white"/>`+"\n", W, H)
	fmt.Fprintf(&b, `<text x="%d" y="22" font-size="15">credq PSI: time vs items per side (%s, %d cores)</text>`+"\n", L, r.host, r.cores)
	if len(xs) == 0 {
		b.WriteString("</svg>\n")
		return b.String()
	}
	lx0, lx1 := math.Floor(math.Log10(minF(xs))), math.Ceil(math.Log10(maxF(xs)))
	ly0, ly1 := math.Floor(math.Log10(minF(ys))), math.Ceil(math.Log10(maxF(ys)))
	if lx1 == lx0 {
		lx1++
	}
	if ly1 == ly0 {
		ly1++
	}
	px := func(x float64) float64 { return L + (math.Log10(x)-lx0)/(lx1-lx0)*(W-L-R) }
	py := func(y float64) float64 { return H - B - (math.Log10(y)-ly0)/(ly1-ly0)*(H-T-B) }
	for e := lx0; e <= lx1; e++ {
		x := px(math.Pow(10, e))
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/><text x="%.1f" y="%d" text-anchor="middle">10^%.0f</text>`+"\n", x, T, x, H-B, x, H-B+18, e)
	}
	for e := ly0; e <= ly1; e++ {
		y := py(math.Pow(10, e))
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/><text x="%d" y="%.1f" text-anchor="end">%s</text>`+"\n", L, y, W-R, y, L-6, y+4, benchutil.Secs(time.Duration(math.Pow(10, e)*float64(time.Second))))
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">items per side</text>`+"\n", (W-R+L)/2, H-12)
	styles := []struct{ name, color, dash string }{{"ecdh", "#1f77b4", ""}, {"cardinality", "#ff7f0e", ""}, {"ot", "#2ca02c", ""}, {"bound", "#555", `stroke-dasharray="6 4"`}}
	for i, s := range styles {
		pts := series[s.name]
		if len(pts) == 0 {
			continue
		}
		var path []string
		for _, p := range pts {
			path = append(path, fmt.Sprintf("%.1f,%.1f", px(p.x), py(p.y)))
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>`+"\n", px(p.x), py(p.y), s.color)
		}
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2" %s/>`+"\n", strings.Join(path, " "), s.color, s.dash)
		label := map[string]string{"ecdh": "ECDH-PSI", "cardinality": "cardinality", "ot": "OT-extension PSI", "bound": "ECDH bound"}[s.name]
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2" %s/><text x="%d" y="%d">%s</text>`+"\n", W-R+15, T+20+20*i, W-R+40, T+20+20*i, s.color, s.dash, W-R+46, T+24+20*i, label)
	}
	b.WriteString("</svg>\n")
	return b.String()
}

func minF(v []float64) float64 {
	m := math.Inf(1)
	for _, x := range v {
		if x > 0 {
			m = math.Min(m, x)
		}
	}
	return m
}

func maxF(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = math.Max(m, x)
	}
	return m
}

func (r *results) consentMD(w func(string, ...any)) {
	w("## Consent verification (one goroutine)\n\n")
	w("Full presentation verification = parse the token, verify the issuer signature, verify the holder's proof-of-possession signature, audience, time window, nonce (in-memory replay store), purpose, scope, use count, revocation.\n\n")
	w("CPU time per verification: user + system time of the whole process with GOMAXPROCS at its default, so the garbage collector's work on the other cores counts; verifications/s per core = 1 ÷ that. Each repetition times raw `ed25519.Verify` and then each algorithm, and the ratio is the median of the per-repetition ratios.\n\n")
	w("| issuer algorithm | token bytes | armored chars | CPU per verification | verifications/s per core | vs raw Ed25519 verify |\n|---|---|---|---|---|---|\n")
	for _, c := range r.consent.rows {
		w("| %s | %d | %d | %s | %s | %.2f× |\n", c.alg, c.tokenBytes, c.armored, benchutil.Secs(c.verify), perSec(c.verify), c.ratio)
	}
	w("| raw `ed25519.Verify` (one signature) | | | %s | %s | 1.00× |\n\n", benchutil.Secs(r.consent.rawEd25519), perSec(r.consent.rawEd25519))

}

func (r *results) vaultMD(w func(string, ...any)) {
	w("## Field-level encryption (one goroutine, warm subject-key cache)\n\n")
	w("CPU time per record with GOMAXPROCS=1: user + system time of the whole process, so one core's work, the garbage collector's included; records/s per core = 1 ÷ that. Each record set is built just before it is measured, so the other set is not part of the live heap the collector scans. Ratios are medians of per-repetition ratios to raw AES-256-GCM over the same field texts, measured alternately. The last open row of each set is measured with GOMAXPROCS at its default: the collector's idle-time workers then also run on the otherwise idle cores, and their CPU time counts too.\n\n")
	w("| records | operation | CPU per record | records/s per core | vs raw AES-256-GCM per field |\n|---|---|---|---|---|\n")
	for _, v := range r.vault.sets {
		set := fmt.Sprintf("%s: %d records, mean %.1f fields, %.0f bytes of field text", v.name, v.records, v.fields, v.bytes)
		w("| %s | seal | %s | %s | %.2f× |\n", set, benchutil.Secs(v.seal), perSec(v.seal), v.sealX)
		w("| | open (warm cache) | %s | %s | %.2f× |\n", benchutil.Secs(v.open), perSec(v.open), v.openX)
		w("| | open (cold: subject key read and unwrapped every time) | %s | %s | %.2f× |\n", benchutil.Secs(v.openCold), perSec(v.openCold), v.openColdX)
		w("| | raw AES-256-GCM seal, same field texts | %s | %s | 1.00× |\n", benchutil.Secs(v.rawSeal), perSec(v.rawSeal))
		w("| | raw AES-256-GCM open, same field texts | %s | %s | 1.00× |\n", benchutil.Secs(v.rawOpen), perSec(v.rawOpen))
		w("| | open (warm cache), GOMAXPROCS=%d | %s | %s | %.2f× |\n", v.procs, benchutil.Secs(v.openAllP), perSec(v.openAllP), v.openAllPX)
		if v.lookupCandidates > 0 {
			w("| | blind-index lookup by resident ID (%d match, candidates opened) | %s | %s | |\n", v.lookupCandidates, benchutil.Secs(v.lookup), perSec(v.lookup))
		}
	}
	w("\n")

}

func (r *results) psiMD(w func(string, ...any)) {
	c := r.psiCosts
	w("## Private set intersection (both parties in one process, loopback TCP, 10%% overlap)\n\n")
	w("Bound = per-party operation counts × single-core CPU cost measured in this run (psi/cost, per item of the batches psi runs) ÷ %d cores: hash-to-group %s, scalar multiplication %s (one scalar for a batch; %s with a scalar per item, as OPRF blinding), decode %s, batched encode %s, SHA-256 %s.\n\n",
		r.cores, benchutil.Secs(c.HashToGroup), benchutil.Secs(c.ScalarMult), benchutil.Secs(c.ScalarMultEach), benchutil.Secs(c.Decode), benchutil.Secs(c.Encode), benchutil.Secs(c.Hash))
	w("<!-- chart -->\n\n")
	w("Time is wall time of the median run; CPU is the process's user + system time in that run (both parties); allocated is heap bytes allocated per item per side; peak is the largest live heap sampled every 10 ms, the input sets (about 60 bytes per item per side) included. OT-extension PSI has no group-operation bound.\n\n")
	w("| protocol | items per side | time | bound | time ÷ bound | CPU | bytes on the wire per item | allocated per item | peak live heap | exact |\n|---|---|---|---|---|---|---|---|---|---|\n")
	for _, p := range r.psi {
		if p.protocol == "unbalanced" {
			continue
		}
		w("| %s | %d | %s | %s | %s | %s | %.1f | %.0f B | %.0f MiB | %s |\n", p.protocol, p.n, benchutil.Secs(p.elapsed), boundText(p.bound), benchutil.Ratio(p.elapsed, p.bound),
			benchutil.Secs(p.cpu), float64(p.wire)/float64(2*p.n), float64(p.alloc)/float64(2*p.n), float64(p.peak)/(1<<20), mark(p.correct))
	}
	w("\nUnbalanced OPRF-PSI (RFC 9497 ristretto255-SHA512, base mode): the server precomputes its encoded set once; the client downloads it once, then queries online.\n\n")
	w("| server items | precompute | items/s | encoded set | bytes per item | client items | online time | online bound | online bytes | exact |\n|---|---|---|---|---|---|---|---|---|---|\n")
	for _, p := range r.psi {
		if p.protocol != "unbalanced" {
			continue
		}
		w("| %d | %s | %.0f | %.1f MiB | %.1f | %d | %s | %s | %.1f KiB | %s |\n", p.n, benchutil.Secs(p.precomp), float64(p.n)/p.precomp.Seconds(),
			float64(p.setBytes)/(1<<20), float64(p.setBytes)/float64(p.n), p.client, benchutil.Secs(p.elapsed), benchutil.Secs(p.bound), float64(p.wire)/1024, mark(p.correct))
	}
	w("\n")
}

func (r *results) matcherMD(w func(string, ...any)) {
	w("## Matcher end to end (normalize resident IDs, mutual TLS 1.3 on loopback)\n\n")
	w("OT-extension PSI is `examples/matcher`'s default protocol; ECDH-PSI is `--protocol ecdh`.\n\n")
	w("| protocol | borrowers per institution | time | items/s (both sides) | bytes per item | exact |\n|---|---|---|---|---|---|\n")
	for _, m := range r.matcher {
		w("| %s | %d | %s | %.0f | %.1f | %s |\n", m.protocol, m.n, benchutil.Secs(m.elapsed), float64(2*m.n)/m.elapsed.Seconds(), float64(m.wire)/float64(2*m.n), mark(m.correct))
	}
}
