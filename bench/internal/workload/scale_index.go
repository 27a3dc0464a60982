package workload

import (
	"fmt"
	"time"

	"github.com/grumpydb/grumpydb/bench/internal/keygen"
	"github.com/grumpydb/grumpydb/bench/internal/report"
	"github.com/grumpydb/grumpydb/engine"
)

// E8s's fixed range on age_idx: ages [e8sLo, e8sHi), half-open.
const (
	e8sLo = 400
	e8sHi = 402
)

// emailLookups runs the timed part of E7s: the exact query on email_idx
// for each value, each returning its documents decoded, each required
// inside the loop to return exactly one. Results go to out for the deep
// check.
func emailLookups(db *engine.DB, emails []engine.Value, out [][]engine.Document) (time.Duration, error) {
	start := time.Now()
	for i, e := range emails {
		docs, err := db.Query(collection, "email_idx", e)
		if err != nil {
			return 0, fmt.Errorf("look-up %d: %w", i, err)
		}
		if len(docs) != 1 {
			return 0, verifyErr("look-up %d of %s: %d documents, want 1", i, e, len(docs))
		}
		out[i] = docs
	}
	return time.Since(start), nil
}

// checkEmails is E7s's untimed deep check: look-up i returned exactly
// document picks[i], equal to the one stored.
func checkEmails(d *dataset, picks []int, got [][]engine.Document) error {
	for i, p := range picks {
		if len(got[i]) != 1 || got[i][0].ID != d.keys[p] {
			return verifyErr("look-up %d of %s did not return document %d (%s)", i, Email(p), p, d.keys[p])
		}
		if err := d.checkDoc(got[i][0].ID, got[i][0].Value); err != nil {
			return err
		}
	}
	return nil
}

// e7s is the exact match on L100i's email_idx: E7sLookups emails of
// existing documents, drawn uniformly (seed 0x5CA1E7), each returning
// exactly one decoded document.
func (r *Runner) e7s(samples int) ([]report.Row, error) {
	d, err := r.scaleDataset("L100i")
	if err != nil {
		return nil, err
	}
	db, err := d.open()
	if err != nil {
		return nil, err
	}
	defer db.Close()
	picks := keygen.Picks(e7sSeed, r.sizes.E7sLookups, len(d.keys))
	emails := make([]engine.Value, len(picks))
	for i, p := range picks {
		emails[i] = engine.String(Email(p))
	}
	got := make([][]engine.Document, len(picks))
	rates := make([]float64, 0, samples)
	for s := range samples {
		clear(got)
		elapsed, err := emailLookups(db, emails, got)
		if err != nil {
			return nil, fmt.Errorf("sample %d: %w", s, err)
		}
		if err := checkEmails(d, picks, got); err != nil {
			return nil, fmt.Errorf("sample %d: %w", s, err)
		}
		rates = append(rates, report.Rate(len(picks), elapsed))
	}
	st, err := report.Summarize(rates)
	if err != nil {
		return nil, err
	}
	r.logf("   median %.0f queries/s", st.Median)
	return []report.Row{{ID: "E7s", Variant: "L100i email_idx", Stat: st, Unit: "queries/s",
		Notes: fmt.Sprintf("%s look-ups/sample of existing emails, 1 decoded doc each; %s", report.Int(len(picks)), r.scaleNote("L100i"))}}, nil
}

// ageRangeQueries runs the timed part of E8s: n range queries for ages
// [lo, hi) on age_idx, each returning its documents decoded, each required
// inside the loop to return exactly want. Results go to out for the deep
// check.
func ageRangeQueries(db *engine.DB, lo, hi int64, want int, out [][]engine.Document) (time.Duration, error) {
	l, h := engine.Int(lo), engine.Int(hi)
	start := time.Now()
	for i := range out {
		docs, err := db.QueryRange(collection, "age_idx", l, h)
		if err != nil {
			return 0, fmt.Errorf("query %d: %w", i, err)
		}
		if len(docs) != want {
			return 0, verifyErr("query %d, ages [%d, %d): %d documents, want %d", i, lo, hi, len(docs), want)
		}
		out[i] = docs
	}
	return time.Since(start), nil
}

// e8s is the range [400, 402) on L100i's age_idx, E8sQueries times; each
// must return exactly 2 × E3Docs/1000 documents (200), all of those ages
// (checked untimed).
func (r *Runner) e8s(samples int) ([]report.Row, error) {
	d, err := r.scaleDataset("L100i")
	if err != nil {
		return nil, err
	}
	db, err := d.open()
	if err != nil {
		return nil, err
	}
	defer db.Close()
	want := d.perAge * (e8sHi - e8sLo)
	got := make([][]engine.Document, r.sizes.E8sQueries)
	var queryRates, docRates []float64
	for s := range samples {
		clear(got)
		elapsed, err := ageRangeQueries(db, e8sLo, e8sHi, want, got)
		if err != nil {
			return nil, fmt.Errorf("sample %d: %w", s, err)
		}
		for _, docs := range got {
			if err := checkAges(d, docs, e8sLo, e8sHi); err != nil {
				return nil, fmt.Errorf("sample %d: %w", s, err)
			}
		}
		queryRates = append(queryRates, report.Rate(len(got), elapsed))
		docRates = append(docRates, report.Rate(len(got)*want, elapsed))
	}
	st, err := report.Summarize(queryRates)
	if err != nil {
		return nil, err
	}
	sd, _ := report.Summarize(docRates)
	r.logf("   median %.0f queries/s, %.0f docs/s", st.Median, sd.Median)
	rng := fmt.Sprintf("[%d, %d)", e8sLo, e8sHi)
	return []report.Row{
		{ID: "E8s", Variant: "L100i age_idx " + rng + ", queries", Stat: st, Unit: "queries/s",
			Notes: fmt.Sprintf("%s queries/sample, %s decoded docs each; %s", report.Int(len(got)), report.Int(want), r.scaleNote("L100i"))},
		{ID: "E8s", Variant: "L100i age_idx " + rng + ", documents", Stat: sd, Unit: "docs/s",
			Notes: "documents returned ÷ elapsed"},
	}, nil
}
