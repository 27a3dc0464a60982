package peer

import (
	"fmt"
	"io"
	"strings"

	"github.com/grumpydb/grumpydb/bench/internal/report"
)

// noiseTolerance is how far below a target a median ratio may fall and
// still be reported "at target within noise" (BENCHMARKS.md §4.6).
const noiseTolerance = 0.05

// target is a goal for the ratio GrumpyDB ÷ peer on a higher-is-better
// row.
type target struct {
	peer  string
	ratio float64
}

// targetsFor returns the lead's targets for a row: C1 ≥ 1.3× bbolt and ≥
// SQLite; C2 ≥ Pebble; C3/C3i ≥ SQLite and ≥ 2× bbolt; C4 ≥ 2× SQLite; C5
// (decoded) ≥ 3× bbolt + encoding/json; C6 and C7 ≥ 2× SQLite; the indexed
// finds Q1 and Q2 ≥ 2× SQLite (the query issue's target). Q3, the full
// scan, has none: it is there to show what the index buys.
func targetsFor(id, variant, unit string) []target {
	if strings.Contains(variant, " · p") || unit == "B/doc" || unit == "MiB" {
		return nil
	}
	switch id {
	case "C1":
		return []target{{"bbolt", 1.3}, {"SQLite", 1}}
	case "C2":
		return []target{{"Pebble", 1}}
	case "C3", "C3i":
		return []target{{"SQLite", 1}, {"bbolt", 2}}
	case "C4":
		return []target{{"SQLite", 2}}
	case "C5":
		if variant == "decoded" {
			return []target{{"bbolt", 3}}
		}
	case "C6", "C7", "Q1", "Q2":
		return []target{{"SQLite", 2}}
	}
	return nil
}

// verdict judges a ratio against a target.
func verdict(ratio float64, t target) string {
	switch {
	case ratio >= t.ratio:
		return "met"
	case ratio >= t.ratio*(1-noiseTolerance):
		return "at target within noise"
	}
	return "**MISSED**"
}

// Shortfall is a target a run did not meet.
type Shortfall struct {
	ID, Variant, Peer string
	Ratio, Target     float64
}

// Shortfalls returns the targets missed (beyond the noise tolerance).
func (r *Runner) Shortfalls() []Shortfall {
	var out []Shortfall
	for _, f := range r.figs {
		g, ok := f.summary("GrumpyDB")
		if !ok {
			continue
		}
		for _, t := range targetsFor(f.id, f.variant, f.unit) {
			p, ok := f.summary(t.peer)
			if !ok || p == 0 {
				continue
			}
			if ratio := g / p; ratio < t.ratio*(1-noiseTolerance) {
				out = append(out, Shortfall{f.id, f.variant, t.peer, ratio, t.ratio})
			}
		}
	}
	return out
}

// WriteMarkdown writes the comparison table: one column per engine
// (median of the repetitions), the ratio GrumpyDB ÷ each peer, and the
// targets.
func (r *Runner) WriteMarkdown(w io.Writer) error {
	var names, peers []string
	for _, e := range r.engines {
		names = append(names, e.Name)
		if e.Name != "GrumpyDB" {
			peers = append(peers, e.Name)
		}
	}
	var b strings.Builder
	b.WriteString("| ID | variant | unit | " + strings.Join(names, " | "))
	for _, p := range peers {
		b.WriteString(" | ÷" + p)
	}
	b.WriteString(" | target | notes |\n|---|---|---|")
	b.WriteString(strings.Repeat("---:|", len(names)+len(peers)))
	b.WriteString("---|---|\n")
	for _, f := range r.figs {
		variant := f.variant
		if r.cfg.Reduced {
			variant += " (reduced)"
		}
		fmt.Fprintf(&b, "| %s | %s | %s |", f.id, variant, f.unit)
		vals := map[string]float64{}
		for _, n := range names {
			v, ok := f.summary(n)
			if ok {
				vals[n] = v
				fmt.Fprintf(&b, " %s |", report.Number(v))
			} else {
				b.WriteString(" — |")
			}
		}
		g, gok := vals["GrumpyDB"]
		for _, p := range peers {
			if v, ok := vals[p]; gok && ok && v != 0 {
				fmt.Fprintf(&b, " %s |", report.Ratio(g/v))
			} else {
				b.WriteString(" — |")
			}
		}
		var goals []string
		for _, t := range targetsFor(f.id, f.variant, f.unit) {
			v, ok := vals[t.peer]
			if !gok || !ok || v == 0 {
				continue
			}
			goals = append(goals, fmt.Sprintf("≥%g× %s: %s", t.ratio, t.peer, verdict(g/v, t)))
		}
		notes := f.notes
		if f.lowerBetter {
			notes = strings.TrimPrefix(notes+"; lower is better", "; ")
		}
		if f.pct > 0 {
			notes = fmt.Sprintf("nearest rank over all %s inserts of all repetitions; lower is better", report.Int(len(f.lats["GrumpyDB"])))
		}
		fmt.Fprintf(&b, " %s | %s |\n", strings.Join(goals, "; "), strings.ReplaceAll(notes, "|", `\|`))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
