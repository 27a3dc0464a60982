package workload

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/grumpydb/grumpydb/bench/internal/report"
	"github.com/grumpydb/grumpydb/engine"
)

// scanInto iterates the whole collection in key order, appending every
// decoded document (which the caller owns) to out[:0].
func scanInto(db *engine.DB, out []engine.Document) ([]engine.Document, error) {
	out = out[:0]
	it := db.ScanAll(context.Background(), collection)
	for it.Next() {
		out = append(out, it.Document())
	}
	return out, it.Close()
}

// checkScan verifies a full scan: exactly every document, in strictly
// ascending key order, each equal to the one stored.
func checkScan(d *dataset, docs []engine.Document) error {
	if len(docs) != len(d.keys) {
		return verifyErr("scan returned %d documents, want %d", len(docs), len(d.keys))
	}
	for i, doc := range docs {
		if i > 0 && bytes.Compare(docs[i-1].ID[:], doc.ID[:]) >= 0 {
			return verifyErr("scan out of order at %d: %s then %s", i, docs[i-1].ID, doc.ID)
		}
		if err := d.checkDoc(doc.ID, doc.Value); err != nil {
			return err
		}
	}
	return nil
}

// scanSamples is the body E6 and E6s share: one untimed warm-up scan, then
// samples timed scans of d's store, each materialising every document and
// checked untimed (checkScan); it returns the docs/s figures summarised.
func (r *Runner) scanSamples(db *engine.DB, d *dataset, samples int) (report.Summary, error) {
	docs, err := scanInto(db, make([]engine.Document, 0, len(d.keys)))
	if err != nil {
		return report.Summary{}, fmt.Errorf("warm-up: %w", err)
	}
	if err := checkScan(d, docs); err != nil {
		return report.Summary{}, fmt.Errorf("warm-up: %w", err)
	}
	rates := make([]float64, 0, samples)
	for s := range samples {
		clear(docs)
		start := time.Now()
		docs, err = scanInto(db, docs)
		elapsed := time.Since(start)
		if err != nil {
			return report.Summary{}, err
		}
		if err := checkScan(d, docs); err != nil {
			return report.Summary{}, fmt.Errorf("sample %d: %w", s, err)
		}
		rates = append(rates, report.Rate(len(docs), elapsed))
	}
	return report.Summarize(rates)
}

// e6 is the full scan with decode of R10, after one untimed warm-up scan.
// The documents are materialised in one list, as the published figure did.
func (r *Runner) e6(samples int) ([]report.Row, error) {
	d, err := r.dataset("R10")
	if err != nil {
		return nil, err
	}
	db, err := d.open()
	if err != nil {
		return nil, err
	}
	defer db.Close()
	st, err := r.scanSamples(db, d, samples)
	if err != nil {
		return nil, err
	}
	r.logf("   median %.0f docs/s", st.Median)
	return []report.Row{{ID: "E6", Variant: "R10", Stat: st, Unit: "docs/s", Published: "~2.42 M docs/s",
		Notes: fmt.Sprintf("%s docs decoded and kept in one list per sample", report.Int(len(d.keys)))}}, nil
}
