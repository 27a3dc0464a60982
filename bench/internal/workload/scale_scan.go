package workload

import (
	"fmt"
	"time"

	"github.com/grumpydb/grumpydb/bench/internal/report"
	"github.com/grumpydb/grumpydb/engine"
)

// e6s is the full scan with decode of L100, after one untimed warm-up
// scan: every document decoded and kept in one list, as E6 does; each
// sample must return exactly E3Docs documents in strictly ascending key
// order, each equal to the one stored (checked untimed).
func (r *Runner) e6s(samples int) ([]report.Row, error) {
	d, err := r.scaleDataset("L100")
	if err != nil {
		return nil, err
	}
	db, err := d.open()
	if err != nil {
		return nil, err
	}
	defer db.Close()
	docs, err := scanInto(db, make([]engine.Document, 0, len(d.keys)))
	if err != nil {
		return nil, fmt.Errorf("warm-up: %w", err)
	}
	if err := checkScan(d, docs); err != nil {
		return nil, fmt.Errorf("warm-up: %w", err)
	}
	rates := make([]float64, 0, samples)
	for s := range samples {
		clear(docs)
		start := time.Now()
		docs, err = scanInto(db, docs)
		elapsed := time.Since(start)
		if err != nil {
			return nil, err
		}
		if err := checkScan(d, docs); err != nil {
			return nil, fmt.Errorf("sample %d: %w", s, err)
		}
		rates = append(rates, report.Rate(len(docs), elapsed))
	}
	st, err := report.Summarize(rates)
	if err != nil {
		return nil, err
	}
	r.logf("   median %.0f docs/s", st.Median)
	return []report.Row{{ID: "E6s", Variant: "L100", Stat: st, Unit: "docs/s",
		Notes: fmt.Sprintf("%s medium docs decoded and kept in one list per sample; %s", report.Int(len(d.keys)), r.scaleNote("L100"))}}, nil
}
