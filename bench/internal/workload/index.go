package workload

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/bench/internal/keygen"
	"github.com/grumpydb/grumpydb/bench/internal/report"
	"github.com/grumpydb/grumpydb/engine"
)

// checkAges is the untimed deep check of an index query: every document is
// stored, distinct, and has an age in [lo, hi).
func checkAges(d *dataset, docs []engine.Document, lo, hi int64) error {
	seen := make(map[uuid.UUID]bool, len(docs))
	for _, doc := range docs {
		if seen[doc.ID] {
			return verifyErr("document %s returned twice", doc.ID)
		}
		seen[doc.ID] = true
		if err := d.checkDoc(doc.ID, doc.Value); err != nil {
			return err
		}
		if v, _ := doc.Value.Get("age"); v.Kind() != engine.KindInt || v.Int() < lo || v.Int() >= hi {
			return verifyErr("query for ages [%d, %d) returned a document of age %s", lo, hi, v)
		}
	}
	return nil
}

// e7 is the index exact match on R10i's age_idx: E7Queries ages drawn
// uniformly from [0, 1000) (seed 0xBADF00D), each returning its documents
// decoded; each must return exactly ReadDocs/1000.
func (r *Runner) e7(samples int) ([]report.Row, error) {
	d, err := r.dataset("R10i")
	if err != nil {
		return nil, err
	}
	db, err := d.open()
	if err != nil {
		return nil, err
	}
	defer db.Close()
	ages := keygen.Picks(0xBADF00D, r.sizes.E7Queries, 1000)
	got := make([][]engine.Document, len(ages))
	rates := make([]float64, 0, samples)
	for s := range samples {
		clear(got)
		start := time.Now()
		for i, a := range ages {
			docs, err := db.Query(collection, "age_idx", engine.Int(int64(a)))
			if err != nil {
				return nil, err
			}
			if len(docs) != d.perAge {
				return nil, verifyErr("age %d: %d documents, want %d", a, len(docs), d.perAge)
			}
			got[i] = docs
		}
		elapsed := time.Since(start)
		for i, a := range ages {
			if err := checkAges(d, got[i], int64(a), int64(a)+1); err != nil {
				return nil, fmt.Errorf("sample %d: %w", s, err)
			}
		}
		rates = append(rates, report.Rate(len(ages), elapsed))
	}
	st, err := report.Summarize(rates)
	if err != nil {
		return nil, err
	}
	r.logf("   median %.0f queries/s", st.Median)
	return []report.Row{{ID: "E7", Variant: "R10i age_idx", Stat: st, Unit: "queries/s", Published: "~17.7 K ops/s",
		Notes: fmt.Sprintf("%s queries/sample, %d decoded docs each", report.Int(len(ages)), d.perAge)}}, nil
}

// ageRange is one E8 query: ages [lo, lo+w).
type ageRange struct{ lo, w int }

// e8Ranges draws E8's ranges with seed 0xFEEDFACE: n times a in [0, 950)
// then w in [1, 50], then a shuffle with the same generator.
func e8Ranges(n int) []ageRange {
	g := keygen.New(0xFEEDFACE)
	out := make([]ageRange, n)
	for i := range out {
		a := g.IntN(950)
		out[i] = ageRange{lo: a, w: 1 + g.IntN(50)}
	}
	g.Rand().Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// e8 is the index range on R10i's age_idx: E8Ranges half-open windows of
// 1 to 50 ages, each returning its documents decoded; each must return
// exactly perAge × w.
func (r *Runner) e8(samples int) ([]report.Row, error) {
	d, err := r.dataset("R10i")
	if err != nil {
		return nil, err
	}
	db, err := d.open()
	if err != nil {
		return nil, err
	}
	defer db.Close()
	ranges := e8Ranges(r.sizes.E8Ranges)
	got := make([][]engine.Document, len(ranges))
	var rangeRates, docRates []float64
	total := 0
	for s := range samples {
		clear(got)
		total = 0
		start := time.Now()
		for i, q := range ranges {
			docs, err := db.QueryRange(collection, "age_idx", engine.Int(int64(q.lo)), engine.Int(int64(q.lo+q.w)))
			if err != nil {
				return nil, err
			}
			if len(docs) != d.perAge*q.w {
				return nil, verifyErr("ages [%d, %d): %d documents, want %d", q.lo, q.lo+q.w, len(docs), d.perAge*q.w)
			}
			total += len(docs)
			got[i] = docs
		}
		elapsed := time.Since(start)
		for i, q := range ranges {
			if err := checkAges(d, got[i], int64(q.lo), int64(q.lo+q.w)); err != nil {
				return nil, fmt.Errorf("sample %d: %w", s, err)
			}
		}
		rangeRates = append(rangeRates, report.Rate(len(ranges), elapsed))
		docRates = append(docRates, report.Rate(total, elapsed))
	}
	st, err := report.Summarize(rangeRates)
	if err != nil {
		return nil, err
	}
	sd, _ := report.Summarize(docRates)
	r.logf("   median %.0f ranges/s, %.0f docs/s", st.Median, sd.Median)
	mean := float64(total) / float64(len(ranges))
	return []report.Row{
		{ID: "E8", Variant: "R10i age_idx, ranges", Stat: st, Unit: "ranges/s", Published: "~836 ranges/s",
			Notes: fmt.Sprintf("%d ranges/sample, widths uniform in [1, 50], %.1f decoded docs per range", len(ranges), mean)},
		{ID: "E8", Variant: "R10i age_idx, documents", Stat: sd, Unit: "docs/s", Published: "≈213 K docs/s",
			Notes: "documents returned ÷ elapsed"},
	}, nil
}
