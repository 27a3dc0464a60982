package workload

import (
	"errors"
	"fmt"
	"time"

	"github.com/grumpydb/grumpydb/bench/internal/keygen"
	"github.com/grumpydb/grumpydb/bench/internal/report"
	"github.com/grumpydb/grumpydb/engine"
)

// timedGets runs the gets of picks, checking each result non-nil (an
// object) inside the loop and keeping it in out for the deep check.
func timedGets(db *engine.DB, d *dataset, picks []int, out []engine.Value) (time.Duration, error) {
	start := time.Now()
	for i, p := range picks {
		v, err := db.Get(collection, d.keys[p])
		if err := checkGot(i, v, err); err != nil {
			return 0, err
		}
		out[i] = v
	}
	return time.Since(start), nil
}

// checkGot is the in-loop check of get i: it returned a document (an
// object). A stored key found missing is a wrong result (ErrVerify).
func checkGot(i int, v engine.Value, err error) error {
	if errors.Is(err, engine.ErrKeyNotFound) {
		return verifyErr("get %d: %v", i, err)
	}
	if err != nil {
		return fmt.Errorf("get %d: %w", i, err)
	}
	if v.Kind() != engine.KindObject {
		return verifyErr("get %d returned a %s", i, v.Kind())
	}
	return nil
}

// checkGets is the untimed deep check: every result equals its document.
func checkGets(d *dataset, picks []int, got []engine.Value) error {
	for i, p := range picks {
		if err := checkGetOf(d, i, p, got[i]); err != nil {
			return err
		}
	}
	return nil
}

// checkGetOf checks that get i, of document p, returned that document.
func checkGetOf(d *dataset, i, p int, v engine.Value) error {
	if !engine.Equal(v, d.docs[p]) {
		return verifyErr("get %d of document %d returned %s, want %s", i, p, v, d.docs[p])
	}
	return nil
}

// e4 is the warm point get on R10: one untimed warm-up pass of the same
// gets, then per sample the Gets gets drawn with replacement (seed
// 0xC0FFEE).
func (r *Runner) e4(samples int) ([]report.Row, error) {
	d, err := r.dataset("R10")
	if err != nil {
		return nil, err
	}
	db, err := d.open()
	if err != nil {
		return nil, err
	}
	defer db.Close()
	picks := keygen.Picks(0xC0FFEE, r.sizes.Gets, len(d.keys))
	got := make([]engine.Value, len(picks))
	if _, err := timedGets(db, d, picks, got); err != nil {
		return nil, fmt.Errorf("warm-up: %w", err)
	}
	if err := checkGets(d, picks, got); err != nil {
		return nil, err
	}
	rates := make([]float64, 0, samples)
	for s := range samples {
		clear(got)
		elapsed, err := timedGets(db, d, picks, got)
		if err != nil {
			return nil, err
		}
		if err := checkGets(d, picks, got); err != nil {
			return nil, fmt.Errorf("sample %d: %w", s, err)
		}
		rates = append(rates, report.Rate(len(picks), elapsed))
	}
	st, err := report.Summarize(rates)
	if err != nil {
		return nil, err
	}
	r.logf("   median %.0f ops/s", st.Median)
	return []report.Row{{ID: "E4", Variant: "R10, warm", Stat: st, Unit: "ops/s", Published: "~223 K ops/s",
		Notes: fmt.Sprintf("%s gets/sample (with replacement) of %s small docs, decoded", report.Int(len(picks)), report.Int(len(d.keys)))}}, nil
}

// e5 is the cold get: per sample, open R10c (every engine cache empty; the
// OS page cache stays warm), run the Gets gets (seed 0xCAFEBABE), close.
func (r *Runner) e5(samples int) ([]report.Row, error) {
	d, err := r.dataset("R10c")
	if err != nil {
		return nil, err
	}
	picks := keygen.Picks(0xCAFEBABE, r.sizes.Gets, len(d.keys))
	got := make([]engine.Value, len(picks))
	rates := make([]float64, 0, samples)
	for s := range samples {
		db, err := d.open()
		if err != nil {
			return nil, err
		}
		clear(got)
		elapsed, err := timedGets(db, d, picks, got)
		if cerr := db.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, err
		}
		if err := checkGets(d, picks, got); err != nil {
			return nil, fmt.Errorf("sample %d: %w", s, err)
		}
		rates = append(rates, report.Rate(len(picks), elapsed))
	}
	st, err := report.Summarize(rates)
	if err != nil {
		return nil, err
	}
	r.logf("   median %.0f ops/s", st.Median)
	return []report.Row{{ID: "E5", Variant: "R10c, reopened", Stat: st, Unit: "ops/s", Published: "~217 K ops/s",
		Notes: "open untimed before each sample; engine caches empty, OS page cache warm"}}, nil
}
