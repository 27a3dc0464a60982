package workload

import (
	"fmt"

	"github.com/grumpydb/grumpydb/bench/internal/report"
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
	st, err := r.scanSamples(db, d, samples)
	if err != nil {
		return nil, err
	}
	r.logf("   median %.0f docs/s", st.Median)
	return []report.Row{{ID: "E6s", Variant: "L100", Stat: st, Unit: "docs/s",
		Notes: fmt.Sprintf("%s medium docs decoded and kept in one list per sample; %s", report.Int(len(d.keys)), r.scaleNote("L100"))}}, nil
}
