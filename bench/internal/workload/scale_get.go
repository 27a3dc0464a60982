package workload

import (
	"fmt"
	"sync"
	"time"

	"github.com/grumpydb/grumpydb/bench/internal/keygen"
	"github.com/grumpydb/grumpydb/bench/internal/report"
	"github.com/grumpydb/grumpydb/engine"
)

// Seeds of the scale variants' draws (§4.4).
const (
	e4sSeed = 0x5CA1E4
	e5sSeed = 0x5CA1E5
	e7sSeed = 0x5CA1E7
)

// e4sGoroutines are E4s's variants: goroutines sharing the handle.
func e4sGoroutines() []int { return []int{1, 2} }

// concurrentGets runs the timed part of E4s: the gets of picks split into
// g contiguous, even parts, one goroutine each, all sharing db and released
// together by a barrier. Each result is checked non-nil (an object) inside
// the loop and dropped. It returns the time from the release until the last
// goroutine is done.
func concurrentGets(db *engine.DB, d *dataset, picks []int, g int) (time.Duration, error) {
	if g < 1 {
		return 0, fmt.Errorf("%w: %d goroutines", ErrConfig, g)
	}
	var ready, done sync.WaitGroup
	release := make(chan struct{})
	errs := make([]error, g)
	per := (len(picks) + g - 1) / g
	for k := range g {
		lo, hi := min(k*per, len(picks)), min((k+1)*per, len(picks))
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			ready.Done()
			<-release
			for i := lo; i < hi; i++ {
				v, err := db.Get(collection, d.keys[picks[i]])
				if err := checkGot(i, v, err); err != nil {
					errs[k] = fmt.Errorf("goroutine %d: %w", k, err)
					return
				}
			}
		}()
	}
	ready.Wait()
	start := time.Now()
	close(release)
	done.Wait()
	elapsed := time.Since(start)
	for _, err := range errs {
		if err != nil {
			return 0, err
		}
	}
	return elapsed, nil
}

// warmGets is E4s's untimed warm-up: the gets of picks, each result
// compared with its document (the deep check of the gets E4s times).
func warmGets(db *engine.DB, d *dataset, picks []int) error {
	for i, p := range picks {
		v, err := db.Get(collection, d.keys[p])
		if err := checkGot(i, v, err); err != nil {
			return err
		}
		if err := checkGetOf(d, i, p, v); err != nil {
			return err
		}
	}
	return nil
}

// e4s is the warm point get on L100, with 1 and with 2 goroutines sharing
// the handle: after an untimed warm-up (one full scan, then E4sWarm gets,
// deep-checked), each sample times the E4sGets uniform gets (seed
// 0x5CA1E4) once per goroutine count, split evenly.
func (r *Runner) e4s(samples int) ([]report.Row, error) {
	d, err := r.scaleDataset("L100")
	if err != nil {
		return nil, err
	}
	db, err := d.open()
	if err != nil {
		return nil, err
	}
	defer db.Close()
	picks := keygen.Picks(e4sSeed, r.sizes.E4sGets, len(d.keys))
	if _, err := scanInto(db, nil); err != nil {
		return nil, fmt.Errorf("warm-up scan: %w", err)
	}
	warm := keygen.Picks(e4sSeed, r.sizes.E4sWarm, len(d.keys))
	if err := warmGets(db, d, warm); err != nil {
		return nil, fmt.Errorf("warm-up: %w", err)
	}
	gs := e4sGoroutines()
	rates := make([][]float64, len(gs))
	for s := range samples {
		for j, g := range gs {
			elapsed, err := concurrentGets(db, d, picks, g)
			if err != nil {
				return nil, fmt.Errorf("sample %d with %d goroutine(s): %w", s, g, err)
			}
			rates[j] = append(rates[j], report.Rate(len(picks), elapsed))
		}
	}
	var rows []report.Row
	var one float64
	for j, g := range gs {
		st, err := report.Summarize(rates[j])
		if err != nil {
			return nil, err
		}
		r.logf("   %d goroutine(s): median %.0f ops/s", g, st.Median)
		variant, notes := "L100, warm, 1 goroutine", fmt.Sprintf(
			"%s uniform gets/sample of %s medium docs, decoded; warm-up: one scan and %s gets; %s",
			report.Int(len(picks)), report.Int(len(d.keys)), report.Int(len(warm)), r.scaleNote("L100"))
		if g == 1 {
			one = st.Median
		} else {
			variant = fmt.Sprintf("L100, warm, %d goroutines", g)
			notes = fmt.Sprintf("the same gets split evenly over %d goroutines sharing the handle", g)
			if one > 0 {
				notes += fmt.Sprintf("; %.2f× 1 goroutine", st.Median/one)
			}
		}
		rows = append(rows, report.Row{ID: "E4s", Variant: variant, Stat: st, Unit: "ops/s", Notes: notes})
	}
	return rows, nil
}

// e5s is the cold get on L100: per sample, open the store untimed (every
// engine cache empty; the OS page cache stays warm), time the E5sGets
// uniform gets (seed 0x5CA1E5), each checked non-nil, close, then compare
// every result with its document.
func (r *Runner) e5s(samples int) ([]report.Row, error) {
	d, err := r.scaleDataset("L100")
	if err != nil {
		return nil, err
	}
	picks := keygen.Picks(e5sSeed, r.sizes.E5sGets, len(d.keys))
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
			return nil, fmt.Errorf("sample %d: %w", s, err)
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
	return []report.Row{{ID: "E5s", Variant: "L100, reopened", Stat: st, Unit: "ops/s",
		Notes: fmt.Sprintf("%s uniform gets/sample of %s medium docs; open untimed before each sample; engine caches empty, OS page cache warm; %s",
			report.Int(len(picks)), report.Int(len(d.keys)), r.scaleNote("L100"))}}, nil
}
